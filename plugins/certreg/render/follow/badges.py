"""Badges: an accessible SVG per certificate and per organization, and a shields.io endpoint `badge.json`.

A certificate's badge reads its standards and "valid until 9 May 2027" while it is current, else its
status word; an organization's badge lists the standards of its current certificates. Words and colours
come from the one status table (`Status.short_label`, `Status.style`). The SVG is one line of text, with
`role="img"`, a `<title>` and `aria-label` saying the whole sentence, and white text on colours with a
contrast of at least 4.5:1. Widths are estimated from character counts, so the bytes depend only on the
words. URLs: `/certificates/<cb>/<slug>/badge.svg`, `.../badge.json`, `/organizations/<slug>/badge.svg`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from certreg.core.escape import markdown_text, xml_attr, xml_text
from certreg.core.i18n import ENGLISH, N_, Translator
from certreg.enrich.events import subject
from certreg.enrich.status import STATUS_BY_ID

BADGE_FILE = "badge.svg"
BADGE_JSON_FILE = "badge.json"
LABEL_COLOUR = "#555555"
# Status style -> badge colour; white text on each has a contrast ratio of at least 4.5:1.
STYLE_COLOURS = {"current": "#2e7d32", "caution": "#8a5300", "invalid": "#b3261e"}
CHAR_WIDTH = 7  # px per character at 11px Verdana, rounded up: wide enough for capitals
PADDING = 6
HEIGHT = 20
NO_CURRENT = N_("no current certificate")


def certificate_badge(certificate: dict[str, Any], tr: Translator = ENGLISH) -> dict[str, str]:
    """Label, message, style and the full sentence of a certificate's badge, worded by `tr`."""
    status = STATUS_BY_ID[certificate["effective_status"]]
    label = ", ".join(ref["ref"] for ref in certificate["standard_refs"])
    until = tr.gettext("valid until {date}").format(date=tr.long_date(certificate["expires"]))
    message = until if status.is_current else tr.gettext(status.short_label)
    sentence = tr.gettext("{organization}: {standards} certificate {number} from {body}, {status}").format(
        organization=certificate["organization_name"],
        standards=label,
        number=certificate["certificate_number"],
        body=certificate["certification_body_name"],
        status=message,
    )
    return {"label": label, "message": message, "style": status.style, "title": sentence}


def organization_badge(organization: dict[str, Any], tr: Translator = ENGLISH) -> dict[str, str]:
    """Label, message, style and sentence of an organization's badge: its current standards, or none."""
    current = [c for c in organization["certifications"] if c["is_current"]]
    codes = list(dict.fromkeys(ref["code"] for c in current for ref in c["standard_refs"]))
    message = ", ".join(codes) if codes else tr.gettext(NO_CURRENT)
    style = STATUS_BY_ID["valid"].style if codes else STATUS_BY_ID["expired"].style
    said = tr.gettext("certified to {standards}").format(standards=message) if codes else message
    title = f"{organization['name']}: {said}"
    return {"label": tr.gettext("certified"), "message": message, "style": style, "title": title}


def text_width(text: str) -> int:
    """Estimated width in px of `text`, with padding on both sides."""
    return len(text) * CHAR_WIDTH + 2 * PADDING


def badge_svg(badge: dict[str, str]) -> str:
    """Draw the badge as an SVG document."""
    left, right = text_width(badge["label"]), text_width(badge["message"])
    width, colour = left + right, STYLE_COLOURS[badge["style"]]
    title = xml_text(badge["title"])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT}" '
        f'viewBox="0 0 {width} {HEIGHT}" role="img" aria-label={xml_attr(badge["title"])}>'
        f"<title>{title}</title>"
        f'<rect width="{left}" height="{HEIGHT}" fill="{LABEL_COLOUR}"/>'
        f'<rect x="{left}" width="{right}" height="{HEIGHT}" fill="{colour}"/>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">'
        f'<text x="{left / 2:g}" y="14">{xml_text(badge["label"])}</text>'
        f'<text x="{left + right / 2:g}" y="14">{xml_text(badge["message"])}</text>'
        "</g></svg>\n"
    )


def badge_endpoint(badge: dict[str, str]) -> str:
    """Give the shields.io endpoint JSON (https://shields.io/badges/endpoint-badge) of a badge."""
    data = {
        "schemaVersion": 1,
        "label": badge["label"],
        "message": badge["message"],
        "color": STYLE_COLOURS[badge["style"]].lstrip("#"),
        "labelColor": LABEL_COLOUR.lstrip("#"),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def certificate_badge_files(
    certificate: dict[str, Any], endpoint: bool = True, tr: Translator = ENGLISH
) -> Iterator[tuple[str, str]]:
    """A certificate's badge and (when `endpoint`) its shields.io endpoint, as (path under output, text)."""
    badge = certificate_badge(certificate, tr)
    yield f"{certificate['url']}{BADGE_FILE}", badge_svg(badge)
    if endpoint:
        yield f"{certificate['url']}{BADGE_JSON_FILE}", badge_endpoint(badge)


def organization_badge_file(organization: dict[str, Any], tr: Translator = ENGLISH) -> tuple[str, str]:
    """An organization's badge, as (path under output, text)."""
    return f"{organization['url']}{BADGE_FILE}", badge_svg(organization_badge(organization, tr))


def badge_files(site: Any) -> Iterator[tuple[str, str]]:
    """Every badge as (path under output, text)."""
    tr = getattr(site, "translator", ENGLISH)
    for certificate in site.certificates:
        yield from certificate_badge_files(certificate, tr=tr)
    for organization in site.organizations:
        yield organization_badge_file(organization, tr)


def embed_snippets(certificate: dict[str, Any], siteurl: str, tr: Translator = ENGLISH) -> dict[str, str]:
    """Give what `_embed.html` prints: HTML and Markdown that show the badge linked to the permalink."""
    permalink = f"{siteurl}/{certificate['url']}"
    badge_url = f"{permalink}{BADGE_FILE}"
    alt = tr.gettext("Status of {subject}").format(subject=subject(certificate, tr))
    html = f"<a href={xml_attr(permalink)}><img src={xml_attr(badge_url)} alt={xml_attr(alt)}></a>"
    return {
        "badge_url": badge_url,
        "html": html,
        "markdown": f"[![{markdown_text(alt)}]({badge_url})]({permalink})",
        "absolute": bool(siteurl),
    }
