"""The one status table: every effective status a certificate can have, how it is decided and worded.

Every page, badge, feed, data file, the search index and the browser scripts take their status words
from `STATUS_TABLE`; the browser gets the table as data written by the build (`build.json`), so one
status is worded one way everywhere. Wording names fixed dates ("Valid until 9 May 2027"), never a
count of days from the build date, so a page changes only when its status does.

`PRECEDENCE` is the order in which statuses are decided: the first that applies wins. The two
thresholds the statuses rest on are defined here once: `EXPIRING_SOON_DAYS` (the default of the
setting of that name) and `REVERIFY_AFTER_DAYS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from typing import Any

from certreg.core.dates import parse_date
from certreg.core.i18n import ENGLISH, N_, N_plural, Translator

EXPIRING_SOON_DAYS = 90  # a valid certificate expiring within this many days is "expiring soon"
REVERIFY_AFTER_DAYS = 400  # a source last checked longer ago than this needs re-verification


@dataclass(frozen=True, slots=True)
class Status:
    """One effective status and every word and flag a renderer needs to show it."""

    id: str  # as in the data: "expiring_soon"
    label: str  # the badge in lists and search results: "Valid, expires soon"
    short_label: str  # where space is short (SVG badges): "Expires soon"
    title: str  # heading of its list page: "Expiring soon"
    slug: str  # URL segment and CSS modifier: "expiring-soon"
    order: int  # display order: current first, then the ones to be careful about
    style: str  # "current", "caution" or "invalid": colour and icon
    is_current: bool  # a visitor may rely on the certificate
    headline: str  # the answer at the top of a certificate page, with {date} fields
    reason: str  # why, in one sentence, with {date} fields ({by} and {note} for a body's decision)

    def as_data(self) -> dict[str, Any]:
        """The status as plain data, for JSON written by the build."""
        return asdict(self)


# In display order. This is the only place a status is worded.
STATUS_TABLE: tuple[Status, ...] = (
    Status(
        "valid",
        N_("Valid"),
        N_("Valid"),
        N_("Valid"),
        "valid",
        0,
        "current",
        True,
        N_("Valid until {expires}"),
        N_("Valid until {expires}."),
    ),
    Status(
        "expiring_soon",
        N_("Valid, expires soon"),
        N_("Expires soon"),
        N_("Expiring soon"),
        "expiring-soon",
        1,
        "current",
        True,
        N_("Valid until {expires}, expires soon"),
        N_("Valid until {expires}; it expires soon, so ask the holder for the renewed certificate."),
    ),
    Status(
        "not_yet_valid",
        N_("Not yet valid"),
        N_("Not yet valid"),
        N_("Not yet valid"),
        "not-yet-valid",
        2,
        "caution",
        False,
        N_("Not yet valid: valid from {issued}"),
        N_("Issued with effect from {issued}."),
    ),
    Status(
        "suspended",
        N_("Suspended"),
        N_("Suspended"),
        N_("Suspended"),
        "suspended",
        3,
        "invalid",
        False,
        N_("Suspended since {status_date}"),
        N_("Suspended by {by} on {status_date}.{note}"),
    ),
    Status(
        "expired",
        N_("Expired"),
        N_("Expired"),
        N_("Expired"),
        "expired",
        4,
        "invalid",
        False,
        N_("Expired on {expires}"),
        N_("Expired on {expires}; it was valid through that day."),
    ),
    Status(
        "edition_withdrawn",
        N_("Not valid: edition withdrawn"),
        N_("Edition withdrawn"),
        N_("Not valid: edition withdrawn"),
        "edition-withdrawn",
        5,
        "invalid",
        False,
        N_("Not valid: edition withdrawn"),
        N_(
            "Certified to {edition}, an edition whose transition ended on {transition_ends}; "
            "certificates to it are no longer valid."
        ),
    ),
    Status(
        "withdrawn",
        N_("Withdrawn"),
        N_("Withdrawn"),
        N_("Withdrawn"),
        "withdrawn",
        6,
        "invalid",
        False,
        N_("Withdrawn on {status_date}"),
        N_("Withdrawn by {by} on {status_date}.{note}"),
    ),
)
STATUS_BY_ID: dict[str, Status] = {status.id: status for status in STATUS_TABLE}
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
HALTED_BY_BODY = ("withdrawn", "suspended")  # record statuses that win over every date
# The words of a record's own status and an accreditation's status, as pages print them ("Published
# status: Suspended"); templates look them up in the catalog by these texts.
RECORD_STATUS_WORDS = (N_("Active"), N_("Suspended"), N_("Withdrawn"), N_("Expired"))
# "3 expiring soon": a count of certificates with a status, in the singular and plural.
COUNT_PHRASES: dict[str, tuple[str, str]] = {
    "valid": N_plural("{count} valid", "{count} valid"),
    "expiring_soon": N_plural("{count} expiring soon", "{count} expiring soon"),
    "not_yet_valid": N_plural("{count} not yet valid", "{count} not yet valid"),
    "suspended": N_plural("{count} suspended", "{count} suspended"),
    "expired": N_plural("{count} expired", "{count} expired"),
    "edition_withdrawn": N_plural("{count} not valid: edition withdrawn", "{count} not valid: edition withdrawn"),
    "withdrawn": N_plural("{count} withdrawn", "{count} withdrawn"),
}


def localized(status: Status, tr: Translator) -> Status:
    """A row of the table worded in the translator's language."""
    words = {
        name: tr.gettext(getattr(status, name)) for name in ("label", "short_label", "title", "headline", "reason")
    }
    return replace(status, **words)


