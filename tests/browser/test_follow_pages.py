"""Follow a supplier in Chromium: the QR code prints (on one page), Follow, Embed and History stay on screen; axe."""

from __future__ import annotations

import re

import pytest

from certreg.build.staging import build_site
from tests.browser.conftest import serious_axe_violations
from tests.follow_fixture import BUILD_DATE, make_follow_registry

CERTIFICATE = "/certificates/alpha-cert/ac-1002/"
ORGANIZATION = "/organizations/anchor-valid/"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, serve: object) -> str:
    """The follow registry built with SITEURL set to the local server that serves it."""
    root = tmp_path_factory.mktemp("follow-browser")
    repo = make_follow_registry(root / "repo")
    output = root / "output"
    output.mkdir()
    url = serve(output)  # type: ignore[operator]
    build_site(repo.registry, output, BUILD_DATE, {"SITEURL": url, "QR_CACHE": None})
    return url


def visible(page: object, selector: str) -> bool:
    """Whether the first element matching `selector` is visible."""
    return page.locator(selector).first.is_visible()  # type: ignore[attr-defined]


def test_qr_code_shows_only_in_print_and_follow_and_embed_only_on_screen(page: object, base_url: str) -> None:
    page.goto(base_url + CERTIFICATE)  # type: ignore[attr-defined]
    assert not visible(page, ".print-qr")
    assert visible(page, ".follow") and visible(page, ".embed") and visible(page, ".history")
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert visible(page, ".print-qr")
    assert not visible(page, ".follow") and not visible(page, ".embed") and not visible(page, ".history")
    box = page.locator(".print-qr svg").bounding_box()  # type: ignore[attr-defined]
    assert box["width"] == box["height"] and box["width"] > 100  # 30 mm at 96 dpi is about 113 px


@pytest.mark.parametrize("path", [CERTIFICATE, ORGANIZATION, "/certification-bodies/alpha-cert/"])
def test_follow_sections_have_no_serious_axe_violations(page: object, base_url: str, path: str) -> None:
    page.goto(base_url + path)  # type: ignore[attr-defined]
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("path", [CERTIFICATE, "/certificates/alpha-cert/ac-1001/", "/certificates/beta-cert/x-b-1-b/"])
def test_certificate_page_with_its_qr_code_prints_on_one_page(
    page: object, base_url: str, path: str, paper: str
) -> None:
    page.goto(base_url + path)  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    assert visible(page, ".print-qr svg")
    pdf = page.pdf(format=paper, print_background=True)  # type: ignore[attr-defined]
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
