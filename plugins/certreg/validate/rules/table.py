"""The rule table: every named `REGnnn` rule with its severity and one-line statement, and `run_rules`.

`RULES` is the single source: `certreg validate` runs it, `certreg rules` and CONTRIBUTING.md print it
(with each rule's docstring as its documentation, see `docs`). The rules themselves live in
`references`, `dates`, `values`, `text` (characters) and `addresses` (page addresses);
what they share is in `base`. The linter, not
the rule, assigns the code and severity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from certreg.core.problems import ERROR, WARNING, Problem
from certreg.load.loader import Registry
from certreg.validate.rules.addresses import MAX_ADDRESS_LENGTH, rule_address_length, rule_one_address_each
from certreg.validate.rules.base import Context, Finding
from certreg.validate.rules.dates import (
    CYCLE_GRACE_DAYS,
    CYCLE_YEARS,
    MAX_ISSUE_DAYS_AHEAD,
    rule_cycle_length,
    rule_date_order,
    rule_issued_after_transition,
    rule_issued_not_future,
    rule_last_verified,
    rule_status_date,
)
from certreg.validate.rules.references import (
    rule_accreditation_refs,
    rule_accredited_scope,
    rule_certification_body_ref,
    rule_standard_refs,
    rule_unique_editions,
)
from certreg.validate.rules.text import rule_characters, rule_invisible, rule_mixed_scripts
from certreg.validate.rules.values import (
    MAX_SLUG_LENGTH,
    rule_country_codes,
    rule_duplicate_names,
    rule_slug,
    rule_unique_certificate_numbers,
    rule_urls,
)

__all__ = ["CYCLE_GRACE_DAYS", "MAX_ISSUE_DAYS_AHEAD", "MAX_SLUG_LENGTH", "RULES", "Rule", "run_rules"]


# What a rule's findings on a record depend on, for the validation kept between builds (validate/kept.py):
# the record and the shared files alone (standards, accreditation bodies, the certification bodies it
# cites, the schemas); those and the build date; or the other records too (the rule compares records).
RECORD, DATED, ACROSS_RECORDS = "record", "dated", "across records"


@dataclass(frozen=True, slots=True)
class Rule:
    """One entry of the rule table; `check.__doc__` is the rule's documentation."""

    code: str
    severity: str
    statement: str
    check: Callable[[Context], Iterator[Finding]]
    reads: str = RECORD


# fmt: off
RULES: tuple[Rule, ...] = (
    Rule("REG001", ERROR, "An organization's or certification body's file name is a valid slug.", rule_slug),
    Rule("REG002", ERROR, "Every standard a certificate cites exists, with its edition, in standards.yaml.",
         rule_standard_refs),
    Rule("REG003", ERROR, "Every certificate's certification body has a file in certification-bodies/.",
         rule_certification_body_ref),
    Rule("REG004", ERROR, "Every accreditation names a known accreditation body and known standard codes.",
         rule_accreditation_refs),
    Rule("REG005", ERROR, "Dates are in order: original_issue ≤ issued ≤ expires.", rule_date_order),
    Rule("REG006", ERROR, f"A certificate is issued no more than {MAX_ISSUE_DAYS_AHEAD} days after the build date.",
         rule_issued_not_future, DATED),
    Rule("REG007", ERROR, "A suspended or withdrawn certificate has a status_date, not after the build date.",
         rule_status_date, DATED),
    Rule("REG008", ERROR, "A certificate number appears once per certification body across the registry.",
         rule_unique_certificate_numbers, ACROSS_RECORDS),
    Rule("REG009", ERROR, "Country codes are real ISO 3166-1 alpha-2 codes.", rule_country_codes),
    Rule("REG010", ERROR, "Web addresses (website, directory, source) are absolute http(s) URLs.", rule_urls),
    Rule("REG011", WARNING, f"A certificate runs no longer than {CYCLE_YEARS} years plus {CYCLE_GRACE_DAYS} days.",
         rule_cycle_length),
    Rule("REG012", WARNING, "No two organizations share a name once case, accents and legal form are ignored.",
         rule_duplicate_names, ACROSS_RECORDS),
    Rule("REG013", WARNING, "A certificate is not issued after its edition's transition has ended.",
         rule_issued_after_transition),
    Rule("REG014", WARNING, "An accredited certificate's body holds an active accreditation for each of its standards.",
         rule_accredited_scope),
    Rule("REG015", ERROR, "last_verified is not after the build date.", rule_last_verified, DATED),
    Rule("REG016", ERROR, "Each edition appears once in standards.yaml.", rule_unique_editions),
    Rule("REG017", ERROR, "Text holds no control character, bidirectional control or non-character; "
         "a line break only in scope, address and status_note.", rule_characters),
    Rule("REG018", WARNING, "Text holds no invisible character (zero-width space, soft hyphen, …).", rule_invisible),
    Rule("REG019", WARNING, "Each word is written in one script (no Cyrillic letter inside a Latin word).",
         rule_mixed_scripts),
    Rule("REG020", ERROR, "No two standard codes share one page address (ISO 9001 and ISO-9001).",
         rule_one_address_each),
    Rule("REG021", ERROR, f"A certificate number or standard code gives a page address of at most "
         f"{MAX_ADDRESS_LENGTH} characters.", rule_address_length),
)
# fmt: on
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def run_rules(
    registry: Registry,
    build_date: date,
    rules: tuple[Rule, ...] = RULES,
    name_keys: Callable[[str], tuple[str, ...]] | None = None,
) -> list[Problem]:
    """Return every finding of every rule, as problems carrying the rule's code and severity."""
    ctx = Context(registry, build_date, name_keys)
    return [
        finding.document.problem(finding.field_path, rule.code, finding.message, finding.hint, rule.severity)
        for rule in rules
        for finding in rule.check(ctx)
    ]
