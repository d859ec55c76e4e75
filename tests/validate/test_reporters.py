"""Reporters: a file name or key a pull request chose cannot forge a problem line or act on the terminal."""

from __future__ import annotations

import json

import pytest

from certreg.commands.main import main
from tests.conftest import organization_yaml

EVIL = "evil\n::error file=x.yaml::forged\x1b[31m\u202e"


@pytest.fixture
def registry(make_registry):
    """The core registry with a stray file and an unknown key whose names hold a line break and controls."""
    root = make_registry(
        {"organizations/b.yaml": organization_yaml(extra=f'"{EVIL.encode("unicode_escape").decode()}": x\n')}
    )
    (root / "organizations" / f"{EVIL}.txt").write_text("x", encoding="utf-8")
    return root


@pytest.mark.parametrize("output", ["text", "github"])
def test_one_line_per_problem_and_no_control_character(registry, capsys, output: str) -> None:
    assert main(["validate", "--registry", str(registry), "--today", "2026-11-26", "--format", output]) == 1
    printed = capsys.readouterr().out
    lines = printed.splitlines()
    assert len(lines) == 3  # the stray file, the unknown key, the summary
    assert "\x1b" not in printed and "\u202e" not in printed
    assert not any(line.startswith("::error file=x.yaml") for line in lines)
    assert all(line.startswith(("certreg:", "::error", "::warning", str(registry))) for line in lines)


def test_json_keeps_the_text_as_written(registry, capsys) -> None:
    main(["validate", "--registry", str(registry), "--today", "2026-11-26", "--format", "json"])
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert any(EVIL in problem["path"] for problem in problems)
