"""Named domain rules: each `REGnnn` is one small pure function, registered in `RULES`.

A rule reads a `Context` (the loaded registry, the build date and lookup tables built once) and yields
`Finding`s; `run_rules` attaches the code and severity from the table. Rules skip values the schema step
already rejects (wrong types, malformed dates), so each mistake is reported once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

import pycountry

from .dates import parse_date
from .fold import certificate_slug, slugify
from .load import SLUG_PATTERN, Document, FieldPath, Registry
from .problems import ERROR, WARNING, Problem

MAX_SLUG_LENGTH = 80
MAX_ISSUE_DAYS_AHEAD = 7
CYCLE_YEARS = 3
CYCLE_GRACE_DAYS = 30
URL_FIELDS = ("website", "source", "directory")
URL_UNSAFE = frozenset('<>"`{}|\\^ ')
HALTING_STATUSES = ("suspended", "withdrawn")
COUNTRY_CODES = frozenset(country.alpha_2 for country in pycountry.countries)


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found: where, what, and how to fix it."""

    document: Document
    field_path: FieldPath
    message: str
    hint: str


@dataclass
class Context:
    """The registry being checked, the build date, and lookups shared by the rules."""

    registry: Registry
    build_date: date
    cache: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def editions(self) -> dict[str, dict[str, Any]]:
        """`"ISO 9001:2015"` → that edition's mapping."""
        found: dict[str, dict[str, Any]] = {}
        for standard in mappings(self.registry.standards.data if self.registry.standards else None):
            for edition in mappings(standard.get("editions")):
                found[f"{standard.get('code')}:{edition.get('edition')}"] = edition
        return found

    @cached_property
    def standard_codes(self) -> set[str]:
        """Every standard code without edition."""
        return {ref.rsplit(":", 1)[0] for ref in self.editions}

    @cached_property
    def certification_bodies(self) -> dict[str, Document]:
        """Certification bodies by slug."""
        return {document.slug: document for document in self.registry.certification_bodies}

    @cached_property
    def accreditation_body_slugs(self) -> set[str]:
        """Keys of accreditation-bodies.yaml."""
        data = self.registry.accreditation_bodies.data if self.registry.accreditation_bodies else None
        return set(data) if isinstance(data, dict) else set()


def mappings(value: Any) -> Iterator[dict[str, Any]]:
    """The dict items of a list (anything else yields nothing; the schema reports it)."""
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


def certificates(document: Document) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
    """(field path, certificate) for every well-formed certificate of an organization."""
    data = document.data if isinstance(document.data, dict) else {}
    for index, certificate in enumerate(data.get("certifications") or []):
        if isinstance(certificate, dict):
            yield ("certifications", index), certificate


def date_of(mapping: dict[str, Any], key: str) -> date | None:
    """A date field as a date, or None when absent or malformed."""
    value = mapping.get(key)
    return parse_date(value) if isinstance(value, str) else None


def fold_name(name: str) -> str:
    """A name reduced for duplicate detection: no case, accents, punctuation or legal form."""
    from .fold import LEGAL_FORMS, fold, tokenize

    return " ".join(word for word in tokenize(fold(name)) if word not in LEGAL_FORMS)


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def rule_slug(ctx: Context) -> Iterator[Finding]:
    for document in [*ctx.registry.organizations, *ctx.registry.certification_bodies]:
        if not SLUG_PATTERN.match(document.slug) or len(document.slug) > MAX_SLUG_LENGTH:
            yield Finding(
                document,
                (),
                f"file name {document.path.name!r} is not a valid slug",
                f"rename it to lower-case words joined by '-', at most {MAX_SLUG_LENGTH} "
                f"characters, e.g. {slugify(document.slug)[:MAX_SLUG_LENGTH].strip('-')}.yaml",
            )


def rule_standard_refs(ctx: Context) -> Iterator[Finding]:
    for document in ctx.registry.organizations:
        for where, certificate in certificates(document):
            for index, ref in enumerate(certificate.get("standards") or []):
                if isinstance(ref, str) and ref not in ctx.editions:
                    code = ref.rsplit(":", 1)[0]
                    known = sorted(r for r in ctx.editions if r.startswith(f"{code}:"))
                    hint = (
                        f"known editions: {', '.join(known)}"
                        if known
                        else "use `<code>:<edition>` from registry/standards.yaml, e.g. ISO 9001:2015"
                    )
                    yield Finding(
                        document,
                        (*where, "standards", index),
                        f"standard {ref!r} is not in registry/standards.yaml",
                        hint,
                    )


