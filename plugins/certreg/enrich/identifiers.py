"""The identifier schemes an organization may record (LEI, VAT number…), each worded once.

The organization page, the list check (`build.json` → the check page's column names and its
messages) and the check index take the schemes and their labels from `IDENTIFIER_SCHEMES`; the
record schema (`organization.schema.json`) titles each identifier with the same label, which a test
keeps true. The order is the order of the organization page and of the check page's columns.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from certreg.core.i18n import N_


@dataclass(frozen=True, slots=True)
class IdentifierScheme:
    """One kind of official identifier: its key in a record and how it is named to a reader."""

    id: str  # the key under `identifiers:` in a record, and the scheme in the check index: "duns"
    label: str  # how pages name it, at the start of a line or sentence: "D-U-N-S number"

    def as_data(self) -> dict[str, Any]:
        """The scheme as plain data, for JSON written by the build."""
        return asdict(self)


IDENTIFIER_SCHEMES: tuple[IdentifierScheme, ...] = (
    IdentifierScheme("lei", N_("LEI")),
    IdentifierScheme("vat", N_("VAT number")),
    IdentifierScheme("duns", N_("D-U-N-S number")),
    IdentifierScheme("company_register", N_("Company register number")),
)
IDENTIFIER_IDS: tuple[str, ...] = tuple(scheme.id for scheme in IDENTIFIER_SCHEMES)
