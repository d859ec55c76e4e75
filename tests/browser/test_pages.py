"""The built site in headless Chromium: the stale-build script, console errors under a strict CSP, axe-core."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from certreg.build.staging import build_site
from tests.browser.conftest import open_checked, serious_axe_violations, with_csp

SITE_FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
BUILD_DATE = date(2026, 11, 26)
# Expires 2027-01-06: "Valid until 6 January 2027, expires soon" at the build date.
EXPIRING_CERTIFICATE = "/certificates/beta-cert/bc-2024-7/"
PAGES = {
    "home": "/",
    "organization": "/organizations/anchor-valid/",
    "certificate": "/certificates/alpha-cert/ac-1001/",
    "hostile organization": "/organizations/xss-test/",
    "organizations A-Z": "/organizations/",
    "status list": "/status/expired/",
    "standard": "/standards/iso-iec-27001/",
    "certification body": "/certification-bodies/alpha-cert/",
    "countries": "/countries/",
    "not found": "/404.html",
}
AXE_PAGES = ("home", "organization", "certificate", "organizations A-Z", "status list", "standard")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, serve: object) -> str:
    """The fixture registry built at BUILD_DATE, served over HTTP."""
    output = tmp_path_factory.mktemp("browser-site") / "output"
    build_site(SITE_FIXTURE, output, BUILD_DATE)
    return serve(output)  # type: ignore[operator]


def verdict(page: object) -> object:
    """The status element at the top of a certificate page."""
    return page.locator("#verdict-answer")  # type: ignore[attr-defined]


def test_stale_build_script_relabels_a_certificate_that_has_expired_since(page: object, base_url: str) -> None:
    page.clock.set_fixed_time("2027-02-01T09:00:00Z")  # type: ignore[attr-defined]
    open_checked(page, base_url + EXPIRING_CERTIFICATE)
    answer = verdict(page)
    assert answer.locator(".status__label").inner_text() == "Expired on 6 January 2027"
    assert "status--expired" in answer.get_attribute("class")
    assert "status--expiring-soon" not in answer.get_attribute("class")
    assert "6 January 2027" in page.locator(".verdict__reason").inner_text()  # type: ignore[attr-defined]
    assert "Checked by your browser on 1 February 2027" in page.locator(".verdict").inner_text()  # type: ignore[attr-defined]
    age = page.locator("footer .js-data-age")  # type: ignore[attr-defined]
    assert age.inner_text() == "Registry data built on 26 November 2026 (67 days ago)."
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_stale_build_script_relabels_cards_and_table_rows(page: object, base_url: str) -> None:
    page.clock.set_fixed_time("2027-02-01T09:00:00Z")  # type: ignore[attr-defined]
    open_checked(page, base_url + "/organizations/brook-expiring/")
    card = page.locator(".cert-card")  # type: ignore[attr-defined]
    assert card.locator(".status__label").inner_text() == "Expired"
    assert "cert-card--expired" in card.get_attribute("class")
    open_checked(page, base_url + "/status/expiring-soon/")
    assert page.locator("tbody .status__label").inner_text() == "Expired"  # type: ignore[attr-defined]


def test_stale_build_script_words_statuses_from_the_build_table(page: object, base_url: str) -> None:
    page.clock.set_fixed_time("2028-03-01T09:00:00Z")  # type: ignore[attr-defined]
    open_checked(page, base_url + "/certificates/alpha-cert/ac-1001/")  # valid until 28 February 2028 at the build
    answer = verdict(page)
    assert answer.locator(".status__label").inner_text() == "Expired on 28 February 2028"
    reason = page.locator(".verdict__reason").inner_text()  # type: ignore[attr-defined]
    assert reason.startswith("Expired on 28 February 2028; it was valid through that day.")
    page.clock.set_fixed_time("2026-12-27T23:00:00Z")  # type: ignore[attr-defined]
    open_checked(page, base_url + "/certificates/beta-cert/x-b-1-b/")
    assert verdict(page).locator(".status__label").inner_text() == "Valid until 31 May 2028"
    assert page.locator(".status-note").count() == 0  # type: ignore[attr-defined]


def test_page_on_its_build_date_keeps_the_build_label(page: object, base_url: str) -> None:
    page.clock.set_fixed_time("2026-11-26T18:00:00Z")  # type: ignore[attr-defined]
    open_checked(page, base_url + EXPIRING_CERTIFICATE)
    assert verdict(page).locator(".status__label").inner_text() == "Valid until 6 January 2027, expires soon"
    age = page.locator("footer .js-data-age")  # type: ignore[attr-defined]
    assert age.inner_text() == "Registry data built on 26 November 2026."
    assert page.locator(".status-note").count() == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_have_no_console_errors_under_a_strict_csp(page: object, base_url: str, name: str) -> None:
    with_csp(page)
    page.goto(base_url + PAGES[name])  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert page.locator("main h1").count() == 1  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]
    page.unroute_all(behavior="ignoreErrors")  # type: ignore[attr-defined]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", AXE_PAGES)
def test_axe_finds_no_serious_or_critical_violations(page: object, base_url: str, name: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[attr-defined]
    page.goto(base_url + PAGES[name])  # type: ignore[attr-defined]
    assert serious_axe_violations(page) == []


@pytest.fixture(scope="module", params=["de", "fr"])
def translated_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, serve: object) -> str:
    """The fixture registry built in German, then French (docs/i18n.md), served over HTTP."""
    output = tmp_path_factory.mktemp(f"browser-site-{request.param}") / "output"
    build_site(SITE_FIXTURE, output, BUILD_DATE, {"DEFAULT_LANG": request.param})
    return serve(output)  # type: ignore[operator]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", [*AXE_PAGES, "certification body", "countries", "not found"])
def test_axe_finds_no_serious_or_critical_violations_in_german_and_french(
    page: object, translated_url: str, name: str, scheme: str
) -> None:
    """Longer German and French words must not break contrast, landmarks, names or the language of the page."""
    page.emulate_media(color_scheme=scheme)  # type: ignore[attr-defined]
    page.goto(translated_url + PAGES[name])  # type: ignore[attr-defined]
    assert page.get_attribute("html", "lang") in ("de", "fr")  # type: ignore[attr-defined]
    assert serious_axe_violations(page) == []


def test_pages_fit_a_320_pixel_screen(page: object, base_url: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})  # type: ignore[attr-defined]
    for name in ("home", "certificate", "organization"):
        page.goto(base_url + PAGES[name])  # type: ignore[attr-defined]
        width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
        assert width <= 320, name


def test_skip_link_moves_focus_to_main(page: object, base_url: str) -> None:
    page.goto(base_url + PAGES["certificate"])  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.className") == "skip-link"  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.id") == "main"  # type: ignore[attr-defined]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("url", ["/certificates/alpha-cert/ac-1001/", "/certificates/beta-cert/x-b-1-b/"])
def test_certificate_page_prints_on_one_page(page: object, base_url: str, url: str, paper: str) -> None:
    page.goto(base_url + url)  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]
    pdf = page.pdf(format=paper, print_background=True)  # type: ignore[attr-defined]
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    assert page.locator(".site-header").is_hidden()  # type: ignore[attr-defined]