def rule_certification_body_ref(ctx: Context) -> Iterator[Finding]:
    for document in ctx.registry.organizations:
        for where, certificate in certificates(document):
            slug = certificate.get("certification_body")
            if isinstance(slug, str) and slug not in ctx.certification_bodies:
                yield Finding(
                    document,
                    (*where, "certification_body"),
                    f"certification body {slug!r} has no file in certification-bodies/",
                    f"use an existing slug or add certification-bodies/{slug}.yaml",
                )


def rule_accreditation_refs(ctx: Context) -> Iterator[Finding]:
    for document in ctx.registry.certification_bodies:
        data = document.data if isinstance(document.data, dict) else {}
        for index, accreditation in enumerate(data.get("accreditations") or []):
            if not isinstance(accreditation, dict):
                continue
            where = ("accreditations", index)
            body = accreditation.get("accreditation_body")
            if isinstance(body, str) and body not in ctx.accreditation_body_slugs:
                yield Finding(
                    document,
                    (*where, "accreditation_body"),
                    f"accreditation body {body!r} is not in accreditation-bodies.yaml",
                    "use one of its keys or add it there",
                )
            for position, code in enumerate(accreditation.get("standards") or []):
                if isinstance(code, str) and code not in ctx.standard_codes:
                    yield Finding(
                        document,
                        (*where, "standards", position),
                        f"standard code {code!r} is not in registry/standards.yaml",
                        "write the code without edition, e.g. ISO 9001",
                    )


def rule_date_order(ctx: Context) -> Iterator[Finding]:
    for document in ctx.registry.organizations:
        for where, certificate in certificates(document):
            first, issued, expires = (date_of(certificate, key) for key in ("original_issue", "issued", "expires"))
            if first and issued and first > issued:
                yield Finding(
                    document,
                    (*where, "original_issue"),
                    f"original_issue {first} is after issued {issued}",
                    "original_issue is the first certification; it cannot be later than issued",
                )
            if issued and expires and issued > expires:
                yield Finding(
                    document,
                    (*where, "expires"),
                    f"expires {expires} is before issued {issued}",
                    "check both dates against the certificate",
                )


def rule_issued_not_future(ctx: Context) -> Iterator[Finding]:
    limit = ctx.build_date + timedelta(days=MAX_ISSUE_DAYS_AHEAD)
    for document in ctx.registry.organizations:
        for where, certificate in certificates(document):
            issued = date_of(certificate, "issued")
            if issued and issued > limit:
                yield Finding(
                    document,
                    (*where, "issued"),
                    f"issued {issued} is more than {MAX_ISSUE_DAYS_AHEAD} days after the build date {ctx.build_date}",
                    "check the date; add the certificate once it has been issued",
                )


def rule_status_date(ctx: Context) -> Iterator[Finding]:
    for document in ctx.registry.organizations:
        for where, certificate in certificates(document):
            status = certificate.get("status")
            if status in HALTING_STATUSES and certificate.get("status_date") is None:
                yield Finding(
                    document,
                    (*where, "status_date"),
                    f"status is {status} but status_date is missing",
                    f"add `status_date: YYYY-MM-DD`, the day the certificate was {status}",
                )
            status_date = date_of(certificate, "status_date")
            if status_date and status_date > ctx.build_date:
                yield Finding(
                    document,
                    (*where, "status_date"),
                    f"status_date {status_date} is after the build date {ctx.build_date}",
                    "record a suspension or withdrawal once it has happened",
                )


def rule_unique_certificate_numbers(ctx: Context) -> Iterator[Finding]:
    first_seen: dict[tuple[str, str], tuple[Document, str]] = {}
    for document in ctx.registry.organizations:
        for where, certificate in certificates(document):
            body, number = (
                certificate.get("certification_body"),
                certificate.get("certificate_number"),
            )
            if not (isinstance(body, str) and isinstance(number, str)):
                continue
            key = (body, certificate_slug(number))
            if key in first_seen:
                other, other_number = first_seen[key]
                yield Finding(
                    document,
                    (*where, "certificate_number"),
                    f"certificate number {number!r} of {body} is already used by {other_number!r} in {other.path}",
                    "each certificate number appears once per certification body (ignoring case and "
                    "punctuation); fix the number or merge the two records",
                )
            else:
                first_seen[key] = (document, number)


