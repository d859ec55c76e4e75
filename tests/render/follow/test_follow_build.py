"""End to end: a registry with its own git history, built by Pelican, offers Follow, History, Embed and a QR code."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import feedparser
import icalendar
import pytest
import zxingcpp

from certreg.build.staging import build_site
from tests.follow_fixture import BUILD_DATE, CHANGED_DAY, NEW_SCOPE, OLD_SCOPE, SITEURL, make_follow_registry
from tests.render.follow.test_badges import rasterize

FOLLOW_FILES = re.compile(r"(feed\.atom|calendar\.ics|badge\.svg|badge\.json)$")
SETTINGS = {"SITEURL": SITEURL, "SOURCE_REPOSITORY_URL": "https://github.com/certreg/certreg"}


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """The follow registry in its own git repository."""
    return make_follow_registry(tmp_path_factory.mktemp("follow"))


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    """SITEURL, the source repository and a QR code cache of this module's own."""
    return {**SETTINGS, "QR_CACHE": str(tmp_path_factory.mktemp("qr-cache"))}


@pytest.fixture(scope="module")
def site(repo, settings, tmp_path_factory):
    """The registry built once at the build date, with a SITEURL."""
    output = tmp_path_factory.mktemp("built") / "output"
    build_site(repo.registry, output, BUILD_DATE, settings)
    return output


def read(site: Path, url: str) -> str:
    """A built page's text."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_organization_page_links_its_feed_and_calendar_and_shows_its_history(site, repo):
    page = read(site, "organizations/anchor-valid/")
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Atom feed: Anchor Valid GmbH" href="{SITEURL}/organizations/anchor-valid/feed.atom">'
        in page
    )
    assert ">Follow: Atom feed</a>" in page and f'href="{SITEURL}/organizations/anchor-valid/calendar.ics"' in page
    assert "10 January 2026</time>: first listed in the registry" in page
    assert f'href="https://github.com/certreg/certreg/commit/{repo.commits[0]}"' in page


def test_certificate_page_history_shows_the_changed_fields_with_old_and_new_values(site, repo):
    page = read(site, "certificates/alpha-cert/ac-1002/")
    history = page[page.index('id="history-heading"') :]
    assert f"{CHANGED_DAY.strftime('%-d %B %Y')}</time>:" in history
    assert f"<td>scope</td><td>{OLD_SCOPE}</td><td>{NEW_SCOPE}</td>" in history
    assert "<td>expires</td><td>2026-11-01</td><td>2026-11-20</td>" in history
    assert f"commit/{repo.commits[1]}" in history


def test_certificate_page_prints_a_qr_code_of_its_permalink_and_offers_embed_snippets(site):
    page = read(site, "certificates/alpha-cert/ac-1001/")
    svg = re.search(r'<figure class="print-qr print-only">\s*(<svg.*?</svg>)', page, re.S).group(1)
    assert [code.text for code in zxingcpp.read_barcodes(rasterize(svg))] == [
        f"{SITEURL}/certificates/alpha-cert/ac-1001/"
    ]
    assert "[![Status of ISO 9001:2015 certificate AC\\-1001 of Anchor Valid GmbH]" in page
    assert f"({SITEURL}/certificates/alpha-cert/ac-1001/badge.svg)]({SITEURL}/certificates/alpha-cert/ac-1001/)" in page


def test_certification_body_page_states_its_coverage_and_links_its_feed(site):
    page = read(site, "certification-bodies/alpha-cert/")
    assert "This registry lists 5 certificates from this certification body." in page
    assert (
        'between\n<time datetime="2025-06-01">1 June 2025</time> and <time datetime="2026-11-01">1 November 2026</time>'
        in page
    )
    assert f'href="{SITEURL}/certification-bodies/alpha-cert/feed.atom"' in page


def test_built_feeds_and_calendars_parse_with_the_real_clients(site):
    feeds = sorted(site.rglob("feed.atom"))
    assert len(feeds) == 1 + 7 + 2  # the registry, each organization, each certification body
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo and parsed.version == "atom10", path
    for path in site.rglob("calendar.ics"):
        assert icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"), path


def follow_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every feed, calendar, badge and change file."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if FOLLOW_FILES.search(path.name) or "api/v1/changes/" in path.as_posix()
    }


def test_two_builds_give_identical_feeds_calendars_badges_and_change_files(site, repo, settings, tmp_path):
    build_site(repo.registry, tmp_path / "again", BUILD_DATE, settings)  # QR codes now come from the cache
    first = follow_digest(site)
    assert len(first) > 50 and follow_digest(tmp_path / "again") == first
    page = "certificates/alpha-cert/ac-1001/index.html"
    assert (tmp_path / "again" / page).read_bytes() == (site / page).read_bytes()
    assert list(Path(settings["QR_CACHE"]).glob("*.svg"))


def test_without_siteurl_no_page_prints_a_qr_code(repo, tmp_path):
    build_site(repo.registry, tmp_path / "plain", BUILD_DATE, {"QR_CACHE": None})
    page = read(tmp_path / "plain", "certificates/alpha-cert/ac-1001/")
    assert "print-qr" not in page
    assert "this build has no <code>SITEURL</code>" in page


def test_by_default_a_certificate_links_its_organizations_calendar_and_has_no_badge_json(site):
    page = read(site, "certificates/alpha-cert/ac-1001/")
    assert f'href="{SITEURL}/organizations/anchor-valid/calendar.ics" type="text/calendar"' in page
    assert "the organization&#39;s calendar: it holds this certificate&#39;s expiry" in page
    calendar = icalendar.Calendar.from_ical((site / "organizations/anchor-valid/calendar.ics").read_bytes())
    assert any("AC-1001" in str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    certificate = site / "certificates/alpha-cert/ac-1001"
    assert (certificate / "badge.svg").is_file()
    assert not (certificate / "calendar.ics").exists() and not (certificate / "badge.json").exists()
    assert not (site / "organizations/anchor-valid/badge.svg").exists()
    assert "/organizations/anchor-valid/badge.svg" not in read(site, "organizations/anchor-valid/")


def test_the_settings_add_a_calendar_and_a_badge_json_per_certificate(repo, settings, tmp_path):
    optional = {**settings, "FOLLOW_CERTIFICATE_CALENDARS": True, "FOLLOW_BADGE_JSON": True}
    optional["FOLLOW_ORGANIZATION_BADGE"] = True
    build_site(repo.registry, tmp_path / "all", BUILD_DATE, optional)
    certificate = tmp_path / "all" / "certificates/alpha-cert/ac-1001"
    (event,) = icalendar.Calendar.from_ical((certificate / "calendar.ics").read_bytes()).walk("VEVENT")
    assert "AC-1001" in str(event["SUMMARY"])
    assert json.loads((certificate / "badge.json").read_text(encoding="utf-8"))["schemaVersion"] == 1
    page = read(tmp_path / "all", "certificates/alpha-cert/ac-1001/")
    assert f'href="{SITEURL}/certificates/alpha-cert/ac-1001/calendar.ics"' in page
    assert "the organization&#39;s calendar" not in page
    badge = (tmp_path / "all" / "organizations/anchor-valid/badge.svg").read_text(encoding="utf-8")
    assert badge.startswith("<svg") and "certified" in badge
    assert 'href="' + SITEURL + '/organizations/anchor-valid/badge.svg"' in read(
        tmp_path / "all", "organizations/anchor-valid/"
    )
