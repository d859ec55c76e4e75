"""The whole-registry outputs (search index, open data, list check) cost what changed, and stay a cold build's bytes.

Each file of the search index is a page-cache group keyed by what it is made from, the bulk open data
is assembled from each record's kept text, and every record is keyed once per build.
"""

from __future__ import annotations

import copy
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from certreg.build.page_cache import FRAGMENTS_FILE, PageCache
from certreg.build.staging import build_site
from certreg.enrich.site import enrich
from certreg.load.loader import load_registry
from tests.build.test_incremental import FORKED, NEXT_DAY, snapshot
from tests.build.test_staging import BUILD_DATE, SITE_FIXTURE, tree_digest


def with_status(tmp_path: Path, status: str) -> Path:
    """The fixture registry with one valid certificate given another record status."""
    registry = tmp_path / "registry"
    shutil.copytree(SITE_FIXTURE, registry)
    path = registry / "organizations/anchor-valid.yaml"
    text = path.read_text(encoding="utf-8")
    given = f"    status: {status}\n    status_date: 2026-10-15\n    last_verified: 2025-06-01\n"
    path.write_text(text.replace("    last_verified: 2025-06-01\n", given, 1), encoding="utf-8")
    return registry


def changed(before: dict[str, Any], after: dict[str, Any], folder: str) -> set[str]:
    """The files under `folder` whose bytes differ between two snapshots, or that only one has."""
    names = {name for name in {*before, *after} if name.startswith(folder)}
    return {name for name in names if before.get(name, ("",))[0] != after.get(name, ("",))[0]}


def test_a_status_change_remakes_only_the_search_files_that_show_it(tmp_path: Path) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, FORKED, cache)
    before = snapshot(output)
    registry = with_status(tmp_path, "suspended")
    build_site(registry, output, BUILD_DATE, FORKED, cache)
    after = snapshot(output)
    cold = tmp_path / "cold"
    build_site(registry, cold, BUILD_DATE)
    assert tree_digest(output) == tree_digest(cold)
    remade = changed(before, after, "search/")
    search_files = [name for name in after if name.startswith("search/")]
    assert remade and len(remade) < len(search_files)
    assert any(name.startswith("search/sets/status-suspended") for name in remade)
    kept = [name for name in search_files if name not in remade]
    assert all(after[name] == before[name] for name in kept)  # same bytes, same inode: not written


def test_a_next_day_without_a_status_change_keeps_the_whole_search_index(tmp_path: Path) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    before = snapshot(output)
    build_site(SITE_FIXTURE, output, NEXT_DAY, None, cache)
    after = snapshot(output)
    site = enrich(load_registry(SITE_FIXTURE), BUILD_DATE)
    assert site.organizations == enrich(load_registry(SITE_FIXTURE), NEXT_DAY).organizations  # no status changed
    assert not changed(before, after, "search/")
    assert not changed(before, after, "check/")
    open_data = changed(before, after, "api/v1/") - changed(before, after, "api/v1/changes/")  # the follow files'
    assert open_data == {"api/v1/registry.json", "api/v1/datapackage.json"}


@pytest.mark.parametrize(
    "damage",
    [lambda path: path.write_bytes(b"garbage"), lambda path: path.write_bytes(path.read_bytes()[:100]), Path.unlink],
    ids=["garbage", "truncated", "deleted"],
)
def test_damaged_fragments_give_a_cold_builds_bytes(tmp_path: Path, damage: Any) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    for prefix in ("search", "opendata", "check"):
        assert (cache / FRAGMENTS_FILE.format(prefix=prefix)).is_file()
        damage(cache / FRAGMENTS_FILE.format(prefix=prefix))
    registry = with_status(tmp_path, "withdrawn")
    build_site(registry, output, NEXT_DAY, None, cache)
    cold = tmp_path / "cold"
    build_site(registry, cold, NEXT_DAY)
    assert tree_digest(output) == tree_digest(cold)


def record_keys(site: Any) -> dict[tuple[int, ...], str]:
    """Each organization's and certificate's key, as one build makes them, by place (organization, certificate)."""
    cache = PageCache(None, None)
    cache.keep_records(site)
    keys = {}
    for place, organization in enumerate(site.organizations):
        keys[(place,)] = cache.record_key(organization)
        for index, certificate in enumerate(organization["certifications"]):
            keys[(place, index)] = cache.record_key(certificate)
    return keys


def test_changing_any_field_of_a_record_changes_its_key_and_no_other_organizations() -> None:
    site = enrich(load_registry(SITE_FIXTURE), date(2026, 11, 26))
    keys = record_keys(site)
    assert len(set(keys.values())) == len(keys)
    organization = site.organizations[0]
    certificate = organization["certifications"][0]
    fields = [("organization", name) for name in organization if name != "certifications"]
    fields += [("certificate", name) for name in certificate]  # its certificates: field by field
    for kind, name in fields:
        edited = copy.deepcopy(site)
        target = edited.organizations[0] if kind == "organization" else edited.organizations[0]["certifications"][0]
        target[name] = ["changed", target[name]]
        after = record_keys(edited)
        assert after[(0,)] != keys[(0,)] and after[(0, 0)] != keys[(0, 0)], (kind, name)
        others = [place for place in keys if place[0] != 0]
        assert all(after[place] == keys[place] for place in others), (kind, name)
