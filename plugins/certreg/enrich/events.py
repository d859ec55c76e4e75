"""Events: the one definition of what happened to a certificate, read by every feed, calendar and change file.

A certificate's events are: listed (first in the registry, from git history), issued, expiring soon
(the day the expiring-soon window opens), expired (the day after expiry), suspended, withdrawn or
reinstated (at `status_date`; an active record with a `status_date` was reinstated), transition ended (the
day after its edition's transition ended) and changed (from git history, naming the fields). An event is
published only once its date is on or before the build date. Dates are the events' own dates. Each event's
`id` is a `urn:uuid:` derived from its `key` (certificate, kind, date, and commit for changes), so it is
the same in every build. A change to `last_verified` alone is no event. Once a certificate is suspended
or withdrawn, its later expiry and transition events are not published: the suspension or withdrawal is
what a follower must see.

The pipeline (`pipeline.load_site`) computes them once per build into `Site.events`; the change files'
window (`CHANGES_DAYS`, `window_start`) is here too, because the pipeline reads the history's field
details for just that window.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from certreg.core.dates import parse_date
from certreg.core.i18n import ENGLISH, N_, Translator
from certreg.enrich.status import STATUS_BY_ID
from certreg.load.history import History, record_history

EVENT_NAMESPACE = uuid.UUID("5b0e8f2a-4c1d-5e3a-9f6b-2d7c8a1e4b90")
# Event kind -> its headline word (English, the catalog's message). Status events take their word from
# the one status table.
EVENT_WORDS = {
    "listed": N_("Listed"),
    "issued": N_("Issued"),
    "expiring_soon": STATUS_BY_ID["expiring_soon"].label,
    "expired": STATUS_BY_ID["expired"].label,
    "suspended": STATUS_BY_ID["suspended"].label,
    "withdrawn": STATUS_BY_ID["withdrawn"].label,
    "reinstated": N_("Reinstated"),
    "transition_ended": STATUS_BY_ID["edition_withdrawn"].label,
    "changed": N_("Record changed"),
}
STATUS_EVENTS = frozenset({"expiring_soon", "expired", "suspended", "withdrawn", "reinstated", "transition_ended"})
TIMED_EVENTS = frozenset({"expiring_soon", "expired", "transition_ended"})
# A change to these fields alone is routine upkeep (a maintainer re-checked the source): it shows in
# the History section and the change files, but is no event for a follower.
ROUTINE_FIELDS = frozenset({"last_verified"})
# The daily change files cover this many days, up to and including the build date.
CHANGES_DAYS = 90


def window_start(build_date: date) -> date:
    """Give the first day with a change file: CHANGES_DAYS days up to and including the build date."""
    return build_date - timedelta(days=CHANGES_DAYS - 1)


def event_id(key: str) -> str:
    """Give the stable Atom id / iCalendar UID of an event key."""
    return f"urn:uuid:{uuid.uuid5(EVENT_NAMESPACE, key)}"


def subject(certificate: dict[str, Any], tr: Translator = ENGLISH) -> str:
    """`ISO 9001:2015 certificate AC-1001 of Anchor Valid GmbH`."""
    standards = ", ".join(ref["ref"] for ref in certificate["standard_refs"])
    return tr.gettext("{standards} certificate {number} of {organization}").format(
        standards=standards, number=certificate["certificate_number"], organization=certificate["organization_name"]
    )


def make_event(
    certificate: dict[str, Any], kind: str, day: date, text: str, tr: Translator = ENGLISH, **extra: Any
) -> dict[str, Any]:
    """One event as plain data, its headline worded by `tr`."""
    key = f"event/{certificate['certification_body']}/{certificate['slug']}/{kind}/{day.isoformat()}"
    if extra.get("commit"):
        key += f"/{extra['commit']}"
    return {
        "id": "",  # set once published: see certificate_events
        "key": key,
        "kind": kind,
        "date": sys.intern(day.isoformat()),  # a registry's events fall on a few thousand days: one string each
        "headline": f"{tr.gettext(EVENT_WORDS[kind])}: {subject(certificate, tr)}",
        "text": text,
        "certificate_url": certificate["url"],
        "organization_slug": certificate["organization_slug"],
        "organization_name": certificate["organization_name"],
        "certification_body": certificate["certification_body"],
        "certificate_number": certificate["certificate_number"],
        "is_status_event": kind in STATUS_EVENTS,
        "fields": extra.get("fields", []),
        "commit_url": extra.get("commit_url", ""),
    }


# What a certification body did at `status_date`, by event kind.
BODY_ACTIONS = {
    "suspended": N_("{body} suspended {what} on {date}.{note}"),
    "withdrawn": N_("{body} withdrew {what} on {date}.{note}"),
    "reinstated": N_("{body} reinstated {what} on {date}.{note}"),
}


def dated_events(certificate: dict[str, Any], soon_days: int, tr: Translator = ENGLISH) -> Iterator[dict[str, Any]]:
    """Events that follow from the record's own dates and status, worded by `tr`."""
    body, what = certificate["certification_body_name"], subject(certificate, tr)
    issued, expires = parse_date(certificate["issued"]), parse_date(certificate["expires"])
    until = tr.long_date(expires)
    text = tr.gettext("{body} issued {what}, valid until {date}.").format(body=body, what=what, date=until)
    yield make_event(certificate, "issued", issued, text, tr)
    window = expires - timedelta(days=soon_days)
    if window > issued:
        text = tr.gettext("{what} expires on {date}; {body} may renew it.").format(what=what, date=until, body=body)
        yield make_event(certificate, "expiring_soon", window, text, tr)
    text = tr.gettext("{what} expired on {date}.").format(what=what, date=until)
    yield make_event(certificate, "expired", expires + timedelta(days=1), text, tr)
    for ref in certificate["standard_refs"]:
        ends = parse_date(ref.get("transition_ends") or "")
        if ends and ends < expires:
            text = tr.gettext(
                "{what} is no longer valid: the transition period for {standard} ended on {date}."
            ).format(what=what, standard=ref["ref"], date=tr.long_date(ends))
            yield make_event(certificate, "transition_ended", ends + timedelta(days=1), text, tr)
    status_day = parse_date(certificate.get("status_date") or "")
    if status_day:
        kind = certificate["status"] if certificate["status"] in ("suspended", "withdrawn") else "reinstated"
        note = f" {certificate['status_note']}" if certificate.get("status_note") else ""
        text = tr.gettext(BODY_ACTIONS[kind]).format(body=body, what=what, date=tr.long_date(status_day), note=note)
        yield make_event(certificate, kind, status_day, text, tr)


