"""Git repositories for tests: a fixed identity and no user or system configuration, on any machine."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

GIT_ENV = {
    "GIT_AUTHOR_NAME": "certreg tests",
    "GIT_AUTHOR_EMAIL": "tests@certreg.example",
    "GIT_COMMITTER_NAME": "certreg tests",
    "GIT_COMMITTER_EMAIL": "tests@certreg.example",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": "/dev/null",
}


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` with a fixed identity, so commits work on a clean machine."""
    result = subprocess.run(
        ["git", *args],
        cwd=repo,
        env={"PATH": "/usr/bin:/bin", "HOME": str(repo), **GIT_ENV},
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def init_repo(repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make `repo` an empty git repository on `main`, with the fixed identity also for the code under test."""
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "--quiet", "--initial-branch=main")
    return repo
