"""Reporters: the only code that turns problems into text (plain, JSON or GitHub annotations)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from certreg.core.problems import ERROR, WARNING, Problem


def display_path(path: str, cwd: Path | None = None) -> str:
    """Show the path relative to the current directory when that is shorter, with forward slashes."""
    try:
        relative = os.path.relpath(path, cwd or Path.cwd())
    except ValueError:
        relative = path
    chosen = relative if not relative.startswith("../../") else str(Path(path).resolve())
    return chosen.replace(os.sep, "/")


def summary_line(problems: Sequence[Problem], files: int | None = None) -> str:
    """`2 errors, 1 warning in 3 files` or `no problems`."""
    errors = sum(p.severity == ERROR for p in problems)
    warnings = sum(p.severity == WARNING for p in problems)
    if not problems:
        checked = f" ({files} files checked)" if files is not None else ""
        return f"certreg: no problems{checked}"
    paths = len({p.path for p in problems})
    plural = lambda n, word: f"{n} {word}" + ("" if n == 1 else "s")  # noqa: E731
    return f"certreg: {plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(paths, 'file')}"


def visible(text: str) -> str:
    r"""Show every character a terminal or log would act on or hide (controls, bidi, separators) as an escape.

    A file name or key that a pull request chose then cannot start a new line, colour the log or reorder
    it: a line break in a file name is printed as `\n`, an escape character as `\x1b`.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)


def text_line(problem: Problem, cwd: Path | None = None) -> str:
    """`path:line:col: error: [REG005] field: message (hint)`, every hidden or control character escaped."""
    field = f"{problem.field}: " if problem.field else ""
    hint = f" (fix: {problem.hint})" if problem.hint else ""
    where = f"{display_path(problem.path, cwd)}:{problem.line}:{problem.column}"
    return visible(f"{where}: {problem.severity}: [{problem.code}] {field}{problem.message}{hint}")


def text_report(problems: Sequence[Problem], cwd: Path | None = None, files: int | None = None) -> str:
    """One line per problem and a summary line."""
    return "".join(text_line(p, cwd) + "\n" for p in problems) + summary_line(problems, files) + "\n"


def json_report(problems: Sequence[Problem], cwd: Path | None = None, files: int | None = None) -> str:
    """Render the problems as JSON objects, with counts."""
    items = [
        {
            "path": display_path(p.path, cwd),
            "line": p.line,
            "column": p.column,
            "severity": p.severity,
            "code": p.code,
            "field": p.field,
            "message": p.message,
            "hint": p.hint,
        }
        for p in problems
    ]
    counts = {
        "errors": sum(p.severity == ERROR for p in problems),
        "warnings": sum(p.severity == WARNING for p in problems),
    }
    return (
        json.dumps({"problems": items, "counts": counts, "files_checked": files}, ensure_ascii=False, indent=2) + "\n"
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_report(problems: Sequence[Problem], cwd: Path | None = None, files: int | None = None) -> str:
    """GitHub workflow commands, so problems show inline on a pull request's diff."""
    lines = []
    for p in problems:
        command = "error" if p.severity == ERROR else "warning"
        properties = (
            f"file={_escape_property(visible(display_path(p.path, cwd)))},line={p.line},col={p.column},"
            f"title={_escape_property(visible(p.code + (' ' + p.field if p.field else '')))}"
        )
        hint = f" (fix: {p.hint})" if p.hint else ""
        lines.append(f"::{command} {properties}::{_escape_data(visible(p.message + hint))}\n")
    return "".join(lines) + summary_line(problems, files) + "\n"


REPORTERS: dict[str, Callable[..., str]] = {"text": text_report, "json": json_report, "github": github_report}
