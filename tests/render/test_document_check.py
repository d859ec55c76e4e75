"""The document check's files (certreg.render.document_check): details in the list check's blocks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from certreg.enrich.site import enrich
from certreg.load.loader import load_registry
from certreg.render.document_check import SCRIPTS, document_check_files, script_sources
from certreg.render.list_check import ORG_BLOCK, check_files

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "verify"


def files_at(day: date) -> dict[str, str]:
    """Every document-check file of the fixture registry built on `day`."""
    return dict(document_check_files(enrich(load_registry(FIXTURE), day)))


def test_details_sit_in_the_same_blocks_and_order_as_the_list_checks_rows() -> None:
    """Block b, organization i, certificate j of check/d/ is that of check/o/."""
    site = enrich(load_registry(FIXTURE), date(2026, 11, 26))
    details = dict(document_check_files(site))
    rows = dict(check_files(site))
    blocks = [name for name in rows if name.startswith("check/o/")]
    assert sorted(name.replace("/o/", "/d/") for name in blocks) == sorted(
        n for n in details if n != "check/d/bodies.json"
    )
    bodies = json.loads(details["check/d/bodies.json"])
    for name in blocks:
        for org_row, org_details in zip(
            json.loads(rows[name]), json.loads(details[name.replace("/o/", "/d/")]), strict=True
        ):
            assert len(org_row[4]) == len(org_details)
            for cert, (refs, _scope, _source, _original, _status_date, body, _edition) in zip(
                org_row[4], org_details, strict=True
            ):
                assert cert[7] == bodies[body][0]  # the same certification body
                assert [ref.split(":")[0] for ref in refs] == [site.standards[i]["code"] for i in cert[2]]
    assert json.loads(rows["check/index.json"])["block"] == ORG_BLOCK


def test_what_a_document_is_compared_with() -> None:
    """Editions, multi-paragraph scope, source, original issue, status date, body and withdrawn edition."""
    files = files_at(date(2026, 11, 26))
    bodies = json.loads(files["check/d/bodies.json"])
    assert bodies == [
        [
            "Alpha Cert GmbH",
            "certification-bodies/alpha-cert/",
            "https://alpha-cert.example",
            "https://alpha-cert.example/directory",
            "DE",
        ],
        ["Beta Certification Ltd", "certification-bodies/beta-cert/", "https://beta-cert.example", "", "GB"],
        [
            "Gamma Registrar Inc.",
            "certification-bodies/gamma-cert/",
            "https://gamma-cert.example",
            "https://gamma-cert.example/registry",
            "US",
        ],
    ]
    every = [
        cert
        for name, text in files.items()
        if name != "check/d/bodies.json"
        for org in json.loads(text)
        for cert in org
    ]
    anchor = next(cert for cert in every if cert[2].endswith("/AC-1001"))
    assert anchor == [
        ["ISO 9001:2015"],
        "Design and manufacture of precision turned parts",
        "https://alpha-cert.example/directory/AC-1001",
        "2019-03-01",
        "",
        0,
        "",
    ]
    suspended = next(cert for cert in every if cert[2].endswith("/AC-2001"))
    assert suspended[4] == "2026-10-15"
    old = next(cert for cert in every if cert[2].endswith("ISMS-2013-77"))
    assert old[0] == ["ISO/IEC 27001:2013"] and old[6]
    nord = next(cert for cert in every if cert[2].endswith("QMS-DE-000124-2025"))
    assert "\n\nIncludes the assembly" in nord[1]  # paragraphs kept as written


def test_no_file_changes_with_the_build_date() -> None:
    """A rebuild on another day writes the same bytes: nothing here says the date."""
    assert files_at(date(2026, 11, 26)) == files_at(date(2027, 3, 1))


def test_the_readers_come_from_node_modules() -> None:
    """pdf.js, its worker and jsQR are the files npm installed, under check/document/."""
    sources = script_sources(REPO)
    assert [name for name, _ in sources] == [f"check/document/{name}" for name, _ in SCRIPTS]
    assert all(path.is_file() and "node_modules" in path.parts for _, path in sources)
    version = json.loads((REPO / "node_modules" / "pdfjs-dist" / "package.json").read_text(encoding="utf-8"))["version"]
    assert version == json.loads((REPO / "package.json").read_text(encoding="utf-8"))["dependencies"]["pdfjs-dist"]
