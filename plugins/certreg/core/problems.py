"""Problems: the one data type every check returns and every reporter formats."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about one place in the registry (1-based line and column; 0 when unknown)."""

    path: str
    line: int
    column: int
    severity: str
    code: str
    field: str
    message: str
    hint: str = ""

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by file, then position, then rule code."""
        return (self.path, self.line, self.column, self.code, self.message)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted by (path, line, column, code), duplicates removed."""
    return sorted(set(problems), key=lambda problem: problem.sort_key)


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem is an error (warnings alone do not fail a run)."""
    return any(problem.severity == ERROR for problem in problems)
