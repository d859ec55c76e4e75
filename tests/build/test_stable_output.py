"""Scheduled rebuilds: a file's bytes change only when what it shows changes.

Detail pages, per-organization JSON and CSV rows carry no text relative to the build date, so two
builds on consecutive days differ only in the home page, the build data, the bulk dumps' envelopes,
and the pages and lists of the certificates whose status crossed a date that day.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from certreg.build.staging import build_site
from certreg.render.follow.changes import CHANGES_FOLDER, window_start

SITE_FIXTURE = Path(__file__).parents[1] / "fixtures" / "site"
# Files that say the build date: the home page, build.json, the API page and the bulk dumps' envelopes.
DATED_FILES = {"index.html", "build.json", "api/index.html", "api/v1/registry.json", "api/v1/datapackage.json"}
LIST_PREFIXES = ("status/", "standards/", "countries/", "certification-bodies/", "organizations/index.html", "search/")


def digest(folder: Path) -> dict[str, str]:
    """Every file under a folder and the SHA-256 of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def window_files(day: date, next_day: date) -> set[str]:
    """The daily change files move with the build date: a new day's file, the oldest gone, the index."""
    return {
        f"{CHANGES_FOLDER}index.json",
        f"{CHANGES_FOLDER}{next_day}.json",
        f"{CHANGES_FOLDER}{window_start(day)}.json",
    }


def changed_between(tmp_path: Path, day: date, next_day: date) -> set[str]:
    """Files added, removed or changed between the builds of two days."""
    build_site(SITE_FIXTURE, tmp_path / "a", day)
    build_site(SITE_FIXTURE, tmp_path / "b", next_day)
    before, after = digest(tmp_path / "a"), digest(tmp_path / "b")
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def test_next_day_with_no_status_crossing_changes_only_dated_files(tmp_path: Path) -> None:
    day, next_day = date(2026, 11, 26), date(2026, 11, 27)
    assert changed_between(tmp_path, day, next_day) == DATED_FILES | window_files(day, next_day)


def test_next_day_changes_the_pages_of_a_certificate_whose_status_crossed_a_date(tmp_path: Path) -> None:
    # bc-2026-99 (held by fir-future) is issued with effect from 2026-11-30: not yet valid, then valid.
    day, next_day = date(2026, 11, 29), date(2026, 11, 30)
    changed = changed_between(tmp_path, day, next_day) - window_files(day, next_day)
    own = {
        "certificates/beta-cert/bc-2026-99/index.html",
        "organizations/fir-future/index.html",
        "api/v1/organizations/fir-future.json",
        "api/v1/certificates.csv",
        # follow a supplier: its certificate's badge shows the new status; the feeds get its "issued" event
        "certificates/beta-cert/bc-2026-99/badge.svg",
        "organizations/fir-future/feed.atom",
        "certification-bodies/beta-cert/feed.atom",
        "feed.atom",
    }
    assert own <= changed
    unexplained = [name for name in changed - DATED_FILES - own if not name.startswith(LIST_PREFIXES)]
    assert unexplained == []
    assert not any(
        name.startswith(("organizations/", "certificates/"))
        for name in changed - own - DATED_FILES - {"organizations/index.html"}
    )


@pytest.mark.parametrize(
    "url", ["certificates/alpha-cert/ac-1001/index.html", "api/v1/organizations/anchor-valid.json"]
)
def test_detail_files_do_not_name_the_build_date(tmp_path: Path, url: str) -> None:
    # Without history: a record's commit dates are facts that may fall on the build date.
    build_site(SITE_FIXTURE, tmp_path / "out", date(2026, 11, 26), {"REGISTRY_HISTORY": False})
    text = (tmp_path / "out" / url).read_text(encoding="utf-8")
    assert "2026-11-26" not in text and "26 November 2026" not in text
    assert " days " not in text
