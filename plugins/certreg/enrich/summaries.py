"""Site-wide summaries, computed once per build: groupings, counts, status pages, home sections, wording.

Every count a page shows comes from here, from the same enriched certificates that the pages list, so
a summary can never disagree with the list it summarizes. Home sections may show a recent window,
but never claim that none exist while their status count is above zero, and always link to the full
list when it has entries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from certreg.core.dates import parse_date
from certreg.core.i18n import ENGLISH, N_plural, Translator
from certreg.enrich.status import DISPLAY_ORDER, PRECEDENCE, STATUS_BY_ID, Status, localized_table

RECENTLY_EXPIRED_DAYS = 90
HOME_LIST_LENGTH = 20


@dataclass(frozen=True)
class Groups:
    """Organizations and certificates grouped once, for every list page (certificates valid first)."""

    organizations_by_slug: dict[str, dict[str, Any]]
    organizations_by_country: dict[str, list[dict[str, Any]]]
    certificates_by_body: dict[str, list[dict[str, Any]]]
    certificates_by_standard: dict[str, list[dict[str, Any]]]
    certificates_by_status: dict[str, list[dict[str, Any]]]
    bodies_by_name: list[dict[str, Any]]


@dataclass(frozen=True)
class Summaries:
    """What `summarize` adds to the site."""

    counts: dict[str, int]
    totals: dict[str, int]
    status_pages: list[dict[str, Any]]
    countries: list[dict[str, Any]]
    groups: Groups
    home: dict[str, Any]
    wording: dict[str, str]


def display_key(certificate: dict[str, Any]) -> tuple[int, str, str]:
    """Sort key for certificate lists: valid ones first, then by organization and number."""
    rank = DISPLAY_ORDER.index(certificate["effective_status"])
    return (rank, certificate["organization_name"].casefold(), certificate["certificate_number"])


def group(organizations: list[dict], certificates: list[dict], bodies: dict[str, dict]) -> Groups:
    """Every grouping the list pages need, in one pass each."""
    by_country: dict[str, list[dict]] = defaultdict(list)
    for organization in organizations:
        by_country[organization["country"]].append(organization)
    by_body: dict[str, list[dict]] = defaultdict(list)
    by_standard: dict[str, list[dict]] = defaultdict(list)
    by_status: dict[str, list[dict]] = defaultdict(list)
    for certificate in sorted(certificates, key=display_key):
        by_body[certificate["certification_body"]].append(certificate)
        by_status[certificate["effective_status"]].append(certificate)
        for code in dict.fromkeys(ref["code"] for ref in certificate["standard_refs"]):
            by_standard[code].append(certificate)
    return Groups(
        organizations_by_slug={organization["slug"]: organization for organization in organizations},
        organizations_by_country=dict(by_country),
        certificates_by_body=dict(by_body),
        certificates_by_standard=dict(by_standard),
        certificates_by_status=dict(by_status),
        bodies_by_name=sorted(bodies.values(), key=lambda body: body["name"].casefold()),
    )


def status_pages(counts: dict[str, int], table: dict[str, Status] | None = None) -> list[dict[str, Any]]:
    """One entry per effective status, in display order: its table row (worded by `table`), count and list URL."""
    table = table or STATUS_BY_ID
    return [
        {
            "status": table[status],
            "count": counts[status],
            "url": f"status/{STATUS_BY_ID[status].slug}/",
        }
        for status in DISPLAY_ORDER
    ]


def countries(groups: Groups) -> list[dict[str, Any]]:
    """Every country that has an organization, by name, with its URL and counts."""
    rows = [
        {
            "code": code,
            "name": members[0]["country_name"],
            "slug": code.lower(),
            "url": members[0]["country_url"],
            "organization_count": len(members),
            "certificate_count": sum(len(org["certifications"]) for org in members),
        }
        for code, members in groups.organizations_by_country.items()
    ]
    return sorted(rows, key=lambda country: country["name"].casefold())


def count_entities(
    standards: list[dict], bodies: dict[str, dict], groups: Groups, table: dict[str, Status] | None = None
) -> None:
    """Each standard's and certification body's number of certificates, and each body's coverage."""
    for standard in standards:
        standard["certificate_count"] = len(groups.certificates_by_standard.get(standard["code"], ()))
    for slug, body in bodies.items():
        listed = groups.certificates_by_body.get(slug, [])
        body["certificate_count"] = len(listed)
        body["coverage"] = coverage(listed, table)


def coverage(certificates: list[dict[str, Any]], table: dict[str, Status] | None = None) -> dict[str, Any]:
    """How many of a body's certificates the registry lists, by status, and when they were last checked.

    A visitor who finds no entry then knows how far to trust the absence.
    """
    per_status = Counter(certificate["effective_status"] for certificate in certificates)
    checked = sorted(certificate["last_verified"] for certificate in certificates)
    return {
        "total": len(certificates),
        "by_status": [page for page in status_pages(per_status, table) if page["count"]],
        "oldest_check": checked[0] if checked else None,
        "newest_check": checked[-1] if checked else None,
    }


