"""Follow files in incremental builds: made again only for the records whose inputs changed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import certreg.render.follow.badges as badges
import certreg.render.follow.calendars as calendars
import certreg.render.follow.changes as changes
import certreg.render.follow.feeds as feeds
from certreg.build.staging import build_site
from tests.build.test_incremental import snapshot
from tests.build.test_staging import BUILD_DATE, SITE_FIXTURE, tree_digest


def test_a_same_day_rebuild_makes_no_follow_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output, cache = tmp_path / "output", tmp_path / "cache"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    before = snapshot(output)

    def not_again(*args: object, **kwargs: object) -> str:
        raise AssertionError("made again although nothing changed")

    def no_changes(*args: object, **kwargs: object) -> Iterator[tuple[str, str]]:
        raise AssertionError("change files made again although nothing changed")
        yield  # a generator, as the real one

    for module, name in ((feeds, "feed_xml"), (calendars, "calendar_text"), (badges, "badge_svg")):
        monkeypatch.setattr(module, name, not_again)
    monkeypatch.setattr(changes, "change_files", no_changes)
    report = build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    assert report.written == 0 and snapshot(output) == before


def test_one_changed_organization_remakes_only_its_own_calendars_and_badges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output, cache, registry = tmp_path / "output", tmp_path / "cache", tmp_path / "registry"
    shutil.copytree(SITE_FIXTURE, registry)  # outside git, before and after: only the record changes
    build_site(registry, output, BUILD_DATE, None, cache)
    path = registry / "organizations/anchor-valid.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Anchor Valid GmbH", "Anchor Valid Präzisionsteile GmbH"), encoding="utf-8")
    made: list[str] = []
    real_calendar, real_badge = calendars.calendar_text, badges.badge_svg

    def calendar_text(name: str, *args: object) -> str:
        made.append(name)
        return real_calendar(name, *args)

    def badge_svg(badge: dict[str, str]) -> str:
        made.append(badge["title"])
        return real_badge(badge)

    monkeypatch.setattr(calendars, "calendar_text", calendar_text)
    monkeypatch.setattr(badges, "badge_svg", badge_svg)
    build_site(registry, output, BUILD_DATE, None, cache)
    assert made and all("Anchor Valid Präzisionsteile GmbH" in name for name in made), made
    cold = tmp_path / "cold"
    monkeypatch.undo()
    build_site(registry, cold, BUILD_DATE)
    assert tree_digest(output) == tree_digest(cold)
