"""certificates.csv with hostile record text, read back by the csv module of the Python running the tests.

The project's oldest supported Python (see pyproject.toml) is what CI runs; its csv module's writer does
not quote a lone CR before 3.11.9, and its reader splits a row there.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from certreg.core.escape import csv_line
from certreg.render.opendata.fields import CSV_HEADER, OpenDataSettings
from certreg.render.opendata.files import opendata_files
from tests.hostile_fixture import (
    CITY,
    HOSTILE_SLUG,
    hostile_certificate,
    hostile_organization,
    hostile_site,
    write_hostile_registry,
)

NASTY = ["a\rb", "a\nb", "a\r\nb", "\r", 'say "hi", bye', ",", '"', " padded ", "=1+1", "", "tab\tcell", "\x00\x1b"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    """The hostile registry enriched; the organization's city set to a lone CR after loading."""
    built = hostile_site(write_hostile_registry(tmp_path_factory.mktemp("hostile") / "registry"))
    hostile_organization(built)["city"] = CITY  # the loader turns a CR into LF; the writer must not rely on it
    return built


def read_csv(text: str) -> list[list[str]]:
    """Rows as the csv module reads the file (newline='' as its documentation asks)."""
    return list(csv.reader(io.StringIO(text, newline="")))


def test_every_nasty_cell_round_trips_through_the_csv_module() -> None:
    rows = [NASTY, list(reversed(NASTY))]
    text = "".join(csv_line(row) for row in rows)
    assert read_csv(text) == rows


@pytest.mark.parametrize("cell", NASTY)
def test_a_cell_with_a_line_break_is_quoted_whatever_the_python_version(cell: str) -> None:
    line = csv_line(["x", cell, "y"])
    assert read_csv(line) == [["x", cell, "y"]]
    if any(ch in cell for ch in "\r\n"):
        assert f',"{cell}",' in line


def test_the_hostile_certificate_is_one_row_with_every_value_as_written(site) -> None:
    text = dict(opendata_files(site, OpenDataSettings("certreg", siteurl="https://certreg.example")))[
        "api/v1/certificates.csv"
    ]
    rows = read_csv(text)
    assert rows[0] == list(CSV_HEADER)
    assert len(rows) == 1 + len(site.certificates)
    assert all(len(row) == len(CSV_HEADER) for row in rows)
    hostile = [dict(zip(CSV_HEADER, row, strict=True)) for row in rows if HOSTILE_SLUG in ",".join(row)]
    assert len(hostile) == 1
    certificate = hostile_certificate(site)
    assert hostile[0]["city"] == CITY
    assert hostile[0]["certificate_number"] == certificate["certificate_number"]
    assert hostile[0]["organization_name"] == certificate["organization_name"]
    assert hostile[0]["scope"] == certificate["scope"]


def test_no_row_starts_with_text_a_record_chose(site) -> None:
    text = dict(opendata_files(site, OpenDataSettings("certreg")))["api/v1/certificates.csv"]
    assert [row[0] for row in read_csv(text)[1:]] == [c["organization_slug"] for c in site.certificates]


def test_requires_python_names_a_version_whose_libraries_the_code_relies_on() -> None:
    pyproject = (Path(__file__).parents[3] / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.11.4"' in pyproject
