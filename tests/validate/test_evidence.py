"""A certificate's evidence: a `source` page, an `evidence` line for what is not a web page, or both."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from certreg.load.loader import load_registry
from certreg.load.provenance import read_provenance
from certreg.validate.validator import validate
from tests.conftest import BUILD_DATE, organization_yaml

SOURCE_LINE = "    source: https://test-cert.example/directory/TC-0002\n"
LETTER = "Written confirmation from the certification body, letter of 3 November 2026, on file with the maintainers"
ROOT = Path(__file__).resolve().parents[2]


def certificate_with(source: bool, evidence: str | None) -> str:
    """The fixture record with or without its `source`, and with `evidence` when given."""
    text = organization_yaml()
    if not source:
        text = text.replace(SOURCE_LINE, "")
    if evidence is not None:
        text = text.replace("    last_verified:", f"    evidence: {evidence}\n    last_verified:")
    return text


def problems_for(make_registry, text: str):
    return validate(load_registry(make_registry({"organizations/b.yaml": text})), BUILD_DATE)


@pytest.mark.parametrize(
    ("source", "evidence"),
    [(True, None), (False, LETTER), (True, LETTER)],
    ids=["source only", "evidence only", "both"],
)
def test_source_or_evidence_or_both_is_enough(make_registry, source: bool, evidence: str | None) -> None:
    assert problems_for(make_registry, certificate_with(source, evidence)) == []


def test_neither_is_one_located_problem_naming_both_fields(make_registry) -> None:
    found = problems_for(make_registry, certificate_with(False, None))
    assert [(p.code, p.field, p.line) for p in found] == [("SCH003", "certifications[0]", 5)]
    assert found[0].message == "neither `source` nor `evidence` is given"
    assert "`source: https://" in found[0].hint
    assert "`evidence: Written confirmation" in found[0].hint


@pytest.mark.parametrize(
    ("value", "code", "hint_part"),
    [
        ('"first line\\nsecond line"', "REG017", "write it on one line"),
        ("|\n      a letter\n", "REG017", "write it on one line"),
        ('""', "SCH001", "not a web page"),
        (f'"{"x" * 501}"', "SCH001", "not a web page"),
    ],
    ids=["two lines", "block with a line end", "empty", "too long"],
)
def test_evidence_is_one_line_of_text(make_registry, value: str, code: str, hint_part: str) -> None:
    found = problems_for(make_registry, certificate_with(True, value))
    assert [(p.code, p.field) for p in found] == [(code, "certifications[0].evidence")]
    assert hint_part in found[0].hint


def test_evidence_is_not_taken_for_a_link(make_registry) -> None:
    # Evidence is text, never a link: text that looks like an unsafe address is no REG010 problem.
    assert problems_for(make_registry, certificate_with(True, '"javascript:alert(1) <b>x</b>"')) == []


def test_the_bundled_schema_copy_is_the_registry_one() -> None:
    bundled = (ROOT / "plugins/certreg/schemas/organization.schema.json").read_text(encoding="utf-8")
    assert (ROOT / "registry/schema/organization.schema.json").read_text(encoding="utf-8") == bundled
    assert '"evidence"' in bundled


def test_an_own_copy_of_the_previous_schema_is_still_read_as_current(make_registry) -> None:
    # The schema before `evidence` existed is the same record version: a registry keeping that copy
    # needs no migration; its stricter copy still asks every certificate for a `source`.
    previous = subprocess.run(
        ["git", "show", "2139212:plugins/certreg/schemas/organization.schema.json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if previous.returncode != 0:
        pytest.skip("the commit with the previous schema is not in this checkout")
    root = make_registry()
    schema = root / "schema"
    schema.mkdir()
    for path in (ROOT / "plugins/certreg/schemas").glob("*.json"):
        (schema / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (schema / "organization.schema.json").write_text(previous.stdout, encoding="utf-8")
    assert read_provenance(root).schema_origin == "registry"
    (root / "organizations/b.yaml").write_text(certificate_with(False, LETTER), encoding="utf-8")
    found = validate(load_registry(root), BUILD_DATE)
    assert ("SCH003", "certifications[0].source") in [(p.code, p.field) for p in found]
