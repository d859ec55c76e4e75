"""What the import prints and writes: one line per row, the CSV report, the summary, and atomic file writes.

The CSV report is for spreadsheets, so it follows the list check's download (`check-csv.js`): every
cell quoted, a cell that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
carriage return) gets a leading apostrophe, UTF-8 with a byte-order mark and CRLF line ends.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from certreg.commands.importer.plan import OUTCOMES, Outcome
from certreg.core.text import plural
from certreg.validate.reporters import display_path, text_line

REPORT_HEADER = ("row", "outcome", "file", "certificate_number", "name", "differences", "problems", "notes")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def row_lines(outcome: Outcome, show: Callable[[str], str] = display_path) -> list[str]:
    """The printed lines of one row: what happened, then each difference, problem and note indented."""
    where = f" {show(str(outcome.path))}" if outcome.path else ""
    number = f" ({outcome.candidate.number})" if outcome.candidate.number else ""
    lines = [f"row {outcome.candidate.row.number}: {outcome.outcome}{where}{number}"]
    lines += [f"  differs: {difference}" for difference in outcome.differences]
    lines += [f"  {text_line(problem)}" for problem in outcome.problems]
    lines += [f"  note: {note}" for note in outcome.candidate.notes]
    return lines


def report_row(outcome: Outcome, show: Callable[[str], str] = display_path) -> list[str]:
    """One row of the CSV report."""
    name = outcome.candidate.organization.get("name")
    return [
        str(outcome.candidate.row.number),
        outcome.outcome,
        show(str(outcome.path)) if outcome.path else "",
        outcome.candidate.number,
        name if isinstance(name, str) else "",
        "\n".join(outcome.differences),
        "\n".join(text_line(problem) for problem in outcome.problems),
        "\n".join(outcome.candidate.notes),
    ]


def csv_cell(text: str) -> str:
    """A cell quoted, with a leading apostrophe when a spreadsheet would read it as a formula."""
    if text.startswith(FORMULA_START):
        text = "'" + text
    return '"' + text.replace('"', '""') + '"'


def report_text(outcomes: Iterable[Outcome], show: Callable[[str], str] = display_path) -> str:
    """The whole CSV report, header first."""
    rows = [list(REPORT_HEADER), *(report_row(outcome, show) for outcome in outcomes)]
    return "\ufeff" + "".join(",".join(csv_cell(cell) for cell in row) + "\r\n" for row in rows)


def summary(outcomes: list[Outcome], files_created: int, files_changed: int, dry_run: bool) -> str:
    """`12 rows: 10 created, … (files …)`: the counts always add up to the rows."""
    counts = Counter(outcome.outcome for outcome in outcomes)
    parts = ", ".join(f"{counts[name]} {name}" for name in OUTCOMES)
    verb = "would be " if dry_run else ""
    files = f"{plural(files_created, 'file')} {verb}created, {files_changed} {verb}changed"
    return f"certreg: {plural(len(outcomes), 'row')}: {parts}; {files}"


def write_atomic(path: Path, text: str, *, new: bool) -> None:
    """Write through a temporary file in the same folder and rename it, so no reader ever sees half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        # No fsync: the rename is what keeps an interrupted run from leaving half a file, and an fsync per
        # file costs about 10 ms here (50 s for 5,000 files); the registry's git history covers a power cut.
        with temporary.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if new and path.exists():
            raise FileExistsError(f"{path} appeared while importing; run the import again")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def unified_diff(path: Path, before: str | None, after: str) -> str:
    """What would be written to `path`, as a unified diff (from /dev/null for a new file)."""
    shown_path = display_path(str(path))
    lines = difflib.unified_diff(
        (before or "").splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile="/dev/null" if before is None else f"a/{shown_path}",
        tofile=f"b/{shown_path}",
    )
    return "".join(lines)
