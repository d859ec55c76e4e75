"""`certreg import` from CSV and .xlsx: every row accounted for, and the registry validates afterwards."""
# ruff: noqa: RUF001 -- names in many scripts are the point of these tests

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from certreg.load.loader import load_registry
from tests.commands.importer.conftest import (
    MANY_SCRIPTS,
    SCOPE,
    assert_validates,
    csv_bytes,
    read_report,
    row,
    run_import,
    snapshot,
    write_xlsx,
)


def imported(registry: Path, tmp_path: Path, rows: list[dict[str, str]], *options: str, **kw: str) -> tuple[int, list]:
    source = tmp_path / "list.csv"
    source.write_bytes(csv_bytes(rows, **kw))
    report = tmp_path / "report.csv"
    code = run_import(registry, source, "--report", str(report), *options)
    return code, read_report(report)


def organization(registry: Path, slug: str) -> dict:
    document = next(d for d in load_registry(registry).organizations if d.slug == slug)
    return document.data


def test_csv_and_xlsx_with_the_same_rows_write_the_same_files(tmp_path: Path, registry: Path) -> None:
    other = Path(str(registry) + "-xlsx")
    shutil.copytree(registry, other)
    source = tmp_path / "list.csv"
    source.write_bytes(csv_bytes(MANY_SCRIPTS, delimiter=","))
    assert run_import(registry, source, "--report", str(tmp_path / "csv.csv")) == 0
    workbook = write_xlsx(tmp_path / "list.xlsx", MANY_SCRIPTS)
    assert run_import(other, workbook, "--report", str(tmp_path / "xlsx.csv")) == 0
    assert snapshot(registry) == snapshot(other)
    csv_report, xlsx_report = read_report(tmp_path / "csv.csv"), read_report(tmp_path / "xlsx.csv")
    assert [r["outcome"] for r in csv_report] == ["created"] * 5
    assert [(r["row"], r["certificate_number"]) for r in csv_report] == [
        (r["row"], r["certificate_number"]) for r in xlsx_report
    ]
    names = {d.data["name"]: d for d in load_registry(registry).organizations}
    assert names["株式会社山田精機"].data["certifications"][0]["certificate_number"] == "000123"
    assert names["株式会社山田精機"].data["certifications"][0]["certification_body"] == "hexagone-certification"
    assert names["ООО «Невская типография»"].data["certifications"][0]["standards"] == ["ISO/IEC 27001:2022"]
    assert names["Kvitfjell Verksted AS"].data["country"] == "NO"
    assert names["Kvitfjell Verksted AS"].data["certifications"][0]["scope"] == SCOPE
    assert_validates(registry)
    assert_validates(other)


def test_one_organization_over_several_rows_becomes_one_file(tmp_path: Path, registry: Path) -> None:
    rows = [
        row(),
        row(**{"Cert._No.": "NC-E-5002", "Standard": "ISO 14001:2015", "VAT_number": "no987654321mva"}),
        row(**{"Cert._No.": "NC-H-5003", "Standard": "ISO 45001:2018", "VAT_number": "", "Accredited": "no"}),
    ]
    code, report = imported(registry, tmp_path, rows)
    assert code == 0
    assert [(r["row"], r["outcome"], r["file"].rsplit("/", 1)[-1]) for r in report] == [
        ("2", "created", "kvitfjell-verksted.yaml"),
        ("3", "created", "kvitfjell-verksted.yaml"),
        ("4", "created", "kvitfjell-verksted.yaml"),
    ]
    data = organization(registry, "kvitfjell-verksted")
    assert [c["certificate_number"] for c in data["certifications"]] == ["NC-Q-5001", "NC-E-5002", "NC-H-5003"]
    assert data["identifiers"] == {"vat": "NO 987 654 321 MVA"}
    assert data["certifications"][2]["accredited"] is False
    assert_validates(registry)


