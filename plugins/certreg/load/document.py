"""A registry file as loaded: its values as written, where each one stands, and problems located there."""

from __future__ import annotations

import marshal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from certreg.core.problems import ERROR, Problem

FieldPath = tuple[str | int, ...]
Position = tuple[int, int]


@dataclass(slots=True)
class Document:
    """One registry file: its data as written (None when unreadable) and where each value stands."""

    path: Path
    kind: str
    data: Any = None
    positions: dict[FieldPath, Position] = field(default_factory=dict)
    # Digest of the file's bytes when a cache read it (load/cache.py), "" otherwise: the key of what is
    # kept about the record between builds (validate/kept.py); no digest, nothing kept.
    digest: str = field(default="", compare=False)
    # The positions of a parse kept between builds, as `marshal` bytes, read only when asked for
    # (`field_positions`): an unchanged record's are rarely needed (a kept validation has its problems'
    # lines), and at 100,000 organizations all of them make some 4 million tuples, 500 MB.
    packed_positions: bytes = field(default=b"", compare=False, repr=False)

    @property
    def slug(self) -> str:
        """The file name without its extension: an organization's or certification body's slug."""
        return self.path.stem

    def field_positions(self) -> dict[FieldPath, Position]:
        """Where each value stands: line and column by field path (kept ones are unpacked on first use)."""
        if self.packed_positions:
            try:
                self.positions = marshal.loads(self.packed_positions)
            except (EOFError, ValueError, TypeError):  # damaged: each problem is then placed at line 1
                self.positions = {}
            self.packed_positions = b""
        return self.positions

    def position(self, field_path: FieldPath) -> Position:
        """Line and column of a field, or of its nearest ancestor that has one."""
        positions = self.field_positions()
        for end in range(len(field_path), -1, -1):
            found = positions.get(tuple(field_path[:end]))
            if found is not None:
                return found
        return (1, 1)

    def problem(self, field_path: FieldPath, code: str, message: str, hint: str = "", severity: str = ERROR) -> Problem:
        """Make a problem located at a field of this document."""
        line, column = self.position(field_path)
        return Problem(str(self.path), line, column, severity, code, dotted(field_path), message, hint)


def dotted(field_path: FieldPath) -> str:
    """`certifications[0].expires` for ("certifications", 0, "expires")."""
    text = ""
    for part in field_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def file_problem(path: Path, code: str, message: str, hint: str, line: int = 1, column: int = 1) -> Problem:
    """Make a problem about a whole file."""
    return Problem(str(path), line, column, ERROR, code, "", message, hint)
