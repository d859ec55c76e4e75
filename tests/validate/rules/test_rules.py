"""Every named rule and schema check: the core fixture passes, and one small change makes each one fire."""

from __future__ import annotations

from pathlib import Path

import pytest

from certreg.load.loader import load_registry
from certreg.validate.rules.table import CYCLE_GRACE_DAYS, MAX_ISSUE_DAYS_AHEAD, RULES
from certreg.validate.validator import validate
from tests.conftest import BUILD_DATE, organization_yaml

BODY_2 = """\
name: Other Cert
country: FR
website: https://other.example
accreditations:
  - accreditation_body: {ab}
    number: X-1
    standards: [{codes}]
    status: active
"""

# code -> (files to add, expected (file name, line, field) of the problem)
FAILING: dict[str, tuple[dict[str, str], tuple[str, int, str]]] = {
    "REG001": ({"organizations/Bad_Name.yaml": organization_yaml()}, ("Bad_Name.yaml", 1, "")),
    "REG002": (
        {"organizations/b.yaml": organization_yaml(standards="ISO 9001:2016")},
        ("b.yaml", 6, "certifications[0].standards[0]"),
    ),
    "REG003": (
        {"organizations/b.yaml": organization_yaml(body="nobody")},
        ("b.yaml", 7, "certifications[0].certification_body"),
    ),
    "REG004": (
        {"certification-bodies/other.yaml": BODY_2.format(ab="nope", codes="ISO 9001")},
        ("other.yaml", 5, "accreditations[0].accreditation_body"),
    ),
    "REG005": (
        {"organizations/b.yaml": organization_yaml(issued="2025-03-01", expires="2025-02-28")},
        ("b.yaml", 11, "certifications[0].expires"),
    ),
    "REG006": (
        {"organizations/b.yaml": organization_yaml(issued="2026-12-04", expires="2029-12-03")},
        ("b.yaml", 10, "certifications[0].issued"),
    ),
    "REG007": (
        {"organizations/b.yaml": organization_yaml().replace("    issued:", "    status: suspended\n    issued:")},
        ("b.yaml", 5, "certifications[0].status_date"),
    ),
    "REG008": (
        {"organizations/b.yaml": organization_yaml(number="tc 0001")},
        ("b.yaml", 5, "certifications[0].certificate_number"),
    ),
    "REG009": ({"organizations/b.yaml": organization_yaml(country="XX")}, ("b.yaml", 2, "country")),
    "REG010": (
        {"organizations/b.yaml": organization_yaml(extra="website: javascript://alert(1)\n")},
        ("b.yaml", 4, "website"),
    ),
    "REG011": (
        {"organizations/b.yaml": organization_yaml(issued="2025-01-01", expires="2028-03-01")},
        ("b.yaml", 11, "certifications[0].expires"),
    ),
    "REG012": ({"organizations/b.yaml": organization_yaml(name="ACME präzision AG")}, ("b.yaml", 1, "name")),
    "REG013": (
        {
            "organizations/b.yaml": organization_yaml(
                standards="ISO/IEC 27001:2013", issued="2025-11-03", expires="2028-11-02"
            )
        },
        ("b.yaml", 6, "certifications[0].standards[0]"),
    ),
    "REG014": (
        {"organizations/b.yaml": organization_yaml(standards="ISO 45001:2018")},
        ("b.yaml", 6, "certifications[0].standards[0]"),
    ),
    "REG015": (
        {"organizations/b.yaml": organization_yaml(verified="2026-11-27")},
        ("b.yaml", 13, "certifications[0].last_verified"),
    ),
    "REG016": (
        {
            "standards.yaml": "- code: ISO 9001\n  title: Q\n  system: Quality management\n  editions:\n"
            "    - {edition: '2015', published: 2015-09-15}\n    - {edition: '2015', published: 2015-09-15}\n"
        },
        ("standards.yaml", 6, "[0].editions[1]"),
    ),
    "REG017": ({"organizations/b.yaml": organization_yaml(name='"Beta\\x1bWerke"')}, ("b.yaml", 1, "name")),
    "REG018": ({"organizations/b.yaml": organization_yaml(name='"Beta\\u00adWerke"')}, ("b.yaml", 1, "name")),
    "REG019": ({"organizations/b.yaml": organization_yaml(name="B\u0435ta Werke")}, ("b.yaml", 1, "name")),
    "REG020": (
        {
            "standards.yaml": "- code: ISO 9001\n  title: Q\n  system: Quality management\n  editions:\n"
            "    - {edition: '2015', published: 2015-09-15}\n- code: ISO-9001\n  title: Q\n  system: Q\n"
            "  editions:\n    - {edition: '2008', published: 2008-11-14}\n"
        },
        ("standards.yaml", 6, "[1].code"),
    ),
    "REG021": (
        {"organizations/b.yaml": organization_yaml(number="X" * 81)},
        ("b.yaml", 5, "certifications[0].certificate_number"),
    ),
}


