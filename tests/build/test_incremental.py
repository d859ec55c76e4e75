"""Incremental builds: a rebuild touches only what changed, gives a cold build's bytes, and is atomic."""

from __future__ import annotations

import ast
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import certreg.build.output_sync as output_sync
import certreg.render.opendata.bulk as opendata_bulk
import certreg.render.opendata.files as opendata
import certreg.render.outputs as outputs
import certreg.render.search.keyed as search_keyed
from certreg.build.output_sync import SPARE_DIR, SPARE_MARK, TREES_FILE, load_trees
from certreg.build.page_cache import CACHE_FILE
from certreg.build.staging import BuildError, build_site
from certreg.build.template_names import TEMPLATES_FILE
from certreg.commands.main import main
from certreg.core.i18n import ENGLISH
from certreg.load.cache import LOAD_CACHE_FILE
from certreg.render.outputs import OPENDATA_INPUTS, SEARCH_INPUTS
from tests.build.test_stable_output import DATED_FILES, window_files
from tests.build.test_staging import BUILD_DATE, SITE_FIXTURE, tree_digest

NEXT_DAY = date(2026, 11, 27)
ROOT = Path(__file__).resolve().parents[2]
FORKED = {"RENDER_PROCESSES": 2, "PARALLEL_MIN_PAGES": 0}


def snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file under a folder with the SHA-256 of its bytes, its mtime (ns) and its inode."""
    result = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            found = path.stat()
            result[str(path.relative_to(folder))] = (
                hashlib.sha256(path.read_bytes()).hexdigest(),
                found.st_mtime_ns,
                found.st_ino,
            )
    return result


@pytest.fixture(scope="module")
def cold_next_day(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The digest of a cold build of the fixture registry on the next day, with no cache."""
    output = tmp_path_factory.mktemp("cold") / "output"
    build_site(SITE_FIXTURE, output, NEXT_DAY)
    return tree_digest(output)


def changed_registry(tmp_path: Path) -> Path:
    """The fixture registry with one organization renamed and another one removed."""
    registry = tmp_path / "registry"
    shutil.copytree(SITE_FIXTURE, registry)
    path = registry / "organizations/anchor-valid.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Anchor Valid GmbH", "Anchor Valid Präzisionsteile GmbH"), encoding="utf-8")
    (registry / "organizations/cedar-suspended.yaml").unlink()
    return registry


@pytest.mark.parametrize("overrides", [None, FORKED], ids=["one-process", "two-processes"])
def test_same_day_rebuild_rewrites_no_file(tmp_path: Path, overrides: dict | None) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    first = build_site(SITE_FIXTURE, output, BUILD_DATE, overrides, cache)
    before, spare = snapshot(output), snapshot(cache / SPARE_DIR)
    report = build_site(SITE_FIXTURE, output, BUILD_DATE, overrides, cache)
    assert (report.written, report.removed, report.bytes_written) == (0, 0, 0)
    assert report.unchanged == first.written == len(before)
    assert snapshot(output) == before  # same bytes, same mtimes, same inodes
    assert snapshot(cache / SPARE_DIR) == spare  # nothing changed: the output stayed, the spare was not touched


def test_the_number_of_render_processes_changes_no_byte_and_no_key(tmp_path: Path) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, FORKED, cache)
    before = snapshot(output)
    report = build_site(SITE_FIXTURE, output, BUILD_DATE, {"RENDER_PROCESSES": 1}, cache)
    assert report.written == 0 and snapshot(output) == before  # one process keeps what two made
    cold = tmp_path / "cold"
    build_site(SITE_FIXTURE, cold, BUILD_DATE, {"RENDER_PROCESSES": 1})
    assert tree_digest(cold) == tree_digest(output)


def test_same_day_rebuild_without_a_cache_keeps_every_file_too(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_site(SITE_FIXTURE, output, BUILD_DATE)
    before = snapshot(output)
    report = build_site(SITE_FIXTURE, output, BUILD_DATE)
    assert report.written == 0
    assert snapshot(output) == before


def test_next_day_rebuild_gives_the_bytes_of_a_cold_build(tmp_path: Path, cold_next_day: dict[str, str]) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    before = snapshot(output)
    report = build_site(SITE_FIXTURE, output, NEXT_DAY, None, cache)
    assert tree_digest(output) == cold_next_day
    after = snapshot(output)
    kept = [name for name in after if before.get(name, (None,))[0] == after[name][0]]
    assert report.unchanged == len(kept)
    assert all(after[name] == before[name] for name in kept)  # unchanged bytes keep mtime and inode
    assert report.written == len(after) - len(kept)
    dated = (DATED_FILES | window_files(BUILD_DATE, NEXT_DAY)) & set(after)  # nothing crossed a date that day
    assert {name for name in after if name not in kept} == dated


def test_next_day_rebuild_rclone_and_rsync_see_only_the_dated_files_changed(tmp_path: Path) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, FORKED, cache)
    before = snapshot(output)
    report = build_site(SITE_FIXTURE, output, NEXT_DAY, FORKED, cache)
    after = snapshot(output)
    touched = {name for name in after if after[name][1:] != before.get(name, (None, None, None))[1:]}
    dated = (DATED_FILES | window_files(BUILD_DATE, NEXT_DAY)) & set(after)
    assert touched == dated  # every other file keeps its mtime and inode
    assert (report.written, report.removed) == (len(dated), len(before.keys() - after.keys()))