# The home page's two lists: how each says how many there are, and links to all of them.
HOME_PHRASES: dict[str, dict[str, tuple[str, str]]] = {
    "expiring_soon": {
        "listed": N_plural(
            "{count} expiring soon certificate is listed.", "{count} expiring soon certificates are listed."
        ),
        "all": N_plural("The {count} expiring soon certificate", "All {count} expiring soon certificates"),
    },
    "expired": {
        "listed": N_plural("{count} expired certificate is listed.", "{count} expired certificates are listed."),
        "all": N_plural("The {count} expired certificate", "All {count} expired certificates"),
    },
}


def home_section(
    items: list[dict], total: int, status: str, notes: tuple[str, str], tr: Translator = ENGLISH
) -> dict[str, Any]:
    """One home-page list: up to HOME_LIST_LENGTH entries, and words that never contradict the count.

    `notes` are the window's note (when entries exist outside the window) and the note for none at all.
    """
    window_note, none_note = notes
    phrases = HOME_PHRASES[status]
    count = tr.number(total)
    if items:
        note = ""
    elif total:
        note = " ".join(
            part for part in (window_note, tr.ngettext(*phrases["listed"], total).format(count=count)) if part
        )
    else:
        note = none_note
    return {
        "items": items[:HOME_LIST_LENGTH],
        "total": total,
        "note": note,
        "url": f"status/{STATUS_BY_ID[status].slug}/",
        "link_text": tr.ngettext(*phrases["all"], total).format(count=count) if total else "",
    }


def home_sections(
    certificates: list[dict], counts: dict[str, int], on: date, soon_days: int, tr: Translator = ENGLISH
) -> dict[str, Any]:
    """The home page's "Expiring soon" and "Recently expired" sections."""
    since = on - timedelta(days=RECENTLY_EXPIRED_DAYS)
    recent = sorted(
        (c for c in certificates if c["effective_status"] == "expired" and parse_date(c["expires"]) >= since),
        key=lambda c: (c["expires"], c["url"]),
        reverse=True,
    )
    expiring = sorted(
        (c for c in certificates if c["effective_status"] == "expiring_soon"), key=lambda c: (c["expires"], c["url"])
    )
    none_soon = tr.ngettext(
        "No certificate expires within {days} day.", "No certificate expires within {days} days.", soon_days
    ).format(days=tr.number(soon_days))
    none_recent = tr.ngettext(
        "No certificate expired in the {days} day before this data was built.",
        "No certificate expired in the {days} days before this data was built.",
        RECENTLY_EXPIRED_DAYS,
    ).format(days=tr.number(RECENTLY_EXPIRED_DAYS))
    return {
        "expiring_soon": home_section(expiring, counts["expiring_soon"], "expiring_soon", ("", none_soon), tr),
        "recently_expired": home_section(
            recent,
            counts["expired"],
            "expired",
            (none_recent, tr.gettext("No certificate in the registry has expired.")),
            tr,
        ),
        "recently_expired_days": RECENTLY_EXPIRED_DAYS,
        "expiring_soon_days": soon_days,
    }


def and_list(words: list[str], tr: Translator = ENGLISH) -> str:
    """`A`, `A and B`, `A, B and C` (the last joined the translator's way)."""
    if len(words) < 2:
        return words[0] if words else ""
    return tr.gettext("{first} and {last}").format(first=", ".join(words[:-1]), last=words[-1])


def wording(standards: list[dict[str, Any]], groups: Groups, tr: Translator = ENGLISH) -> dict[str, str]:
    """Phrases naming the standards the registry holds certificates to (those it lists, when it holds none)."""
    codes = [s["code"] for s in standards if groups.certificates_by_standard.get(s["code"])]
    codes = codes or [s["code"] for s in standards]
    phrase = and_list(codes, tr)
    return {
        "standards": phrase,
        "certificates": tr.gettext("certificates to {standards}").format(standards=phrase)
        if phrase
        else tr.gettext("certificates"),
    }


def summarize(
    organizations: list[dict],
    certificates: list[dict],
    standards: list[dict],
    bodies: dict[str, dict],
    on: date,
    soon_days: int,
    tr: Translator = ENGLISH,
) -> Summaries:
    """Every site-wide count, grouping and summary, worded by `tr`."""
    table = {status.id: status for status in localized_table(tr)}
    counted = Counter(c["effective_status"] for c in certificates)
    counts = {status: counted[status] for status in PRECEDENCE}
    groups = group(organizations, certificates, bodies)
    count_entities(standards, bodies, groups, table)
    return Summaries(
        counts=counts,
        totals={
            "organizations": len(organizations),
            "certificates": len(certificates),
            "certification_bodies": len(bodies),
        },
        status_pages=status_pages(counts, table),
        countries=countries(groups),
        groups=groups,
        home=home_sections(certificates, counts, on, soon_days, tr),
        wording=wording(standards, groups, tr),
    )
