"""The demo registry built with `LANGUAGES = ["de", "fr"]`: English at `/`, German and French copies of every
interface page under `/de/` and `/fr/`, linked to each other, with one set of data files. Static checks read the
pages as built; the switcher and the search page are also used in headless Chromium."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_i18n_site import BUILD_DATE, GERMAN_STATUSES, OPERATOR_CONTENT, ROOT, english_hits, visible_text

from certreg.build.staging import build_site

LANGUAGES = ("de", "fr")
# What a further language's folder holds besides pages: its wording of build.json and of the search manifest.
LANGUAGE_FILES = {"build.json", "search/labels.json"}
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
SCRIPT_PAGES = ("search/index.html", "check/index.html", "check/document/index.html")
SWITCHER = re.compile(r'<nav class="site-nav language-switcher".*?</nav>', re.S)
SWITCH_LINK = re.compile(r'<a href="([^"]+)" hreflang="([^"]+)" lang="([^"]+)"')


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("site-languages") / "output"
    build_site(ROOT / "registry", output, BUILD_DATE, {"LANGUAGES": LANGUAGES})  # site-relative links
    return output


def pages(output: Path, prefix: str = "") -> dict[str, str]:
    """Every page of one language, by its path from the language's folder."""
    base = output / prefix if prefix else output
    found = {}
    for path in sorted(base.rglob("*.html")):
        relative = path.relative_to(base).as_posix()
        if not prefix and relative.split("/")[0] in LANGUAGES:
            continue
        found[relative] = path.read_text(encoding="utf-8")
    return found


def local_file(output: Path, href: str) -> Path:
    """The file a site-relative link serves."""
    path = urlsplit(href).path
    return output / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def test_every_interface_page_has_a_german_and_a_french_copy(site: Path) -> None:
    english = set(pages(site))
    for language in LANGUAGES:
        assert set(pages(site, language)) == english
    assert {"404.html", "index.html", "search/index.html", "api/index.html"} <= english


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_further_language_page_speaks_only_its_language(site: Path, language: str) -> None:
    found = {}
    for relative, markup in pages(site, language).items():
        assert f'<html lang="{language}" data-language-root="{language}/">' in markup, relative
        if relative.startswith(OPERATOR_CONTENT):
            continue
        # The switcher names English in English, as it names every language in itself.
        hits = english_hits(visible_text(SWITCHER.sub("", markup)))
        if hits:
            found[relative] = hits
    assert found == {}


def test_every_status_is_worded_in_german_on_the_german_pages(site: Path) -> None:
    home = visible_text((site / "de" / "index.html").read_text(encoding="utf-8"))
    for word in GERMAN_STATUSES[:-1]:
        assert word in home
    data = json.loads((site / "de" / "build.json").read_text(encoding="utf-8"))
    assert data["language"] == "de"
    assert data["statuses"][0]["label"] == "Gültig"
    labels = json.loads((site / "de" / "search" / "labels.json").read_text(encoding="utf-8"))
    assert dict((id_, label) for id_, label, _ in labels["statuses"])["expired"] == "Abgelaufen"
    assert "Deutschland" in dict(labels["countries"]).values()


def test_switcher_links_lead_to_the_same_page_in_each_language(site: Path) -> None:
    for language in ("", *LANGUAGES):
        prefix = f"/{language}/" if language else "/"
        for relative, markup in pages(site, language).items():
            switcher = SWITCHER.search(markup)
            assert switcher, relative
            links = SWITCH_LINK.findall(switcher.group())
            assert [code for _, code, lang in links if code == lang] == ["en", *LANGUAGES]
            assert (
                'aria-current="true">' + {"": "English", "de": "Deutsch", "fr": "Français"}[language]
                in switcher.group()
            )
            address = relative.removesuffix("index.html")
            for href, code, _ in links:
                assert href == ("/" if code == "en" else f"/{code}/") + address, (relative, href)
                assert local_file(site, href).is_file(), href
            assert f'href="{prefix}{address}"' in switcher.group()


def test_hreflang_alternates_are_symmetric_with_an_x_default(site: Path) -> None:
    checked = 0
    for relative in pages(site):
        versions = {}
        for language in ("", *LANGUAGES):
            markup = (site / language / relative).read_text(encoding="utf-8")
            versions[language] = ALTERNATE.findall(markup)
        first = versions[""]
        assert [code for code, _ in first] == ["en", "x-default", "de", "fr"], relative
        assert all(found == first for found in versions.values()), relative
        checked += 1
    assert checked > 100


