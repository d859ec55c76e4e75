"""Fixtures of the build tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.writers import Writer


@pytest.fixture
def renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A log of every page rendered, one path a line; a file, so render processes add to it too."""
    log = tmp_path / "renders.log"
    log.touch()
    original = Writer.write_file

    def spy(self: Writer, name: str, *args: object, **kwargs: object) -> object:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(name + "\n")
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(Writer, "write_file", spy)
    return log
