"""Coverage of a certification body: how many of its certificates the registry lists, by status, and how fresh.

A visitor who finds no entry for a supplier then knows how far to trust the absence. Status words come
from the one status table; dates are as written (`YYYY-MM-DD`) and printed with `long_date`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .dates import long_date
from .status import STATUS_TABLE


def body_coverage(certificates: list[dict[str, Any]]) -> dict[str, Any]:
    """Count by status (display order, zeros left out); give the oldest and newest `last_verified`."""
    counts = Counter(certificate["effective_status"] for certificate in certificates)
    checked = sorted(certificate["last_verified"] for certificate in certificates)
    return {
        "total": len(certificates),
        "by_status": [
            {"status": status.id, "title": status.title, "slug": status.slug, "count": counts[status.id]}
            for status in STATUS_TABLE
            if counts[status.id]
        ],
        "oldest_check": checked[0] if checked else None,
        "newest_check": checked[-1] if checked else None,
        "oldest_check_text": long_date(checked[0]) if checked else "",
        "newest_check_text": long_date(checked[-1]) if checked else "",
    }
