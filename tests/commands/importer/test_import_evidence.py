"""`certreg import`: an evidence column, beside or instead of the source column."""

from __future__ import annotations

from pathlib import Path

from certreg.core.headers import header_field
from certreg.load.loader import load_registry
from tests.commands.importer.conftest import assert_validates, csv_bytes, read_report, row, run_import, write_xlsx

LETTER = 'Written confirmation from NordCert AS, letter of 3 November 2026; "on file" <b>#7</b>'


def test_evidence_headers_name_the_evidence_field_not_the_source() -> None:
    assert [header_field(h) for h in ("Evidence", "Written confirmation", "Nachweis", "Source URL")] == [
        "evidence",
        "evidence",
        "evidence",
        "source",
    ]


def test_an_evidence_column_is_imported_with_or_without_a_source(tmp_path: Path, registry: Path) -> None:
    rows = [
        row(**{"Source_URL": "", "Evidence": LETTER}),
        row(**{"Cert._No.": "NC-E-5002", "Standard": "ISO 14001:2015", "Evidence": LETTER}),
        row(**{"Cert._No.": "NC-H-5003", "Standard": "ISO 45001:2018", "Evidence": ""}),
    ]
    source = tmp_path / "list.csv"
    source.write_bytes(csv_bytes(rows))
    assert run_import(registry, source, "--report", str(tmp_path / "report.csv")) == 0
    assert [r["outcome"] for r in read_report(tmp_path / "report.csv")] == ["created"] * 3
    data = next(d.data for d in load_registry(registry).organizations if d.slug == "kvitfjell-verksted")
    checked = [(c.get("source"), c.get("evidence")) for c in data["certifications"]]
    assert checked == [
        (None, LETTER),
        ("https://nordcert.example/sertifikater/NC-Q-5001", LETTER),
        ("https://nordcert.example/sertifikater/NC-Q-5001", None),
    ]
    assert_validates(registry)


def test_a_row_with_neither_is_refused_naming_both(tmp_path: Path, registry: Path, capsys) -> None:
    workbook = write_xlsx(tmp_path / "list.xlsx", [row(**{"Source_URL": "", "Evidence": ""})])
    before = sorted(p.name for p in (registry / "organizations").iterdir())
    code = run_import(registry, workbook, "--report", str(tmp_path / "report.csv"))
    report = read_report(tmp_path / "report.csv")
    assert code != 0
    assert report[0]["outcome"] == "refused"
    assert "[SCH003] certifications[0]: neither `source` nor `evidence` is given" in capsys.readouterr().out
    assert sorted(p.name for p in (registry / "organizations").iterdir()) == before
