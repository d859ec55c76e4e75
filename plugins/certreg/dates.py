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
