"""The search page in headless Chromium, on the real site built from tests/fixtures/search."""

# ruff: noqa: RUF001 -- names with look-alike letters are what these tests are about

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import certreg.render.search.index as search_index
import certreg.render.search.keyed as search_keyed
import certreg.render.search.shards as search_shards
from certreg.build.staging import build_site
from certreg.enrich.site import enrich
from certreg.load.loader import load_registry
from tests.browser.conftest import layout_shift

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "search"
TODAY = date(2026, 11, 26)
CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'"


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture registry built by the real site build."""
    output = tmp_path_factory.mktemp("search-site") / "output"
    build_site(FIXTURE, output, TODAY)
    return output


@pytest.fixture(scope="module")
def sharded_dir(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site with its search index rebuilt into many shards and frequent-term sets."""
    output = tmp_path_factory.mktemp("search-sharded") / "output"
    shutil.copytree(site_dir, output)
    for folder in ("shards", "sets", "data", "certs"):
        shutil.rmtree(output / "search" / folder)
    site = enrich(load_registry(FIXTURE), TODAY)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_shards, "SHARD_POSTINGS", 6)
        patch.setattr(search_shards, "FREQUENT_MIN_DOCS", 3)
        patch.setattr(search_shards, "FREQUENT_FRACTION", 1)
        patch.setattr(search_index, "BLOCK_SIZE", 4)
        for name, text in search_keyed.search_files(site):
            path = output / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return output


@pytest.fixture(scope="module")
def base_url(site_dir: Path, serve: Any) -> str:
    return serve(site_dir)


@pytest.fixture(scope="module", params=["one-shard", "many-shards"])
def any_base_url(request: pytest.FixtureRequest, site_dir: Path, serve: Any) -> str:
    """Both the small site's own index and the heavily sharded one."""
    if request.param == "one-shard":
        return serve(site_dir)
    return serve(request.getfixturevalue("sharded_dir"))


@pytest.fixture
def search_page(page: Any, base_url: str) -> Iterator[Any]:
    open_search(page, base_url)
    yield page


def open_search(page: Any, base_url: str, query: str = "") -> None:
    page.goto(f"{base_url}/search/{query}")
    page.wait_for_selector("#search-form[data-ready='true']", state="attached")


def wait_state(page: Any, state: str) -> None:
    page.wait_for_function("s => document.getElementById('search-results').dataset.state === s", arg=state)


def search(page: Any, text: str) -> list[str]:
    page.fill("#search-q", text)
    wait_state(page, f"q={quote(text)}" if text else "")
    return names(page)


def quote(text: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"q": text})[2:]


def names(page: Any) -> list[str]:
    return page.locator("#search-results .search-result__name").all_inner_texts()


def organization_names(page: Any) -> list[str]:
    return page.locator("#search-results .search-result:not(.search-result--exact) h3").all_inner_texts()


# --- matching ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("muller", {"Müller Präzisionstechnik GmbH", "Café Müller KG"}),
        ("MÜLLER", {"Müller Präzisionstechnik GmbH", "Café Müller KG"}),
        ("societe generale", {"Société Générale de Métallurgie S.A."}),
        ("strasse", {"Straßenbau Weiß AG"}),
        ("strassenbau weiss", {"Straßenbau Weiß AG"}),
        ("alesund", {"Ålesund Café Bryggeri AS"}),
        ("aeble ol", {"Æble & Øl ApS"}),
        ("istanbul isik", {"İstanbul Işık Elektrik A.Ş."}),
        ("igdir", {"Iğdır Dokuma Sanayi"}),
        ("lodz", {"Łódź Textiles Sp. z o.o."}),
        ("thor", {"Þór Fisheries ehf."}),
        ("mueller precision", {"Müller Präzisionstechnik GmbH"}),
        ("hydrualic", {"Müller Präzisionstechnik GmbH", "Acme Widgets Ltd", "Nordic Hydraulics Oy"}),
        ("saint etienne", {"Société Générale de Métallurgie S.A."}),
        ("reykjavik", {"Þór Fisheries ehf."}),
        ("turkiye", {"İstanbul Işık Elektrik A.Ş.", "Iğdır Dokuma Sanayi"}),
        (
            "bureau qualite",
            {
                "Société Générale de Métallurgie S.A.",
                "İstanbul Işık Elektrik A.Ş.",
                "Łódź Textiles Sp. z o.o.",
            },
        ),
        ("brewing", {"Ålesund Café Bryggeri AS"}),
    ],
)
def test_queries_without_accents_find_names_with_them(
    page: Any, any_base_url: str, query: str, expected: set[str]
) -> None:
    open_search(page, any_base_url)
    assert set(search(page, query)) == expected
    assert not page.console_errors


