"""Follow a supplier: the one object the generator asks for feeds, calendars, badges, change files and page data.

`Follow(site, settings)` only formats: the git history (`Site.history`, read in the load stage unless the
REGISTRY_HISTORY setting is false: then History sections say it is not available) and every event
(`Site.events`, computed in enrich) come with the site from the pipeline (`enrich/pipeline.py`).
`files()` yields every file to write, as (path under output, text). The `*_page` methods give the plain
dicts that the theme's partials print (`_follow.html`, `_history.html`, `_embed.html`, `_qr.html`,
coverage comes with the body from `Site`); nothing there is computed in a template. URLs: docs/follow.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import certreg.render.follow.badges as badges
import certreg.render.follow.calendars as calendars
import certreg.render.follow.changes as changes
import certreg.render.follow.feeds as feeds
from certreg.core.i18n import ENGLISH
from certreg.load.history import record_history
from certreg.render.follow.qr_codes import QrCodes


def commit_url_prefix(settings: dict[str, Any]) -> str:
    """`https://github.com/o/r/commit/` from SOURCE_REPOSITORY_URL, or "" when there is none."""
    repository = (settings.get("SOURCE_REPOSITORY_URL") or "").rstrip("/")
    return f"{repository}/commit/" if repository.startswith(("https://", "http://")) else ""


class Follow:
    """Everything built from the site's history and events, for one build."""

    def __init__(self, site: Any, settings: dict[str, Any]) -> None:
        """Format the history and events of `site` with these settings (SITEURL, SITENAME, QR_CACHE)."""
        self.site, self.settings = site, settings
        self.tr = getattr(site, "translator", ENGLISH)  # the site's language (certreg.core.i18n)
        self.siteurl = settings.get("SITEURL", "")
        self.history, self.events = site.history, site.events
        cache = settings.get("QR_CACHE")
        self.qr_codes = QrCodes(self.siteurl, Path(cache) if cache else None)

    def files(self) -> Iterator[tuple[str, str]]:
        """Every feed, calendar, badge and change file, as (path under output, text)."""
        yield from feeds.feed_files(self.site, self.events, self.settings)
        yield from calendars.calendar_files(self.site, self.settings)
        yield from badges.badge_files(self.site)
        yield from changes.change_files(self.site.build_date, self.history, self.events)

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
            "badge_url": f"{url}{badges.BADGE_FILE}",
        }
        history = record_history(self.history, self.history.organization(organization["slug"]))
        return {"follow": follow, "history": history}

    def certificate_page(self, certificate: dict[str, Any]) -> dict[str, Any]:
        """Follow links, History, Embed and print QR code of a certificate page."""
        url = certificate["url"]
        organization_feed = feeds.follow_links(
            f"organizations/{certificate['organization_slug']}/", certificate["organization_name"], self.tr
        )
        follow = {**organization_feed, "calendar_url": f"{url}{calendars.CALENDAR_FILE}", "badge_url": ""}
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
