"""The one status table: every effective status a certificate can have, its wording, order and style.

Every page, badge, feed, data file, the search index and the browser scripts read their status words
from `STATUS_TABLE` (the browser gets it as data written by the build), so one status is worded one way
everywhere. `PRECEDENCE` is the order in which the statuses are decided: the first that applies wins.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Status:
    """One effective status and every word and flag a renderer needs to show it."""

    id: str  # as in the data: "expiring_soon"
    label: str  # the badge: "Valid, expires soon"
    short_label: str  # where space is short (SVG badges): "Expires soon"
    title: str  # heading of its list page: "Expiring soon"
    slug: str  # URL segment and CSS modifier: "expiring-soon"
    order: int  # display order: current first, then the ones to be careful about
    style: str  # "current", "caution" or "invalid": colour and icon
    is_current: bool  # a visitor may rely on the certificate

    def as_data(self) -> dict[str, Any]:
        """The status as plain data, for JSON written by the build."""
        return asdict(self)


# In display order. Words here are the only place a status is worded.
STATUS_TABLE: tuple[Status, ...] = (
    Status("valid", "Valid", "Valid", "Valid", "valid", 0, "current", True),
    Status(
        "expiring_soon", "Valid, expires soon", "Expires soon", "Expiring soon", "expiring-soon", 1, "current", True
    ),
    Status("not_yet_valid", "Not yet valid", "Not yet valid", "Not yet valid", "not-yet-valid", 2, "caution", False),
    Status("suspended", "Suspended", "Suspended", "Suspended", "suspended", 3, "invalid", False),
    Status("expired", "Expired", "Expired", "Expired", "expired", 4, "invalid", False),
    Status(
        "edition_withdrawn",
        "Not valid: edition withdrawn",
        "Edition withdrawn",
        "Not valid: edition withdrawn",
        "edition-withdrawn",
        5,
        "invalid",
        False,
    ),
    Status("withdrawn", "Withdrawn", "Withdrawn", "Withdrawn", "withdrawn", 6, "invalid", False),
)
STATUS_BY_ID: dict[str, Status] = {status.id: status for status in STATUS_TABLE}
# Precedence: the first status that applies wins (see `effective_status` in enrich).
PRECEDENCE: tuple[str, ...] = (
    "withdrawn",
    "suspended",
    "expired",
    "edition_withdrawn",
    "not_yet_valid",
    "expiring_soon",
    "valid",
)
DISPLAY_ORDER: tuple[str, ...] = tuple(status.id for status in STATUS_TABLE)
CURRENT_STATUSES = frozenset(status.id for status in STATUS_TABLE if status.is_current)
