"""What every rule reads and yields: the `Context`, the `Finding`, and iterators over the records.

Rules skip values the schema step already rejects (wrong types, malformed dates), so each mistake is
reported once; the iterators here yield only well-formed mappings for that reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from certreg.core.dates import parse_date
from certreg.load.document import Document, FieldPath
from certreg.load.loader import Registry
from certreg.load.records import CERTIFICATIONS, indexed_certificates


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found: where, what, and how to fix it."""

    document: Document
    field_path: FieldPath
    message: str
    hint: str


@dataclass
class Context:
    """The registry being checked, the build date, and lookups shared by the rules."""

    registry: Registry
    build_date: date
    # How REG012 reduces a name to its keys; the validation kept between builds passes one that looks
    # the keys up first (validate/kept.py). None: compute them.
    name_keys: Callable[[str], tuple[str, ...]] | None = None

    @cached_property
    def editions(self) -> dict[str, dict[str, Any]]:
        """Map `"ISO 9001:2015"` to that edition's mapping."""
        found: dict[str, dict[str, Any]] = {}
        for standard in mappings(self.registry.standards.data if self.registry.standards else None):
            for edition in mappings(standard.get("editions")):
                found[f"{standard.get('code')}:{edition.get('edition')}"] = edition
        return found

    @cached_property
    def standard_codes(self) -> set[str]:
        """Return every standard code, without edition."""
        return {ref.rsplit(":", 1)[0] for ref in self.editions}

    @cached_property
    def certification_bodies(self) -> dict[str, Document]:
        """Map each certification body's slug to its document."""
        return {document.slug: document for document in self.registry.certification_bodies}

    @cached_property
    def texts(self) -> list[tuple[Document, FieldPath, str, str]]:
        """Return (document, field path, field name, text) for every text value of the registry, walked once."""
        return [(document, *found) for document in self.registry.documents() for found in text_fields(document.data)]

    @cached_property
    def accreditation_body_slugs(self) -> set[str]:
        """Return the keys of accreditation-bodies.yaml."""
        data = self.registry.accreditation_bodies.data if self.registry.accreditation_bodies else None
        return set(data) if isinstance(data, dict) else set()


def text_fields(data: Any) -> list[tuple[FieldPath, str, str]]:
    """Return (field path, field name, text) for every text value in a record, however deeply nested.

    The field name is the nearest mapping key (`trading_names` for `trading_names[1]`).
    """
    found: list[tuple[FieldPath, str, str]] = []
    stack: list[tuple[FieldPath, str, Any]] = [((), "", data)]
    while stack:
        where, name, value = stack.pop()
        if isinstance(value, str):
            found.append((where, name, value))
        elif isinstance(value, dict):
            stack.extend(((*where, key), str(key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend(((*where, index), name, item) for index, item in enumerate(value))
    found.reverse()
    return found


def mappings(value: Any) -> Iterator[dict[str, Any]]:
    """Yield the dict items of a list (anything else yields nothing; the schema reports it)."""
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


def data_of(document: Document) -> dict[str, Any]:
    """Return a document's top-level mapping, or an empty one when it is not a mapping."""
    return document.data if isinstance(document.data, dict) else {}


def certificates(document: Document) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
    """Yield (field path, certificate) for every well-formed certificate of an organization."""
    for index, certificate in indexed_certificates(document.data):
        yield (CERTIFICATIONS, index), certificate


def each_certificate(ctx: Context) -> Iterator[tuple[Document, FieldPath, dict[str, Any]]]:
    """Yield (organization, field path, certificate) for every well-formed certificate in the registry."""
    for document in ctx.registry.organizations:
        for where, certificate in certificates(document):
            yield document, where, certificate


def each_text(values: Any) -> Iterator[tuple[int, str]]:
    """Yield (index, text) for the text items of a list, e.g. a certificate's standards."""
    if isinstance(values, list):
        yield from ((index, value) for index, value in enumerate(values) if isinstance(value, str))


def date_of(mapping: dict[str, Any], key: str) -> date | None:
    """Return a date field as a date, or None when absent or malformed."""
    value = mapping.get(key)
    return parse_date(value) if isinstance(value, str) else None
