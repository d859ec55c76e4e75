"""Hostile record text in Chromium: the pages show it as text, and both embed snippets become one linked badge."""

from __future__ import annotations

import html
import re
import shutil

import pytest
from markdown_it import MarkdownIt

from certreg.build.staging import build_site
from tests.browser.conftest import with_csp
from tests.follow_fixture import BUILD_DATE, SITE_FIXTURE
from tests.site.test_hostile_build import NAME, NUMBER, RECORD

CERTIFICATE = f"/certificates/alpha-cert/{NUMBER.lower()}/"
ORGANIZATION = "/organizations/hostile-werke/"
ALT = f"Status of ISO 9001:2015 certificate {NUMBER} of {NAME}"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, serve: object) -> str:
    """The site fixture plus the hostile organization, built with SITEURL set to the local server."""
    root = tmp_path_factory.mktemp("hostile-browser")
    registry = shutil.copytree(SITE_FIXTURE, root / "registry")
    (registry / "organizations" / "hostile-werke.yaml").write_text(RECORD, encoding="utf-8")
    output = root / "output"
    output.mkdir()
    url = serve(output)  # type: ignore[operator]
    build_site(registry, output, BUILD_DATE, {"SITEURL": url, "QR_CACHE": None})
    return url


@pytest.mark.parametrize("path", [CERTIFICATE, ORGANIZATION])
def test_a_hostile_name_is_text_on_the_page(page: object, base_url: str, path: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    with_csp(page)
    page.goto(base_url + path)  # type: ignore[attr-defined]
    assert page.locator("h1").first.inner_text().startswith('Hostile "Werke" & Söhne <img src=x')  # type: ignore[attr-defined]
    assert page.locator("img[src='x']").count() == 0  # type: ignore[attr-defined]
    bold = page.locator("b, strong").all_inner_texts()  # type: ignore[attr-defined]
    assert "bold" not in bold and "1" not in bold  # the record's <b>1</b> and <b>bold</b> stay text
    assert dialogs == [] and page.console_errors == []  # type: ignore[attr-defined]


def snippet_in_a_blank_page(page: object, markup: str) -> list[tuple[str, str]]:
    """Put markup into an empty page, as a third-party site would; return (element, href or alt) in order."""
    page.set_content(f"<!doctype html><body>{markup}</body>")  # type: ignore[attr-defined]
    return page.evaluate(  # type: ignore[attr-defined]
        "() => [...document.body.querySelectorAll('*')].map(e => [e.localName, e.getAttribute('href') ?? e.alt ?? ''])"
    )


def test_both_embed_snippets_become_one_linked_badge(page: object, base_url: str) -> None:
    page.goto(base_url + CERTIFICATE)  # type: ignore[attr-defined]
    source = page.content()  # type: ignore[attr-defined]
    snippets = {
        kind: html.unescape(re.search(rf'<textarea id="embed-{kind}"[^>]*>(.*?)</textarea>', source, re.S).group(1))
        for kind in ("html", "markdown")
    }
    expected = [["a", f"{base_url}{CERTIFICATE}"], ["img", ALT]]
    assert snippet_in_a_blank_page(page, snippets["html"]) == expected
    rendered = MarkdownIt("commonmark").render(snippets["markdown"])
    assert snippet_in_a_blank_page(page, rendered) == [["p", ""], *expected]
