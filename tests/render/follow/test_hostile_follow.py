"""Feeds, badges, calendars and the embed snippet of a hostile registry, each read back by its real reader.

The hostile organization (tests/hostile_fixture.py) writes markup, control characters, a non-character,
bidirectional controls and every kind of line break into its text fields; validation would refuse some
of that, but every writer must still produce a document its reader parses to the same text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import feedparser
import icalendar
import markdown
import pytest
from markdown_it import MarkdownIt

from certreg.core.escape import REPLACEMENT, XML_FORBIDDEN
from certreg.enrich.events import all_events, subject
from certreg.load.history import History
from certreg.render.follow.badges import badge_files, embed_snippets
from certreg.render.follow.calendars import calendar_files
from certreg.render.follow.feeds import feed_files
from tests.hostile_fixture import (
    CITY,
    HOSTILE_SLUG,
    STATUS_NOTE,
    hostile_certificate,
    hostile_organization,
    hostile_site,
    write_hostile_registry,
)

SITEURL = "https://certreg.example"
SETTINGS = {"SITEURL": SITEURL, "SITENAME": "certreg"}
ATOM = "{http://www.w3.org/2005/Atom}"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    """The hostile registry, enriched; lone CRs put back after loading (the loader turns them into LF)."""
    built = hostile_site(write_hostile_registry(tmp_path_factory.mktemp("hostile") / "registry"))
    hostile_organization(built)["city"] = CITY
    certificate = hostile_certificate(built)
    certificate["status_note"] = STATUS_NOTE
    certificate["organization_name"] = certificate["organization_name"].replace("\n", "\r")
    hostile_organization(built)["name"] = certificate["organization_name"]
    return built


def xml_readable(text: str) -> str:
    """What an XML reader gives back for text a writer was asked to write: forbidden characters replaced."""
    return XML_FORBIDDEN.sub(REPLACEMENT, text)


def test_every_feed_parses_as_xml_and_as_atom_and_keeps_the_hostile_title(site) -> None:
    events = all_events(site, History(available=False))
    feeds = dict(feed_files(site, events, SETTINGS))
    assert f"organizations/{HOSTILE_SLUG}/feed.atom" in feeds
    for path, text in feeds.items():
        root = ET.fromstring(text.encode("utf-8"))
        assert root.tag == f"{ATOM}feed", path
        parsed = feedparser.parse(text)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    root = ET.fromstring(feeds[f"organizations/{HOSTILE_SLUG}/feed.atom"].encode("utf-8"))
    name = hostile_organization(site)["name"]
    assert root.find(f"{ATOM}title").text == xml_readable(f"certreg: {name}")
    titles = [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]
    assert titles and all(xml_readable(name) in title for title in titles)


def test_every_badge_parses_as_svg_and_says_the_hostile_name(site) -> None:
    badges = dict(badge_files(site))
    certificate = hostile_certificate(site)
    svg = badges[f"{certificate['url']}badge.svg"]
    root = ET.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    assert xml_readable(certificate["organization_name"]) in root.find(f"{SVG}title").text
    assert xml_readable(certificate["organization_name"]).replace("\r", " ") in root.get("aria-label").replace(
        "\r", " "
    ).replace("\n", " ")
    for path, text in badges.items():
        if path.endswith(".svg"):
            ET.fromstring(text.encode("utf-8"))


def unfold(text: str) -> list[str]:
    """Content lines of an iCalendar file: split on CRLF only, continuation lines joined."""
    return text.replace("\r\n ", "").split("\r\n")


def test_calendars_parse_with_icalendar_and_no_value_breaks_a_content_line(site) -> None:
    calendars = dict(calendar_files(site, SETTINGS))
    certificate = hostile_certificate(site)
    text = calendars[f"{certificate['url']}calendar.ics"]
    assert "\r" not in text.replace("\r\n", "") and "\n" not in text.replace("\r\n", "")
    for line in unfold(text):
        assert re.match(r"^[A-Z-]+[;:]", line) or line == "", line
    calendar = icalendar.Calendar.from_ical(text)
    event = calendar.walk("VEVENT")[0]
    summary = str(event["SUMMARY"])
    assert comparable(subject(certificate)) in comparable(summary)
    organization = calendars[f"organizations/{HOSTILE_SLUG}/calendar.ics"]
    for line in unfold(organization):
        assert re.match(r"^[A-Z-]+[;:]", line) or line == "", line
    summaries = [str(event["SUMMARY"]) for event in icalendar.Calendar.from_ical(organization).walk("VEVENT")]
    assert any(comparable(subject(certificate)) in comparable(summary) for summary in summaries)


def comparable(text: str) -> str:
    """Text with every line break as LF and control characters (or their replacement) left out."""
    return re.sub("[\x00-\x08\x0b-\x1f\x7f\ufffd]", "", re.sub("\r\n|[\r\n\x85\u2028\u2029]", "\n", text))


def rendered_tags(html: str) -> list[str]:
    """The element names in rendered HTML, in order."""
    return re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html)


@pytest.mark.parametrize(
    "render",
    [MarkdownIt("commonmark").render, MarkdownIt("gfm-like", {"linkify": False}).render, markdown.markdown],
    ids=["commonmark", "gfm-like", "python-markdown"],
)
def test_the_markdown_embed_snippet_is_one_linked_image_whose_alt_is_the_text(site, render) -> None:
    certificate = hostile_certificate(site)
    snippet = embed_snippets(certificate, SITEURL)["markdown"]
    assert "\n" not in snippet and "\r" not in snippet
    html = render(snippet)
    assert rendered_tags(html) == ["p", "a", "img"], html
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert "onerror" in alt and "Injected heading" in alt
    if render is not markdown.markdown:  # Python-Markdown honours only some backslash escapes (not CommonMark)
        assert "&lt;img src=x onerror=alert(1)&gt;" in alt and "\\" not in alt.replace("\\ ;", "")
    assert f'href="{SITEURL}/{certificate["url"]}"' in html
