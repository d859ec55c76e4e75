"""Reading a spreadsheet: CSV or TSV text in any of the list check's encodings, or a sheet of an `.xlsx` workbook.

Every cell becomes text, trimmed of surrounding white space. Bytes are decoded as the list check decodes
them (`theme/static/js/check-parse.js`): UTF-16 with a byte-order mark, else UTF-8 (with or without a
byte-order mark), else Windows-1252 as browsers read it, and the output names the encoding found.
A workbook cell keeps the text a person sees: a formula stays its formula text (`=A1*2`, never run), a
whole number its digits (zero-padded when the cell's number format is `000…`), a date its ISO date.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
# Windows-1252 as the WHATWG Encoding Standard reads it: Latin-1 except 0x80-0x9F, where the five bytes
# Windows leaves undefined stay C1 controls (Python's cp1252 codec rejects them instead).
CP1252_HIGH = {byte: bytes([byte]).decode("cp1252", "ignore") or chr(byte) for byte in range(0x80, 0xA0)}
CP1252_TABLE = str.maketrans({chr(byte): text for byte, text in CP1252_HIGH.items()})
ZERO_PADDED = re.compile(r"0+")


class ReadError(Exception):
    """The file cannot be read as a spreadsheet at all (a usage problem, not a row problem)."""


@dataclass(frozen=True)
class Row:
    """One data row: its number as a spreadsheet shows it (the header is row 1) and its cells as text."""

    number: int
    cells: tuple[str, ...]
    notes: tuple[str, ...] = ()


@dataclass
class Sheet:
    """The header, the data rows and how the file was read."""

    header: list[str]
    rows: list[Row]
    source: str
    blank_rows: list[int] = field(default_factory=list)
    epoch_1904: bool = False


def decode(raw: bytes) -> tuple[str, str]:
    """Decode a text file's bytes like the list check; return the text and the encoding's name."""
    for bom, codec in UTF16_BOMS.items():
        if raw.startswith(bom):
            return raw[2:].decode(codec), "UTF-16"
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        return raw.decode("latin-1").translate(CP1252_TABLE), "Windows-1252"


def detect_delimiter(first_line: str) -> str:
    """Tab when the first line has one, else the more frequent of `;` and `,` (as the list check does)."""
    if "\t" in first_line:
        return "\t"
    semicolons, commas = first_line.count(";"), first_line.count(",")
    if not semicolons and not commas:
        return "\t"
    return ";" if semicolons >= commas else ","


def read_sheet(path: Path, sheet_name: str | None = None) -> Sheet:
    """Read `path` as CSV/TSV, or as a workbook when it ends in .xlsx or .xlsm."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_workbook(path, sheet_name)
    if sheet_name:
        raise ReadError(f"--sheet applies to .xlsx workbooks only; {path.name} is read as delimited text")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read {path}: {exc.strerror}") from exc
    text, encoding = decode(raw)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else detect_delimiter(text.split("\n", 1)[0])
    name = {"\t": "tab", ";": "semicolon", ",": "comma"}[delimiter]
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ReadError(f"{path.name}: not readable as {name}-separated text: {exc}") from exc
    return make_sheet(records, f"{encoding}, {name}-separated")


def make_sheet(records: list[list[str]], source: str, notes: dict[int, tuple[str, ...]] | None = None) -> Sheet:
    """Split records into the header and numbered data rows; blank rows are set aside and counted."""
    notes = notes or {}
    while records and not any(cell.strip() for cell in records[-1]):
        records.pop()  # trailing blank lines and a workbook's empty formatted rows are not rows
    if not records:
        return Sheet(header=[], rows=[], source=source)
    width = max(len(record) for record in records)
    header = [cell.strip() or f"Column {index + 1}" for index, cell in enumerate(padded(records[0], width))]
    sheet = Sheet(header=header, rows=[], source=source)
    for index, record in enumerate(records[1:], start=2):
        cells = tuple(cell.strip() for cell in padded(record, width))
        if any(cells):
            sheet.rows.append(Row(index, cells, notes.get(index, ())))
        else:
            sheet.blank_rows.append(index)
    return sheet


def padded(record: list[str], width: int) -> list[str]:
    """A record filled with empty cells to the width of the widest one."""
    return record + [""] * (width - len(record))


def read_workbook(path: Path, sheet_name: str | None) -> Sheet:
    """Read the first sheet, or the one named, of an .xlsx workbook."""
    from openpyxl import load_workbook  # imported on use: only workbooks need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (OSError, InvalidFileException, KeyError, ValueError) as exc:
        raise ReadError(f"cannot read {path.name} as an .xlsx workbook: {exc}") from exc
    try:
        if sheet_name is not None and sheet_name not in workbook.sheetnames:
            names = ", ".join(repr(name) for name in workbook.sheetnames)
            raise ReadError(f"{path.name} has no sheet {sheet_name!r}; its sheets are {names}")
        worksheet = workbook[sheet_name] if sheet_name is not None else workbook.worksheets[0]
        records, notes = workbook_records(worksheet)
        sheet = make_sheet(records, f"sheet {worksheet.title!r} of the workbook", notes)
        sheet.epoch_1904 = workbook.epoch.year == 1904
        return sheet
    finally:
        workbook.close()


def workbook_records(worksheet: Any) -> tuple[list[list[str]], dict[int, tuple[str, ...]]]:
    """Every row of a worksheet as text, and per row number what reading its cells noted."""
    records: list[list[str]] = []
    notes: dict[int, tuple[str, ...]] = {}
    for number, row in enumerate(worksheet.iter_rows(), start=1):
        texts, found = [], []
        for cell in row:
            text, note = cell_text(cell)
            texts.append(text)
            if note:
                found.append(f"column {len(texts)}: {note}")
        records.append(texts)
        if found:
            notes[number] = tuple(found)
    return records, notes


def cell_text(cell: Any) -> tuple[str, str]:
    """A cell's value as the text a person sees, and a note when that text is not a plain typed value."""
    value = getattr(cell, "value", None)
    if value is None:
        return "", ""
    if getattr(cell, "data_type", "") == "f":
        return str(getattr(value, "text", value)), "a formula, kept as its text (not calculated)"
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), ""
    if isinstance(value, datetime):
        return (value.date().isoformat(), "") if value.time() == time() else (value.isoformat(sep=" "), "")
    if isinstance(value, date | time):
        return value.isoformat(), ""
    if isinstance(value, int | float):
        return number_text(value, str(getattr(cell, "number_format", "General"))), ""
    return str(value), ""


def number_text(value: float, number_format: str) -> str:
    """A number as the cell shows it: whole numbers without `.0`, zero-padded by a `000…` format."""
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    digits = str(int(value))
    if ZERO_PADDED.fullmatch(number_format) and value >= 0:
        return digits.zfill(len(number_format))
    return digits
