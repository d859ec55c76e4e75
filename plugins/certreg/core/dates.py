"""The build date: the one place that may read the clock or the environment."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


class BuildDateError(ValueError):
    """The build date given on the command line, in settings or in SOURCE_DATE_EPOCH is unusable."""


def parse_date(text: str) -> date | None:
    """A strict YYYY-MM-DD calendar date, or None when the text is not one."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.replace("-", "").isdigit():
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def resolve_build_date(explicit: str | date | None, environ: dict[str, str] | None = None) -> date:
    """The --today option or REGISTRY_TODAY, else SOURCE_DATE_EPOCH (UTC), else today in UTC."""
    if isinstance(explicit, date):
        return explicit
    if explicit:
        parsed = parse_date(str(explicit))
        if parsed is None:
            raise BuildDateError(f"build date {explicit!r} is not a YYYY-MM-DD calendar date")
        return parsed
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise BuildDateError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds")
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return datetime.now(tz=UTC).date()


# English month names, written out so a date reads the same whatever the build machine's locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date | str | None) -> str:
    """`25 November 2026` (English, no leading zero), or "" for no date."""
    if isinstance(day, str):
        day = parse_date(day)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else ""
