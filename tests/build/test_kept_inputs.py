"""What a build keeps of its inputs (parsed files, past versions, problems, enriched records): never seen in the bytes.

A rebuild with the kept inputs, with them damaged in any way, or without them gives a cold build's
bytes and, for a registry with errors, the same report.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from certreg.build.staging import BuildError, build_site
from certreg.core.kept import read_store
from certreg.enrich.kept import ENRICHMENT_FILE
from certreg.load.cache import LOAD_CACHE_FILE
from certreg.load.history import HISTORY_FILE
from certreg.validate.kept import VALIDATION_FILE
from tests import kept_store
from tests.build.test_staging import tree_digest
from tests.follow_fixture import BUILD_DATE, FollowRegistry, commit, make_follow_registry

INPUT_FILES = (LOAD_CACHE_FILE, HISTORY_FILE, VALIDATION_FILE, ENRICHMENT_FILE)
NEXT_DAY = BUILD_DATE + timedelta(days=1)


@pytest.fixture
def repo(tmp_path: Path) -> FollowRegistry:
    """The follow registry in its own git repository, so that the build reads its history."""
    return make_follow_registry(tmp_path / "repo")


def cold(repo: FollowRegistry, folder: Path, today=BUILD_DATE) -> dict[str, str]:
    """The bytes of a build with no cache."""
    build_site(repo.registry, folder, today)
    return tree_digest(folder)


def truncate(path: Path) -> None:
    """Cut a file in half."""
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def other_version(path: Path) -> None:
    """Keep the values but claim they were made by other code (the load cache has no version stamp)."""
    if path.suffix == ".sqlite":
        kept_store.other_version(path)


def pickle_era(path: Path) -> None:
    """Put where a store is what an older certreg kept there: one pickle of (version, values)."""
    if path.suffix == ".sqlite":
        path.write_bytes(pickle.dumps((read_store(path)[0], {"key": b"value"})))


@pytest.mark.parametrize(
    "damage",
    [truncate, lambda path: path.write_bytes(b"garbage"), other_version, pickle_era, Path.unlink],
    ids=["truncated", "garbage", "other-version", "pickle-era", "deleted"],
)
def test_kept_inputs_damaged_in_any_way_give_a_cold_builds_bytes(
    repo: FollowRegistry, tmp_path: Path, damage: Callable[[Path], object]
) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(repo.registry, output, BUILD_DATE, None, cache)
    assert all((cache / name).is_file() for name in INPUT_FILES)
    build_site(repo.registry, output, BUILD_DATE, None, cache)
    assert tree_digest(output) == cold(repo, tmp_path / "cold")
    record = repo.registry / "organizations/brook-expiring.yaml"
    record.write_text(record.read_text().replace("Brook Expiring Ltd", "Brook Renamed Ltd"), encoding="utf-8")
    commit(repo.root, BUILD_DATE, "rename Brook")
    for name in INPUT_FILES:
        damage(cache / name)
    build_site(repo.registry, output, NEXT_DAY, None, cache)
    assert tree_digest(output) == cold(repo, tmp_path / "cold-next-day", NEXT_DAY)


def test_a_registry_with_errors_gives_the_same_report_with_kept_inputs(
    repo: FollowRegistry, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(repo.registry, output, BUILD_DATE, None, cache)
    body = repo.registry / "certification-bodies/alpha-cert.yaml"
    text = body.read_text(encoding="utf-8").replace("country: DE", "country: XX")
    body.write_text(text.replace("[ISO 9001, ISO 14001,", "[ISO 9001,"), encoding="utf-8")  # REG014 in records
    capfd.readouterr()
    reports = []
    for folder in (cache, None, cache):
        with pytest.raises(BuildError, match="error"):
            build_site(repo.registry, output, BUILD_DATE, None, folder)
        reports.append(capfd.readouterr().err)
    assert "REG009" in reports[0] and "anchor-valid.yaml" in reports[0]  # the body's error, a record's warning
    assert reports[0] == reports[1] == reports[2]
