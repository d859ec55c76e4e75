"""The bulk open data assembled from each record's kept text: the same bytes as made whole, whatever is kept."""

from __future__ import annotations

import copy
import csv
import io
import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import certreg.render.opendata.bulk as bulk
from certreg.build.digests import digest
from certreg.core.kept import Kept
from certreg.enrich.site import enrich
from certreg.load.loader import load_registry
from certreg.render.opendata.fields import OpenDataSettings
from certreg.render.opendata.files import bulk_streams
from tests.hostile_fixture import CITY, hostile_organization, hostile_site, write_hostile_registry

FIXTURE = Path(__file__).parents[2] / "fixtures" / "opendata"
BUILD_DATE = date(2026, 11, 26)
OPTIONS = OpenDataSettings("certreg", siteurl="https://certreg.example")


def whole(site: Any) -> dict[str, str]:
    """The bulk files made whole, as before any text was kept."""
    return {path: "".join(chunks) for path, chunks in bulk_streams(site, OPTIONS)}


def assembled(site: Any, fragments: Kept | None) -> dict[str, str]:
    """The bulk files from the groups a build makes, records keyed by their digest."""
    files: dict[str, str] = {}
    for group in bulk.bulk_groups(site, OPTIONS, fragments, digest):
        for path, content in group.files():
            files[path] = content if isinstance(content, str) else "".join(content)
    return files


def next_build(fragments: Kept) -> Kept:
    """The texts as the next build reads them: saved by this one, read back."""
    fragments.save()
    return Kept(fragments.path, fragments.version, "")


def fail(*args: object) -> str:
    raise AssertionError("a record's text was made again although it is kept")


@pytest.fixture
def site() -> Any:
    return enrich(load_registry(FIXTURE), BUILD_DATE)


def test_assembled_files_are_the_whole_files_cold_and_from_kept_texts(tmp_path: Path, site: Any) -> None:
    fragments = Kept(tmp_path / "fragments.sqlite", "v", "")
    assert assembled(site, fragments) == whole(site) == assembled(site, None)
    kept = next_build(fragments)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bulk, "organization_text", fail)
        patch.setattr(bulk, "csv_text", fail)
        assert assembled(site, kept) == whole(site)


def test_the_next_day_makes_no_records_text_again_and_changes_only_the_dates(tmp_path: Path, site: Any) -> None:
    fragments = Kept(tmp_path / "fragments.sqlite", "v", "")
    today = assembled(site, fragments)
    next_day = replace(site, build_date=BUILD_DATE + timedelta(days=1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bulk, "organization_text", fail)
        patch.setattr(bulk, "csv_text", fail)
        tomorrow = assembled(next_day, next_build(fragments))
    assert tomorrow == whole(next_day)
    changed = {path for path in today if today[path] != tomorrow[path]}
    assert changed == {"api/v1/registry.json", "api/v1/datapackage.json"}


def test_a_changed_record_is_never_taken_from_its_old_text(tmp_path: Path, site: Any) -> None:
    fragments = Kept(tmp_path / "fragments.sqlite", "v", "")
    assembled(site, fragments)
    renamed = copy.deepcopy(site)
    organization = renamed.organizations[0]
    organization["name"] = 'Renamed, "quoted"\nand on two lines'
    organization["city"] = "Zürich"
    files = assembled(renamed, next_build(fragments))
    assert files == whole(renamed) != whole(site)
    names = [org["name"] for org in json.loads(files["api/v1/registry.json"])["organizations"]]
    assert organization["name"] in names
    rows = list(csv.DictReader(io.StringIO(files["api/v1/certificates.csv"], newline="")))
    assert organization["slug"] and any(row["city"] == "Zürich" for row in rows)


def test_hostile_records_round_trip_from_kept_texts(tmp_path: Path) -> None:
    hostile = hostile_site(write_hostile_registry(tmp_path / "registry"))
    hostile_organization(hostile)["city"] = CITY
    fragments = Kept(tmp_path / "fragments.sqlite", "v", "")
    assembled(hostile, fragments)
    again = assembled(hostile, next_build(fragments))
    assert again == whole(hostile)
    rows = list(csv.reader(io.StringIO(again["api/v1/certificates.csv"], newline="")))
    assert CITY in {cell for row in rows for cell in row}
    assert json.loads(again["api/v1/registry.json"])["organizations"]
