"""Organization records read tolerantly, one way for every reader: their certificates and their changed fields.

The rules (records being checked), the history (past versions from git) and `certreg diff` (two
revisions) all read records that may not be valid. They agree here on what they read: the well-formed
certificates of a record (mappings inside a `certifications` list; anything else is the schema's to
report), the key a certificate is known by (certification body, certificate number), and which fields
differ between two versions of a mapping.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

CERTIFICATIONS = "certifications"
CertKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field whose written value differs between two versions; None where the field is absent."""

    field: str
    old: Any
    new: Any


def indexed_certificates(record: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (index in `certifications`, certificate) for each well-formed certificate of an organization record."""
    listed = record.get(CERTIFICATIONS) if isinstance(record, dict) else None
    for index, certificate in enumerate(listed if isinstance(listed, list) else []):
        if isinstance(certificate, dict):
            yield index, certificate


def certificate_key(certificate: dict[str, Any]) -> CertKey:
    """Return the key a certificate is known by: (certification body, certificate number), as text."""
    return str(certificate.get("certification_body")), str(certificate.get("certificate_number"))


def certificates_by_key(record: Any) -> dict[CertKey, dict[str, Any]]:
    """Index an organization record's well-formed certificates by key (of two with one key, the later)."""
    return {certificate_key(certificate): certificate for _, certificate in indexed_certificates(record)}


def changed_fields(old: dict[str, Any], new: dict[str, Any], skip: frozenset[str] = frozenset()) -> list[FieldChange]:
    """Return every field whose written value differs, sorted by name; an absent field reads as None."""
    names = sorted((set(old) | set(new)) - skip)
    return [FieldChange(name, old.get(name), new.get(name)) for name in names if old.get(name) != new.get(name)]
