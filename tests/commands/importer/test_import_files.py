"""`certreg import`: encodings, --update in place, --dry-run, mappings, and writes that are never half done."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from certreg.load.loader import load_registry
from tests.commands.importer.conftest import assert_validates, csv_bytes, read_report, row, run_import, snapshot

FJORD = {
    "Supplier name": "Fjord Fisk AS",
    "City": "Ålesund",
    "VAT number": "",
    "Cert. No.": "NC-Q-1001",
    "Scope": "Processing of fresh fish",
    "Issue date": "2024-07-01",
    "Expiry date": "2027-06-30",
    "Source URL": "https://nordcert.example/sertifikater/NC-Q-1001",
}


def write(tmp_path: Path, data: bytes, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("encoding", "prefix", "named"),
    [("cp1252", b"", "Windows-1252"), ("utf-16-le", b"\xff\xfe", "UTF-16"), ("utf-8", b"\xef\xbb\xbf", "UTF-8")],
)
def test_encodings_are_detected_and_named(tmp_path: Path, registry: Path, capsys, encoding, prefix, named) -> None:
    rows = [row(**{"Supplier_name": "Müller Fräserei — Œuvre €", "Scope": "Fräsen, Drehen; „Qualität“"})]
    source = write(tmp_path, prefix + csv_bytes(rows, encoding=encoding))
    assert run_import(registry, source, "--report", str(tmp_path / "r.csv")) == 0
    assert f"certreg: read list.csv ({named}, semicolon-separated): 1 row;" in capsys.readouterr().out
    data = next(d.data for d in load_registry(registry).organizations if d.slug == "muller-fraserei-oeuvre")
    assert data["name"] == "Müller Fräserei — Œuvre €"
    assert data["certifications"][0]["scope"] == "Fräsen, Drehen; „Qualität“"
    assert [r["outcome"] for r in read_report(tmp_path / "r.csv")] == ["created"]
    assert_validates(registry)


def test_windows_1252_is_said_in_the_output(tmp_path: Path, registry: Path, capsys) -> None:
    source = write(tmp_path, csv_bytes([row(**{"Supplier_name": "Müller AS"})], encoding="cp1252"))
    assert run_import(registry, source) == 0
    assert "certreg: read list.csv (Windows-1252, semicolon-separated): 1 row;" in capsys.readouterr().out
    assert_validates(registry)


def test_update_changes_only_the_named_certificate_and_keeps_comments(tmp_path: Path, registry: Path) -> None:
    path = registry / "organizations" / "fjord-fisk.yaml"
    original = path.read_text(encoding="utf-8").replace(
        "    scope: Processing of fresh fish\n", "    scope: Processing of fresh fish  # as printed\n", 1
    )
    path.write_text(original, encoding="utf-8")
    changed = row(**{k.replace(" ", "_"): v for k, v in FJORD.items()}) | {
        "Expiry date": "2027-07-31",
        "Status": "suspended",
        "Status date": "2026-11-01",
    }
    added = row(**{k.replace(" ", "_"): v for k, v in FJORD.items()}) | {
        "Cert. No.": "NC-H-1009",
        "Standard": "ISO 45001:2018",
        "Accredited": "no",
        "Status": "",
        "Status date": "",
    }
    source = write(tmp_path, csv_bytes([changed, added]))
    assert run_import(registry, source, "--report", str(tmp_path / "r.csv"), "--set", "last_verified=2026-10-01") == 1
    assert [r["outcome"] for r in read_report(tmp_path / "r.csv")] == ["conflict", "conflict"]
    assert path.read_text(encoding="utf-8") == original  # nothing without --update
    assert (
        run_import(
            registry, source, "--report", str(tmp_path / "r.csv"), "--update", "--set", "last_verified=2026-10-01"
        )
        == 0
    )
    report = read_report(tmp_path / "r.csv")
    assert [r["outcome"] for r in report] == ["updated", "added"]
    assert "expires: 2027-06-30 → 2027-07-31" in report[0]["differences"]
    text = path.read_text(encoding="utf-8")
    first, _, third = original.split("  - certificate_number: ")
    assert text.startswith(first)  # the header comment and organization fields, byte for byte
    assert "    scope: Processing of fresh fish  # as printed\n" in text
    assert "    expires: 2027-07-31\n    status: suspended\n    status_date: 2026-11-01\n    source:" in text
    assert "  - certificate_number: " + third in text  # the other certificate untouched
    assert text.endswith(
        '  - certificate_number: NC-H-1009\n    standards: ["ISO 45001:2018"]\n    certification_body: nordcert\n'
        "    accredited: false\n    scope: Processing of fresh fish\n    issued: 2024-07-01\n    expires: 2027-06-30\n"
        "    source: https://nordcert.example/sertifikater/NC-Q-1001\n    last_verified: 2026-10-01\n"
    )
    assert_validates(registry)


def test_update_never_changes_organization_fields(tmp_path: Path, registry: Path) -> None:
    renamed = row(**{k.replace(" ", "_"): v for k, v in FJORD.items()}) | {
        "City": "Bergen",
        "Expiry date": "2027-07-31",
    }
    source = write(tmp_path, csv_bytes([renamed]))
    before = snapshot(registry)
    assert run_import(registry, source, "--report", str(tmp_path / "r.csv"), "--update") == 1
    report = read_report(tmp_path / "r.csv")
    assert report[0]["outcome"] == "conflict"
    assert "city: Ålesund → Bergen" in report[0]["differences"]
    assert "--update changes certificates only" in report[0]["differences"]
    assert snapshot(registry) == before
    assert_validates(registry)


def test_dry_run_writes_nothing_and_shows_the_files(tmp_path: Path, registry: Path, capsys) -> None:
    before = snapshot(registry)
    source = write(tmp_path, csv_bytes([row()]))
    assert run_import(registry, source, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "+++ b/" in out and "kvitfjell-verksted.yaml" in out
    assert "+  - certificate_number: NC-Q-5001\n" in out
    assert "1 file would be created, 0 would be changed" in out
    assert snapshot(registry) == before
    assert_validates(registry)


def test_map_set_and_a_mapping_file(tmp_path: Path, registry: Path) -> None:
    rows = [
        {
            "Firma": "Kvitfjell Verksted AS",
            "Land": "Norway",
            "Nr": "NC-Q-5001",
            "Regelwerk": "QMS 2015",
            "Stelle": "Nord",
            "Gültig ab": "15.01.2026",
            "Gültig bis": "14.01.2029",
            "Bereich": "Repair",
            "Bemerkung": "call back",
        }
    ]
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "columns:\n  Nr: certificate_number\n  Regelwerk: standards\n  Stelle: certification_body\n  Bereich: scope\n"
        "  Bemerkung: ''\nset:\n  accredited: 'yes'\n  source: https://nordcert.example/sertifikater\n"
        "certification_bodies:\n  Nord: nordcert\nstandards:\n  QMS: ISO 9001\n",
        encoding="utf-8",
    )
    source = write(tmp_path, csv_bytes(rows))
    assert (
        run_import(
            registry, source, "--mapping", str(mapping), "--map", "Firma=name", "--report", str(tmp_path / "r.csv")
        )
        == 0
    )
    data = next(d.data for d in load_registry(registry).organizations if d.slug == "kvitfjell-verksted")
    certificate = data["certifications"][0]
    assert (data["country"], certificate["standards"], certificate["certification_body"]) == (
        "NO",
        ["ISO 9001:2015"],
        "nordcert",
    )
    assert (certificate["accredited"], certificate["source"]) == (True, "https://nordcert.example/sertifikater")
    assert_validates(registry)


def test_an_unknown_mapped_column_or_field_is_a_usage_error(tmp_path: Path, registry: Path, capsys) -> None:
    source = write(tmp_path, csv_bytes([row()]))
    assert run_import(registry, source, "--map", "Nope=name") == 2
    assert "mapped column 'Nope' is not in the header row" in capsys.readouterr().err
    assert run_import(registry, source, "--map", "Scope=colour") == 2
    assert "'colour' is not a field" in capsys.readouterr().err


def test_an_interrupted_write_leaves_no_file_and_no_temporary(tmp_path: Path, registry: Path, monkeypatch) -> None:
    before = snapshot(registry)
    source = write(tmp_path, csv_bytes([row()]))

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_import(registry, source)
    assert snapshot(registry) == before  # no half file, no temporary file left behind
    assert_validates(registry)


def test_a_layout_the_update_does_not_know_is_refused_not_guessed(tmp_path: Path, registry: Path) -> None:
    path = registry / "organizations" / "fjord-fisk.yaml"
    flow = (
        "name: Fjord Fisk AS\ncountry: NO\ncity: Ålesund\ncertifications:\n"
        "  - {certificate_number: NC-Q-1001, standards: [ISO 9001:2015], certification_body: nordcert, accredited: true,\n"
        "     scope: Processing of fresh fish, issued: 2024-07-01, expires: 2027-06-30,\n"
        "     source: https://nordcert.example/sertifikater/NC-Q-1001, last_verified: 2026-10-01}\n"
    )
    path.write_text(flow, encoding="utf-8")
    changed = row(**{k.replace(" ", "_"): v for k, v in FJORD.items()}) | {"Expiry date": "2027-07-31"}
    source = write(tmp_path, csv_bytes([changed]))
    assert run_import(registry, source, "--update", "--report", str(tmp_path / "r.csv")) == 1
    report = read_report(tmp_path / "r.csv")
    assert report[0]["outcome"] == "refused"
    assert "written in flow style" in report[0]["problems"]
    assert path.read_text(encoding="utf-8") == flow
    assert_validates(registry)


def test_the_worked_example_of_the_docs(tmp_path: Path, capsys) -> None:
    repo = Path(__file__).parents[3]
    registry = Path(shutil.copytree(repo / "registry", tmp_path / "demo"))
    examples = repo / "docs" / "examples"
    report = tmp_path / "report.csv"
    options = ["--mapping", str(examples / "import-mapping.yaml"), "--report", str(report)]
    assert run_import(registry, examples / "import-certificates.csv", *options) == 1
    outcomes = [(r["row"], r["outcome"], r["certificate_number"]) for r in read_report(report)]
    assert outcomes == [
        ("2", "created", "NC-Q-5001"),
        ("3", "created", "NC-E-5002"),
        ("4", "conflict", "NC-Q-4410"),
        ("5", "created", "SN-Q3001"),
        ("6", "refused", "HX-007"),
        ("7", "refused", "BV-2026-77"),
    ]
    out = capsys.readouterr().out
    documented = (repo / "docs" / "import.md").read_text(encoding="utf-8")
    for line in out.splitlines()[3:]:  # the rows and the summary, as docs/import.md shows them
        assert line.replace(str(registry), "demo").replace(f"{tmp_path}/demo", "demo") in documented, line
    assert_validates(registry)


def test_tsv_and_a_named_sheet(tmp_path: Path, registry: Path, capsys) -> None:
    from openpyxl import Workbook

    source = write(tmp_path, csv_bytes([row()], delimiter="\t"), "list.tsv")
    assert run_import(registry, source, "--dry-run") == 0
    assert "(UTF-8, tab-separated): 1 row;" in capsys.readouterr().out
    workbook = Workbook()
    workbook.active.append(["Notes"])
    second = workbook.create_sheet("Certificates 2026")
    values = row(**{"Cert._No.": "007"})
    second.append(list(values))
    second.append(list(values.values()))
    workbook.save(tmp_path / "book.xlsx")
    assert run_import(registry, tmp_path / "book.xlsx", "--sheet", "Nope") == 2
    assert "has no sheet 'Nope'; its sheets are 'Sheet', 'Certificates 2026'" in capsys.readouterr().err
    assert run_import(registry, tmp_path / "book.xlsx", "--sheet", "Certificates 2026") == 0
    assert "(sheet 'Certificates 2026' of the workbook): 1 row;" in capsys.readouterr().out
    data = next(d.data for d in load_registry(registry).organizations if d.slug == "kvitfjell-verksted")
    assert data["certifications"][0]["certificate_number"] == "007"
    assert_validates(registry)
