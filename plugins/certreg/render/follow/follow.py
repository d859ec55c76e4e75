"""Follow a supplier: the one object the generator asks for feeds, calendars, badges, change files and page data.

`Follow(site, settings)` only formats: the git history (`Site.history`, read in the load stage unless the
REGISTRY_HISTORY setting is false: then History sections say it is not available) and every event
(`Site.events`, computed in enrich) come with the site from the pipeline (`enrich/pipeline.py`).
`files()` yields every file to write, as (path under output, text). The `*_page` methods give the plain
dicts that the theme's partials print (`_follow.html`, `_history.html`, `_embed.html`, `_qr.html`,
coverage comes with the body from `Site`); nothing there is computed in a template. URLs: docs/follow.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import certreg.render.follow.badges as badges
import certreg.render.follow.calendars as calendars
import certreg.render.follow.changes as changes
import certreg.render.follow.feeds as feeds
from certreg.build.digests import Unkeyable, digest
from certreg.core.i18n import ENGLISH
from certreg.load.history import record_history
from certreg.render.follow.qr_codes import QrCodes
from certreg.render.opendata.fields import site_name


def commit_url_prefix(settings: dict[str, Any]) -> str:
    """`https://github.com/o/r/commit/` from SOURCE_REPOSITORY_URL, or "" when there is none."""
    repository = (settings.get("SOURCE_REPOSITORY_URL") or "").rstrip("/")
    return f"{repository}/commit/" if repository.startswith(("https://", "http://")) else ""


class FileGroup(NamedTuple):
    """Files made together from `inputs` alone (besides code and settings): the page cache keeps them whole.

    `files` is called only when the group has to be made again, so an unchanged group costs a digest.
    """

    name: str
    inputs: Any
    files: Callable[[], Iterator[tuple[str, str]]]


def one_file(path: str, make: Callable[..., str], *args: Any) -> Iterator[tuple[str, str]]:
    """One file, made when it is asked for."""
    yield path, make(*args)


def digested(value: Any) -> Any:
    """The digest of plain data (events, history) standing for it in a key: one pickle, no walk through it.

    A value that cannot be digested is returned as it is; its group is then made in every build.
    """
    try:
        return digest(value)
    except Unkeyable:
        return value


class Follow:
    """Everything built from the site's history and events, for one build."""

    def __init__(self, site: Any, settings: dict[str, Any]) -> None:
        """Format the history and events of `site` with these settings (SITEURL, SITENAME, QR_CACHE)."""
        self.site, self.settings = site, settings
        self.tr = getattr(site, "translator", ENGLISH)  # the site's language (certreg.core.i18n)
        self.siteurl = settings.get("SITEURL", "")
        # Optional files (docs/follow.md): the organization's calendar holds each certificate's events,
        # badge.svg is the badge badge.json describes for shields.io, and each certificate has its badge.
        self.certificate_calendars = bool(settings.get("FOLLOW_CERTIFICATE_CALENDARS", False))
        self.badge_json = bool(settings.get("FOLLOW_BADGE_JSON", False))
        self.organization_badge = bool(settings.get("FOLLOW_ORGANIZATION_BADGE", False))
        self.history, self.events = site.history, site.events
        self._history_base: str | None = None  # `history_key` without entries
        cache = settings.get("QR_CACHE")
        self.qr_codes = QrCodes(self.siteurl, Path(cache) if cache else None, self.tr)

    def files(self) -> Iterator[tuple[str, str]]:
        """Every feed, calendar, badge and change file, as (path under output, text)."""
        for group in self.groups():
            yield from group.files()

    def groups(self, key: Callable[[Any], str] | None = None) -> Iterator[FileGroup]:
        """Every follow file, in groups keyed by exactly what they are made from.

        One group per organization (its feed, calendar and badge, and its certificates' calendars and
        badges: all made from the organization's record, which holds its certificates, and its events),
        one per certification body (its feed), the registry's feed, and the change files. With `key` (a
        page cache's record key), an organization's group is keyed by digests, not pickled again.
        """
        siteurl, alarm_days = self.siteurl, self.site.expiring_soon_days
        shaping = [siteurl, site_name(self.settings), alarm_days, self.tr.language]
        by_organization = feeds.events_by(self.events, "organization_slug")
        by_body = feeds.events_by(self.events, "certification_body")
        site_inputs = feeds.site_feed_inputs(self.site, self.events)
        site_feed = partial(one_file, feeds.FEED_FILE, feeds.site_feed, site_inputs, self.settings, self.tr)
        yield FileGroup("follow:feed", [shaping, digested(site_inputs)], site_feed)
        shaped = digested(shaping)
        for organization in self.site.organizations:
            events = by_organization.get(organization["slug"], [])
            told = digested(events) if events else ""
            inputs = [shaping, organization, told]
            if key is not None and isinstance(shaped, str) and isinstance(told, str):
                inputs = (shaped, key(organization), told)
            made = partial(self._organization_files, organization, events)
            yield FileGroup(f"follow:{organization['url']}", inputs, made)
        for slug, body in self.site.certification_bodies.items():
            inputs = feeds.body_feed_inputs(body, by_body.get(slug, []))
            body_feed = partial(one_file, feeds.feed_path(body["url"]), feeds.body_feed, inputs, self.settings, self.tr)
            yield FileGroup(f"follow:{body['url']}", [shaping, digested(inputs)], body_feed)
        change_files = partial(changes.change_files, self.site.build_date, self.history, self.events)
        yield FileGroup("follow:changes", digested([self.site.build_date, self.history, self.events]), change_files)

    def _organization_files(
        self, organization: dict[str, Any], events: list[dict[str, Any]]
    ) -> Iterator[tuple[str, str]]:
        """An organization's follow files and those of its certificates (the optional ones when set)."""
        siteurl, alarm_days, tr = self.siteurl, self.site.expiring_soon_days, self.tr
        yield feeds.feed_path(organization["url"]), feeds.organization_feed(organization, events, self.settings, tr)
        yield calendars.organization_calendar(organization, siteurl, alarm_days, tr)
        if self.organization_badge:
            yield badges.organization_badge_file(organization, tr)
        for certificate in organization["certifications"]:
            if self.certificate_calendars:
                yield calendars.certificate_calendar(certificate, siteurl, alarm_days, tr)
            yield from badges.certificate_badge_files(certificate, self.badge_json, tr)

    def home_page(self) -> dict[str, Any]:
        """Follow links of the home page: the registry's feed."""
        return {
            "follow": {
                **feeds.follow_links("", self.tr.gettext("recent events"), self.tr),
                "calendar_url": "",
                "badge_url": "",
            }
        }

    def organization_page(self, organization: dict[str, Any]) -> dict[str, Any]:
        """Follow links (feed, calendar, badge) and the History section of an organization page."""
        url = organization["url"]
        follow = {
            **feeds.follow_links(url, organization["name"], self.tr),
            "calendar_url": f"{url}{calendars.CALENDAR_FILE}",
            "badge_url": f"{url}{badges.BADGE_FILE}" if self.organization_badge else "",
        }
        history = record_history(self.history, self.history.organization(organization["slug"]))
        return {"follow": follow, "history": history}

    def organization_inputs(self, organization: dict[str, Any]) -> list[Any]:
        """What `organization_page` and the organization page are made from (besides code and settings)."""
        history = self.history
        return [organization, history.available, history.reason, digested(history.organization(organization["slug"]))]

    def certificate_inputs(self, certificate: dict[str, Any]) -> list[Any]:
        """What `certificate_page` is made from (besides code and settings): the certificate and its history."""
        history = self.history
        entries = history.certificate(certificate["certification_body"], certificate["certificate_number"])
        organization = history.organization(certificate["organization_slug"])
        return [certificate, history.available, history.reason, digested([entries, organization])]

    def organization_key(self, organization: dict[str, Any], key: Callable[[Any], str]) -> tuple[Any, ...]:
        """`organization_inputs` as digests: the record's `key` (made once per build) and its history's."""
        return (key(organization), self.history_key(self.history.organization(organization["slug"])))

    def certificate_key(self, certificate: dict[str, Any], key: Callable[[Any], str]) -> tuple[Any, ...]:
        """`certificate_inputs` as digests: the record's `key` and the history of it and its organization."""
        history = self.history
        entries = history.certificate(certificate["certification_body"], certificate["certificate_number"])
        organization = history.organization(certificate["organization_slug"])
        return (key(certificate), self.history_key([entries, organization] if entries or organization else []))

    def history_key(self, entries: list[Any]) -> Any:
        """The digest of whether history is available, why not, and `entries` (none: one digest per build)."""
        if self._history_base is None:
            self._history_base = digest([self.history.available, self.history.reason])
        if not entries:
            return self._history_base
        found = digested(entries)
        return self._history_base + found if isinstance(found, str) else (self._history_base, found)

    def certificate_page(self, certificate: dict[str, Any]) -> dict[str, Any]:
        """Follow links, History, Embed and print QR code of a certificate page."""
        url = certificate["url"]
        organization_feed = feeds.follow_links(
            f"organizations/{certificate['organization_slug']}/", certificate["organization_name"], self.tr
        )
        own_calendar = f"{url}{calendars.CALENDAR_FILE}"
        organization_calendar = f"{certificate['organization_url']}{calendars.CALENDAR_FILE}"
        follow = {
            **organization_feed,
            "calendar_url": own_calendar if self.certificate_calendars else organization_calendar,
            "calendar_note": ""
            if self.certificate_calendars
            else self.tr.gettext(
                "the organization's calendar: it holds this certificate's expiry and transition deadlines"
            ),
            "badge_url": "",
        }
        entries = self.history.certificate(certificate["certification_body"], certificate["certificate_number"])
        history = record_history(self.history, entries, self.history.organization(certificate["organization_slug"]))
        return {
            "follow": follow,
            "history": history,
            "embed": badges.embed_snippets(certificate, self.siteurl, self.tr),
            "qr": self.qr_codes.for_certificate(certificate),
        }

    def body_page(self, body: dict[str, Any]) -> dict[str, Any]:
        """Follow link of a certification body page."""
        return {
            "follow": {**feeds.follow_links(body["url"], body["name"], self.tr), "calendar_url": "", "badge_url": ""},
        }