def problems_for(make_registry, files: dict[str, str]):
    return validate(load_registry(make_registry(files)), BUILD_DATE)


def test_core_fixture_has_no_problems(make_registry) -> None:
    assert problems_for(make_registry, {"organizations/b.yaml": organization_yaml()}) == []


def test_every_rule_has_a_failing_fixture() -> None:
    assert sorted(FAILING) == sorted(rule.code for rule in RULES)


@pytest.mark.parametrize("code", sorted(FAILING))
def test_rule_fires_at_the_field(make_registry, code: str) -> None:
    files, (name, line, field) = FAILING[code]
    found = [p for p in problems_for(make_registry, files) if p.code == code]
    assert [(Path(p.path).name, p.line, p.field) for p in found] == [(name, line, field)]
    rule = next(r for r in RULES if r.code == code)
    assert all(p.severity == rule.severity and p.hint for p in found)


def test_a_withdrawn_accreditation_does_not_cover_an_accredited_certificate(make_registry) -> None:
    body = BODY_2.format(ab="dakks", codes="ISO 9001").replace("status: active", "status: withdrawn")
    files = {"certification-bodies/other.yaml": body, "organizations/b.yaml": organization_yaml(body="other")}
    assert [p.code for p in problems_for(make_registry, files)] == ["REG014"]


@pytest.mark.parametrize(
    "url", ["https://x.example/a?q=<b>", 'https://x.example/"', "https://x.example/a b", "http:///path"]
)
def test_urls_a_page_cannot_link_to_safely_are_errors(make_registry, url: str) -> None:
    found = problems_for(make_registry, {"organizations/b.yaml": organization_yaml(extra=f"website: '{url}'\n")})
    assert [p.code for p in found] == ["REG010"]


def test_duplicate_certificate_number_names_both_files(make_registry) -> None:
    found = [p for p in problems_for(make_registry, FAILING["REG008"][0]) if p.code == "REG008"]
    assert "acme-gmbh.yaml" in found[0].message


def test_issue_limit_and_cycle_grace_are_inclusive(make_registry) -> None:
    on_limit = organization_yaml(issued="2026-12-03", expires="2029-12-02")  # build date + 7 days
    assert MAX_ISSUE_DAYS_AHEAD == 7
    assert problems_for(make_registry, {"organizations/b.yaml": on_limit}) == []
    longest = organization_yaml(issued="2025-01-01", expires="2028-01-31")  # three years + 30 days
    assert CYCLE_GRACE_DAYS == 30
    assert problems_for(make_registry, {"organizations/b.yaml": longest}) == []


@pytest.mark.parametrize(
    ("text", "code", "field", "hint_part"),
    [
        (
            organization_yaml().replace("    expires: 2028-02-28\n", ""),
            "SCH003",
            "certifications[0].expires",
            "expires",
        ),
        (organization_yaml(expires="2028-02-30"), "SCH001", "certifications[0].expires", "calendar date"),
        (
            organization_yaml().replace("accredited: true", "accredited: yes"),
            "SCH001",
            "certifications[0].accredited",
            "",
        ),
        (organization_yaml(country="de"), "SCH001", "country", ""),
    ],
)
def test_schema_problems_are_located_and_explained(
    make_registry, text: str, code: str, field: str, hint_part: str
) -> None:
    found = problems_for(make_registry, {"organizations/b.yaml": text})
    assert [(p.code, p.field) for p in found] == [(code, field)]
    assert hint_part in found[0].hint


def test_a_field_is_reported_once_in_the_rule_s_words(make_registry) -> None:
    found = problems_for(make_registry, {"organizations/b.yaml": organization_yaml(extra="website: ftp://x.example\n")})
    assert [p.code for p in found] == ["REG010"]


def test_a_misspelt_field_is_reported_with_a_suggestion_and_the_missing_one(make_registry) -> None:
    found = problems_for(make_registry, {"organizations/b.yaml": organization_yaml().replace("expires:", "expirs:")})
    assert [(p.code, p.field) for p in found] == [
        ("SCH003", "certifications[0].expires"),
        ("SCH002", "certifications[0].expirs"),
    ]
    assert found[1].hint == "did you mean `expires`?"
