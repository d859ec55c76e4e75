"""The strict loader: every guarantee, on input that would break naive PyYAML."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from certreg.load.loader import RegistryError, load_registry
from certreg.load.provenance import (
    SCHEMA_DIR,
    SCHEMA_FILES,
    SCHEMA_ORIGIN_BUNDLED,
    SCHEMA_ORIGIN_REGISTRY,
    bundled_schemas,
)
from certreg.load.strict_yaml import MAX_FILE_BYTES, load_document
from certreg.validate.validator import validate


def load_text(tmp_path: Path, text: str | bytes):
    path = tmp_path / "record.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return load_document(path, "organization")


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def test_values_arrive_as_written_where_pyyaml_would_change_them(tmp_path: Path) -> None:
    text = "country: NO\nnumber: 007\nflag: on\nanswer: yes\nratio: 1.50\nissued: 2024-05-10\nedition: 2015\n"
    assert yaml.safe_load(text)["country"] is False  # what we protect against
    document, problems = load_text(tmp_path, text)
    assert problems == []
    assert document.data == {
        "country": "NO",
        "number": "007",
        "flag": "on",
        "answer": "yes",
        "ratio": "1.50",
        "issued": "2024-05-10",
        "edition": "2015",
    }


def test_only_true_false_and_null_words_are_not_text(tmp_path: Path) -> None:
    document, _ = load_text(tmp_path, "a: true\nb: false\nc: null\nd:\ne: 'true'\nf: ~\n")
    assert document.data == {"a": True, "b": False, "c": None, "d": None, "e": "true", "f": None}


def test_duplicate_key_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    assert yaml.safe_load("expires: 2027-01-01\nexpires: 2028-01-01\n")["expires"].year == 2028
    document, problems = load_text(tmp_path, "name: A\nexpires: 2027-01-01\ncity: X\nexpires: 2028-01-01\n")
    assert codes(problems) == ["YAML002"]
    assert (problems[0].line, problems[0].column, problems[0].field) == (4, 1, "expires")
    assert "line 2" in problems[0].message and "line 4" in problems[0].message
    assert document.data["expires"] == "2027-01-01"


def test_anchors_and_aliases_are_rejected(tmp_path: Path) -> None:
    _, problems = load_text(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert codes(problems) == ["YAML003", "YAML003"]
    assert [(p.line, p.field) for p in problems] == [(1, "a"), (2, "b")]


def test_entity_expansion_is_refused_not_expanded(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b]\n"
    document, problems = load_text(tmp_path, bomb)
    assert set(codes(problems)) == {"YAML003"}
    assert document.data["c"] == [None] * 5


def test_explicit_and_custom_tags_are_rejected(tmp_path: Path) -> None:
    _, problems = load_text(tmp_path, "a: !!python/object:os.system ls\nb: !custom 1\nc: !!str 12\n")
    assert codes(problems) == ["YAML004"] * 3


def test_dates_stay_text_and_impossible_dates_are_not_silently_accepted(tmp_path: Path) -> None:
    document, problems = load_text(tmp_path, "expires: 2026-02-30\n")
    assert problems == [] and document.data["expires"] == "2026-02-30"  # the schema step rejects it


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    document, problems = load_text(tmp_path, b"\xef\xbb\xbfname: M\xc3\xbcller\r\ncity: Ulm\r\n")
    assert problems == []
    assert document.data == {"name": "Müller", "city": "Ulm"}
    assert document.positions[("city",)] == (2, 7)


def test_non_utf8_is_an_error_with_its_position(tmp_path: Path) -> None:
    _, problems = load_text(tmp_path, b"name: ok\ncity: M\xfcnchen\n")
    assert codes(problems) == ["YAML005"]
    assert (problems[0].line, problems[0].column) == (2, 8)


def test_oversized_file_is_rejected(tmp_path: Path) -> None:
    _, problems = load_text(tmp_path, "name: x\nscope: " + "a" * MAX_FILE_BYTES + "\n")
    assert codes(problems) == ["YAML006"]


def test_syntax_error_points_at_the_problem(tmp_path: Path) -> None:
    _, problems = load_text(tmp_path, "name: A\ncity: [unclosed\nx: 1\n")
    assert codes(problems) == ["YAML001"]
    assert problems[0].line >= 2


def test_two_documents_and_empty_files_are_errors(tmp_path: Path) -> None:
    assert codes(load_text(tmp_path, "name: A\n---\nname: B\n")[1]) == ["YAML001"]
    assert codes(load_text(tmp_path, "")[1]) == ["YAML001"]


def test_every_value_keeps_line_and_column(tmp_path: Path) -> None:
    text = "name: A\ncertifications:\n  - certificate_number: X-1\n    standards: [ISO 9001:2015, ISO 14001:2015]\n"
    document, _ = load_text(tmp_path, text)
    assert document.position(("certifications", 0, "certificate_number")) == (3, 25)
    assert document.position(("certifications", 0, "standards", 1)) == (4, 32)
    assert document.position(("certifications", 0, "missing")) == (3, 5)


def test_stray_files_are_reported_never_skipped(make_registry) -> None:
    root = make_registry(
        {"organizations/notes.txt": "hello", "organizations/acme.yml": "name: A\n", "extra.yaml": "a: 1\n"}
    )
    registry = load_registry(root)
    stray = sorted(Path(p.path).name for p in registry.problems if p.code == "YAML007")
    assert stray == ["acme.yml", "extra.yaml", "notes.txt"]


def test_unusable_registry_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(RegistryError):
        load_registry(tmp_path / "missing")


# --- provenance: the schemas and source commit recorded by load --------------------------------

OPENDATA_FIXTURE = Path(__file__).parents[1] / "fixtures" / "opendata"
BUNDLED_DIR = Path(__file__).parents[2] / "plugins" / "certreg" / "schemas"
DEMO_SCHEMA_DIR = Path(__file__).parents[2] / "registry" / SCHEMA_DIR


def test_load_records_the_registrys_own_schema_texts_exactly(tmp_path: Path) -> None:
    registry = shutil.copytree(OPENDATA_FIXTURE, tmp_path / "registry")
    crlf = (registry / SCHEMA_DIR / "standards.schema.json").read_bytes().replace(b"\n", b"\r\n")
    (registry / SCHEMA_DIR / "standards.schema.json").write_bytes(crlf)
    provenance = load_registry(registry).provenance
    assert provenance is not None and provenance.schema_origin == SCHEMA_ORIGIN_REGISTRY
    expected = [(path.name, path.read_bytes()) for path in sorted((registry / SCHEMA_DIR).glob("*.json"))]
    assert [(name, text.encode("utf-8")) for name, text in provenance.schemas] == expected


def test_without_a_schema_folder_load_records_the_schemas_shipped_with_certreg(tmp_path: Path) -> None:
    registry = shutil.copytree(OPENDATA_FIXTURE, tmp_path / "registry", ignore=shutil.ignore_patterns(SCHEMA_DIR))
    provenance = load_registry(registry).provenance
    assert provenance is not None and provenance.schema_origin == SCHEMA_ORIGIN_BUNDLED
    assert provenance.schema_names == tuple(sorted(SCHEMA_FILES.values()))
    assert provenance.schemas == bundled_schemas()


def test_a_schema_folder_missing_a_schema_is_refused_by_name(tmp_path: Path) -> None:
    registry = shutil.copytree(OPENDATA_FIXTURE, tmp_path / "registry")
    (registry / SCHEMA_DIR / "organization.schema.json").unlink()
    with pytest.raises(RegistryError, match=r"no organization\.schema\.json.*remove the schema/ folder"):
        load_registry(registry)


def test_a_schema_that_is_not_json_is_refused_by_name(tmp_path: Path) -> None:
    registry = shutil.copytree(OPENDATA_FIXTURE, tmp_path / "registry")
    (registry / SCHEMA_DIR / "standards.schema.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"standards\.schema\.json is not valid JSON"):
        load_registry(registry)


def test_validation_uses_the_registrys_own_schema(tmp_path: Path) -> None:
    registry = shutil.copytree(OPENDATA_FIXTURE, tmp_path / "registry")
    path = registry / SCHEMA_DIR / "organization.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["required"].append("website")
    path.write_text(json.dumps(schema), encoding="utf-8")
    problems = validate(load_registry(registry), date(2026, 11, 26))
    flagged = {Path(p.path).name for p in problems if (p.code, p.field) == ("SCH003", "website")}
    records = (registry / "organizations").glob("*.yaml")
    without = {r.name for r in records if "\nwebsite:" not in r.read_text(encoding="utf-8")}
    assert flagged == without and without


def test_the_demo_registry_schemas_are_the_bundled_schemas() -> None:
    """registry/schema/ (where the records' editor modelines point) is a copy of certreg's schemas: no drift."""
    demo = {path.name: path.read_bytes() for path in DEMO_SCHEMA_DIR.glob("*.json")}
    bundled = {path.name: path.read_bytes() for path in BUNDLED_DIR.glob("*.json")}
    assert demo == bundled, "copy plugins/certreg/schemas/*.json to registry/schema/ after editing a schema"


def test_a_registry_schema_that_adds_a_field_is_refused_before_validation(tmp_path: Path) -> None:
    registry = shutil.copytree(OPENDATA_FIXTURE, tmp_path / "registry")
    path = registry / SCHEMA_DIR / "organization.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    certificate = schema["properties"]["certifications"]["items"]
    certificate["properties"]["auditor"] = {"type": "string"}
    path.write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(RegistryError, match=r"adds field\(s\) certreg does not know: certifications\.\[\]\.auditor"):
        load_registry(registry)
