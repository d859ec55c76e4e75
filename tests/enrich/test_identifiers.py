"""The identifier schemes (certreg.enrich.identifiers): one wording, the schema's, on every page."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from certreg.enrich.identifiers import IDENTIFIER_IDS, IDENTIFIER_SCHEMES
from certreg.enrich.site import enrich
from certreg.enrich.status import PRECEDENCE
from certreg.load.loader import load_registry
from certreg.render.outputs import build_data

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = [REPO / "plugins" / "certreg" / "schemas", REPO / "registry" / "schema"]


@pytest.mark.parametrize("folder", SCHEMAS, ids=lambda path: path.parent.name)
def test_the_schema_names_every_identifier_as_the_table_does(folder: Path) -> None:
    """A maintainer reading the schema and a visitor reading a page see the same names, in the same order."""
    schema = json.loads((folder / "organization.schema.json").read_text(encoding="utf-8"))
    properties = schema["properties"]["identifiers"]["properties"]
    assert tuple(properties) == IDENTIFIER_IDS
    assert {key: value["title"] for key, value in properties.items()} == {s.id: s.label for s in IDENTIFIER_SCHEMES}


def test_build_json_carries_the_precedence_and_the_identifier_labels() -> None:
    """The browser scripts decide statuses and name identifiers from build.json alone."""
    site = enrich(load_registry(REPO / "tests" / "fixtures" / "check"), date(2026, 11, 26))
    data = json.loads(json.dumps(build_data(site)))
    assert data["precedence"] == list(PRECEDENCE)
    assert sorted(data["precedence"]) == sorted(status["id"] for status in data["statuses"])
    assert data["identifiers"] == [
        {"id": "lei", "label": "LEI"},
        {"id": "vat", "label": "VAT number"},
        {"id": "duns", "label": "D-U-N-S number"},
        {"id": "company_register", "label": "Company register number"},
    ]
