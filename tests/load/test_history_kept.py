"""Past versions kept between builds by blob id: the same history, with only new blobs read from git."""

from __future__ import annotations

from datetime import timedelta

import pytest

import certreg.load.history as history_module
from certreg.load.history import HISTORY_FILE, History, open_kept_blobs, read_history
from tests.follow_fixture import BUILD_DATE, COMMIT_URL, commit, make_follow_registry
from tests.kept_store import other_version, rewrite


@pytest.fixture
def repo(tmp_path):
    """The follow registry in its own git repository (its own copy: some tests commit to it)."""
    return make_follow_registry(tmp_path / "repo")


def kept_history(repo, cache, since=BUILD_DATE - timedelta(days=89)) -> History:
    """Read the history with the past versions kept in `cache`, and keep them for the next read."""
    kept = open_kept_blobs(cache)
    history = read_history(repo.registry, COMMIT_URL, since, kept=kept)
    kept.save()
    return history


def counting(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Count the past versions parsed."""
    parsed: list[bytes] = []
    real = history_module.parse_blob

    def spy(body: bytes):
        parsed.append(body)
        return real(body)

    monkeypatch.setattr(history_module, "parse_blob", spy)
    return parsed


def test_kept_past_versions_give_the_same_history_and_are_not_parsed_again(repo, tmp_path, monkeypatch) -> None:
    since = BUILD_DATE - timedelta(days=89)
    expected = read_history(repo.registry, COMMIT_URL, since)
    parsed = counting(monkeypatch)
    assert kept_history(repo, tmp_path / "cache") == expected
    first = len(parsed)
    assert first > 0 and (tmp_path / "cache" / HISTORY_FILE).is_file()
    assert kept_history(repo, tmp_path / "cache") == expected
    assert len(parsed) == first  # nothing parsed the second time


def test_a_new_commit_parses_only_its_new_versions(repo, tmp_path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    kept_history(repo, cache)
    record = repo.registry / "organizations" / "anchor-valid.yaml"
    record.write_text(record.read_text().replace("Anchor Valid GmbH", "Anchor Valid AG"), encoding="utf-8")
    commit(repo.root, BUILD_DATE, "rename")
    parsed = counting(monkeypatch)
    history = kept_history(repo, cache)
    assert len(parsed) == 1  # the new version; the old one is kept
    monkeypatch.undo()
    assert history == read_history(repo.registry, COMMIT_URL, BUILD_DATE - timedelta(days=89))
    assert history.organization("anchor-valid")[-1].fields[0]["new"] == "Anchor Valid AG"


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(path.read_bytes()[:100]),
        lambda path: path.write_bytes(b"garbage"),
        other_version,
    ],
    ids=["truncated", "garbage", "other-version"],
)
def test_a_damaged_or_foreign_cache_gives_the_history_read_without_it(repo, tmp_path, damage) -> None:
    cache = tmp_path / "cache"
    kept_history(repo, cache)
    rewrite(cache / HISTORY_FILE, change=lambda value: {"name": "wrong"})
    damage(cache / HISTORY_FILE)
    assert kept_history(repo, cache) == read_history(repo.registry, COMMIT_URL, BUILD_DATE - timedelta(days=89))