def history_events(certificate: dict[str, Any], history: History, tr: Translator = ENGLISH) -> Iterator[dict[str, Any]]:
    """Yield the listed and changed events from the record's git history."""
    section = record_history(
        history,
        history.certificate(certificate["certification_body"], certificate["certificate_number"]),
        history.organization(certificate["organization_slug"]),
    )
    what = subject(certificate, tr)
    if section["listed"]:
        listed = section["listed"]
        day = parse_date(listed["date"])
        text = tr.gettext("{what} was listed in the registry.").format(what=what)
        yield make_event(certificate, "listed", day, text, tr, commit=listed["commit"], commit_url=listed["commit_url"])
    for entry in section["entries"]:
        if entry["kind"] == "changed" and {change["field"] for change in entry["fields"]} - ROUTINE_FIELDS:
            names = ", ".join(change["field"] for change in entry["fields"])
            text = tr.gettext("The record of {what} changed: {fields}.").format(what=what, fields=names)
            day = parse_date(entry["date"])
            yield make_event(
                certificate,
                "changed",
                day,
                text,
                tr,
                commit=entry["commit"],
                commit_url=entry["commit_url"],
                fields=entry["fields"],
            )


def candidate_events(
    certificate: dict[str, Any], soon_days: int, history: History | None = None, tr: Translator = ENGLISH
) -> list[dict[str, Any]]:
    """Every event of a certificate, whatever the build date (each with its id), worded by `tr`."""
    events = list(dated_events(certificate, soon_days, tr))
    if history is not None:
        events += history_events(certificate, history, tr)
    for event in events:
        event["id"] = event_id(event["key"])
    return events


def stop_date(certificate: dict[str, Any]) -> date | None:
    """The status date of a suspended or withdrawn certificate: no expiry or transition event after it."""
    return parse_date(certificate.get("status_date") or "") if certificate["status"] != "active" else None


def published(events: list[dict[str, Any]], stop: date | None, build_date: date) -> list[dict[str, Any]]:
    """The events published by `build_date` (none timed after `stop`), oldest first.

    An event's date is `date.isoformat()` text, which sorts as the dates do: compared as text, not parsed
    again for every event of every build.
    """
    today, last = build_date.isoformat(), stop.isoformat() if stop else None
    kept = [
        event
        for event in events
        if event["date"] <= today and not (last and event["kind"] in TIMED_EVENTS and event["date"] > last)
    ]
    return sorted(kept, key=event_order)


def certificate_events(
    certificate: dict[str, Any],
    build_date: date,
    soon_days: int,
    history: History | None = None,
    tr: Translator = ENGLISH,
) -> list[dict[str, Any]]:
    """Every published event of a certificate, oldest first, worded by `tr`."""
    return published(candidate_events(certificate, soon_days, history, tr), stop_date(certificate), build_date)


def event_order(event: dict[str, Any]) -> tuple[str, str, str]:
    """Oldest first; on one day, in a fixed order of key."""
    return event["date"], event["certificate_url"], event["key"]


def all_events(site: Any, history: History | None = None) -> list[dict[str, Any]]:
    """Every published event of the registry, newest first."""
    events = [
        event
        for certificate in site.certificates
        for event in certificate_events(
            certificate, site.build_date, site.expiring_soon_days, history, getattr(site, "translator", ENGLISH)
        )
    ]
    return sorted(events, key=event_order, reverse=True)