def test_results_update_as_you_type(search_page: Any) -> None:
    search_page.type("#search-q", "hydr")
    wait_state(search_page, "q=hydr")
    assert len(names(search_page)) == 3
    search_page.type("#search-q", "aulic pumps")
    wait_state(search_page, "q=hydraulic+pumps")
    assert names(search_page) == ["Nordic Hydraulics Oy"]


def test_a_result_shows_place_standards_status_and_link(search_page: Any) -> None:
    search(search_page, "nordic hydraulics")
    result = search_page.locator("#search-results .search-result").first
    assert result.locator(".search-result__place").inner_text() == "Helsinki, Finland"
    assert "ISO 9001" in result.inner_text()
    assert result.locator(".status--expiring-soon").inner_text() == "Valid, expires soon"
    assert result.locator("a").get_attribute("href") == "/organizations/nordic-hydraulics/"


# --- certificate numbers -------------------------------------------------------------------------


@pytest.mark.parametrize("pasted", ["DE-Q 2024/0815.01", "deq2024081501", "de q-2024-0815-01"])
def test_a_pasted_certificate_number_is_shown_first_with_its_status(page: Any, any_base_url: str, pasted: str) -> None:
    open_search(page, any_base_url)
    search(page, pasted)
    first = page.locator("#search-results > li").first
    assert "search-result--exact" in first.get_attribute("class")
    assert "Certificate DE-Q 2024/0815.01" in first.inner_text()
    assert first.locator(".status--valid").inner_text() == "Valid"
    assert organization_names(page)[0] == "Müller Präzisionstechnik GmbH"
    assert "Exact certificate match" in page.inner_text("#search-status")


def test_an_exact_match_shows_a_suspended_status(search_page: Any) -> None:
    search(search_page, "nc 1005")
    first = search_page.locator("#search-results > li").first
    assert first.locator(".status--suspended").inner_text() == "Suspended"


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("AGENCYAMAZONEW", "AGENCYAMAZONEW"),
        ("agencyamazonew", "AGENCYAMAZONEW"),
        ("20250417", "20250417"),
        ("2025-04-17", "20250417"),
        ("qms 2024 117 a", "QMS 2024 117 A"),
        ("QMS-2024-117-A", "QMS 2024 117 A"),
        ("ie/qm/4411", "IE/QM/4411"),
        ("IEQM4411", "IE/QM/4411"),
        ("Q.2024.0093", "Q.2024.0093"),
        ("q 2024 0093", "Q.2024.0093"),
    ],
)
def test_every_shape_of_certificate_number_gets_its_exact_match(
    page: Any, any_base_url: str, typed: str, number: str
) -> None:
    """Letters only, digits only, spaces, slashes, dots; any case, punctuation added or dropped."""
    open_search(page, any_base_url)
    search(page, typed)
    first = page.locator("#search-results > li").first
    assert "search-result--exact" in first.get_attribute("class")
    assert first.locator(".search-result__name").inner_text() == f"Certificate {number}"
    assert first.locator(".status--valid").inner_text() == "Valid"
    assert "Exact certificate match" in page.inner_text("#search-status")


def test_a_number_that_is_not_a_certificate_has_no_exact_match(search_page: Any) -> None:
    search(search_page, "NC-99999")
    assert search_page.locator(".search-result--exact").count() == 0


