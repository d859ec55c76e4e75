"""Helpers for tests that rewrite a kept-values store (core/kept.py) as a lying or foreign cache would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from certreg.core.kept import read_store, write_store


def rewrite(path: Path, version: str | None = None, change: Callable[[Any], Any] = lambda value: value) -> None:
    """Rewrite the store in `path` with each value changed by `change`, as written by `version` (else its own)."""
    stored, values = read_store(path)
    path.unlink()
    write_store(path, version or stored or "", {key: change(value) for key, value in values.items()})


def other_version(path: Path) -> None:
    """Keep the values but claim they were made by other code."""
    rewrite(path, "other code")


def truncate(path: Path) -> None:
    """Cut a file in half."""
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