def country_fields(document: Document) -> Iterator[tuple[FieldPath, Any]]:
    """Every country code in a document."""
    data = document.data if isinstance(document.data, dict) else {}
    if document.kind == "accreditation_bodies":
        for slug, body in data.items():
            if isinstance(body, dict):
                yield (slug, "country"), body.get("country")
        return
    if "country" in data:
        yield ("country",), data.get("country")
    for where, certificate in certificates(document):
        for index, site in enumerate(certificate.get("sites") or []):
            if isinstance(site, dict) and "country" in site:
                yield (*where, "sites", index, "country"), site.get("country")


def rule_country_codes(ctx: Context) -> Iterator[Finding]:
    for document in ctx.registry.documents():
        for where, code in country_fields(document):
            if isinstance(code, str) and len(code) == 2 and code.isupper() and code not in COUNTRY_CODES:
                yield Finding(
                    document,
                    where,
                    f"{code!r} is not an ISO 3166-1 alpha-2 country code",
                    "use the two-letter code, e.g. DE for Germany, GB for the United Kingdom",
                )


def url_fields(document: Document) -> Iterator[tuple[FieldPath, Any]]:
    """Every URL in a document."""
    data = document.data if isinstance(document.data, dict) else {}
    if document.kind == "accreditation_bodies":
        for slug, body in data.items():
            if isinstance(body, dict) and "website" in body:
                yield (slug, "website"), body["website"]
        return
    for key in URL_FIELDS:
        if key in data:
            yield (key,), data[key]
    for where, certificate in certificates(document):
        if "source" in certificate:
            yield (*where, "source"), certificate["source"]