def test_data_files_are_written_once_and_linked_from_every_language(site: Path) -> None:
    for language in LANGUAGES:
        folder = site / language
        extra = {
            path.relative_to(folder).as_posix()
            for path in folder.rglob("*")
            if path.is_file() and path.suffix != ".html"
        }
        assert extra == LANGUAGE_FILES
    organization = next((site / "de" / "organizations").glob("*/index.html")).read_text(encoding="utf-8")
    shared = re.findall(r'(?:href|src)="(/(?:theme|api|organizations/[^"]+\.(?:atom|ics|svg))[^"]*)"', organization)
    assert any(href.endswith(".atom") for href in shared) and any("/theme/" in href for href in shared)
    for href in shared:
        assert local_file(site, html.unescape(href)).is_file(), href
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert not (site / "de" / "sitemap.xml").exists()
    assert sitemap.count("<url>") == 3 * len(re.findall(r"<url><loc>/(?!de/|fr/)", sitemap))


def test_a_site_of_one_language_has_no_trace_of_languages(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_site(ROOT / "registry", output, BUILD_DATE, {})
    assert not (output / "de").exists()
    for markup in pages(output).values():
        assert "hreflang" not in markup and "language-switcher" not in markup and "data-language-root" not in markup
    assert "xhtml" not in (output / "sitemap.xml").read_text(encoding="utf-8")


def test_the_switcher_keeps_the_visitor_on_the_same_organization(site: Path, page: object, serve: object) -> None:
    base = serve(site)  # type: ignore[operator]
    slug = "mueller-praezisionstechnik"
    page.goto(f"{base}/organizations/{slug}/")  # type: ignore[attr-defined]
    name = page.text_content("h1")  # type: ignore[attr-defined]
    page.click(".language-switcher a[hreflang=de]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}/de/organizations/{slug}/")  # type: ignore[attr-defined]
    assert page.text_content("h1") == name  # type: ignore[attr-defined]
    assert page.get_attribute("html", "lang") == "de"  # type: ignore[attr-defined]
    assert "Zertifikat" in page.inner_text("main")  # type: ignore[attr-defined]
    page.wait_for_selector(".js-data-age:not([hidden])")  # type: ignore[attr-defined]
    assert "Registerdaten erstellt am 1. Dezember 2026" in page.text_content(".js-data-age")  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_search_works_on_the_german_pages(site: Path, page: object, serve: object) -> None:
    base = serve(site)  # type: ignore[operator]
    page.goto(f"{base}/de/search/?q=Müller")  # type: ignore[attr-defined]
    page.wait_for_selector(".search-result__name a")  # type: ignore[attr-defined]
    link = page.get_attribute(".search-result__name a", "href")  # type: ignore[attr-defined]
    assert link == "/de/organizations/mueller-praezisionstechnik/"
    labels = page.eval_on_selector_all(".search-result .status__label", "els => els.map(e => e.textContent)")  # type: ignore[attr-defined]
    assert labels and set(labels) <= set(GERMAN_STATUSES) | {"Gültig, läuft bald ab"}
    place = page.text_content(".search-result__place")  # type: ignore[attr-defined]
    assert "Deutschland" in place
    page.click(".search-result__name a")  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}/de/organizations/mueller-praezisionstechnik/")  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_the_german_list_check_words_statuses_in_german_and_links_german_pages(
    site: Path, page: object, serve: object
) -> None:
    base = serve(site)  # type: ignore[operator]
    page.goto(f"{base}/de/check/")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-form[data-ready=true]")  # type: ignore[attr-defined]
    page.fill("#check-paste", "Certificate number\nDE-12352-QM-UM")  # type: ignore[attr-defined]
    page.click("#check-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    row = page.locator("#check-rows tr").first  # type: ignore[attr-defined]
    labels = row.locator(".status__label").all_inner_texts()
    assert labels and set(labels) <= set(GERMAN_STATUSES) | {"Gültig, läuft bald ab"}
    hrefs = [link.get_attribute("href") for link in row.locator("a").all()]
    assert "/de/organizations/mueller-praezisionstechnik/" in hrefs
    assert row.locator(".check-outcome strong").inner_text() == "Genaue Zertifikatsnummer"
    # The results (the messages above them quote the list's own English column name).
    assert english_hits(page.inner_text("#check-results")) == []  # type: ignore[attr-defined]
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_each_language_names_its_own_scripts_messages(site: Path) -> None:
    """The search and check pages of each language preload the scripts' messages in that language."""
    preload = re.compile(r'<link rel="preload" as="fetch" crossorigin href="([^"]+)" data-certreg-messages>')
    named = {}
    for prefix, language in (("", "en"), *((f"{code}/", code) for code in LANGUAGES)):
        hrefs = {preload.search((site / prefix / page).read_text(encoding="utf-8"))[1] for page in SCRIPT_PAGES}
        assert len(hrefs) == 1, hrefs  # one file per language, for the search page and both checks
        named[language] = hrefs.pop()
        assert json.loads(local_file(site, named[language]).read_text(encoding="utf-8"))["language"] == language
    assert len(set(named.values())) == 1 + len(LANGUAGES)
    assert all(href.startswith("/theme/js/messages.") for href in named.values())  # shared, not per folder
