"""The one way certreg runs git: `git(args, cwd)` returns git's output or raises `GitError` with git's message.

History, provenance and `certreg diff` all read the repository through here, so a missing git, a
folder outside a repository and a bad revision fail the same way, each caller deciding what that means
(no history section, a null commit, a usage error).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path


class GitError(Exception):
    """git is not installed, did not finish, or failed; the message names the git command and git's reason."""


def git(args: Sequence[str], cwd: Path, stdin: bytes | None = None, timeout: float | None = None) -> bytes:
    """Run `git args` in `cwd` and return its standard output; raise GitError when it cannot run or fails."""
    try:
        result = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False, timeout=timeout)
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitError(f"git {subcommand(args)} could not run: {exc}") from exc
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {subcommand(args)} failed: {lines[-1] if lines else f'exit {result.returncode}'}")
    return result.stdout


def git_text(args: Sequence[str], cwd: Path, timeout: float | None = None) -> str:
    """Run `git args` in `cwd` and return its output as stripped text; raise GitError as `git` does."""
    return git(args, cwd, timeout=timeout).decode("utf-8").strip()


def subcommand(args: Sequence[str]) -> str:
    """Return the git command among the arguments: `log` in `-c core.quotePath=false log --raw`."""
    skip_next = False
    for arg in args:
        if skip_next or arg.startswith("-"):
            skip_next = arg in ("-c", "-C")
            continue
        return arg
    return "(no command)"
