"""Two render processes write the pages and every file group while the parent writes the rest of the table."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

import certreg.render.follow.badges as badges
import certreg.render.follow.calendars as calendars
import certreg.render.follow.feeds as feeds
import certreg.render.opendata.files as opendata
import certreg.render.outputs as outputs
from certreg.build.staging import BuildError, build_site
from tests.build.test_incremental import FORKED, snapshot
from tests.build.test_staging import BUILD_DATE, SITE_FIXTURE, tree_digest


def test_groups_written_by_render_processes_are_kept_by_a_same_day_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, FORKED, cache)
    before = snapshot(output)

    def not_again(*args: object, **kwargs: object) -> str:
        raise AssertionError("made again although nothing changed")

    # The render processes inherit these: each would fail its process, and so the build.
    for module, name in ((feeds, "feed_xml"), (calendars, "calendar_text"), (badges, "badge_svg")):
        monkeypatch.setattr(module, name, not_again)
    monkeypatch.setattr(opendata, "organization_json", not_again)
    report = build_site(SITE_FIXTURE, output, BUILD_DATE, FORKED, cache)
    assert report.written == 0 and snapshot(output) == before


def test_one_or_two_processes_write_the_same_follow_files_and_open_data(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    build_site(SITE_FIXTURE, one, BUILD_DATE, {"RENDER_PROCESSES": 1})
    build_site(SITE_FIXTURE, two, BUILD_DATE, FORKED)
    digests = tree_digest(two)
    assert digests == tree_digest(one)
    assert any(name.endswith("calendar.ics") for name in digests)
    assert any(name.startswith("api/v1/organizations/") for name in digests)


def test_a_failure_in_the_parent_while_render_processes_run_leaves_the_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, FORKED, cache)
    before = snapshot(output)

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(outputs, "sitemap_files", fail)  # written by the parent while the others render
    with pytest.raises(BuildError, match="disk full"):
        build_site(SITE_FIXTURE, output, BUILD_DATE, FORKED, cache)
    assert snapshot(output) == before
    assert not multiprocessing.active_children()  # the render processes were stopped and reaped
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cache", "output"]  # no staging folder left
