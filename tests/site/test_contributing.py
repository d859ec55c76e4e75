"""CONTRIBUTING.md: its rule table and rule documentation are exactly what `certreg rules --format markdown` prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from certreg.commands.main import EXIT_USAGE, main
from certreg.load.loader import LOAD_CODES
from certreg.validate.rules.docs import SCHEMA_CODES, anchor, parse_doc, rules_table
from certreg.validate.rules.table import RULES

ROOT = Path(__file__).resolve().parents[2]
CONTRIBUTING = ROOT / "CONTRIBUTING.md"


def rules_section() -> str:
    """The text between the rules markers of CONTRIBUTING.md."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    found = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", text, re.DOTALL)
    assert found, "CONTRIBUTING.md lacks the <!-- rules:start --> / <!-- rules:end --> markers"
    return found.group(1)


def test_rule_table_matches_the_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "markdown"]) == 0
    printed = capsys.readouterr().out
    assert rules_section() == printed, (
        "the rule table in CONTRIBUTING.md is out of date: replace it with `certreg rules --format markdown`"
    )


def test_every_code_has_a_row() -> None:
    codes = re.findall(r"^\| \[?([A-Z]+[0-9]{3})\b", rules_table(markdown=True), re.MULTILINE)
    assert set(codes) == {*LOAD_CODES, *SCHEMA_CODES, *(rule.code for rule in RULES)}
    assert set(re.findall(r"^\| \[?([A-Z]+[0-9]{3})\b", rules_section(), re.MULTILINE)) == set(codes)


def test_contributing_documents_every_rule_with_its_examples() -> None:
    section = rules_section()
    for rule in RULES:
        doc = parse_doc(rule.check.__doc__)
        assert f"### {rule.code}: {doc.title}\n" in section
        assert f"| [{rule.code}](#{anchor(f'{rule.code}: {doc.title}')}) |" in section
        for example in doc.examples:
            assert f"```yaml\n{example.text}```" in section


def test_rules_prints_one_rule_with_its_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "reg008"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("REG008 (error): ")
    assert "Passes in organizations/beta-werke.yaml:" in printed
    assert "# <- [REG008] certifications[1].certificate_number" in printed


def test_rules_prints_a_loader_code_and_refuses_an_unknown_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "YAML002"]) == 0
    assert capsys.readouterr().out == f"YAML002 (error): {LOAD_CODES['YAML002']}\n"
    assert main(["rules", "REG999"]) == EXIT_USAGE
    assert "REG999" in capsys.readouterr().err


def test_contributing_asks_for_the_source() -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    for heading in ("## Add an organization", "## Update a record", "## Remove a record", "## The evidence"):
        assert heading in text
    assert "`source`" in text


def test_rule_links_use_github_s_heading_anchors() -> None:
    assert anchor("REG014: Accredited certificate outside the body's accreditation") == (
        "reg014-accredited-certificate-outside-the-bodys-accreditation"
    )
    assert (
        anchor("REG010: Web address that is not a full http(s) URL")
        == "reg010-web-address-that-is-not-a-full-https-url"
    )


def test_rules_lists_every_code_with_its_severity(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listed = [line.split()[:2] for line in capsys.readouterr().out.splitlines()]
    expected = [[code, "error"] for code in (*LOAD_CODES, *SCHEMA_CODES)] + [[r.code, r.severity] for r in RULES]
    assert listed == expected
