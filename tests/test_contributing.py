"""CONTRIBUTING.md: its rule table is exactly what `certreg rules --format markdown` prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from certreg.cli import main, rules_table
from certreg.load import LOAD_CODES
from certreg.rules import RULES

ROOT = Path(__file__).resolve().parents[1]
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
    codes = re.findall(r"^\| ([A-Z]+[0-9]{3}) \|", rules_table(markdown=True), re.MULTILINE)
    assert set(codes) >= {*LOAD_CODES, *(rule.code for rule in RULES)}
    assert set(re.findall(r"^\| ([A-Z]+[0-9]{3}) \|", rules_section(), re.MULTILINE)) == set(codes)


def test_contributing_asks_for_the_source() -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    for heading in ("## Add an organization", "## Update a record", "## Remove a record", "## The evidence"):
        assert heading in text
    assert "`source`" in text
