"""A rebuild renders the list pages whose rows changed, not every page after them.

A synthetic registry of a few hundred organizations, cut into pages of about 20 rows, gives many pages
per list: a certificate changing status, or an organization renamed, moves a row within sorted lists.
Only the pages that hold (or held) a changed row, their rare neighbours, and the first pages (which
show the counts) are rendered again; the result equals a cold build's bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from benchmarks.synth import write_registry
from certreg.build.staging import build_site
from tests.build.test_incremental import FORKED
from tests.build.test_language_cache import rendered
from tests.build.test_staging import tree_digest

DAY = date(2026, 11, 26)
SETTINGS = {"LIST_PAGE_SIZE": 20, **FORKED}
LISTS = r"(?:organizations|standards|status|certification-bodies|countries)"
LIST_PAGE = re.compile(rf"^({LISTS}/(?:[^/]+/)??)(?:page/(\d+)/)?index\.html$")
DETAIL_PAGE = re.compile(r"^((?:organizations/[^/]+|certificates/[^/]+/[^/]+)/)index\.html$")


def list_pages(output: Path) -> dict[str, str]:
    """Every list page of a built site (path → text)."""
    pages = {}
    for path in output.rglob("index.html"):
        name = str(path.relative_to(output))
        if LIST_PAGE.match(name) and not DETAIL_PAGE.match(name):
            pages[name] = path.read_text(encoding="utf-8")
    return pages


def place(name: str) -> tuple[str, int]:
    """A list page's list URL and page number."""
    match = LIST_PAGE.match(name)
    assert match, name
    return match.group(1), int(match.group(2) or 1)


def unexpected(again: set[str], before: dict[str, str], after: dict[str, str], changed: set[str]) -> set[str]:
    """The rendered list pages that are neither a first page nor hold, held or neighbour a changed row.

    A row that splits or merges a page (one change in about `LIST_PAGE_SIZE`) numbers the pages after
    it again: in a list whose number of pages changed, those pages are expected too.
    """
    holding = {
        place(name)
        for pages in (before, after)
        for name, text in pages.items()
        if any(f'href="/{url}"' in text for url in changed)
    }
    near = {(url, number + step) for url, number in holding for step in (-1, 0, 1)}
    counts = [Counter(place(name)[0] for name in pages) for pages in (before, after)]
    moved = {url for url in counts[1] if counts[0][url] != counts[1][url]}
    renumbered = {(url, number) for url, number in holding if url in moved}
    return {
        name
        for name in again
        if name in after
        and place(name)[1] > 1
        and place(name) not in near
        and not any(url == place(name)[0] and place(name)[1] > number for url, number in renumbered)
    }


@pytest.fixture
def synthetic(tmp_path: Path, renders: Path) -> tuple[Path, Path, Path]:
    """A synthetic registry of 300 organizations, built once with a cache: (registry, output, cache)."""
    registry, output, cache = tmp_path / "registry", tmp_path / "output", tmp_path / "cache"
    write_registry(registry, 300, seed=1, today=DAY)
    build_site(registry, output, DAY, SETTINGS, cache)
    rendered(renders)
    return registry, output, cache


def test_a_later_day_renders_the_list_pages_holding_the_organizations_that_changed(
    tmp_path: Path, synthetic: tuple[Path, Path, Path], renders: Path
) -> None:
    registry, output, cache = synthetic
    before = list_pages(output)
    later = DAY + timedelta(days=7)
    build_site(registry, output, later, SETTINGS, cache)
    again, after = rendered(renders), list_pages(output)
    # The organizations whose record changed (their pages were rendered): a certificate is keyed by
    # its organization's record, and every certificate row links its organization.
    changed = {DETAIL_PAGE.match(name).group(1) for name in again if DETAIL_PAGE.match(name)}
    assert any(url.startswith("certificates/") for url in changed)  # some certificate changed status
    changed = {url for url in changed if url.startswith("organizations/")}
    assert again & set(after) and not unexpected(again, before, after, changed)
    # A week of changes in 300 organizations touches many of 200 short pages; the synthetic data differ
    # with the reference data found beside the checkout (benchmarks/synth.py), so the bound is loose.
    assert len(again & set(after)) < len(after) / 2
    cold = tmp_path / "cold"
    build_site(registry, cold, later, SETTINGS)
    assert tree_digest(output) == tree_digest(cold)


def test_renaming_an_organization_renders_its_own_list_pages(
    tmp_path: Path, synthetic: tuple[Path, Path, Path], renders: Path
) -> None:
    registry, output, cache = synthetic
    before = list_pages(output)
    path = sorted((registry / "organizations").glob("*.yaml"))[len(before) // 3]
    text = path.read_text(encoding="utf-8")
    name = re.search(r"^name: (.+)$", text, re.M)
    assert name, path
    path.write_text(text.replace(name.group(0), f"name: Zz {name.group(1)}", 1), encoding="utf-8")
    build_site(registry, output, DAY, SETTINGS, cache)
    again, after = rendered(renders), list_pages(output)
    own = f"organizations/{path.stem}/"
    assert any(own in text and name in again for name, text in after.items() if place(name)[1] > 1)
    assert not unexpected(again, before, after, {own})  # its certificates' rows link to it too
    cold = tmp_path / "cold"
    build_site(registry, cold, DAY, SETTINGS)
    assert tree_digest(output) == tree_digest(cold)
