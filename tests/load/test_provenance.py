"""The source commit and its dirty state: read with the one git runner, never guessed when git cannot tell."""

from __future__ import annotations

from pathlib import Path

import pytest

import certreg.load.provenance as provenance
from certreg.core.git import GitError


def fake_git(answers: dict[str, str | None]):
    def git_text(args: list[str], cwd: Path, timeout: float | None = None) -> str:
        answer = answers[args[0]]
        if answer is None:
            raise GitError(f"git {args[0]} failed: fatal: simulated")
        return answer

    return git_text


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"rev-parse": "a" * 40, "status": ""}, ("a" * 40, False)),
        ({"rev-parse": "a" * 40, "status": " M organizations/x.yaml"}, ("a" * 40, True)),
        ({"rev-parse": "a" * 40, "status": None}, ("a" * 40, None)),
        ({"rev-parse": None, "status": ""}, (None, None)),
    ],
)
def test_the_dirty_state_is_unknown_rather_than_clean_when_git_cannot_tell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers: dict[str, str | None], expected: tuple
) -> None:
    monkeypatch.setattr(provenance, "git_text", fake_git(answers))
    assert provenance.git_state(tmp_path) == expected


def test_a_missing_folder_has_no_commit(tmp_path: Path) -> None:
    assert provenance.git_state(tmp_path / "gone") == (None, None)
