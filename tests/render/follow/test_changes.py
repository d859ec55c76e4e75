"""Daily change files (`/api/v1/changes/`), coverage of a certification body, and the OpenAPI additions."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

from certreg.enrich.events import all_events
from certreg.enrich.summaries import coverage as body_coverage
from certreg.load.history import read_history
from certreg.render.follow.changes import CHANGES_DAYS, CHANGES_FOLDER, OPENAPI_PATHS, change_files, window_start
from tests.follow_fixture import ADDED_DAY, BUILD_DATE, CHANGED_DAY, COMMIT_URL, make_follow_registry


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """The follow registry in its own git repository."""
    return make_follow_registry(tmp_path_factory.mktemp("follow"))


def build_changes(repo):
    """Every change file of one build, parsed, by path."""
    site = repo.site()
    history = read_history(repo.registry, COMMIT_URL, window_start(BUILD_DATE))
    return dict(change_files(BUILD_DATE, history, all_events(site, history)))


@pytest.fixture(scope="module")
def files(repo):
    """The change files of one build."""
    return build_changes(repo)


def day(files, when):
    """One day's file, parsed."""
    return json.loads(files[f"{CHANGES_FOLDER}{when}.json"])


def test_one_file_per_day_for_the_last_90_days_and_an_index(files):
    assert len(files) == CHANGES_DAYS + 1
    index = json.loads(files[f"{CHANGES_FOLDER}index.json"])
    assert index["days"][0]["date"] == BUILD_DATE.isoformat()
    assert index["days"][-1]["date"] == window_start(BUILD_DATE).isoformat()
    assert all(f"{CHANGES_FOLDER}{d['path']}" in files for d in index["days"])


def test_a_day_lists_the_records_added_that_day(files, repo):
    added = day(files, ADDED_DAY.isoformat())
    assert [row["slug"] for row in added["organizations"]["added"]] == ["brook-expiring"]
    assert [(r["certificate_number"], r["organization"], r["commit"]) for r in added["certificates"]["added"]] == [
        ("BC/2024/7", "brook-expiring", repo.commits[2])
    ]


def test_a_day_lists_changed_fields_with_old_and_new_values(files):
    changed = day(files, CHANGED_DAY.isoformat())
    (row,) = changed["certificates"]["changed"]
    assert row["certificate_number"] == "AC-1002"
    assert {"field": "expires", "old": "2026-11-01", "new": "2026-11-20"} in row["fields"]


def test_a_day_lists_its_status_events(files):
    assert [e["kind"] for e in day(files, "2026-10-15")["status_events"]] == ["suspended"]
    assert [(e["kind"], e["certificate_number"]) for e in day(files, "2026-11-21")["status_events"]] == [
        ("expired", "AC-1002")
    ]
    quiet = day(files, "2026-11-25")
    assert quiet["status_events"] == [] and quiet["organizations"]["added"] == []


def test_two_builds_give_identical_change_files(repo, files):
    assert build_changes(repo) == files


def test_openapi_additions_validate():
    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": OPENAPI_PATHS}
    validate(document)


def test_coverage_counts_a_bodys_certificates_by_status_and_dates_its_checks(repo):
    site = repo.site()
    alpha = [c for c in site.certificates if c["certification_body"] == "alpha-cert"]
    coverage = body_coverage(alpha)
    assert coverage["total"] == 5
    assert [(row["status"].title, row["count"]) for row in coverage["by_status"]] == [
        ("Valid", 1),
        ("Suspended", 1),
        ("Expired", 1),
        ("Not valid: edition withdrawn", 1),
        ("Withdrawn", 1),
    ]
    assert (coverage["oldest_check"], coverage["newest_check"]) == ("2025-06-01", "2026-11-01")
    assert coverage == site.certification_bodies["alpha-cert"]["coverage"]
    assert body_coverage([])["by_status"] == [] and body_coverage([])["oldest_check"] is None
