"""Record history from git: first listing, each later change with old and new values, and commit links."""

from __future__ import annotations

import shutil
import subprocess

import pytest

import certreg.load.history as history_module
from certreg.load.history import read_history, record_history
from tests.follow_fixture import (
    ADDED_DAY,
    CHANGED_DAY,
    COMMIT_URL,
    LATER_DAY,
    LISTED_DAY,
    NEW_SCOPE,
    OLD_SCOPE,
    make_follow_registry,
)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """The follow registry in its own git repository."""
    return make_follow_registry(tmp_path_factory.mktemp("follow"))


@pytest.fixture(scope="module")
def history(repo):
    """Its history, read once."""
    return read_history(repo.registry, COMMIT_URL)


def test_certificate_history_lists_first_listing_and_each_change_with_old_and_new_values(repo, history):
    section = record_history(
        history, history.certificate("alpha-cert", "AC-1002"), history.organization("anchor-valid")
    )
    assert section["available"]
    assert section["listed"] == {
        "kind": "listed",
        "date": LISTED_DAY.isoformat(),
        "commit": repo.commits[0],
        "commit_short": repo.commits[0][:10],
        "commit_url": COMMIT_URL + repo.commits[0],
        "fields": [],
    }
    assert section["entries"] == [
        {
            "kind": "changed",
            "date": CHANGED_DAY.isoformat(),
            "commit": repo.commits[1],
            "commit_short": repo.commits[1][:10],
            "commit_url": COMMIT_URL + repo.commits[1],
            "fields": [
                {"field": "expires", "old": "2026-11-01", "new": "2026-11-20"},
                {"field": "scope", "old": OLD_SCOPE, "new": NEW_SCOPE},
            ],
        }
    ]


def test_unchanged_certificate_of_a_changed_organization_has_no_changes(history):
    section = record_history(
        history, history.certificate("alpha-cert", "AC-1001"), history.organization("anchor-valid")
    )
    assert section["listed"]["date"] == LISTED_DAY.isoformat()
    assert section["entries"] == []


def test_organization_added_later_is_listed_on_its_day(history):
    assert record_history(history, history.organization("brook-expiring"))["listed"]["date"] == ADDED_DAY.isoformat()
    brook_certificate = record_history(
        history, history.certificate("beta-cert", "BC/2024/7"), history.organization("brook-expiring")
    )
    assert brook_certificate["listed"]["date"] == ADDED_DAY.isoformat()


def test_organization_field_change_names_the_field(history):
    section = record_history(history, history.organization("cedar-suspended"))
    assert [(e["date"], e["fields"]) for e in section["entries"]] == [
        (LATER_DAY.isoformat(), [{"field": "city", "old": "Lyon", "new": "Lyon 3e"}])
    ]


def test_history_reads_git_a_fixed_number_of_times_whatever_the_number_of_files(repo, monkeypatch):
    calls = []
    real_git = history_module.git

    def counting_git(args, cwd, stdin=None):
        calls.append(args[0] if args[0] != "-c" else args[2])
        return real_git(args, cwd, stdin)

    monkeypatch.setattr(history_module, "git", counting_git)
    read_history(repo.registry, COMMIT_URL)
    assert calls == ["rev-parse", "rev-parse", "log", "cat-file", "cat-file"]  # sizes first, then the blobs


def test_without_git_history_the_section_says_it_is_not_available(tmp_path, repo, caplog):
    plain = tmp_path / "plain"
    shutil.copytree(repo.registry, plain)
    history = read_history(plain, COMMIT_URL)
    section = record_history(history, history.organization("anchor-valid"))
    assert section == {"available": False, "reason": history.reason, "listed": None, "entries": []}
    assert "not in a readable git repository" in history.reason
    assert any(r.getMessage().startswith("certreg: record history is not available") for r in caplog.records)


def test_a_shallow_clone_has_no_history_rather_than_a_wrong_first_listing(tmp_path, repo):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    history = read_history(clone / "registry", COMMIT_URL)
    assert not history.available and "shallow" in history.reason