def test_changed_and_removed_records_give_the_bytes_of_a_cold_build(tmp_path: Path) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, FORKED, cache)
    build_site(SITE_FIXTURE, output, BUILD_DATE, FORKED, cache)  # the spare tree now exists too
    before = snapshot(output)
    registry = changed_registry(tmp_path)
    report = build_site(registry, output, BUILD_DATE, FORKED, cache)
    cold = tmp_path / "cold"
    build_site(registry, cold, BUILD_DATE)
    assert tree_digest(output) == tree_digest(cold)
    assert not (output / "organizations/cedar-suspended").exists()
    assert report.removed == len(before.keys() - snapshot(output).keys()) > 0
    assert "Anchor Valid Präzisionsteile GmbH" in (output / "organizations/anchor-valid/index.html").read_text()
    after = snapshot(output)
    kept = [name for name in after if name in before and after[name][0] == before[name][0]]
    assert kept and all(after[name] == before[name] for name in kept)  # same bytes: same mtime and inode


def test_a_damaged_cache_gives_the_bytes_of_a_cold_build(tmp_path: Path, cold_next_day: dict[str, str]) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    build_site(changed_registry(tmp_path), output, BUILD_DATE, None, cache)  # a change: the spare tree is made
    (cache / CACHE_FILE).write_bytes(b"\x80\x05not a pickle")
    (cache / TREES_FILE).write_bytes(b"")
    (cache / LOAD_CACHE_FILE).write_bytes(b"\x80\x05\x95 truncated")
    (cache / TEMPLATES_FILE).write_bytes(b"\x80\x05\x95 truncated")
    (cache / SPARE_DIR / "index.html").write_text("stale spare page", encoding="utf-8")
    build_site(SITE_FIXTURE, output, NEXT_DAY, None, cache)
    assert tree_digest(output) == cold_next_day


def test_a_stale_cache_or_an_edited_output_gives_the_bytes_of_a_cold_build(tmp_path: Path) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    old_keys = (cache / CACHE_FILE).read_bytes()
    registry = changed_registry(tmp_path)
    build_site(registry, output, BUILD_DATE, None, cache)
    (cache / CACHE_FILE).write_bytes(old_keys)  # keys of the build before: stale for some pages
    page = output / "organizations/brook-expiring/index.html"
    page.write_text("edited by hand", encoding="utf-8")
    build_site(registry, output, BUILD_DATE, None, cache)
    cold = tmp_path / "cold"
    build_site(registry, cold, BUILD_DATE)
    assert tree_digest(output) == tree_digest(cold)


def test_a_record_changed_since_the_load_cache_was_written_is_parsed_again(tmp_path: Path) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    registry = tmp_path / "registry"
    shutil.copytree(SITE_FIXTURE, registry)
    build_site(registry, output, BUILD_DATE, None, cache)
    assert (cache / LOAD_CACHE_FILE).is_file()
    path = registry / "organizations/brook-expiring.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Brook Expiring Ltd", "Brook Renamed Ltd"), "utf-8")
    build_site(registry, output, BUILD_DATE, None, cache)
    assert "Brook Renamed Ltd" in (output / "organizations/brook-expiring/index.html").read_text(encoding="utf-8")


def test_deleting_the_cache_is_safe(tmp_path: Path, cold_next_day: dict[str, str]) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    shutil.rmtree(cache)
    build_site(SITE_FIXTURE, output, NEXT_DAY, None, cache)
    assert tree_digest(output) == cold_next_day
    assert pickle.loads((cache / CACHE_FILE).read_bytes())["entries"]


def test_a_build_that_fails_while_rendering_leaves_the_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cold_next_day: dict[str, str]
) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    before = snapshot(output)

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(outputs, "sitemap_files", fail)  # after every page is rendered
    with pytest.raises(BuildError, match="disk full"):
        build_site(changed_registry(tmp_path), output, NEXT_DAY, None, cache)
    assert snapshot(output) == before
    monkeypatch.undo()
    build_site(SITE_FIXTURE, output, NEXT_DAY, None, cache)
    assert tree_digest(output) == cold_next_day


def test_a_build_that_fails_while_publishing_leaves_the_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cold_next_day: dict[str, str]
) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    before = snapshot(output)
    calls = []
    real_link = output_sync.link_into

    def link_then_fail(source: Path, target: Path) -> None:
        calls.append(target)
        if len(calls) == 5:
            raise OSError("no space left on device")
        real_link(source, target)

    monkeypatch.setattr(output_sync, "link_into", link_then_fail)
    with pytest.raises(BuildError, match="no space left"):
        build_site(SITE_FIXTURE, output, NEXT_DAY, None, cache)
    assert snapshot(output) == before
    monkeypatch.undo()
    build_site(SITE_FIXTURE, output, NEXT_DAY, None, cache)
    assert tree_digest(output) == cold_next_day