# --- filters and the URL -------------------------------------------------------------------------


def test_filters_alone_and_together(page: Any, any_base_url: str) -> None:
    open_search(page, any_base_url)
    page.select_option("#search-status-filter", "valid")
    page.select_option("#search-standard-filter", "iso-14001")
    wait_state(page, "status=valid&standard=iso-14001")
    assert set(names(page)) == {"İstanbul Işık Elektrik A.Ş.", "Łódź Textiles Sp. z o.o."}
    page.select_option("#search-country-filter", "TR")
    wait_state(page, "status=valid&standard=iso-14001&country=TR")
    assert names(page) == ["İstanbul Işık Elektrik A.Ş."]


def test_filters_with_text(page: Any, any_base_url: str) -> None:
    open_search(page, any_base_url)
    search(page, "muller")
    page.select_option("#search-standard-filter", "iso-9001")
    wait_state(page, "q=muller&standard=iso-9001")
    assert names(page) == ["Müller Präzisionstechnik GmbH"]
    page.select_option("#search-standard-filter", "")
    page.select_option("#search-status-filter", "suspended")
    wait_state(page, "q=muller&status=suspended")
    assert names(page) == []
    assert page.inner_text("#search-status") == "No organization matches “muller”."


def test_status_and_standard_must_hold_for_the_same_certificate(search_page: Any) -> None:
    # Igdir's only certificate is a withdrawn ISO 14001 one; nothing withdrawn is ISO 9001.
    search_page.select_option("#search-status-filter", "withdrawn")
    search_page.select_option("#search-standard-filter", "iso-9001")
    wait_state(search_page, "status=withdrawn&standard=iso-9001")
    assert names(search_page) == []


def test_the_url_holds_the_search_and_the_back_button_restores_it(search_page: Any) -> None:
    search(search_page, "muller")
    search_page.wait_for_url("**/search/?q=muller")
    search_page.select_option("#search-standard-filter", "iso-9001")
    wait_state(search_page, "q=muller&standard=iso-9001")
    assert search_page.url.endswith("/search/?q=muller&standard=iso-9001")
    search_page.go_back()
    wait_state(search_page, "q=muller")
    assert search_page.input_value("#search-standard-filter") == ""
    assert len(names(search_page)) == 2
    search_page.go_back()
    wait_state(search_page, "")
    assert search_page.input_value("#search-q") == ""
    assert names(search_page) == []
    search_page.go_forward()
    wait_state(search_page, "q=muller")
    assert search_page.input_value("#search-q") == "muller"


def test_a_shared_url_opens_the_same_search(page: Any, base_url: str) -> None:
    open_search(page, base_url, "?q=societe&country=FR")
    wait_state(page, "q=societe&country=FR")
    assert page.input_value("#search-q") == "societe"
    assert page.input_value("#search-country-filter") == "FR"
    assert names(page) == ["Société Générale de Métallurgie S.A."]