def localized_table(tr: Translator = ENGLISH) -> tuple[Status, ...]:
    """The whole status table in the translator's language, in display order."""
    return tuple(localized(status, tr) for status in STATUS_TABLE)


def count_phrase(status: str, count: int, tr: Translator = ENGLISH) -> str:
    """`3 expiring soon`, in the translator's language and plural form."""
    singular, plural = COUNT_PHRASES[status]
    return tr.ngettext(singular, plural, count).format(count=tr.number(count))


def transition_ends(certificate: Mapping[str, Any], editions: Mapping[str, Mapping[str, Any]]) -> list[date | None]:
    """The transition end of each edition a certificate cites (None where there is none)."""
    return [parse_date(editions.get(ref, {}).get("transition_ends") or "") for ref in certificate["standards"]]


def withdrawn_edition(
    certificate: Mapping[str, Any], editions: Mapping[str, Mapping[str, Any]], on: date
) -> tuple[str, date] | None:
    """The cited edition whose transition ended first, if that was before `on`; None when there is none."""
    ended = [
        (ends, index, ref)
        for index, (ref, ends) in enumerate(
            zip(certificate["standards"], transition_ends(certificate, editions), strict=True)
        )
        if ends and ends < on
    ]
    return (min(ended)[2], min(ended)[0]) if ended else None


def shifted(day: date | None, days: int) -> date | None:
    """`day` moved by `days`; None when there is no day or the result would leave the calendar."""
    try:
        return day + timedelta(days=days) if day else None
    except OverflowError:  # no boundary beyond the calendar's ends: every day on one side is alike
        return None


def status_boundaries(
    certificate: Mapping[str, Any], editions: Mapping[str, Mapping[str, Any]], soon_days: int
) -> set[date] | None:
    """Every day on which `effective_status` or `wording_fields` of a certificate may answer otherwise than before.

    Each comparison of the build date below has its day here: `on > expires` turns on the day after
    expiry, `(expires - on).days <= soon_days` on expiry minus `soon_days`, `issued > on` turns off on
    the issue day, and `withdrawn_edition` (`ends < on`) changes on the day after each cited edition's
    transition end. None when a date compared is not one (nothing can then be said to hold).
    """
    issued, expires = parse_date(certificate["issued"]), parse_date(certificate["expires"])
    if issued is None or expires is None:
        return None
    days = {issued, shifted(expires, 1), shifted(expires, -soon_days)}
    days.update(shifted(ends, 1) for ends in transition_ends(certificate, editions))
    return {day for day in days if day is not None}


def effective_status(
    certificate: Mapping[str, Any], editions: Mapping[str, Mapping[str, Any]], on: date, soon_days: int
) -> str:
    """The status a visitor should act on at date `on`; the first rule of PRECEDENCE that applies wins."""
    record_status = certificate.get("status") or "active"
    if record_status in HALTED_BY_BODY:
        return record_status
    expires = parse_date(certificate["expires"])
    if on > expires:
        return "expired"
    if withdrawn_edition(certificate, editions, on):
        return "edition_withdrawn"
    if parse_date(certificate["issued"]) > on:
        return "not_yet_valid"
    if (expires - on).days <= soon_days:
        return "expiring_soon"
    return "valid"


def wording_fields(
    certificate: Mapping[str, Any],
    editions: Mapping[str, Mapping[str, Any]],
    on: date,
    body_name: str,
    tr: Translator = ENGLISH,
) -> dict[str, str]:
    """The values the headline and reason templates name, as long dates and plain text."""
    withdrawn = withdrawn_edition(certificate, editions, on)
    note = certificate.get("status_note")
    return {
        "expires": tr.long_date(certificate["expires"]),
        "issued": tr.long_date(certificate["issued"]),
        "status_date": tr.long_date(certificate.get("status_date")) or tr.gettext("a date not recorded"),
        "edition": withdrawn[0] if withdrawn else "",
        "transition_ends": tr.long_date(withdrawn[1]) if withdrawn else "",
        "by": body_name,
        "note": f" {note}" if note else "",
    }


def headline(status: str, fields: Mapping[str, str], table: Mapping[str, Status] = STATUS_BY_ID) -> str:
    """The one-line answer at the top of a certificate page: "Valid until 9 May 2027"."""
    return table[status].headline.format_map(fields)


def reason(status: str, fields: Mapping[str, str], table: Mapping[str, Status] = STATUS_BY_ID) -> str:
    """A plain-language sentence explaining the status, naming the dates it rests on."""
    return table[status].reason.format_map(fields)