def test_rows_naming_an_existing_organization_are_unchanged_or_conflicts(tmp_path: Path, registry: Path) -> None:
    before = snapshot(registry)
    same = row(
        **{
            "Supplier_name": "Fjord Fisk AS",
            "City": "Ålesund",
            "VAT_number": "",
            "Cert._No.": "NC-Q-1001",
            "Scope": "Processing of fresh fish",
            "Issue_date": "2024-07-01",
            "Expiry_date": "30.06.2027",
            "Source_URL": "https://nordcert.example/sertifikater/NC-Q-1001",
        }
    )
    later = same | {"Cert. No.": "nc-e-1002", "Standard": "ISO 14001:2015", "Issue date": "2024-04-01"}
    later["Source URL"] = "https://nordcert.example/sertifikater/NC-E-1002"
    new_certificate = same | {"Cert. No.": "NC-Q-1009"}
    code, report = imported(registry, tmp_path, [same, later, new_certificate], "--set", "last_verified=2026-10-01")
    assert code == 1
    assert [r["outcome"] for r in report] == ["unchanged", "conflict", "conflict"]
    assert report[1]["differences"].splitlines() == [
        "certificate_number: NC-E-1002 → nc-e-1002",
        "expires: 2027-03-31 → 2027-06-30",
    ]
    assert "the file has no certificate NC-Q-1009 (--update adds it)" in report[2]["differences"]
    assert snapshot(registry) == before
    assert_validates(registry)


def test_unknown_certification_body_is_refused_with_the_closest_names(tmp_path: Path, registry: Path) -> None:
    code, report = imported(registry, tmp_path, [row(**{"Certification_body": "Hexagon Certifications"})])
    assert code == 1
    assert report[0]["outcome"] == "refused"
    assert (
        "error: [REG003] certifications[0].certification_body: certification body 'Hexagon Certifications'"
        in (report[0]["problems"])
    )
    assert (
        "closest known: Hexagone Certification SAS (hexagone-certification); NordCert AS (nordcert)"
        in (report[0]["notes"])
    )
    assert not (registry / "organizations" / "kvitfjell-verksted.yaml").exists()
    assert_validates(registry)


@pytest.mark.parametrize(
    ("issued", "options", "code", "written"),
    [
        ("31.02.2026", [], "SCH001", None),
        ("15/01/2026", [], "SCH001", None),
        ("15/01/2026", ["--day-first"], "", "2026-01-15"),
        ("46037", [], "", "2026-01-15"),
        ("2026-01-15 09:30:00", [], "SCH001", None),
    ],
)
def test_dates(tmp_path: Path, registry: Path, issued: str, options: list[str], code: str, written: str | None) -> None:
    status, report = imported(registry, tmp_path, [row(**{"Issue_date": issued})], *options)
    if written is None:
        assert status == 1
        assert report[0]["outcome"] == "refused"
        assert f"error: [{code}] certifications[0].issued: '{issued}'" in report[0]["problems"]
        assert "issued: " in report[0]["notes"]
    else:
        assert (status, report[0]["outcome"]) == (0, "created")
        assert organization(registry, "kvitfjell-verksted")["certifications"][0]["issued"] == written
    assert_validates(registry)


def test_unknown_standard_edition_is_refused_with_the_known_editions(tmp_path: Path, registry: Path) -> None:
    rows = [row(**{"Standard": "ISO 9001:2016"}), row(**{"Cert._No.": "NC-2", "Standard": "ISO 9001"})]
    code, report = imported(registry, tmp_path, rows)
    assert code == 1
    assert [r["outcome"] for r in report] == ["refused", "refused"]
    assert "[REG002] certifications[0].standards[0]: standard 'ISO 9001:2016' is not in" in report[0]["problems"]
    assert "known editions: ISO 9001:1994, ISO 9001:2000, ISO 9001:2008, ISO 9001:2015" in report[0]["problems"]
    assert "[REG002] certifications[1].standards[0]: standard 'ISO 9001' is not in" in report[1]["problems"]
    assert "no edition given; known editions: ISO 9001:1994" in report[1]["notes"]
    assert_validates(registry)


def test_a_duplicate_certificate_number_is_refused_at_the_later_row(tmp_path: Path, registry: Path) -> None:
    rows = [
        row(),
        row(**{"Supplier_name": "Another Verksted AS", "VAT_number": "", "Cert._No.": "nc q 5001"}),
        row(**{"Supplier_name": "Third AS", "VAT_number": "", "Cert._No.": "NC-Q-1001"}),
    ]
    code, report = imported(registry, tmp_path, rows)
    assert code == 1
    assert [r["outcome"] for r in report] == ["created", "refused", "refused"]
    assert (
        "[REG008] certifications[0].certificate_number: certificate number 'nc q 5001' of nordcert"
        in (report[1]["problems"])
    )
    assert "is already used by 'NC-Q-1001' in" in report[2]["problems"]
    assert "fjord-fisk.yaml" in report[2]["problems"]
    assert_validates(registry)


