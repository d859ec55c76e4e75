"""Helpers for the import tests: a registry copy with two certification bodies, and spreadsheets written three ways."""
# ruff: noqa: RUF001 -- names in many scripts are the point of these tests

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import pytest

from certreg.commands.main import main
from certreg.load.loader import load_registry
from certreg.validate.validator import validate

FIXTURE = Path(__file__).parents[2] / "fixtures" / "maintain" / "registry-a"
TODAY = "2026-11-26"
HEADER = [
    "Supplier name",
    "Country",
    "City",
    "VAT number",
    "Cert. No.",
    "Standard",
    "Certification body",
    "Accredited",
    "Scope",
    "Issue date",
    "Expiry date",
    "Source URL",
]
HEXAGONE = """\
# yaml-language-server: $schema=../schema/certification-body.schema.json
name: Hexagone Certification SAS
country: FR
website: https://www.hexagone-certification.example
accreditations:
  - accreditation_body: norsk-akkreditering
    number: "0007"
    standards: [ISO 9001, ISO 14001, ISO 45001, ISO/IEC 27001]
    status: active
"""
SCOPE = (
    "Design, manufacture and repair of hydraulic systems for fishing vessels, including:\n"
    '- winches & cranes (up to 40 t);\n- "deck machinery" <b>and</b> controls\n\n'
    "Second paragraph: service at sea, 24/7, under contract #12 — ÆØÅ."
)


def row(**values: str) -> dict[str, str]:
    """One certificate row with real-data shapes; keyword arguments override columns (underscores for spaces)."""
    base = {
        "Supplier name": "Kvitfjell Verksted AS",
        "Country": "NO",
        "City": "Hammerfest",
        "VAT number": "NO 987 654 321 MVA",
        "Cert. No.": "NC-Q-5001",
        "Standard": "ISO 9001:2015",
        "Certification body": "NordCert AS",
        "Accredited": "yes",
        "Scope": SCOPE,
        "Issue date": "15.01.2026",
        "Expiry date": "2029-01-14",
        "Source URL": "https://nordcert.example/sertifikater/NC-Q-5001",
    }
    return base | {key.replace("_", " "): value for key, value in values.items()}


MANY_SCRIPTS = [
    row(),
    row(**{"Cert._No.": "NC-E-5002", "Standard": "ISO 14001:2015", "VAT_number": "NO987654321MVA"}),
    row(
        **{
            "Supplier_name": "株式会社山田精機",
            "Country": "JP",
            "City": "名古屋",
            "VAT_number": "",
            "Cert._No.": "000123",
            "Certification_body": "hexagone certification",
            "Scope": "歯車の研削および熱処理",
            "Source_URL": "https://hexagone-certification.example/c/000123",
        }
    ),
    row(
        **{
            "Supplier_name": "ООО «Невская типография»",
            "Country": "RU",
            "City": "Санкт-Петербург",
            "VAT_number": "",
            "Cert._No.": "ABCDEF",
            "Standard": "ISO/IEC 27001:2022",
            "Certification_body": "Hexagone Certification",
            "Scope": "Печать и переплёт книг",
            "Source_URL": "https://hexagone-certification.example/c/ABCDEF",
        }
    ),
    row(
        **{
            "Supplier_name": "شركة النخبة للبلاستيك",
            "Country": "SA",
            "City": "الرياض",
            "VAT_number": "",
            "Cert._No.": "HX-2026-000000000000000000042",
            "Standard": "ISO 45001:2018",
            "Certification_body": "hexagone-certification",
            "Scope": "تصنيع العبوات البلاستيكية",
            "Source_URL": "https://hexagone-certification.example/c/42",
        }
    ),
]


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """A copy of the small fixture registry with a second certification body."""
    copy = Path(shutil.copytree(FIXTURE, tmp_path / "registry"))
    (copy / "certification-bodies" / "hexagone-certification.yaml").write_text(HEXAGONE, encoding="utf-8")
    return copy


def csv_bytes(rows: list[dict[str, str]], delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    """Rows as delimited text, header first, in an encoding."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    header = list(rows[0]) if rows else HEADER
    writer.writerow(header)
    writer.writerows([[r.get(column, "") for column in header] for r in rows])
    return buffer.getvalue().encode(encoding)


def write_xlsx(path: Path, rows: list[dict[str, str]], title: str = "Certificates") -> Path:
    """Rows as the first sheet of a workbook, written with openpyxl."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    header = list(rows[0])
    sheet.append(header)
    for values in rows:
        sheet.append([values[column] for column in header])
    workbook.save(path)
    return path


def run_import(registry: Path, source: Path, *options: str) -> int:
    """Run `certreg import` on the registry."""
    return main(["import", str(source), "--registry", str(registry), "--today", TODAY, *options])


def read_report(path: Path) -> list[dict[str, str]]:
    """The CSV report parsed back with the csv module."""
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def assert_validates(registry: Path) -> None:
    """The registry validates: no problem at all, and `certreg validate` exits 0."""
    assert validate(load_registry(registry), date(2026, 11, 26)) == []
    assert main(["validate", "--registry", str(registry), "--today", TODAY]) == 0


def snapshot(registry: Path) -> dict[str, bytes]:
    """Every file of the registry's organizations folder, by name."""
    return {p.name: p.read_bytes() for p in sorted((registry / "organizations").iterdir())}
