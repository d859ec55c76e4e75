"""A site of several languages rebuilds only what changed: every language's pages go through the page cache."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from certreg.build.staging import build_site
from tests.build.test_incremental import FORKED, snapshot
from tests.build.test_staging import BUILD_DATE, SITE_FIXTURE, tree_digest

CONTENT = Path(__file__).parents[2] / "content/pages"
PACKAGED_GERMAN = Path(__file__).parents[2] / "plugins/certreg/locale/de/LC_MESSAGES/certreg.po"
GERMAN = {"LANGUAGES": ["de"], **FORKED}  # two render processes: the forked writers key the pages too
SEARCH = {"de": 'msgid "Search"\nmsgstr "Suchen"', "en": 'msgid "Search"\nmsgstr "Search"'}  # the button
ORGANIZATION_PAGE = re.compile(r"^(de/)?organizations/[^/]+/index\.html$")
CERTIFICATE_PAGE = re.compile(r"^(de/)?certificates/[^/]+/[^/]+/index\.html$")


def rendered(log: Path) -> set[str]:
    """The pages rendered since the log was last read; empties the log."""
    names = set(log.read_text(encoding="utf-8").split())
    log.write_text("", encoding="utf-8")
    return names


def registry_copy(tmp_path: Path) -> Path:
    """The fixture registry with catalogs of its own: the packaged German one, and one English message."""
    registry = tmp_path / "registry"
    shutil.copytree(SITE_FIXTURE, registry)
    german, english = (registry / f"locale/{code}/LC_MESSAGES/certreg.po" for code in ("de", "en"))
    for catalog in (german, english):
        catalog.parent.mkdir(parents=True)
    shutil.copyfile(PACKAGED_GERMAN, german)
    english.write_text(
        f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n{SEARCH["en"]}\n', encoding="utf-8"
    )
    return registry


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there) with `new` in a file."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def pelican_pages(output: Path) -> set[str]:
    """The default language's content pages (about/, …): Pelican renders them on every build, not certreg."""
    slugs = (
        re.search(r"^slug: *(\S+)", path.read_text(encoding="utf-8"), re.I | re.M) for path in CONTENT.glob("*.md")
    )
    found = {f"{slug[1]}/index.html" for slug in slugs if slug}
    assert found and all((output / name).is_file() for name in found)
    return found


def organization_pages(output: Path, slug: str) -> set[str]:
    """The organization's page and its certificates' pages, in every language."""
    pages = set()
    for path in output.rglob("index.html"):
        name = path.relative_to(output).as_posix()
        own = name.removeprefix("de/") == f"organizations/{slug}/index.html"
        if own or (CERTIFICATE_PAGE.match(name) and f"organizations/{slug}/" in path.read_text(encoding="utf-8")):
            pages.add(name)
    return pages


def test_a_same_day_rebuild_renders_no_page_in_any_language(tmp_path: Path, renders: Path) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, GERMAN, cache)
    first = rendered(renders)
    assert "de/organizations/anchor-valid/index.html" in first and "de/about/index.html" in first  # the spy sees
    before = snapshot(output)
    report = build_site(SITE_FIXTURE, output, BUILD_DATE, GERMAN, cache)
    assert rendered(renders) == pelican_pages(output)  # no page of certreg's, in no language
    assert (report.written, report.removed) == (0, 0) and snapshot(output) == before


def test_one_changed_organization_renders_its_pages_in_every_language_and_no_other(
    tmp_path: Path, renders: Path
) -> None:
    registry, output, cache = registry_copy(tmp_path), tmp_path / "output", tmp_path / "cache"
    build_site(registry, output, BUILD_DATE, GERMAN, cache)
    rendered(renders)
    path = registry / "organizations/anchor-valid.yaml"
    edit(path, "Design and manufacture of precision turned parts", "Design & manufacture of <precision> parts — 精密")
    build_site(registry, output, BUILD_DATE, GERMAN, cache)
    again = rendered(renders)
    expected = organization_pages(output, "anchor-valid")
    assert {"organizations/anchor-valid/index.html", "de/organizations/anchor-valid/index.html"} < expected
    assert any(name.startswith("de/certificates/") for name in expected)
    per_organization = {name for name in again if ORGANIZATION_PAGE.match(name) or CERTIFICATE_PAGE.match(name)}
    assert per_organization == expected
    cold = tmp_path / "cold"
    build_site(registry, cold, BUILD_DATE, {"LANGUAGES": ["de"]})
    assert tree_digest(output) == tree_digest(cold)


@pytest.mark.parametrize(("language", "other"), [("de", "en"), ("en", "de")])
def test_a_changed_message_renders_the_pages_of_its_language_only(
    tmp_path: Path, renders: Path, language: str, other: str
) -> None:
    registry, output, cache = registry_copy(tmp_path), tmp_path / "output", tmp_path / "cache"
    build_site(registry, output, BUILD_DATE, GERMAN, cache)
    prefix = {"de": "de/", "en": ""}
    first = rendered(renders) - pelican_pages(output)
    own = {name for name in first if name.startswith("de/") == (language == "de")}
    edit(registry / f"locale/{language}/LC_MESSAGES/certreg.po", SEARCH[language], 'msgid "Search"\nmsgstr "Finden"')
    build_site(registry, output, BUILD_DATE, GERMAN, cache)
    assert rendered(renders) - pelican_pages(output) == own  # every page of the language, none of the other
    assert ">Finden</button>" in (output / prefix[language] / "index.html").read_text(encoding="utf-8")
    assert ">Finden</button>" not in (output / prefix[other] / "index.html").read_text(encoding="utf-8")
    cold = tmp_path / "cold"
    build_site(registry, cold, BUILD_DATE, {"LANGUAGES": ["de"]})
    assert tree_digest(output) == tree_digest(cold)
