"""One spreadsheet row → one organization's fields and one certificate, with notes on what could not be read.

Rows of one organization share an identifier (LEI, VAT, D-U-N-S or company register number, compared
without case, spaces or punctuation), else their name (folded, legal form kept: `Acme GmbH` and `Acme AG`
are two companies) and country. They become one organization with several certificates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from certreg.commands.importer.columns import Columns
from certreg.commands.importer.read import Row, Sheet
from certreg.commands.importer.values import (
    STANDARD_SEPARATORS,
    Lookups,
    identifier_key,
    read_country,
    read_date,
    read_status,
    read_yes_no,
    split_list,
    split_sectors,
)
from certreg.commands.record_text import CERTIFICATE_KEYS, DATE_KEYS, IDENTIFIER_KEYS
from certreg.core.fold import tokenize


@dataclass
class Candidate:
    """What one row says: organization fields (identifiers nested), one certificate, and notes."""

    row: Row
    organization: dict[str, Any]
    certificate: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    defaulted: set[str] = field(default_factory=set)  # fields the row does not give, set by the command

    @property
    def number(self) -> str:
        """The certificate number as written, or "" when the row has none."""
        value = self.certificate.get("certificate_number")
        return value if isinstance(value, str) else ""

    def keys(self) -> Iterator[tuple[str, ...]]:
        """Keys that name the row's organization: each identifier first, then name and country."""
        for scheme, value in sorted((self.organization.get("identifiers") or {}).items()):
            yield ("id", scheme, identifier_key(value))
        yield from organization_name_key(self.organization)


def organization_name_key(organization: dict[str, Any]) -> Iterator[tuple[str, ...]]:
    """The (name, country) key of an organization, when it has both as text."""
    name, country = organization.get("name"), organization.get("country")
    if isinstance(name, str) and isinstance(country, str):
        yield ("name", " ".join(tokenize(name)), country)


def organization_keys(organization: dict[str, Any]) -> Iterator[tuple[str, ...]]:
    """Identifier keys and the name key of an organization record as loaded."""
    identifiers = organization.get("identifiers")
    for scheme, value in sorted(identifiers.items() if isinstance(identifiers, dict) else []):
        if isinstance(value, str):
            yield ("id", scheme, identifier_key(value))
    yield from organization_name_key(organization)


@dataclass(frozen=True)
class RowReader:
    """Turns rows into candidates with the columns, fixed values and lookups of one import."""

    sheet: Sheet
    columns: Columns
    fixed: dict[str, str]
    lookups: Lookups
    day_first: bool
    implicit: frozenset[str] = frozenset()  # fixed fields the user did not ask for (last_verified's default)
    # Bodies, standards, countries and dates repeat from row to row: each distinct cell is read once.
    known: dict[tuple[str, str], tuple[Any, str]] = field(default_factory=dict)

    def candidate(self, row: Row) -> Candidate:
        """Read one row."""
        given = {name: row.cells[index] for index, name in self.columns.fields.items() if row.cells[index]}
        cells = {name: value for name, value in self.fixed.items() if value} | given
        candidate = Candidate(row=row, organization={}, certificate={}, notes=list(row.notes))
        candidate.defaulted = {name for name in self.implicit if name in cells and name not in given}
        for name, text in cells.items():
            value, note = self.known.get((name, text)) or self.remember(name, text)
            value = list(value) if isinstance(value, list) else value  # each certificate its own list
            if note:
                candidate.notes.append(f"{name}: {note}")
            if name in IDENTIFIER_KEYS:
                candidate.organization.setdefault("identifiers", {})[name] = value
            elif name in CERTIFICATE_KEYS:
                candidate.certificate[name] = value
            else:
                candidate.organization[name] = value
        return candidate

    def remember(self, name: str, text: str) -> tuple[Any, str]:
        """Read a cell, keeping the result for the next cell of the same field and text."""
        found = self.value(name, text)
        if name in REPEATING:
            self.known[(name, text)] = found
        return found

    def value(self, name: str, text: str) -> tuple[Any, str]:
        """The record value of one cell and a note when it is kept as written for the validator to refuse."""
        if name in DATE_KEYS:
            return read_date(text, self.day_first, self.sheet.epoch_1904)
        reader = SIMPLE_READERS.get(name)
        if reader is not None:
            return reader(text), ""
        if name == "certification_body":
            return self.lookups.body(text)
        if name == "standards":
            return self.standards(text)
        return text, ""

    def standards(self, text: str) -> tuple[list[str], str]:
        """Every standard of a cell as `code:edition`, with notes on the ones not recognized."""
        found, notes = [], []
        for item in split_standards(text):
            value, note = self.lookups.standard(item)
            found.append(value)
            if note:
                notes.append(f"{item!r}: {note}")
        return found, "; ".join(notes)


def split_standards(text: str) -> list[str]:
    """The standards of a cell: separated by `;`, `,`, `|`, `+`, `and` or line breaks."""
    return [item for item in STANDARD_SEPARATORS.split(text) if item]


REPEATING = frozenset(
    {"country", "certification_body", "standards", "accredited", "status", "issued", "expires", "last_verified"}
)
SIMPLE_READERS: dict[str, Callable[[str], Any]] = {
    "country": read_country,
    "accredited": read_yes_no,
    "status": read_status,
    "trading_names": split_list,
    "sectors": split_sectors,
}