KILL_SCRIPT = """
import os, signal, sys
from datetime import date
from pathlib import Path
import certreg.render.opendata.files as opendata
import certreg.build.output_sync as output_sync
from certreg.build.staging import build_site
real, calls = output_sync.link_into, []
def link_then_die(source, target):
    calls.append(target)
    if len(calls) == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    real(source, target)
output_sync.link_into = link_then_die
build_site(Path(sys.argv[1]), Path(sys.argv[2]), date(2026, 11, 27), None, Path(sys.argv[3]))
"""


def test_a_killed_build_leaves_the_output_untouched(tmp_path: Path, cold_next_day: dict[str, str]) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    before = snapshot(output)
    args = [sys.executable, "-c", KILL_SCRIPT, str(SITE_FIXTURE), str(output), str(cache)]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == -9, done.stderr.decode()
    assert snapshot(output) == before
    output_list, spare_list = load_trees(cache, output, ENGLISH)
    assert output_list and spare_list is None  # the half-changed spare is marked: listed again, not trusted
    build_site(SITE_FIXTURE, output, NEXT_DAY, None, cache)
    assert tree_digest(output) == cold_next_day
    assert not (cache / SPARE_MARK).exists() and load_trees(cache, output, ENGLISH)[1]


def test_a_rebuild_writes_the_file_lists_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cold_next_day: dict[str, str]
) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    written: list[str] = []
    real_write = output_sync.write_pickle

    def write_pickle(path: Path, value: object) -> None:
        written.append(path.name)
        real_write(path, value)

    monkeypatch.setattr(output_sync, "write_pickle", write_pickle)
    report = build_site(SITE_FIXTURE, output, NEXT_DAY, None, cache)
    assert report.written > 0 and written == [TREES_FILE]  # every file's list: not saved again to mark the spare
    assert tree_digest(output) == cold_next_day


def test_certreg_build_ends_with_what_it_did(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "site"
    args = ["build", "--registry", str(SITE_FIXTURE), "--output", str(output), "--today", "2026-11-26"]
    assert main(args) == 0
    files = len(tree_digest(output))
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith(f"certreg: {files:,} files written, 0 unchanged, 0 removed; ")
    assert main(args) == 0
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith(f"certreg: 0 files written, {files:,} unchanged, 0 removed; 0 bytes written; ")
    assert (tmp_path / ".certreg-cache" / "site" / CACHE_FILE).is_file()


def named_site(node: ast.expr) -> bool:
    """Tell whether an expression is `site` or `<anything>.site`."""
    return (isinstance(node, ast.Name) and node.id == "site") or (
        isinstance(node, ast.Attribute) and node.attr == "site"
    )


def site_fields_read(*modules: str) -> set[str]:
    """Every `site.<field>` the given plugin modules (paths under plugins/certreg) read, in code (not in text)."""
    read = set()
    for module in modules:
        for path in sorted((ROOT / "plugins" / "certreg").glob(module)):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            read |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and named_site(node.value)}
    return read


@pytest.mark.parametrize(
    ("modules", "inputs"),
    [
        (("render/search/*.py", "render/list_check.py", "render/check_keyed.py"), SEARCH_INPUTS),
        (("render/opendata/*.py",), OPENDATA_INPUTS),
    ],
)
def test_indexes_and_open_data_read_only_the_site_fields_their_cache_key_covers(
    modules: tuple[str, ...], inputs: tuple[str, ...]
) -> None:
    read = site_fields_read(*modules)
    assert read and read <= set(inputs)


def test_a_same_day_rebuild_computes_no_search_index_and_no_open_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    before = snapshot(output)

    def not_again(*args: object, **kwargs: object) -> Iterator[tuple[str, str]]:
        raise AssertionError("computed again although nothing changed")
        yield  # a generator, as the real ones: nothing runs until a file is asked for

    monkeypatch.setattr(search_keyed, "search_groups", not_again)
    for made in ("registry_file", "csv_file", "describe_files"):
        monkeypatch.setattr(opendata_bulk, made, not_again)
    monkeypatch.setattr(opendata, "organization_json", not_again)
    report = build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    assert report.written == 0 and snapshot(output) == before


def test_a_site_of_several_languages_rebuilt_from_the_cache_gives_a_cold_builds_bytes(tmp_path: Path) -> None:
    output, cache, languages = tmp_path / "output", tmp_path / "cache", {"LANGUAGES": ["de"], **FORKED}
    build_site(SITE_FIXTURE, output, BUILD_DATE, languages, cache)
    before = snapshot(output)
    assert any(name.startswith("de/organizations/") for name in before)
    report = build_site(SITE_FIXTURE, output, BUILD_DATE, languages, cache)
    assert report.written == 0 and snapshot(output) == before
    build_site(SITE_FIXTURE, output, NEXT_DAY, languages, cache)
    cold = tmp_path / "cold"
    build_site(SITE_FIXTURE, cold, NEXT_DAY, {"LANGUAGES": ["de"]})
    assert tree_digest(output) == tree_digest(cold)
