"""Calendars (RFC 5545): one per certificate and one per organization, to subscribe to in any calendar app.

Each certificate gives an all-day event on its expiry date, with a reminder (VALARM) when the
expiring-soon window opens, and an all-day event on each transition deadline of the editions it cites
(the last day a certificate to that edition is valid). UIDs name the certificate and the kind of
deadline, not its date: a renewal moves the event in place instead of adding one. A suspended or
withdrawn certificate's events stay, marked CANCELLED. DTSTAMP is the date the record was last checked
at the source, so a calendar's bytes change only when its records do.
URLs: `/certificates/<cb>/<slug>/calendar.ics`, `/organizations/<slug>/calendar.ics` (docs/follow.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from certreg.core.dates import parse_date
from certreg.core.escape import ical_text
from certreg.core.i18n import ENGLISH, Translator
from certreg.enrich.events import event_id, subject
from certreg.enrich.status import STATUS_BY_ID

CALENDAR_FILE = "calendar.ics"
PRODID = "-//certreg//follow a supplier//EN"
LINE_OCTETS = 75
CRLF = "\r\n"


def fold(line: str) -> str:
    """Fold a content line to at most 75 octets per line, never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return line
    parts, start, room = [], 0, LINE_OCTETS
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: step back
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, room = end, LINE_OCTETS - 1  # a continuation line starts with one space
    return (CRLF + " ").join(parts)


def all_day(day: str) -> list[str]:
    """DTSTART and DTEND of an all-day event on `day`."""
    start = parse_date(day)
    end = start + timedelta(days=1)
    return [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}"]


def vevent(
    certificate: dict[str, Any],
    kind: str,
    day: str,
    summary: str,
    siteurl: str,
    alarm_days: int,
    tr: Translator = ENGLISH,
) -> list[str]:
    """One all-day VEVENT, with a display alarm `alarm_days` before it when that is not 0; worded by `tr`."""
    permalink = f"{siteurl}/{certificate['url']}"
    cancelled = certificate["status"] in ("suspended", "withdrawn")
    if cancelled:
        summary = f"{tr.gettext(STATUS_BY_ID[certificate['status']].label)}: {summary}"
    description = tr.gettext("Certified by {body}. Check the live status: {url}").format(
        body=certificate["certification_body_name"], url=permalink
    )
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_id('/'.join(('calendar', certificate['certification_body'], certificate['slug'], kind)))}",
        f"DTSTAMP:{parse_date(certificate['last_verified']):%Y%m%d}T000000Z",
        *all_day(day),
        f"SUMMARY:{ical_text(summary)}",
        f"DESCRIPTION:{ical_text(description)}",
        f"URL:{permalink}",
        "TRANSP:TRANSPARENT",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
    ]
    if alarm_days and not cancelled:
        reminder = tr.gettext("Reminder: {summary}").format(summary=summary)
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"TRIGGER:-P{alarm_days}D"]
        lines += [f"DESCRIPTION:{ical_text(reminder)}", "END:VALARM"]
    return [*lines, "END:VEVENT"]


def certificate_vevents(
    certificate: dict[str, Any], siteurl: str, alarm_days: int, tr: Translator = ENGLISH
) -> list[str]:
    """Give the expiry and transition-deadline events of one certificate."""
    what = subject(certificate, tr)
    expires = certificate["expires"]
    summary = tr.gettext("{what} expires").format(what=what)
    lines = vevent(certificate, "expiry", expires, summary, siteurl, alarm_days, tr)
    for ref in certificate["standard_refs"]:
        ends = ref.get("transition_ends")
        if ends and ends < expires:
            summary = tr.gettext("{what}: last day of the transition period for {standard} ({date})").format(
                what=what, standard=ref["ref"], date=tr.long_date(ends)
            )
            lines += vevent(certificate, f"transition/{ref['ref']}", ends, summary, siteurl, alarm_days, tr)
    return lines


def calendar_text(
    name: str, certificates: list[dict[str, Any]], siteurl: str, alarm_days: int, tr: Translator = ENGLISH
) -> str:
    """Write a VCALENDAR with the events of some certificates, CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{ical_text(name)}",
        f"X-WR-CALNAME:{ical_text(name)}",
    ]
    for certificate in certificates:
        lines += certificate_vevents(certificate, siteurl, alarm_days, tr)
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF


def organization_calendar(
    organization: dict[str, Any], siteurl: str, alarm_days: int, tr: Translator = ENGLISH
) -> tuple[str, str]:
    """An organization's calendar, with the events of every certificate it holds, as (path, text)."""
    name = tr.gettext("Certificates of {organization}").format(organization=organization["name"])
    text = calendar_text(name, organization["certifications"], siteurl, alarm_days, tr)
    return f"{organization['url']}{CALENDAR_FILE}", text


def certificate_calendar(
    certificate: dict[str, Any], siteurl: str, alarm_days: int, tr: Translator = ENGLISH
) -> tuple[str, str]:
    """One certificate's own calendar, as (path, text)."""
    return f"{certificate['url']}{CALENDAR_FILE}", calendar_text(
        subject(certificate, tr), [certificate], siteurl, alarm_days, tr
    )


def calendar_files(site: Any, settings: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every calendar as (path under output, text); the reminder opens the expiring-soon window."""
    siteurl = settings.get("SITEURL", "")
    alarm_days, tr = site.expiring_soon_days, getattr(site, "translator", ENGLISH)
    for organization in site.organizations:
        yield organization_calendar(organization, siteurl, alarm_days, tr)
    for certificate in site.certificates:
        yield certificate_calendar(certificate, siteurl, alarm_days, tr)
