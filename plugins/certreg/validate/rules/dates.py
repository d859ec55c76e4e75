"""Rules on a certificate's dates: order, build date, cycle (REG005-007, REG011, REG013, REG015).

Each rule's docstring is its user documentation (`certreg rules REGnnn`, CONTRIBUTING.md): a title, why it
matters, then an example that passes and one that fails (see `docs` for the format). Examples are
checked at the build date 26 November 2026.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from certreg.validate.rules.base import Context, Finding, date_of, each_certificate, each_text

MAX_ISSUE_DAYS_AHEAD = 7
CYCLE_YEARS = 3
CYCLE_GRACE_DAYS = 30
HALTING_STATUSES = ("suspended", "withdrawn")


def add_years(day: date, years: int) -> date:
    """Return the same calendar day `years` later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def rule_date_order(ctx: Context) -> Iterator[Finding]:
    """Dates out of order.

    `original_issue` is the first certification, `issued` the date of the current certificate and
    `expires` its last valid day, so they come in that order. A swap usually means a typing mistake.

    Passes in `organizations/beta-werke.yaml`::

        certifications:
          - original_issue: 2019-03-01
            issued: 2025-03-01
            expires: 2028-02-28

    Fails in `organizations/beta-werke.yaml`::

        certifications:
          - original_issue: 2025-03-10  # <- [REG005] certifications[0].original_issue
            issued: 2025-03-01
            expires: 2025-02-28  # <- [REG005] certifications[0].expires
    """
    for document, where, certificate in each_certificate(ctx):
        first, issued, expires = (date_of(certificate, key) for key in ("original_issue", "issued", "expires"))
        if first and issued and first > issued:
            message = f"original_issue {first} is after issued {issued}"
            hint = "original_issue is the first certification; it cannot be later than issued"
            yield Finding(document, (*where, "original_issue"), message, hint)
        if issued and expires and issued > expires:
            message = f"expires {expires} is before issued {issued}"
            yield Finding(document, (*where, "expires"), message, "check both dates against the certificate")


def rule_issued_not_future(ctx: Context) -> Iterator[Finding]:
    """Certificate issued in the future.

    The registry lists certificates that exist. A certificate dated a few days ahead is allowed (it may
    be published before the date printed on it); one dated later is a typing mistake or not issued yet.

    Passes in `organizations/beta-werke.yaml`::

        certifications:
          - issued: 2026-12-03
            expires: 2029-12-02

    Fails in `organizations/beta-werke.yaml`::

        certifications:
          - issued: 2027-03-01  # <- [REG006] certifications[0].issued
            expires: 2030-02-28
    """
    limit = ctx.build_date + timedelta(days=MAX_ISSUE_DAYS_AHEAD)
    for document, where, certificate in each_certificate(ctx):
        issued = date_of(certificate, "issued")
        if issued and issued > limit:
            yield Finding(
                document,
                (*where, "issued"),
                f"issued {issued} is more than {MAX_ISSUE_DAYS_AHEAD} days after the build date {ctx.build_date}",
                "check the date; add the certificate once it has been issued",
            )


def rule_status_date(ctx: Context) -> Iterator[Finding]:
    """Suspension or withdrawal without a past date.

    A visitor needs to know since when a certificate is suspended or withdrawn. The date is the one the
    certification body gives, and it has already happened.

    Passes in `organizations/beta-werke.yaml`::

        certifications:
          - status: suspended
            status_date: 2026-09-14

    Fails in `organizations/beta-werke.yaml`::

        certifications:
          - certificate_number: TC-0002  # <- [REG007] certifications[0].status_date
            status: withdrawn
          - certificate_number: TC-0003
            status: suspended
            status_date: 2027-09-14  # <- [REG007] certifications[1].status_date
    """
    for document, where, certificate in each_certificate(ctx):
        status = certificate.get("status")
        if status in HALTING_STATUSES and certificate.get("status_date") is None:
            message = f"status is {status} but status_date is missing"
            hint = f"add `status_date: YYYY-MM-DD`, the day the certificate was {status}"
            yield Finding(document, (*where, "status_date"), message, hint)
        status_date = date_of(certificate, "status_date")
        if status_date and status_date > ctx.build_date:
            message = f"status_date {status_date} is after the build date {ctx.build_date}"
            hint = "record a suspension or withdrawal once it has happened"
            yield Finding(document, (*where, "status_date"), message, hint)


def rule_cycle_length(ctx: Context) -> Iterator[Finding]:
    """Certificate longer than a certification cycle.

    Management system certificates run for a three-year cycle; certification bodies sometimes add a
    few weeks. A longer span usually means a wrong year. This is a warning: say why in the pull request.

    Passes in `organizations/beta-werke.yaml`::

        certifications:
          - issued: 2025-01-01
            expires: 2028-01-31

    Fails in `organizations/beta-werke.yaml`::

        certifications:
          - issued: 2025-01-01
            expires: 2029-01-01  # <- [REG011] certifications[0].expires
    """
    for document, where, certificate in each_certificate(ctx):
        issued, expires = date_of(certificate, "issued"), date_of(certificate, "expires")
        if issued and expires and expires > add_years(issued, CYCLE_YEARS) + timedelta(days=CYCLE_GRACE_DAYS):
            yield Finding(
                document,
                (*where, "expires"),
                f"certificate runs from {issued} to {expires}, longer than a {CYCLE_YEARS}-year cycle",
                "certification cycles last three years; check the dates on the certificate",
            )


def rule_issued_after_transition(ctx: Context) -> Iterator[Finding]:
    """Issued against a withdrawn edition.

    Once an edition's transition has ended (`transition_ends` in `standards.yaml`), no certificate can be
    issued against it: the certificate is probably to the new edition. ISO/IEC 27001:2013 ended on
    31 October 2025.

    Passes in `organizations/beta-werke.yaml`::

        certifications:
          - standards: [ISO/IEC 27001:2013]
            issued: 2023-05-02
            expires: 2025-10-31

    Fails in `organizations/beta-werke.yaml`::

        certifications:
          - standards: [ISO/IEC 27001:2013]  # <- [REG013] certifications[0].standards[0]
            issued: 2025-11-03
            expires: 2028-11-02
    """
    for document, where, certificate in each_certificate(ctx):
        issued = date_of(certificate, "issued")
        for index, ref in each_text(certificate.get("standards")):
            ends = date_of(ctx.editions.get(ref, {}), "transition_ends")
            if issued and ends and issued > ends:
                message = f"issued {issued}, after the transition for {ref} ended on {ends}"
                yield Finding(
                    document, (*where, "standards", index), message, "check the edition printed on the certificate"
                )


def rule_last_verified(ctx: Context) -> Iterator[Finding]:
    """Last verification in the future.

    `last_verified` is the day someone checked the certificate at its source; it tells a visitor how fresh
    the record is, so it cannot be later than the build.

    Passes in `organizations/beta-werke.yaml`::

        certifications:
          - last_verified: 2026-11-20

    Fails in `organizations/beta-werke.yaml`::

        certifications:
          - last_verified: 2027-11-20  # <- [REG015] certifications[0].last_verified
    """
    for document, where, certificate in each_certificate(ctx):
        verified = date_of(certificate, "last_verified")
        if verified and verified > ctx.build_date:
            message = f"last_verified {verified} is after the build date {ctx.build_date}"
            yield Finding(document, (*where, "last_verified"), message, "write the day you checked the source")