def url_problem(url: str) -> str | None:
    """Why `url` is not an absolute http(s) address a page can link to, or None when it is one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url!r} is not an http(s) address"
    bad = sorted({ch for ch in url if ch in URL_UNSAFE or ord(ch) < 0x21 or ord(ch) == 0x7F})
    if bad:
        return f"{url!r} contains {' '.join(repr(ch) for ch in bad)}, which must be percent-encoded in a URL"
    return None


def rule_urls(ctx: Context) -> Iterator[Finding]:
    for document in ctx.registry.documents():
        for where, url in url_fields(document):
            message = url_problem(url) if isinstance(url, str) else None
            if message:
                yield Finding(
                    document,
                    where,
                    message,
                    "write the full address starting with https://, copied from the browser's address bar",
                )


def rule_cycle_length(ctx: Context) -> Iterator[Finding]:
    for document in ctx.registry.organizations:
        for where, certificate in certificates(document):
            issued, expires = date_of(certificate, "issued"), date_of(certificate, "expires")
            if issued and expires and expires > add_years(issued, CYCLE_YEARS) + timedelta(days=CYCLE_GRACE_DAYS):
                yield Finding(
                    document,
                    (*where, "expires"),
                    f"certificate runs from {issued} to {expires}, longer than a {CYCLE_YEARS}-year cycle",
                    "certification cycles last three years; check the dates on the certificate",
                )


def rule_duplicate_names(ctx: Context) -> Iterator[Finding]:
    first_seen: dict[str, Document] = {}
    for document in ctx.registry.organizations:
        name = document.data.get("name") if isinstance(document.data, dict) else None
        if not isinstance(name, str):
            continue
        key = fold_name(name)
        if key and key in first_seen:
            yield Finding(
                document,
                ("name",),
                f"name is the same as {first_seen[key].path} once case, accents and legal form are ignored",
                "if both are one organization, merge the files; if not, this warning can stay",
            )
        first_seen.setdefault(key, document)


def rule_issued_after_transition(ctx: Context) -> Iterator[Finding]:
    for document in ctx.registry.organizations:
        for where, certificate in certificates(document):
            issued = date_of(certificate, "issued")
            for index, ref in enumerate(certificate.get("standards") or []):
                ends = date_of(ctx.editions.get(ref, {}), "transition_ends") if isinstance(ref, str) else None
                if issued and ends and issued > ends:
                    yield Finding(
                        document,
                        (*where, "standards", index),
                        f"issued {issued}, after the transition for {ref} ended on {ends}",
                        "check the edition printed on the certificate",
                    )


def rule_accredited_scope(ctx: Context) -> Iterator[Finding]:
    for document in ctx.registry.organizations:
        for where, certificate in certificates(document):
            body = ctx.certification_bodies.get(certificate.get("certification_body"))
            if certificate.get("accredited") is not True or body is None or not isinstance(body.data, dict):
                continue
            covered = {
                code
                for accreditation in mappings(body.data.get("accreditations"))
                if accreditation.get("status") == "active"
                for code in accreditation.get("standards") or []
            }
            for index, ref in enumerate(certificate.get("standards") or []):
                code = ref.rsplit(":", 1)[0] if isinstance(ref, str) else None
                if code and code not in covered:
                    yield Finding(
                        document,
                        (*where, "standards", index),
                        f"accredited is true but {body.slug} lists no active accreditation for {code}",
                        f"check the certificate; add the accreditation to {body.path.name} or set accredited: false",
                    )


def rule_last_verified(ctx: Context) -> Iterator[Finding]:
    for document in ctx.registry.organizations:
        for where, certificate in certificates(document):
            verified = date_of(certificate, "last_verified")
            if verified and verified > ctx.build_date:
                yield Finding(
                    document,
                    (*where, "last_verified"),
                    f"last_verified {verified} is after the build date {ctx.build_date}",
                    "write the day you checked the source",
                )


def rule_unique_editions(ctx: Context) -> Iterator[Finding]:
    document = ctx.registry.standards
    if document is None:
        return
    seen: set[str] = set()
    for index, standard in enumerate(document.data if isinstance(document.data, list) else []):
        if not isinstance(standard, dict):
            continue
        for position, edition in enumerate(standard.get("editions") or []):
            ref = f"{standard.get('code')}:{edition.get('edition') if isinstance(edition, dict) else edition}"
            if ref in seen:
                yield Finding(
                    document,
                    (index, "editions", position),
                    f"{ref} is listed twice",
                    "keep one entry per edition",
                )
            seen.add(ref)


@dataclass(frozen=True, slots=True)
class Rule:
    """One entry of the rule table."""

    code: str
    severity: str
    statement: str
    check: Callable[[Context], Iterator[Finding]]


RULES: tuple[Rule, ...] = (
    Rule(
        "REG001",
        ERROR,
        "An organization's or certification body's file name is a valid slug.",
        rule_slug,
    ),
    Rule(
        "REG002",
        ERROR,
        "Every standard a certificate cites exists, with its edition, in standards.yaml.",
        rule_standard_refs,
    ),
    Rule(
        "REG003",
        ERROR,
        "Every certificate's certification body has a file in certification-bodies/.",
        rule_certification_body_ref,
    ),
    Rule(
        "REG004",
        ERROR,
        "Every accreditation names a known accreditation body and known standard codes.",
        rule_accreditation_refs,
    ),
    Rule("REG005", ERROR, "Dates are in order: original_issue ≤ issued ≤ expires.", rule_date_order),
    Rule(
        "REG006",
        ERROR,
        f"A certificate is issued no more than {MAX_ISSUE_DAYS_AHEAD} days after the build date.",
        rule_issued_not_future,
    ),
    Rule(
        "REG007",
        ERROR,
        "A suspended or withdrawn certificate has a status_date, not after the build date.",
        rule_status_date,
    ),
    Rule(
        "REG008",
        ERROR,
        "A certificate number appears once per certification body across the registry.",
        rule_unique_certificate_numbers,
    ),
    Rule("REG009", ERROR, "Country codes are real ISO 3166-1 alpha-2 codes.", rule_country_codes),
    Rule(
        "REG010",
        ERROR,
        "Web addresses (website, directory, source) are absolute http(s) URLs.",
        rule_urls,
    ),
    Rule(
        "REG011",
        WARNING,
        f"A certificate runs no longer than {CYCLE_YEARS} years plus {CYCLE_GRACE_DAYS} days.",
        rule_cycle_length,
    ),
    Rule(
        "REG012",
        WARNING,
        "No two organizations share a name once case, accents and legal form are ignored.",
        rule_duplicate_names,
    ),
    Rule(
        "REG013",
        WARNING,
        "A certificate is not issued after its edition's transition has ended.",
        rule_issued_after_transition,
    ),
    Rule(
        "REG014",
        WARNING,
        "An accredited certificate's body holds an active accreditation for each of its standards.",
        rule_accredited_scope,
    ),
    Rule("REG015", ERROR, "last_verified is not after the build date.", rule_last_verified),
    Rule("REG016", ERROR, "Each edition appears once in standards.yaml.", rule_unique_editions),
)


def run_rules(registry: Registry, build_date: date, rules: tuple[Rule, ...] = RULES) -> list[Problem]:
    """Every finding of every rule, as problems carrying the rule's code and severity."""
    ctx = Context(registry, build_date)
    problems: list[Problem] = []
    for rule in rules:
        for finding in rule.check(ctx):
            problems.append(
                finding.document.problem(finding.field_path, rule.code, finding.message, finding.hint, rule.severity)
            )
    return problems
