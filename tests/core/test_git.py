"""The one git runner: output as bytes or text; every failure one `GitError` naming the git command and git's reason."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from certreg.core.git import GitError, git, git_text, subcommand
from tests.git_fixture import init_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    init_repo(tmp_path, monkeypatch)
    (tmp_path / "Ærø «record».yaml").write_text("name: Ærø\n", encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    subprocess.run(["git", "commit", "--quiet", "-m", "first"], cwd=tmp_path, check=True)
    return tmp_path


def test_output_is_returned_as_bytes_and_as_stripped_text(repo: Path) -> None:
    head = git_text(["rev-parse", "HEAD"], repo)
    assert len(head) == 40 and head == head.strip()
    assert git(["rev-parse", "HEAD"], repo) == f"{head}\n".encode()


def test_standard_input_reaches_git(repo: Path) -> None:
    blob = git_text(["rev-parse", "HEAD:Ærø «record».yaml"], repo)
    assert git(["cat-file", "--batch"], repo, stdin=f"{blob}\n".encode()).endswith("name: Ærø\n\n".encode())


def test_a_failing_command_names_itself_and_gits_reason(repo: Path) -> None:
    with pytest.raises(GitError) as caught:
        git(["-c", "core.quotePath=false", "rev-parse", "--verify", "no-such-revision"], repo)
    message = str(caught.value)
    assert message.startswith("git rev-parse failed: ")
    assert "no-such-revision" in message or "Needed a single revision" in message


def test_a_folder_outside_git_is_a_git_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(GitError, match=r"^git rev-parse failed: .*not a git repository"):
        git(["rev-parse", "--show-toplevel"], tmp_path)


def test_git_missing_from_the_path_is_a_git_error_not_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert shutil.which("git", path=os.environ["PATH"]) is None
    with pytest.raises(GitError, match=r"^git status could not run: "):
        git(["status"], tmp_path)


def test_a_missing_working_folder_is_a_git_error(tmp_path: Path) -> None:
    with pytest.raises(GitError, match=r"^git status could not run: "):
        git(["status"], tmp_path / "gone")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["log", "--raw"], "log"),
        (["-c", "core.quotePath=false", "log"], "log"),
        (["-C", "some/folder", "status", "--porcelain"], "status"),
        (["--no-pager", "cat-file", "--batch"], "cat-file"),
        (["--version"], "(no command)"),
    ],
)
def test_the_command_named_in_errors_skips_gits_own_options(args: list[str], expected: str) -> None:
    assert subcommand(args) == expected