def test_the_home_page_form_leads_to_results(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/")
    page.fill("#home-search-q", "Łódź")
    page.press("#home-search-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    wait_state(page, "q=%C5%81%C3%B3d%C5%BA")
    assert names(page) == ["Łódź Textiles Sp. z o.o."]


def search_code(urls: list[str]) -> list[str]:
    """Requests for search code or data: anything under /search/, search.js, search-engine.js, fold.js."""
    from urllib.parse import urlparse

    paths = [urlparse(url).path for url in urls]
    return [p for p in paths if p.startswith("/search/") or p.endswith(("search.js", "search-engine.js", "fold.js"))]


# --- safety, keyboard, no JavaScript, lazy loading -----------------------------------------------


def test_names_are_rendered_as_text_never_as_html(search_page: Any) -> None:
    dialogs: list[str] = []
    search_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    assert search(search_page, "img onerror") == ["<img src=x onerror=alert(1)>"]
    search(search_page, "<img src=x onerror=alert(3)>")
    assert search_page.locator("#search-results img, #search-status img, main script").count() == 0
    assert "<img src=x onerror=alert(3)>" in search_page.inner_text("#search-status")
    search_page.wait_for_timeout(200)
    assert dialogs == []


def test_results_are_keyboard_navigable_and_announced(search_page: Any) -> None:
    search_page.focus("#search-q")
    search_page.keyboard.type("hydraulic")
    wait_state(search_page, "q=hydraulic")
    status = search_page.locator("#search-status")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == "3 organizations match “hydraulic”."
    focused = "document.activeElement.textContent"
    search_page.keyboard.press("ArrowDown")
    first = search_page.evaluate(focused)
    search_page.keyboard.press("ArrowDown")
    second = search_page.evaluate(focused)
    assert [first, second] == names(search_page)[:2]
    search_page.keyboard.press("ArrowUp")
    assert search_page.evaluate(focused) == first
    search_page.keyboard.press("ArrowUp")
    assert search_page.evaluate("document.activeElement.id") == "search-q"
    search_page.keyboard.press("ArrowDown")
    search_page.keyboard.press("Enter")
    search_page.wait_for_url("**/organizations/**")
    assert search_page.locator("h1").first.inner_text().startswith(first)


def test_without_javascript_the_page_links_to_the_browse_pages(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/search/")
        notice = page.locator("main .notice")
        assert notice.is_visible()
        assert "Search needs JavaScript" in notice.inner_text()
        assert not page.locator("#search-form").is_visible()
        hrefs = page.locator("main noscript a, main .notice a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        assert {"/organizations/", "/standards/", "/countries/"} <= set(hrefs)
    finally:
        context.close()


def test_only_the_search_page_loads_search_code_and_only_on_first_use(page: Any, base_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("/", "/organizations/nordic-hydraulics/", "/organizations/"):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    assert search_code(requested) == []
    open_search(page, base_url)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "manifest.json" in url or "lunr" in url]
    search(page, "muller")
    assert [url for url in requested if url.endswith("/search/manifest.json")]
    assert [url for url in requested if url.endswith("/search/lunr.min.js")]


def test_search_works_under_a_strict_content_security_policy(page: Any, base_url: str) -> None:
    def with_csp(route: Any) -> None:
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})

    violations: list[str] = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and violations.append(msg.text))
    page.route("**/*", with_csp)
    open_search(page, base_url)
    assert search(page, "muller")
    assert violations == []


def test_a_result_without_a_city_shows_its_country_alone(page: Any, any_base_url: str) -> None:
    open_search(page, any_base_url)
    search(page, "kestrel")
    assert page.locator(".search-result__place").all_inner_texts() == ["Ireland"]
    assert "Kestrel Calibration Works Ltd" in search(page, "Ireland")


# --- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("blocked", ["**/search/manifest.json", "**/search/lunr.min.js"])
def test_an_index_that_cannot_be_fetched_says_unavailable_and_retry_works(
    page: Any, base_url: str, blocked: str
) -> None:
    page.route(blocked, lambda route: route.abort())
    open_search(page, base_url)
    page.fill("#search-q", "muller")
    page.wait_for_selector("#search-retry", state="visible")
    assert "Search is unavailable" in page.inner_text("#search-status")
    assert "match" not in page.inner_text("#search-status")
    assert names(page) == []
    page.unroute(blocked)
    page.click("#search-retry")
    wait_state(page, "q=muller")
    assert set(names(page)) == {"Müller Präzisionstechnik GmbH", "Café Müller KG"}
    assert not page.locator("#search-retry").is_visible()
    assert "Search is unavailable" not in page.inner_text("#search-status")


def test_no_match_is_told_apart_from_unavailable(search_page: Any) -> None:
    assert search(search_page, "zzyzx") == []
    assert search_page.inner_text("#search-status") == "No organization matches “zzyzx”."
    assert not search_page.locator("#search-retry").is_visible()


def test_the_page_does_not_jump_when_the_form_and_results_appear(page: Any, base_url: str) -> None:
    open_search(page, base_url, "?q=nord")
    wait_state(page, "q=nord")
    shift = layout_shift(page)
    assert shift < 0.01
