"""The shipped registry: schemas editors can use, standards with sourced transitions, and a demo that shows every status."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from certreg.enrich.site import enrich
from certreg.load.loader import load_registry

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "registry"
SCHEMAS = sorted((REGISTRY / "schema").glob("*.json"))
MISSION_STANDARDS = {"ISO 9001", "ISO 14001", "ISO 45001", "ISO/IEC 27001", "ISO 22000", "ISO 50001"}
KNOWN_TRANSITIONS = {
    "ISO 9001:2008": "2018-09-15",
    "ISO 14001:2004": "2018-09-15",
    "OHSAS 18001:2007": "2021-09-30",
    "ISO 22000:2005": "2021-12-31",
    "ISO/IEC 27001:2013": "2025-10-31",
}


def properties(schema: dict, where: str = ""):
    """Every (path, property schema) in a schema, nested ones included."""
    for name, sub in schema.get("properties", {}).items():
        yield f"{where}.{name}", sub
        yield from properties(sub, f"{where}.{name}")
        if isinstance(sub.get("items"), dict):
            yield from properties(sub["items"], f"{where}.{name}[]")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from properties(schema[key], f"{where}{'[]' if key == 'items' else '.*'}")


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schemas_are_valid_and_document_every_property(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    undocumented = [
        where
        for where, sub in properties(schema)
        if not (sub.get("title") and sub.get("description") and sub.get("examples"))
    ]
    assert undocumented == []


def test_every_record_starts_with_a_modeline_to_an_existing_schema() -> None:
    for path in [*REGISTRY.glob("*.yaml"), *REGISTRY.glob("*/*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file(), path


def test_standards_cover_the_mission_and_cite_every_transition() -> None:
    registry = load_registry(REGISTRY)
    standards = registry.standards.data
    assert {s["code"] for s in standards} >= MISSION_STANDARDS
    editions = {f"{s['code']}:{e['edition']}": e for s in standards for e in s["editions"]}
    assert {ref: editions[ref]["transition_ends"] for ref in KNOWN_TRANSITIONS} == KNOWN_TRANSITIONS
    assert editions["ISO 50001:2011"]["transition_ends"] in ("2022-01-31", "2022-02-21")
    unsourced = [ref for ref, e in editions.items() if e.get("transition_ends") and not e.get("source")]
    assert unsourced == []
    assert "transition_ends" not in editions["ISO/IEC 27001:2022"]


def demo_site(on: date):
    return enrich(load_registry(REGISTRY), on)


def test_demo_is_large_and_varied_enough() -> None:
    site = demo_site(date(2026, 11, 26))
    assert len(site.organizations) >= 60
    assert len(site.countries) >= 20
    codes = {ref["code"] for c in site.certificates for ref in c["standard_refs"]}
    assert codes >= MISSION_STANDARDS
    assert any(len(c["standards"]) > 1 for c in site.certificates), "integrated certificates"
    assert any(c.get("sites") for c in site.certificates), "multi-site certificates"
    scripts = {"Cyrillic": "\u0400", "Greek": "\u0370", "CJK": "\u4e00", "Arabic": "\u0600"}
    for script, start in scripts.items():
        assert any(
            start <= ch <= chr(ord(start) + 0xFF) or (script == "CJK" and "\u4e00" <= ch <= "\u9fff")
            for o in site.organizations
            for ch in o["name"]
        ), script


@pytest.mark.parametrize("days", [*range(0, 730, 30), 730])
def test_demo_shows_every_status_on_any_day_of_the_next_two_years(days: int) -> None:
    on = date(2026, 11, 26) + timedelta(days=days)
    statuses = {c["effective_status"] for c in demo_site(on).certificates}
    assert {"valid", "expiring_soon", "expired", "suspended", "withdrawn", "edition_withdrawn"} <= statuses
