"""`certreg import` of 10,000 rows, and of the same rows again (every row then unchanged)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.bench_import import spreadsheet_rows, write_csv
from certreg.commands.main import main
from tests.commands.importer.conftest import assert_validates, read_report, run_import, snapshot

BODIES = [
    ("NordCert AS", "nordcert", ["ISO 9001:2015", "ISO 14001:2015"]),
    ("Hexagone Certification SAS", "hexagone-certification", ["ISO 45001:2018", "ISO/IEC 27001:2022"]),
]


def test_ten_thousand_rows(tmp_path: Path, registry: Path, capsys) -> None:
    rows = spreadsheet_rows(10_000, BODIES)
    source = write_csv(tmp_path / "rows.csv", rows)
    assert run_import(registry, source, "--report", str(tmp_path / "report.csv")) == 0
    report = read_report(tmp_path / "report.csv")
    assert [int(r["row"]) for r in report] == list(range(2, 10_002))
    assert {r["outcome"] for r in report} == {"created"}
    assert [r["certificate_number"] for r in report] == [r[4] for r in rows]
    files = {r["file"] for r in report}
    assert len(files) == len(list((registry / "organizations").iterdir())) - 2  # the fixture's two files
    assert "certreg: 10000 rows: 10000 created, 0 added, 0 updated, 0 unchanged, 0 conflict, 0 refused;" in (
        capsys.readouterr().out
    )
    assert_validates(registry)


def test_the_same_rows_again_are_unchanged_and_nothing_is_written(tmp_path: Path, registry: Path) -> None:
    source = write_csv(tmp_path / "rows.csv", spreadsheet_rows(300, BODIES, seed=7))
    assert run_import(registry, source) == 0
    before = snapshot(registry)
    assert run_import(registry, source, "--report", str(tmp_path / "again.csv"), "--update") == 0
    assert {r["outcome"] for r in read_report(tmp_path / "again.csv")} == {"unchanged"}
    assert snapshot(registry) == before
    assert_validates(registry)


def test_the_same_rows_on_a_later_day_are_still_unchanged(tmp_path: Path, registry: Path) -> None:
    source = write_csv(tmp_path / "rows.csv", spreadsheet_rows(20, BODIES, seed=3))
    assert run_import(registry, source) == 0
    before = snapshot(registry)
    later = ["--report", str(tmp_path / "again.csv")]
    assert main(["import", str(source), "--registry", str(registry), "--today", "2026-12-24", *later]) == 0
    assert {r["outcome"] for r in read_report(tmp_path / "again.csv")} == {"unchanged"}  # last_verified not compared
    assert snapshot(registry) == before