def test_formulas_and_html_are_kept_as_text(tmp_path: Path, registry: Path) -> None:
    rows = [
        row(**{"Supplier_name": '<script>alert("x")</script> & Co', "Scope": '=HYPERLINK("https://evil.example","x")'}),
        row(**{"Cert._No.": "NC-2", "Supplier_name": "-2+3 Verksted AS", "VAT_number": "", "Scope": "@SUM(A1:A2)"}),
    ]
    workbook = write_xlsx(tmp_path / "list.xlsx", rows)
    report_path = tmp_path / "report.csv"
    assert run_import(registry, workbook, "--report", str(report_path)) == 0
    names = {d.data["name"]: d.data for d in load_registry(registry).organizations}
    assert names['<script>alert("x")</script> & Co']["certifications"][0]["scope"] == rows[0]["Scope"]
    assert names["-2+3 Verksted AS"]["certifications"][0]["scope"] == "@SUM(A1:A2)"
    report = read_report(report_path)
    assert "a formula, kept as its text (not calculated)" in report[0]["notes"]
    assert report[1]["name"] == "'-2+3 Verksted AS"  # neutralized for spreadsheets, as the list check does
    assert_validates(registry)


def test_an_empty_file_is_refused_and_a_header_alone_is_no_rows(tmp_path: Path, registry: Path, capsys) -> None:
    before = snapshot(registry)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert run_import(registry, empty) == 2
    assert "empty.csv is empty: it needs a header row" in capsys.readouterr().err
    header_only = tmp_path / "header.csv"
    header_only.write_bytes(csv_bytes([]))
    assert run_import(registry, header_only, "--report", str(tmp_path / "r.csv")) == 0
    assert read_report(tmp_path / "r.csv") == []
    assert (
        "certreg: 0 rows: 0 created, 0 added, 0 updated, 0 unchanged, 0 conflict, 0 refused" in capsys.readouterr().out
    )
    assert snapshot(registry) == before
    assert_validates(registry)


def test_typed_workbook_cells_read_as_the_text_a_person_sees(tmp_path: Path, registry: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    text_rows = [row(**{"Cert._No.": "000123", "Issue_date": "2026-01-15", "Expiry_date": "2029-01-14"})]
    source = tmp_path / "list.csv"
    source.write_bytes(csv_bytes(text_rows))
    other = Path(shutil.copytree(registry, tmp_path / "other"))
    assert run_import(registry, source) == 0

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(text_rows[0]))
    typed = dict(text_rows[0]) | {"Cert. No.": 123, "Issue date": datetime(2026, 1, 15), "Expiry date": 47132}
    typed["Accredited"] = True
    sheet.append(list(typed.values()))
    sheet.cell(row=2, column=5).number_format = "000000"
    workbook.save(tmp_path / "typed.xlsx")
    assert run_import(other, tmp_path / "typed.xlsx") == 0
    assert snapshot(registry) == snapshot(other)
    assert_validates(other)


def test_blank_rows_are_skipped_and_listed(tmp_path: Path, registry: Path, capsys) -> None:
    data = csv_bytes([row()]) + b";;;;;;;;;;;\r\n\r\n" + csv_bytes([row(**{"Cert._No.": "NC-2"})]).split(b"\r\n", 1)[1]
    source = tmp_path / "list.csv"
    source.write_bytes(data)
    assert run_import(registry, source, "--report", str(tmp_path / "r.csv")) == 0
    out = capsys.readouterr().out
    assert "certreg: blank rows skipped: 3, 4" in out
    assert "certreg: 2 rows: 2 created, 0 added, 0 updated, 0 unchanged, 0 conflict, 0 refused" in out
    assert [r["row"] for r in read_report(tmp_path / "r.csv")] == ["2", "5"]
    assert_validates(registry)


def test_an_unknown_standard_is_refused_with_the_closest_codes(tmp_path: Path, registry: Path) -> None:
    code, report = imported(registry, tmp_path, [row(**{"Standard": "FSSC 22000:2019"})])
    assert (code, report[0]["outcome"]) == (1, "refused")
    assert "[REG002] certifications[0].standards[0]: standard 'FSSC 22000:2019' is not in" in report[0]["problems"]
    assert "'FSSC 22000:2019': unknown standard; closest known: ISO 22000" in report[0]["notes"]
    assert_validates(registry)
