"""`--verbose` on every command: without it a failure is one line; with it, the traceback too."""

from __future__ import annotations

from pathlib import Path

import pytest

from certreg.commands.main import build_parser, main
from tests.conftest import organization_yaml


def test_every_command_takes_verbose() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, command in commands.items():
        assert any("--verbose" in action.option_strings for action in command._actions), name


def test_a_failed_build_is_one_line_and_verbose_adds_the_traceback(make_registry, tmp_path: Path, capsys) -> None:
    registry = make_registry({"organizations/broken.yaml": organization_yaml(body="no-such-body")})
    arguments = ["build", "--registry", str(registry), "--output", str(tmp_path / "out"), "--no-cache"]
    assert main(arguments) == 1
    quiet = capsys.readouterr().err
    assert "certreg: build failed" in quiet and "Traceback" not in quiet
    assert main([*arguments, "--verbose"]) == 1
    loud = capsys.readouterr().err
    assert "Traceback (most recent call last)" in loud and "RegistryInvalidError" in loud


@pytest.mark.parametrize("verbose", [False, True])
def test_an_unreadable_registry_is_a_usage_error(tmp_path: Path, capsys, verbose: bool) -> None:
    arguments = ["validate", "--registry", str(tmp_path / "missing")] + (["--verbose"] if verbose else [])
    assert main(arguments) == 2
    err = capsys.readouterr().err
    assert err.rstrip().splitlines()[-1].startswith("certreg: ")
    assert ("Traceback" in err) is verbose
