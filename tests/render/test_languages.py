"""The languages of a site: settings, own names, the links between a page's language versions, the sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest

from certreg.core.i18n import LanguageError
from certreg.render.languages import Languages, LanguagesError, page_address, site_languages
from certreg.render.outputs import Page
from certreg.render.structured_data import SITEMAP_NAMESPACE, XHTML_NAMESPACE, sitemap_files

SITE = "https://registry.example.org"


def test_the_default_language_is_at_the_root_and_each_other_in_its_folder() -> None:
    languages = site_languages({"DEFAULT_LANG": "en", "LANGUAGES": ["de", "fr", "de", "en"]})
    assert [(language.code, language.name, language.prefix) for language in languages] == [
        ("en", "English", ""),
        ("de", "Deutsch", "de/"),
        ("fr", "Français", "fr/"),  # CLDR's "français", capitalized as a menu label
    ]
    assert [language.code for language in site_languages({"DEFAULT_LANG": "de", "LANGUAGES": ("en",)})] == ["de", "en"]


@pytest.mark.parametrize("setting", ["de", ["de", ""], [3]])
def test_a_languages_setting_that_is_not_a_list_of_tags_is_refused(setting: object) -> None:
    with pytest.raises(LanguagesError, match="LANGUAGES"):
        site_languages({"LANGUAGES": setting})


def test_an_unknown_language_is_refused_by_name() -> None:
    with pytest.raises(LanguageError, match="'xx'"):
        site_languages({"LANGUAGES": ["xx"]})


@pytest.mark.parametrize(
    ("save_as", "address"),
    [
        ("index.html", ""),
        ("404.html", "404.html"),
        ("organizations/a/index.html", "organizations/a/"),
        ("organizations/page/2/index.html", "organizations/page/2/"),
    ],
)
def test_a_page_address_is_its_folder(save_as: str, address: str) -> None:
    assert page_address(save_as) == address


def test_each_page_links_the_same_page_in_every_language() -> None:
    languages = Languages(site_languages({"LANGUAGES": ["de", "fr"]}), SITE)
    german = languages.languages[1]
    pages = list(languages.pages([Page("organizations/a/index.html", "organization", lambda: {"x": 1})], german))
    assert [page.save_as for page in pages] == ["de/organizations/a/index.html"]
    values = pages[0].values()
    assert values["x"] == 1
    assert [(link["code"], link["href"], link["current"]) for link in values["languages"]] == [
        ("en", f"{SITE}/organizations/a/", False),
        ("de", f"{SITE}/de/organizations/a/", True),
        ("fr", f"{SITE}/fr/organizations/a/", False),
    ]


def test_one_language_leaves_pages_as_they_are() -> None:
    languages = Languages(site_languages({"DEFAULT_LANG": "de"}), SITE)
    page = Page("index.html", "index", dict)
    assert not languages.several
    assert list(languages.pages([page])) == [page]
    about = SimpleNamespace(save_as="about/index.html")
    languages.link_content_pages([about])
    assert about.languages == []


def test_the_sitemap_lists_every_language_with_symmetric_alternates() -> None:
    languages = Languages(site_languages({"LANGUAGES": ["de", "fr"]}), SITE)
    urls, alternates = languages.sitemap(["", "organizations/a-&-b/"])
    files = dict(sitemap_files(urls, SITE, alternates))
    root = ET.fromstring(files["sitemap.xml"])
    entries = {
        url.findtext(f"{{{SITEMAP_NAMESPACE}}}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{{{XHTML_NAMESPACE}}}link")
        }
        for url in root
    }
    assert len(entries) == 6
    for loc, versions in entries.items():
        assert loc in versions.values()
        assert versions["x-default"] == versions["en"]
        for href in versions.values():
            assert entries[href] == versions  # every version lists the same set
    assert entries[f"{SITE}/fr/organizations/a-&-b/"]["de"] == f"{SITE}/de/organizations/a-&-b/"


def test_a_site_of_one_language_keeps_its_plain_sitemap() -> None:
    files = dict(sitemap_files(["", "search/"], SITE))
    assert "xhtml" not in files["sitemap.xml"]


def test_a_page_in_a_language_folder_is_refused() -> None:
    languages = Languages(site_languages({"LANGUAGES": ["de"]}), SITE)
    languages.check_folders(["about/index.html", "countries/de/index.html", "dev/index.html"])
    with pytest.raises(LanguagesError, match=r"de/index\.html"):
        languages.check_folders(["de/index.html"])
