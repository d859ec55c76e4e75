"""Calendars, read back with icalendar."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import icalendar
import pytest

from certreg.enrich.site import enrich
from certreg.load.loader import load_registry
from certreg.render.follow.calendars import LINE_OCTETS, calendar_files, calendar_text
from tests.follow_fixture import BUILD_DATE, SITE_FIXTURE, SITEURL

SETTINGS = {"SITEURL": SITEURL}


@pytest.fixture(scope="module")
def calendars():
    """Every calendar of one build, by path."""
    return dict(calendar_files(enrich(load_registry(SITE_FIXTURE), BUILD_DATE), SETTINGS))


def events_of(text):
    """The VEVENTs of a calendar, parsed by icalendar."""
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return list(calendar.walk("VEVENT"))


def test_certificate_calendar_has_an_all_day_expiry_with_a_reminder_when_the_window_opens(calendars):
    (event,) = events_of(calendars["certificates/alpha-cert/ac-1001/calendar.ics"])
    assert event.decoded("DTSTART") == date(2028, 2, 28) and event.decoded("DTEND") == date(2028, 2, 29)
    assert type(event.decoded("DTSTART")) is date  # all day, not a date-time
    assert str(event["SUMMARY"]) == "ISO 9001:2015 certificate AC-1001 of Anchor Valid GmbH expires"
    assert str(event["URL"]) == f"{SITEURL}/certificates/alpha-cert/ac-1001/"
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(days=90) and str(alarm["ACTION"]) == "DISPLAY"


def test_transition_deadline_is_an_all_day_event(calendars):
    events = events_of(calendars["certificates/alpha-cert/ac-4001/calendar.ics"])
    assert [e.decoded("DTSTART") for e in events] == [date(2027, 1, 14), date(2025, 10, 31)]
    assert "last day of the transition period for ISO/IEC 27001:2013" in str(events[1]["SUMMARY"])


def test_organization_calendar_holds_each_certificate_and_cancels_suspended_ones(calendars):
    anchor = events_of(calendars["organizations/anchor-valid/calendar.ics"])
    assert sorted(e.decoded("DTSTART") for e in anchor) == [date(2026, 11, 20), date(2028, 2, 28)]
    (cedar,) = events_of(calendars["organizations/cedar-suspended/calendar.ics"])
    assert str(cedar["STATUS"]) == "CANCELLED" and str(cedar["SUMMARY"]).startswith("Suspended: ")
    assert not cedar.walk("VALARM")


def test_uids_are_stable_across_builds_and_a_renewal_moves_the_event_in_place(calendars, tmp_path):
    again = dict(calendar_files(enrich(load_registry(SITE_FIXTURE), BUILD_DATE), SETTINGS))
    assert again == calendars
    renewed = tmp_path / "site"
    shutil.copytree(SITE_FIXTURE, renewed)
    anchor = renewed / "organizations" / "anchor-valid.yaml"
    anchor.write_text(
        anchor.read_text(encoding="utf-8").replace("expires: 2028-02-28", "expires: 2031-02-27"), encoding="utf-8"
    )
    after = dict(calendar_files(enrich(load_registry(renewed), BUILD_DATE), SETTINGS))
    (before_event,) = events_of(calendars["certificates/alpha-cert/ac-1001/calendar.ics"])
    (after_event,) = events_of(after["certificates/alpha-cert/ac-1001/calendar.ics"])
    assert str(before_event["UID"]) == str(after_event["UID"])
    assert after_event.decoded("DTSTART") == date(2031, 2, 27)


LONG_NAME = (
    "บริษัท เจ้าพระยาอาหารแช่แข็ง จำกัด (มหาชน); 株式会社山田精機製作所, "
    "Société coopérative « Les Fromagers réunis du Val-d'Aoste », division export\nsecond paragraph"
)


def test_lines_are_crlf_and_folded_to_75_octets_even_in_long_non_latin_names(calendars):
    site = enrich(load_registry(SITE_FIXTURE), BUILD_DATE)
    certificate = {**site.certificates[0], "organization_name": LONG_NAME}
    long_one = calendar_text(LONG_NAME, [certificate], SITEURL, 90)
    (event,) = events_of(long_one)
    assert LONG_NAME in str(event["SUMMARY"])
    for text in [*calendars.values(), long_one]:
        assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
        assert all(len(line.encode("utf-8")) <= LINE_OCTETS for line in text.split("\r\n"))
    (hostile,) = events_of(calendars["certificates/beta-cert/x-b-1-b/calendar.ics"])
    assert "<script>alert(1)</script>" in str(hostile["SUMMARY"])
