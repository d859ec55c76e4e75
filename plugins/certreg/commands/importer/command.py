"""`certreg import FILE`: the command line, and the run from reading the file to writing the records."""

from __future__ import annotations

import argparse
import functools
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from certreg.commands.common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, Command, add_registry_options
from certreg.commands.importer.check import Checker, Written
from certreg.commands.importer.columns import FIELDS, Columns, MappingError, read_mapping, recognize
from certreg.commands.importer.output import report_text, row_lines, summary, unified_diff, write_atomic
from certreg.commands.importer.plan import CONFLICT, REFUSED, Outcome, Planner
from certreg.commands.importer.read import ReadError, Sheet, read_sheet
from certreg.commands.importer.rows import RowReader
from certreg.commands.importer.values import build_lookups
from certreg.core.dates import resolve_build_date
from certreg.core.text import plural
from certreg.load.loader import load_registry
from certreg.validate.reporters import display_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of `certreg import`."""
    parser.add_argument("file", type=Path, metavar="FILE", help="a .csv, .tsv or .xlsx file with a header row")
    add_registry_options(parser, today_help="build date YYYY-MM-DD for validation (default: today in UTC)")
    parser.add_argument("--sheet", help="the sheet of an .xlsx workbook to read (default: the first)")
    parser.add_argument(
        "--map", action="append", default=[], metavar="COLUMN=FIELD", help="read COLUMN as FIELD ('COLUMN=' ignores it)"
    )
    parser.add_argument(
        "--set", action="append", default=[], metavar="FIELD=VALUE", help="FIELD for every row that has no value for it"
    )
    parser.add_argument("--mapping", type=Path, help="a YAML mapping file (see docs/import.md)")
    parser.add_argument("--day-first", action="store_true", help="read DD/MM/YYYY dates (slashes are ambiguous)")
    parser.add_argument("--update", action="store_true", help="change and add certificates in existing files")
    parser.add_argument("--dry-run", action="store_true", help="write nothing; show what would be written as a diff")
    parser.add_argument("--report", type=Path, metavar="FILE", help="write the per-row report as CSV")


@dataclass
class Result:
    """The rows' outcomes and the texts that pass validation."""

    outcomes: list[Outcome]
    written: list[Written]


def describe(path: Path, sheet: Sheet, columns: Columns, fixed: dict[str, str], implicit: frozenset[str]) -> list[str]:
    """What was read: the encoding or sheet, the rows, which column became which field, and fixed values."""
    used = ", ".join(f"{sheet.header[index]} → {name}" for index, name in sorted(columns.fields.items()))
    lines = [f"certreg: read {path.name} ({sheet.source}): {plural(len(sheet.rows), 'row')}; columns: {used or 'none'}"]
    for name, value in fixed.items():
        if name in implicit:
            lines.append(f"certreg: {name} is {value}, the build date, for new certificates whose row gives none")
        else:
            lines.append(f"certreg: {name} is {value!r} where a row gives none (--set)")
    if columns.ignored:
        lines.append(f"certreg: columns not read: {', '.join(columns.ignored)} (use --map 'COLUMN=FIELD' to read one)")
    if columns.left_out:
        lines.append(f"certreg: columns left out as mapped: {', '.join(columns.left_out)}")
    if columns.repeated:
        lines.append(f"certreg: columns not read, their field taken: {', '.join(columns.repeated)}")
    if sheet.blank_rows:
        lines.append(f"certreg: blank rows skipped: {', '.join(map(str, sheet.blank_rows))}")
    return lines


def run_import(args: argparse.Namespace, build_date: date) -> tuple[list[str], Result]:
    """Read, plan and check; raise ReadError or MappingError for input that cannot be used at all."""
    mapping = read_mapping(args.mapping, args.map, args.set)
    sheet = read_sheet(args.file, args.sheet)
    if not sheet.header:
        raise ReadError(f"{args.file.name} is empty: it needs a header row and one row a certificate")
    columns = recognize(sheet.header, mapping)
    # As `certreg new` does: a certificate read in now was last verified today unless the file says otherwise.
    implicit = frozenset() if "last_verified" in mapping.fixed else frozenset({"last_verified"})
    mapping.fixed.setdefault("last_verified", build_date.isoformat())
    registry = load_registry(args.registry)
    lookups = build_lookups(registry, mapping.body_names, mapping.standard_names)
    reader = RowReader(sheet, columns, mapping.fixed, lookups, args.day_first, implicit)
    planner = Planner(registry, args.update)
    for row in sheet.rows:
        planner.place(reader.candidate(row))
    checker = Checker(registry, build_date, planner.outcomes)
    written = checker.check(planner.targets)
    outcomes = [planner.outcomes[row.number] for row in sheet.rows]
    return describe(args.file, sheet, columns, mapping.fixed, implicit), Result(outcomes, written)


def command_import(args: argparse.Namespace) -> int:
    """Import the file; exit 0 when every row went in or was there already, 1 on conflicts or refusals."""
    build_date = resolve_build_date(args.today)
    try:
        described, result = run_import(args, build_date)
    except (ReadError, MappingError) as exc:
        print(f"certreg: {exc}", file=sys.stderr)
        if isinstance(exc, MappingError):
            print(f"certreg: fields are {', '.join(FIELDS)}", file=sys.stderr)
        return EXIT_USAGE
    out = sys.stdout
    show = functools.cache(display_path)  # one relpath per file, not per row
    out.write("".join(line + "\n" for line in described))
    for outcome in result.outcomes:
        out.write("".join(line + "\n" for line in row_lines(outcome, show)))
    created = sum(w.target.existing is None for w in result.written)
    if args.report:
        write_atomic(args.report, report_text(result.outcomes, show), new=False)
    for w in result.written:
        if args.dry_run:
            before = None if w.target.existing is None else w.target.existing.path.read_text(encoding="utf-8")
            out.write(unified_diff(w.target.path, before, w.text))
        else:
            write_atomic(w.target.path, w.text, new=w.target.existing is None)
    out.write(summary(result.outcomes, created, len(result.written) - created, args.dry_run) + "\n")
    failed = any(outcome.outcome in (CONFLICT, REFUSED) for outcome in result.outcomes)
    return EXIT_ERRORS if failed else EXIT_OK


COMMAND = Command(
    "import",
    "add certificates from a CSV, TSV or .xlsx file, one row a certificate",
    add_arguments,
    command_import,
    description="Read a spreadsheet, one row a certificate, into organization records. Every row is reported: "
    "created, added, updated, unchanged, conflict or refused. Existing files change only with --update. "
    "See docs/import.md.",
)
