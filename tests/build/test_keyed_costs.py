"""Daily rebuilds cost what changed: no work for every file or organization when few changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import certreg.build.output_sync as output_sync
import certreg.render.search.keyed as search_keyed
from certreg.build.output_sync import SPARE_DIR, load_trees
from certreg.build.page_cache import PageCache
from certreg.build.staging import build_site
from certreg.core.i18n import ENGLISH
from tests.build.test_incremental import NEXT_DAY, ROOT, snapshot
from tests.build.test_staging import BUILD_DATE, SITE_FIXTURE, tree_digest


@pytest.fixture(scope="module")
def cold_next_day(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The digest of a cold build of the fixture registry on the next day, with no cache."""
    output = tmp_path_factory.mktemp("cold") / "output"
    build_site(SITE_FIXTURE, output, NEXT_DAY)
    return tree_digest(output)


def test_a_cold_build_makes_the_spare_so_the_next_day_links_no_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cold_next_day: dict[str, str]
) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    shared = {name: entry[2] for name, entry in snapshot(output).items()}
    assert {name: entry[2] for name, entry in snapshot(cache / SPARE_DIR).items()} == shared  # hard links
    filled = []
    monkeypatch.setattr(output_sync, "fill_spare", lambda *args: filled.append(args) or {})
    report = build_site(SITE_FIXTURE, output, NEXT_DAY, None, cache)
    assert report.written > 0 and filled == []  # files changed, yet no spare was made file by file
    assert tree_digest(output) == cold_next_day


KILL_WHILE_SPARING = """
import os, signal, sys
from datetime import date
from pathlib import Path
import certreg.build.output_sync as output_sync
import certreg.render.search.keyed as search_keyed
from certreg.build.staging import build_site
def link_then_die(*args):
    os.kill(os.getpid(), signal.SIGKILL)
output_sync.os.link = link_then_die
build_site(Path(sys.argv[1]), Path(sys.argv[2]), date(2026, 11, 26), None, Path(sys.argv[3]))
"""


def test_a_cold_build_killed_while_making_the_spare_leaves_a_good_output(
    tmp_path: Path, cold_next_day: dict[str, str]
) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    args = [sys.executable, "-c", KILL_WHILE_SPARING, str(SITE_FIXTURE), str(output), str(cache)]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == -9, done.stderr.decode()
    cold = tmp_path / "cold"
    build_site(SITE_FIXTURE, cold, BUILD_DATE)
    assert tree_digest(output) == tree_digest(cold)  # the new site is in place, whole
    assert load_trees(cache, output, ENGLISH)[1] is None  # the half-made spare is marked as such
    build_site(SITE_FIXTURE, output, NEXT_DAY, None, cache)  # the half-made spare is not trusted
    assert tree_digest(output) == cold_next_day


def test_a_status_change_reads_no_organizations_search_terms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    registry, output, cache = tmp_path / "registry", tmp_path / "output", tmp_path / "cache"
    shutil.copytree(SITE_FIXTURE, registry)
    build_site(registry, output, BUILD_DATE, None, cache)
    record = registry / "organizations/brook-expiring.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("expires: 2027-01-06", "expires: 2026-11-01"))
    record = registry / "organizations/anchor-valid.yaml"  # its current certificate, listed first, is the other one
    text = record.read_text(encoding="utf-8").replace("expires: 2028-02-28", "expires: 2026-11-01")
    record.write_text(text.replace("expires: 2026-11-20", "expires: 2029-11-20"))
    read = []
    real = search_keyed.all_terms
    monkeypatch.setattr(
        search_keyed, "all_terms", lambda orgs, *args: read.extend(o["slug"] for o in orgs) or real(orgs, *args)
    )
    report = build_site(registry, output, BUILD_DATE, None, cache)
    assert report.written > 0 and read == []  # the search index changed (a status), its terms were not read
    cold = tmp_path / "cold"
    build_site(registry, cold, BUILD_DATE)
    assert tree_digest(output) == tree_digest(cold)


def test_a_rebuild_keys_each_record_page_and_file_group_from_its_records_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cold_next_day: dict[str, str]
) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    pages, groups = {}, {}
    real_page, real_group = PageCache.page_key, PageCache.group_key

    def page_key(self: PageCache, shared: str, save_as: str, values: object) -> str:
        pages[save_as] = values
        return real_page(self, shared, save_as, values)

    def group_key(self: PageCache, name: str, inputs: object) -> str:
        groups[name] = inputs
        return real_group(self, name, inputs)

    monkeypatch.setattr(PageCache, "page_key", page_key)
    monkeypatch.setattr(PageCache, "group_key", group_key)
    build_site(SITE_FIXTURE, output, NEXT_DAY, None, cache)
    assert tree_digest(output) == cold_next_day
    organizations = [f"organizations/{path.parent.name}/" for path in output.glob("organizations/*/calendar.ics")]
    certificates = [str(path.relative_to(output)) for path in output.glob("certificates/*/*/index.html")]
    record_pages = [name + "index.html" for name in organizations] + certificates
    record_groups = [f"{output}:{name}" for output in ("follow", "opendata") for name in organizations]
    assert organizations and certificates and set(record_pages) <= set(pages) and set(record_groups) <= set(groups)
    for keyed in [pages[name] for name in record_pages] + [groups[name] for name in record_groups]:
        assert isinstance(keyed, tuple) and all(isinstance(part, str) for part in keyed)  # digests: nothing pickled
