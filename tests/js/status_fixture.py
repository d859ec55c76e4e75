"""Print build.json's data and Python's effective status of many certificates, for status-rules.test.js.

    .venv/bin/python tests/js/status_fixture.py

prints one JSON object: `build` (what `build_data` writes into build.json, from the real status and
identifier tables) and `cases`, each a certificate as the browser sees it (record status, issued,
expires, the transition end of its edition), a visitor's date and the status
`certreg.enrich.status.effective_status` gives it, at and beside every boundary.
"""

from __future__ import annotations

import itertools
import json
import sys
from datetime import date, timedelta
from types import SimpleNamespace

from certreg.core.i18n import ENGLISH
from certreg.enrich.identifiers import IDENTIFIER_SCHEMES
from certreg.enrich.status import EXPIRING_SOON_DAYS, PRECEDENCE, STATUS_TABLE, effective_status
from certreg.render.outputs import build_data

ISSUED = date(2025, 1, 1)
EXPIRES = date(2027, 1, 31)
TRANSITION_ENDS = date(2026, 6, 30)
RECORD_STATUSES = ("active", "suspended", "withdrawn")


def boundaries() -> list[date]:
    """Every date where a status can change, with the day before and the day after."""
    edges = [ISSUED, EXPIRES, TRANSITION_ENDS, EXPIRES - timedelta(days=EXPIRING_SOON_DAYS)]
    return sorted({edge + timedelta(days=shift) for edge in edges for shift in (-1, 0, 1)})


def cases() -> list[dict[str, object]]:
    """Each record status, with and without a withdrawn edition, on every boundary date."""
    found = []
    for record_status, withdrawn, on in itertools.product(RECORD_STATUSES, (False, True), boundaries()):
        editions = {"ISO 9001:2015": {"transition_ends": TRANSITION_ENDS.isoformat()}} if withdrawn else {}
        certificate = {
            "status": record_status,
            "issued": ISSUED.isoformat(),
            "expires": EXPIRES.isoformat(),
            "standards": ["ISO 9001:2015"],
        }
        found.append(
            {
                "status": record_status,
                "issued": certificate["issued"],
                "expires": certificate["expires"],
                "transition_ends": TRANSITION_ENDS.isoformat() if withdrawn else "",
                "on": on.isoformat(),
                "expected": effective_status(certificate, editions, on, EXPIRING_SOON_DAYS),
            }
        )
    return found


def main() -> int:
    """Print the fixture."""
    site = SimpleNamespace(
        build_date=date(2026, 11, 26),
        expiring_soon_days=EXPIRING_SOON_DAYS,
        statuses=STATUS_TABLE,
        precedence=PRECEDENCE,
        identifier_schemes=IDENTIFIER_SCHEMES,
        translator=ENGLISH,
    )
    json.dump({"build": build_data(site), "cases": cases()}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
