"""Status at the build date: every boundary and every precedence, table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from certreg.enrich.site import effective_status, enrich, needs_reverification
from certreg.enrich.status import PRECEDENCE, STATUS_BY_ID, headline, reason, wording_fields
from certreg.load.loader import load_registry
from tests.conftest import organization_yaml

EDITIONS = {
    "ISO 9001:2015": {"edition": "2015"},
    "ISO/IEC 27001:2013": {"edition": "2013", "transition_ends": "2025-10-31"},
    "ISO/IEC 27001:2022": {"edition": "2022"},
}


def certificate(**fields: str) -> dict:
    base = {
        "standards": ["ISO 9001:2015"],
        "issued": "2024-05-10",
        "expires": "2027-05-09",
        "status": "active",
        "last_verified": "2026-10-01",
    }
    return {**base, **fields}


@pytest.mark.parametrize(
    ("fields", "on", "expected"),
    [
        ({}, date(2027, 2, 7), "valid"),  # 91 days before expiry
        ({}, date(2027, 2, 8), "expiring_soon"),  # exactly 90 days before
        ({}, date(2027, 5, 9), "expiring_soon"),  # the expiry day itself is still valid
        ({}, date(2027, 5, 10), "expired"),  # the day after
        ({"issued": "2026-12-01"}, date(2026, 11, 30), "not_yet_valid"),
        ({"issued": "2026-12-01"}, date(2026, 12, 1), "valid"),  # valid from its issue day
        ({"standards": ["ISO/IEC 27001:2013"]}, date(2025, 10, 31), "valid"),  # transition end day: still valid
        ({"standards": ["ISO/IEC 27001:2013"]}, date(2025, 11, 1), "edition_withdrawn"),  # the day after
        ({"standards": ["ISO 9001:2015", "ISO/IEC 27001:2013"]}, date(2025, 11, 1), "edition_withdrawn"),
        ({"standards": ["ISO/IEC 27001:2022"]}, date(2026, 1, 1), "valid"),
    ],
)
def test_status_boundaries(fields: dict, on: date, expected: str) -> None:
    assert effective_status(certificate(**fields), EDITIONS, on, 90) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": "withdrawn", "status_date": "2026-01-01", "expires": "2026-02-01"}, "withdrawn"),  # over expired
        ({"status": "withdrawn", "status_date": "2026-01-01", "standards": ["ISO/IEC 27001:2013"]}, "withdrawn"),
        ({"status": "suspended", "status_date": "2026-01-01", "expires": "2026-02-01"}, "suspended"),  # over expired
        ({"status": "suspended", "status_date": "2026-01-01", "issued": "2026-12-01"}, "suspended"),
        ({"expires": "2026-02-01", "standards": ["ISO/IEC 27001:2013"]}, "expired"),  # over edition_withdrawn
        ({"issued": "2026-11-30", "standards": ["ISO/IEC 27001:2013"]}, "edition_withdrawn"),  # over not_yet_valid
        ({"issued": "2026-11-30", "expires": "2026-12-30"}, "not_yet_valid"),  # over expiring_soon
        ({"expires": "2026-12-30", "standards": ["ISO/IEC 27001:2013"]}, "edition_withdrawn"),  # over expiring_soon
    ],
)
def test_status_precedence(fields: dict, expected: str) -> None:
    assert effective_status(certificate(**fields), EDITIONS, date(2026, 11, 26), 90) == expected


def test_precedence_order_is_the_published_one() -> None:
    assert PRECEDENCE == (
        "withdrawn",
        "suspended",
        "expired",
        "edition_withdrawn",
        "not_yet_valid",
        "expiring_soon",
        "valid",
    )


@pytest.mark.parametrize(("verified", "expected"), [("2025-10-22", False), ("2025-10-21", True)])
def test_needs_reverification_after_400_days(verified: str, expected: bool) -> None:
    # 2025-10-22 is exactly 400 days before 2026-11-26: not yet "more than 400 days".
    assert needs_reverification(certificate(last_verified=verified), date(2026, 11, 26)) is expected


WORDED = [
    ({}, "valid", "Valid until 9 May 2027", "Valid until 9 May 2027."),
    ({"expires": "2026-12-30"}, "expiring_soon", "Valid until 30 December 2026, expires soon", None),
    (
        {"expires": "2026-02-28"},
        "expired",
        "Expired on 28 February 2026",
        "Expired on 28 February 2026; it was valid through that day.",
    ),
    (
        {"issued": "2026-11-30"},
        "not_yet_valid",
        "Not yet valid: valid from 30 November 2026",
        "Issued with effect from 30 November 2026.",
    ),
    (
        {"status": "suspended", "status_date": "2026-03-03"},
        "suspended",
        "Suspended since 3 March 2026",
        "Suspended by Test Cert on 3 March 2026.",
    ),
    (
        {"status": "withdrawn", "status_date": "2026-03-03", "status_note": "At the holder's request."},
        "withdrawn",
        "Withdrawn on 3 March 2026",
        "Withdrawn by Test Cert on 3 March 2026. At the holder's request.",
    ),
    (
        {"standards": ["ISO/IEC 27001:2013"]},
        "edition_withdrawn",
        "Not valid: edition withdrawn",
        "Certified to ISO/IEC 27001:2013, an edition whose transition ended on 31 October 2025; certificates to it are no longer valid.",
    ),
]


@pytest.mark.parametrize(("fields", "status", "expected_headline", "expected_reason"), WORDED)
def test_every_status_is_worded_by_fixed_dates(
    fields: dict, status: str, expected_headline: str, expected_reason: str | None
) -> None:
    on = date(2026, 11, 26)
    cert = certificate(**fields)
    assert effective_status(cert, EDITIONS, on, 90) == status
    words = wording_fields(cert, EDITIONS, on, "Test Cert")
    assert headline(status, words) == expected_headline
    if expected_reason:
        assert reason(status, words) == expected_reason


@pytest.mark.parametrize(("fields", "status", "expected_headline", "expected_reason"), WORDED)
def test_wording_does_not_change_from_one_day_to_the_next(
    fields: dict, status: str, expected_headline: str, expected_reason: str | None
) -> None:
    cert = certificate(**fields)
    day, next_day = date(2026, 11, 26), date(2026, 11, 27)
    assert effective_status(cert, EDITIONS, next_day, 90) == status
    words = [wording_fields(cert, EDITIONS, on, "Test Cert") for on in (day, next_day)]
    assert headline(status, words[0]) == headline(status, words[1])
    assert reason(status, words[0]) == reason(status, words[1])
    assert "day" not in headline(status, words[0]).replace("today", "")


def test_no_status_wording_counts_days() -> None:
    for status in STATUS_BY_ID.values():
        for text in (status.label, status.short_label, status.title, status.headline, status.reason):
            assert " days" not in text and "ago" not in text, text


def test_expiring_soon_window_is_a_parameter() -> None:
    cert = certificate(expires="2027-01-25")  # 60 days after 2026-11-26
    assert effective_status(cert, EDITIONS, date(2026, 11, 26), 90) == "expiring_soon"
    assert effective_status(cert, EDITIONS, date(2026, 11, 26), 30) == "valid"


def test_enrich_computes_reasons_and_orders_current_certificates_first(make_registry) -> None:
    text = organization_yaml(number="TC-9", expires="2026-02-28", issued="2023-03-01") + (
        "  - certificate_number: TC-10\n    standards: [ISO 9001:2015]\n    certification_body: test-cert\n"
        "    accredited: false\n    scope: Assembly\n    issued: 2026-01-10\n    expires: 2029-01-09\n"
        "    source: https://test-cert.example/directory/TC-10\n    last_verified: 2026-10-01\n"
    )
    site = enrich(load_registry(make_registry({"organizations/beta.yaml": text})), date(2026, 11, 26))
    beta = next(o for o in site.organizations if o["slug"] == "beta")
    assert [c["effective_status"] for c in beta["certifications"]] == ["valid", "expired"]
    expired = beta["certifications"][1]
    assert expired["status_reason"] == "Expired on 28 February 2026; it was valid through that day."
    assert expired["headline"] == "Expired on 28 February 2026"
    assert expired["url"] == "certificates/test-cert/tc-9/"
    assert beta["best_status"] == "valid" and beta["status_summary"] == {"valid": 1, "expired": 1}
    assert site.counts["expired"] == 1 and sum(site.counts.values()) == len(site.certificates) == 3
    assert beta["certifications"][0]["accreditation"] is None  # accredited: false


def test_enrich_never_reads_the_clock(make_registry, monkeypatch) -> None:
    import certreg.core.dates

    monkeypatch.setattr(certreg.core.dates, "datetime", None)  # any clock read would now fail
    site = enrich(load_registry(make_registry()), date(2030, 1, 1))
    assert site.certificates[0]["effective_status"] == "expired"


def test_values_certificates_repeat_are_shared_and_scopes_kept_as_written(make_registry) -> None:
    second = (
        "  - certificate_number: TC-10\n    standards: [ISO 9001:2015]\n    certification_body: test-cert\n"
        '    accredited: false\n    scope: "Design of pumps\\n\\n  and  valves\\n"\n    issued: 2025-03-01\n'
        "    expires: 2028-02-28\n    source: https://test-cert.example/directory/TC-10\n    last_verified: 2026-10-01\n"
    )
    text = organization_yaml(number="TC-9") + second
    site = enrich(load_registry(make_registry({"organizations/beta.yaml": text})), date(2026, 11, 26))
    written = {c["certificate_number"]: c for c in site.groups.organizations_by_slug["beta"]["certifications"]}
    one, two = written["TC-9"], written["TC-10"]
    assert one["standard_refs"][0] is two["standard_refs"][0]  # one dict per cited edition
    assert {key: one["standard_refs"][0][key] for key in ("code", "edition", "ref", "code_slug", "url")} == {
        "code": "ISO 9001",
        "edition": "2015",
        "ref": "ISO 9001:2015",
        "code_slug": "iso-9001",
        "url": "standards/iso-9001/",
    }
    assert one["headline"] == two["headline"] == "Valid until 28 February 2028" and one["headline"] is two["headline"]
    assert two["scope"] == "Design of pumps\n\n  and  valves\n"
    assert two["scope_paragraphs"] == [["Design of pumps"], ["  and  valves"]]
    assert two["scope_line"] == "Design of pumps and valves"
    assert one["scope"] == "Machining of precision parts"
    assert one["scope_paragraphs"] == [[one["scope"]]] and one["scope_paragraphs"][0][0] is one["scope"]
    assert one["scope_line"] is one["scope"]
