"""Atom feeds (RFC 4287): the registry's recent events, and one feed per organization and certification body.

Each entry is one event (see events.py): its title says in plain words what happened, its link is the
certificate's permalink, and its `updated` is the event's own date. A feed's `updated` is its newest
entry's date (or, with no entry, the newest date its records were checked): never the build time, so a
feed's bytes change only when its events do. URLs: `/feed.atom`, `/organizations/<slug>/feed.atom`,
`/certification-bodies/<slug>/feed.atom` (docs/follow.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from certreg.core.escape import xml_attr, xml_text
from certreg.core.i18n import ENGLISH, Translator
from certreg.enrich.events import event_id
from certreg.render.opendata.fields import site_name

FEED_MAX_ENTRIES = 50
FEED_FILE = "feed.atom"
ATOM_TYPE = "application/atom+xml"
NO_DATE = "1970-01-01"


def feed_path(base_url: str) -> str:
    """`organizations/x/feed.atom` for `organizations/x/`, `feed.atom` for the home page."""
    return f"{base_url}{FEED_FILE}"


def timestamp(day: str) -> str:
    """Give the Atom date-time of a calendar day: midnight UTC."""
    return f"{day}T00:00:00Z"


def entry_xml(event: dict[str, Any], siteurl: str, tr: Translator = ENGLISH) -> str:
    """One `<entry>`."""
    none = tr.gettext("(none)")
    lines = [
        event["text"],
        *(f"{c['field']}: {c['old'] or none} → {c['new'] or none}" for c in event["fields"]),
    ]
    link = f"{siteurl}/{event['certificate_url']}"
    parts = [
        "<entry>",
        f"<title>{xml_text(event['headline'])}</title>",
        f"<id>{event['id']}</id>",
        f"<updated>{timestamp(event['date'])}</updated>",
        f'<link rel="alternate" type="text/html" href={xml_attr(link)}/>',
        f"<category term={xml_attr(event['kind'])}/>",
        f'<summary type="text">{xml_text(chr(10).join(lines))}</summary>',
        "</entry>",
    ]
    return "".join(parts)


def feed_xml(
    title: str,
    base_url: str,
    events: list[dict[str, Any]],
    settings: dict[str, Any],
    quiet: str,
    tr: Translator = ENGLISH,
) -> str:
    """Write an Atom feed of the newest FEED_MAX_ENTRIES events (newest first); `quiet` dates a feed with none."""
    siteurl = settings.get("SITEURL", "")
    sitename = site_name(settings)
    newest = events[:FEED_MAX_ENTRIES]
    updated = newest[0]["date"] if newest else quiet or NO_DATE
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={xml_attr(tr.language)}>',
        f"<title>{xml_text(f'{sitename}: {title}')}</title>",
        f"<id>{event_id('feed/' + base_url)}</id>",
        f"<updated>{timestamp(updated)}</updated>",
        f'<link rel="self" type="{ATOM_TYPE}" href={xml_attr(f"{siteurl}/{feed_path(base_url)}")}/>',
        f'<link rel="alternate" type="text/html" href={xml_attr(f"{siteurl}/{base_url}")}/>',
        f"<author><name>{xml_text(sitename)}</name></author>",
    ]
    return "\n".join([*head, *(entry_xml(event, siteurl, tr) for event in newest), "</feed>", ""])


def newest_check(certificates: list[dict[str, Any]]) -> str:
    """Give the newest `last_verified` of some certificates ("" for none)."""
    return max((c["last_verified"] for c in certificates), default="")


def events_by(events: list[dict[str, Any]], field: str) -> dict[str, list[dict[str, Any]]]:
    """Group events (newest first) by one of their fields, keeping their order."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for event in events:
        grouped[event[field]].append(event)
    return grouped


def site_feed_inputs(site: Any, events: list[dict[str, Any]]) -> list[Any]:
    """All the registry's feed is made from besides the settings: its newest events and quiet date."""
    return [events[:FEED_MAX_ENTRIES], newest_check(site.certificates)]


def site_feed(inputs: list[Any], settings: dict[str, Any], tr: Translator = ENGLISH) -> str:
    """The registry's feed, from `site_feed_inputs`."""
    events, quiet = inputs
    return feed_xml(tr.gettext("recent events"), "", events, settings, quiet, tr)


def body_feed_inputs(body: dict[str, Any], events: list[dict[str, Any]]) -> list[Any]:
    """All a certification body's feed is made from besides the settings: name, URL, newest events, quiet date."""
    return [body["name"], body["url"], events[:FEED_MAX_ENTRIES], body["coverage"]["newest_check"] or ""]


def body_feed(inputs: list[Any], settings: dict[str, Any], tr: Translator = ENGLISH) -> str:
    """A certification body's feed, from `body_feed_inputs`."""
    name, url, events, quiet = inputs
    return feed_xml(name, url, events, settings, quiet, tr)


def organization_feed(
    organization: dict[str, Any], events: list[dict[str, Any]], settings: dict[str, Any], tr: Translator = ENGLISH
) -> str:
    """An organization's feed, from its own events (newest first)."""
    quiet = newest_check(organization["certifications"])
    return feed_xml(organization["name"], organization["url"], events, settings, quiet, tr)


def feed_files(site: Any, events: list[dict[str, Any]], settings: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Every feed as (path under output, text); `events` newest first, as `events.all_events` gives them."""
    by_organization = events_by(events, "organization_slug")
    by_body = events_by(events, "certification_body")
    tr = getattr(site, "translator", ENGLISH)
    yield FEED_FILE, site_feed(site_feed_inputs(site, events), settings, tr)
    for organization in site.organizations:
        own = by_organization[organization["slug"]]
        yield feed_path(organization["url"]), organization_feed(organization, own, settings, tr)
    for slug, body in site.certification_bodies.items():
        yield feed_path(body["url"]), body_feed(body_feed_inputs(body, by_body[slug]), settings, tr)


def follow_links(base_url: str, title: str, tr: Translator = ENGLISH) -> dict[str, str]:
    """Give what `_follow.html` prints for a page: its feed's URL and title (site-relative)."""
    feed_title = tr.gettext("Atom feed: {title}").format(title=title)
    return {"feed_url": feed_path(base_url), "feed_title": feed_title, "feed_type": ATOM_TYPE}
