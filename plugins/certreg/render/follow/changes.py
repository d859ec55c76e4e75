"""Daily change files, like GLEIF's delta files: `/api/v1/changes/YYYY-MM-DD.json` for the last 90 days.

Each day's file lists the organizations and certificates added, removed and changed that day (from the
git history, with each changed field's old and new value as written) and the status events of that day
(see events.py). `index.json` lists the days. A day's file holds only that day's facts, so once the day
has passed its bytes stay the same from build to build. `OPENAPI_PATHS` and `DATAPACKAGE_RESOURCE` are
the additions to the OpenAPI description and the Data Package.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from certreg.enrich.events import CHANGES_DAYS, window_start
from certreg.load.history import History
from certreg.render.opendata.fields import ANY_OBJECT, MEDIA_TYPES, data_resource, get_operation

CHANGES_FOLDER = "api/v1/changes/"
JSON = MEDIA_TYPES["json"]
LIST_NAMES = {"listed": "added", "removed": "removed", "changed": "changed"}


def empty_day() -> dict[str, Any]:
    """Make a day with nothing yet."""
    names = LIST_NAMES.values()
    return {"organizations": {n: [] for n in names}, "certificates": {n: [] for n in names}, "status_events": []}


def record_rows(history: History, start: date) -> dict[str, dict[str, Any]]:
    """Each day's added, removed and changed organizations and certificates, from the history."""
    days: dict[str, dict[str, Any]] = defaultdict(empty_day)
    for slug, entries in sorted(history.organizations.items()):
        for entry in entries:
            if entry.commit.day >= start:
                row = {"slug": slug, **commit_fields(entry)}
                days[entry.commit.day.isoformat()]["organizations"][LIST_NAMES[entry.kind]].append(row)
    for (body, number), entries in sorted(history.certificates.items()):
        for entry in entries:
            if entry.commit.day >= start:
                row = {
                    "certification_body": body,
                    "certificate_number": number,
                    "organization": history.owners.get((body, number), ""),
                    **commit_fields(entry),
                }
                days[entry.commit.day.isoformat()]["certificates"][LIST_NAMES[entry.kind]].append(row)
    return days


def commit_fields(entry: Any) -> dict[str, Any]:
    """Give the commit of a history entry, and the changed fields when it is a change."""
    fields = {"commit": entry.commit.sha}
    return {**fields, "fields": entry.fields} if entry.kind == "changed" else fields


def status_row(event: dict[str, Any]) -> dict[str, Any]:
    """Give a status event as it appears in a change file."""
    keys = ("id", "kind", "certification_body", "certificate_number", "organization_slug", "certificate_url", "text")
    return {key: event[key] for key in keys}


def change_files(
    build_date: date, history: History, events: list[dict[str, Any]], meta: dict[str, Any] | None = None
) -> Iterator[tuple[str, str]]:
    """One JSON file per day of the window and `index.json`; `events` as `events.all_events` gives them."""
    start, meta = window_start(build_date), meta or {}
    days = record_rows(history, start) if history.available else defaultdict(empty_day)
    for event in sorted(events, key=lambda e: (e["date"], e["key"])):
        if event["is_status_event"] and start.isoformat() <= event["date"] <= build_date.isoformat():
            days[event["date"]]["status_events"].append(status_row(event))
    index = []
    for offset in range(CHANGES_DAYS):
        day = (start + timedelta(days=offset)).isoformat()
        content = {"date": day, "history_available": history.available, **meta, **days[day]}
        yield f"{CHANGES_FOLDER}{day}.json", json.dumps(content, ensure_ascii=False, indent=1) + "\n"
        index.append({"date": day, "path": f"{day}.json", **counts(days[day])})
    index_data = {"history_available": history.available, **meta, "days": index[::-1]}
    yield f"{CHANGES_FOLDER}index.json", json.dumps(index_data, ensure_ascii=False, indent=1) + "\n"


def counts(day: dict[str, Any]) -> dict[str, int]:
    """How many records were added, removed and changed, and how many status events, on a day."""
    return {
        "organizations": sum(len(rows) for rows in day["organizations"].values()),
        "certificates": sum(len(rows) for rows in day["certificates"].values()),
        "status_events": len(day["status_events"]),
    }


OPENAPI_PATHS: dict[str, Any] = {
    "/changes/index.json": get_operation(
        "getChangeDays", "The days that have a change file, newest first, with counts", JSON, ANY_OBJECT
    ),
    "/changes/{date}.json": {
        **get_operation(
            "getChanges",
            "Records added, removed and changed, and status events, on one day (last 90 days)",
            JSON,
            ANY_OBJECT,
        ),
        "parameters": [
            {
                "name": "date",
                "in": "path",
                "required": True,
                "description": "A day within the last 90 days before the build date, YYYY-MM-DD",
                "schema": {"type": "string", "format": "date"},
            }
        ],
    },
}
DATAPACKAGE_RESOURCE = data_resource(
    "changes",
    "changes/index.json",
    "Daily change files for the last 90 days",
    description="index.json lists one file per day (changes/YYYY-MM-DD.json): records added, removed and "
    "changed (old and new values) and the status events of that day.",
)
