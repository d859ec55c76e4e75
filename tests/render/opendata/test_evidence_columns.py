"""The evidence field in the open data: the last CSV column, and described where the source is."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import certreg.render.opendata.files as opendata
from certreg.enrich.site import enrich
from certreg.load.loader import load_registry
from certreg.render.opendata.fields import CSV_HEADER
from certreg.validate.validator import validate
from tests.render.opendata.test_opendata import BUILD_DATE, options_for, strict_validator, without_own_schemas

# The columns as published before `evidence` existed: their positions must not move.
PUBLISHED_BEFORE = [
    "organization_slug",
    "organization_name",
    "country",
    "city",
    "certificate_number",
    "standards",
    "certification_body",
    "certification_body_name",
    "accredited",
    "accreditation_body",
    "accreditation_number",
    "scope",
    "sectors",
    "site_count",
    "sites",
    "original_issue",
    "issued",
    "expires",
    "status",
    "status_date",
    "status_note",
    "source",
    "last_verified",
    "effective_status",
    "status_reason",
    "needs_reverification",
    "certificate_url",
]
EVIDENCE = 'Letter of 3 November 2026, "on file"; =1+1, <b>x</b> | a,b'


def test_evidence_is_appended_after_every_published_column() -> None:
    assert list(CSV_HEADER) == [*PUBLISHED_BEFORE, "evidence"]


def evidence_files(tmp_path: Path) -> dict[str, str]:
    """The open data of the fixture with one certificate checked by letter only and one with both."""
    registry = without_own_schemas(tmp_path)
    letter_only = registry / "organizations" / "nordlys-data.yaml"
    text = letter_only.read_text(encoding="utf-8")
    text = text.replace("    source: https://beta-cert.example/BC-0005\n", f"    evidence: {json.dumps(EVIDENCE)}\n")
    letter_only.write_text(text, encoding="utf-8")
    both = registry / "organizations" / "sakura-seiko.yaml"
    source = "    source: https://alpha-cert.example/directory/AC-0002\n"
    both.write_text(
        both.read_text(encoding="utf-8").replace(source, f"{source}    evidence: {json.dumps(EVIDENCE)}\n"), "utf-8"
    )
    loaded = load_registry(registry)
    assert [p for p in validate(loaded, BUILD_DATE) if p.severity == "error"] == []
    return dict(opendata.opendata_files(enrich(loaded, BUILD_DATE), options_for()))


def test_evidence_is_in_json_and_csv_as_written_and_documented(tmp_path: Path) -> None:
    files = evidence_files(tmp_path)
    rows = {r["organization_slug"]: r for r in csv.DictReader(io.StringIO(files["api/v1/certificates.csv"]))}
    assert (rows["nordlys-data"]["source"], rows["nordlys-data"]["evidence"]) == ("", EVIDENCE)
    assert rows["sakura-seiko"]["evidence"] == EVIDENCE
    assert rows["smith-quality"]["evidence"] == ""
    registry = json.loads(files["api/v1/registry.json"])
    by_slug = {o["slug"]: o for o in registry["organizations"]}
    letter = by_slug["nordlys-data"]["certifications"][0]
    assert letter["evidence"] == EVIDENCE and "source" not in letter
    strict_validator(files, "Registry").validate(registry)
    document = json.loads(files["api/v1/organizations/nordlys-data.json"])
    strict_validator(files, "OrganizationDocument").validate(document)
    assert document["organization"]["certifications"][0]["evidence"] == EVIDENCE


def test_openapi_and_data_package_describe_evidence_and_an_optional_source(tmp_path: Path) -> None:
    files = evidence_files(tmp_path)
    certificate = json.loads(files["api/v1/openapi.json"])["components"]["schemas"]["Certificate"]
    assert certificate["properties"]["evidence"] == {
        "$ref": "schema/organization.schema.json#/properties/certifications/items/properties/evidence"
    }
    assert "evidence" not in certificate["required"] and "source" not in certificate["required"]
    schema = json.loads(files["api/v1/schema/organization.schema.json"])
    assert "not a web page" in schema["properties"]["certifications"]["items"]["properties"]["evidence"]["description"]
    package = json.loads(files["api/v1/datapackage.json"])
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert list(fields)[-1] == "evidence"
    assert "not a web page" in fields["evidence"]["description"]
    assert "required" not in fields["evidence"].get("constraints", {})
    assert "required" not in fields["source"].get("constraints", {})
