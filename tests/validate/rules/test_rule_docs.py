"""Every rule's documentation is true: its failing example gives its problems where marked, its passing one none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from certreg.core.problems import Problem
from certreg.load.loader import load_registry
from certreg.validate.rules.docs import Example, parse_doc
from certreg.validate.rules.examples import EXAMPLE_BUILD_DATE, example_file
from certreg.validate.rules.table import RULES
from certreg.validate.validator import validate

EXAMPLES = [
    pytest.param(rule.code, example, id=f"{rule.code}-{'passes' if example.passes else 'fails'}")
    for rule in RULES
    for example in parse_doc(rule.check.__doc__).examples
]


def problems_in_example(make_registry: Callable[..., Path], example: Example) -> tuple[list[Problem], list]:
    """Validate a registry holding the completed example; return the problems in its file and the markers."""
    completed = example_file(example.path, example.text)
    root = make_registry({completed.path: completed.text})
    problems = validate(load_registry(root), EXAMPLE_BUILD_DATE)
    return [p for p in problems if Path(p.path) == root / completed.path], completed.expected


@pytest.mark.parametrize("code", [rule.code for rule in RULES])
def test_every_rule_documents_a_passing_and_a_failing_example(code: str) -> None:
    rule = next(rule for rule in RULES if rule.code == code)
    doc = parse_doc(rule.check.__doc__)
    assert doc.title and doc.paragraphs, f"{code}: the docstring needs a title line and an explanation"
    assert [example.passes for example in doc.examples] == [True, False], (
        f"{code}: the docstring needs one `Passes in `path`::` and then one `Fails in `path`::` example"
    )
    markers = example_file(doc.examples[1].path, doc.examples[1].text).expected
    assert markers and {marker[0] for marker in markers} == {code}, f"{code}: mark the failing lines with its code"


@pytest.mark.parametrize(("code", "example"), EXAMPLES)
def test_documented_example_gives_exactly_the_marked_problems(
    make_registry: Callable[..., Path], code: str, example: Example
) -> None:
    found, expected = problems_in_example(make_registry, example)
    assert sorted((p.code, p.line, p.field) for p in found) == sorted(expected)
    assert example.passes == (expected == [])


def test_a_wrong_marker_is_caught(make_registry: Callable[..., Path]) -> None:
    """The check above can fail: a failing example marked on the wrong line does not match."""
    example = Example(False, "organizations/beta-werke.yaml", "country: UK\ncity: Leeds  # <- [REG009] country\n")
    found, expected = problems_in_example(make_registry, example)
    assert sorted((p.code, p.line, p.field) for p in found) != sorted(expected)


def test_an_example_is_completed_with_the_fields_it_does_not_show(make_registry: Callable[..., Path]) -> None:
    shown = (
        "name: Ørsted Præcision & Søn — Værktøjsfabrik for fræsning, drejning og slibning af præcisionsdele\n"
        "certifications:\n"
        "  - scope: |\n"
        "      Fræsning og drejning af præcisionsdele.\n"
        "      Second paragraph: название, 名称, اسم.\n"
        "    sites:\n"
        "      - name: Werk Brno\n"
        "        city: Brno\n"
        "        country: CZ\n"
    )
    completed = example_file("organizations/orsted-praecision.yaml", shown)
    registry = load_registry(make_registry({completed.path: completed.text}))
    assert validate(registry, EXAMPLE_BUILD_DATE) == []
    record = next(d.data for d in registry.organizations if d.slug == "orsted-praecision")
    certificate = record["certifications"][0]
    assert record["country"] == "DE" and record["name"].startswith("Ørsted")
    assert certificate["sites"] == [{"name": "Werk Brno", "city": "Brno", "country": "CZ"}]
    assert certificate["scope"].endswith("اسم.\n") and certificate["certificate_number"] == "TC-0002"
