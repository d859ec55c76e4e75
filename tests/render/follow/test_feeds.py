"""Events and Atom feeds, read back with feedparser."""

from __future__ import annotations

import feedparser
import pytest

from certreg.enrich.events import EVENT_WORDS, ROUTINE_FIELDS, all_events, certificate_events
from certreg.load.history import Commit, Entry, History, read_history
from certreg.render.follow.feeds import FEED_MAX_ENTRIES, feed_files
from tests.follow_fixture import (
    ADDED_DAY,
    BUILD_DATE,
    CHANGED_DAY,
    COMMIT_URL,
    LISTED_DAY,
    SITEURL,
    make_follow_registry,
)

SETTINGS = {"SITEURL": SITEURL, "SITENAME": "certreg"}


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """The follow registry in its own git repository."""
    return make_follow_registry(tmp_path_factory.mktemp("follow"))


def build_feeds(repo):
    """Every feed of one build, by path."""
    site = repo.site()
    events = all_events(site, read_history(repo.registry, COMMIT_URL))
    return dict(feed_files(site, events, SETTINGS))


@pytest.fixture(scope="module")
def feeds(repo):
    """The feeds of one build."""
    return build_feeds(repo)


def parse(text):
    """A feed as feedparser reads it; fails on a feed that is not well formed."""
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_every_feed_is_well_formed_atom_with_complete_entries(feeds):
    assert "feed.atom" in feeds and "organizations/anchor-valid/feed.atom" in feeds
    assert "certification-bodies/alpha-cert/feed.atom" in feeds
    for path, text in feeds.items():
        parsed = parse(text)
        assert parsed.feed.title and parsed.feed.id.startswith("urn:uuid:")
        assert len(parsed.entries) <= FEED_MAX_ENTRIES
        for entry in parsed.entries:
            assert entry.id.startswith("urn:uuid:") and entry.title and entry.summary
            assert entry.link.startswith(f"{SITEURL}/certificates/"), path
            assert entry.updated_parsed[:3] <= BUILD_DATE.timetuple()[:3]


def test_ids_and_bytes_are_the_same_in_a_second_build(repo, feeds):
    again = build_feeds(repo)
    assert again == feeds
    ids = [e.id for e in parse(feeds["feed.atom"]).entries]
    assert len(set(ids)) == len(ids)


def test_feed_updated_is_the_newest_event_date_not_the_build_time(feeds):
    parsed = parse(feeds["organizations/anchor-valid/feed.atom"])
    assert parsed.feed.updated == max(entry.updated for entry in parsed.entries)
    # AC-1002 expired on 20 November 2026: the newest event, five days before the build date
    assert parsed.feed.updated == "2026-11-21T00:00:00Z"


def test_suspension_is_an_entry_in_plain_words_dated_at_the_status_date(feeds):
    parsed = parse(feeds["organizations/cedar-suspended/feed.atom"])
    suspended = [e for e in parsed.entries if e.title.startswith(EVENT_WORDS["suspended"])]
    assert len(suspended) == 1
    assert suspended[0].updated == "2026-10-15T00:00:00Z"
    assert (
        "suspended ISO 9001:2015 certificate AC-2001 of Cedar Suspended SARL on 15 October 2026" in suspended[0].summary
    )
    assert suspended[0].link == f"{SITEURL}/certificates/alpha-cert/ac-2001/"


def test_record_change_entry_names_the_fields_with_old_and_new_values(feeds):
    parsed = parse(feeds["organizations/anchor-valid/feed.atom"])
    changed = [e for e in parsed.entries if e.title.startswith(EVENT_WORDS["changed"])]
    assert [e.updated[:10] for e in changed] == [CHANGED_DAY.isoformat()]
    assert "changed: expires, scope." in changed[0].summary
    assert "expires: 2026-11-01 → 2026-11-20" in changed[0].summary


def kinds(site, number, history=None):
    """(kind, date) of a certificate's published events."""
    certificate = next(c for c in site.certificates if c["certificate_number"] == number)
    return [
        (e["kind"], e["date"]) for e in certificate_events(certificate, BUILD_DATE, site.expiring_soon_days, history)
    ]


def test_events_are_published_only_once_their_date_has_come(repo):
    site = repo.site()
    assert kinds(site, "BC/2026/99") == []  # issued 30 November 2026, after the build date
    assert kinds(site, "AC-1002") == [
        ("issued", "2023-11-01"),
        ("expiring_soon", "2026-08-22"),
        ("expired", "2026-11-21"),
    ]
    assert kinds(site, "BC/2024/7") == [("issued", "2024-01-07"), ("expiring_soon", "2026-10-08")]


def test_history_adds_listed_and_changed_events(repo):
    history = read_history(repo.registry, COMMIT_URL)
    site = repo.site()
    assert ("listed", LISTED_DAY.isoformat()) in kinds(site, "AC-1002", history)
    assert ("changed", CHANGED_DAY.isoformat()) in kinds(site, "AC-1002", history)
    assert ("listed", ADDED_DAY.isoformat()) in kinds(site, "BC/2024/7", history)
    assert not [
        k for k in kinds(site, "AC-2001", history) if k[0] == "changed"
    ]  # its city changed after the build date


def test_transition_end_is_an_event_and_nothing_follows_a_withdrawal(repo):
    site = repo.site()
    assert ("transition_ended", "2025-11-01") in kinds(site, "AC-4001")
    withdrawn = next(c for c in site.certificates if c["certificate_number"] == "AC-3001")
    assert withdrawn["status"] == "withdrawn" and withdrawn["status_date"] == "2026-09-01"
    ended_soon_after = {**withdrawn, "expires": "2026-10-01"}
    events = certificate_events(ended_soon_after, BUILD_DATE, site.expiring_soon_days)
    assert [(e["kind"], e["date"]) for e in events] == [
        ("issued", "2025-02-01"),
        ("expiring_soon", "2026-07-03"),
        ("withdrawn", "2026-09-01"),
    ]


def test_a_change_to_last_verified_alone_is_no_event(repo):
    site = repo.site()
    certificate = next(c for c in site.certificates if c["certificate_number"] == "AC-1001")
    commit = Commit("0" * 40, CHANGED_DAY, "")
    routine = Entry("changed", commit, [{"field": "last_verified", "old": "2025-06-01", "new": "2026-10-01"}])
    news = Entry(
        "changed",
        commit,
        [
            {"field": "last_verified", "old": "2025-06-01", "new": "2026-10-01"},
            {"field": "scope", "old": "a", "new": "b"},
        ],
    )
    for entries, expected in (([routine], []), ([news], [CHANGED_DAY.isoformat()])):
        history = History(
            available=True,
            certificates={("alpha-cert", "AC-1001"): [Entry("listed", Commit("1" * 40, LISTED_DAY, "")), *entries]},
        )
        events = certificate_events(certificate, BUILD_DATE, site.expiring_soon_days, history)
        assert [e["date"] for e in events if e["kind"] == "changed"] == expected
    assert "last_verified" in ROUTINE_FIELDS
