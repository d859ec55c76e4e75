"""Enrich: the complete view model (`Site`) at a build date given by the caller; never reads the clock.

Computed certificate fields: organization_slug, organization_name, organization_url, slug, url,
effective_status, effective (its row of the status table), status_label, headline, status_reason,
needs_reverification, is_current, standard_refs (each with its url), transition_ends,
transition_edition, certification_body_name, certification_body_url, accreditation, scope_paragraphs, scope_line.
Computed organization fields: slug, url, country_name, country_url, place, location,
status_summary, status_summary_text, best_status, certifications (current ones first).
Site-wide groupings, counts and summaries come from `summaries.py`. Renderers read only `Site`.

What certificates repeat is shared (a large registry holds it 100,000s of times): one dict per cited edition
(`Tables.refs`; nothing changes a `Site`), status words, dates and places interned (`marshal` keeps that).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pycountry

from certreg.core.dates import parse_date
from certreg.core.fold import certificate_slug, slugify
from certreg.core.i18n import ENGLISH, SOURCE_LANGUAGE, Translator
from certreg.enrich.identifiers import IDENTIFIER_SCHEMES, IdentifierScheme
from certreg.enrich.status import (
    CURRENT_STATUSES,
    DISPLAY_ORDER,
    EXPIRING_SOON_DAYS,
    PRECEDENCE,
    REVERIFY_AFTER_DAYS,
    Status,
    count_phrase,
    effective_status,
    headline,
    localized_table,
    reason,
    shifted,
    status_boundaries,
    withdrawn_edition,
    wording_fields,
)
from certreg.enrich.summaries import Groups, Summaries, summarize
from certreg.load.document import Document
from certreg.load.history import History
from certreg.load.loader import Registry

ORGANIZATION_FIELDS = ("name", "trading_names", "country", "city", "address", "website", "identifiers")
# Fields only pages show (objects and pre-split text); the open data leaves them out.
VIEW_TEXTS = ("effective", "scope_paragraphs", "scope_line", "status_summary_text", "place", "location", "coverage")
VIEW_FIELDS = frozenset((*VIEW_TEXTS, "country_url", "organization_url", "certification_body_url"))
__all__ = ["Site", "effective_status", "enrich"]


@dataclass
class Site:
    """The enriched registry: everything every renderer shows, computed once (docs/architecture.md)."""

    build_date: date
    expiring_soon_days: int
    statuses: tuple[Status, ...]
    precedence: tuple[str, ...]  # status ids in the order they are decided: the first that applies wins
    identifier_schemes: tuple[IdentifierScheme, ...]
    organizations: list[dict[str, Any]]
    certificates: list[dict[str, Any]]
    certification_bodies: dict[str, dict[str, Any]]
    accreditation_bodies: dict[str, dict[str, Any]]
    standards: list[dict[str, Any]]
    countries: list[dict[str, Any]]
    counts: dict[str, int]
    totals: dict[str, int]  # organizations, certificates and certification bodies in the registry
    status_pages: list[dict[str, Any]]
    groups: Groups
    home: dict[str, Any]
    wording: dict[str, str]
    provenance: Any = None
    translator: Translator = ENGLISH  # the interface's language: renderers word and date with it
    # Set by the pipeline (`pipeline.load_site`): the registry's git history (load/history.py) and
    # every published event (events.py), newest first; the follow files and History sections format them.
    history: History = field(default_factory=lambda: History(available=False, reason="the history was not read"))
    events: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Tables:
    """Lookups built once per build."""

    editions: dict[str, dict[str, Any]]
    titles: dict[str, str]
    certification_bodies: dict[str, dict[str, Any]]
    soon_days: int
    tr: Translator = ENGLISH
    statuses: dict[str, Status] | None = None  # the status table in the translator's language
    refs: dict[str, dict[str, Any]] = field(default_factory=dict)  # each cited edition's one `standard_ref`


def country_name(code: str, tr: Translator = ENGLISH) -> str:
    """The short name of an ISO 3166-1 alpha-2 code in the translator's language (the code when unknown).

    English names come from pycountry (ISO's short names); other languages from CLDR through Babel.
    """
    if tr.language != SOURCE_LANGUAGE and code.upper() in tr.locale.territories:
        return tr.locale.territories[code.upper()]
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or getattr(country, "name", code) if country else code


def country_url(code: str) -> str:
    """The site URL of a country's list: `countries/de/`."""
    return f"countries/{code.lower()}/"


def needs_reverification(certificate: dict[str, Any], on: date) -> bool:
    """True when a maintainer last checked the source more than REVERIFY_AFTER_DAYS before `on`."""
    return (on - parse_date(certificate["last_verified"])).days > REVERIFY_AFTER_DAYS


def standard_ref(ref: str, tables: Tables) -> dict[str, Any]:
    """A cited standard split into code and edition, with its slug, URL, title and transition end."""
    code, edition = (sys.intern(part) for part in ref.rsplit(":", 1))
    code_slug = sys.intern(slugify(code))
    return {
        "code": code,
        "edition": edition,
        "ref": sys.intern(ref),
        "code_slug": code_slug,
        "url": sys.intern(f"standards/{code_slug}/"),
        "title": tables.titles.get(code, ""),
        "transition_ends": tables.editions.get(ref, {}).get("transition_ends"),
    }


def reverification_boundary(certificate: dict[str, Any]) -> date | None:
    """The first day `needs_reverification` is true: REVERIFY_AFTER_DAYS + 1 days after `last_verified`."""
    return shifted(parse_date(certificate["last_verified"]), REVERIFY_AFTER_DAYS + 1)


def date_boundaries(raw: dict[str, Any], tables: Tables) -> set[date] | None:
    """Every day on which `enrich_organization` of a record may answer otherwise than the day before.

    The build date reaches an enriched organization only through its certificates' statuses and words
    (`status_boundaries`) and `needs_reverification`; everything else (summaries, the order of its
    certificates) follows from those. None when a date compared is not one.
    """
    days: set[date] = set()
    for certificate in raw["certifications"]:
        found = status_boundaries(certificate, tables.editions, tables.soon_days)
        if found is None or parse_date(certificate["last_verified"]) is None:
            return None
        days |= found
        if reverification := reverification_boundary(certificate):
            days.add(reverification)
    return days


def unchanged_span(boundaries: set[date], on: date) -> tuple[int, int]:
    """The days (as ordinals, [since, until)) around `on` with no boundary but their first: an enrichment's span."""
    since = max((day for day in boundaries if day <= on), default=date.min)
    until = min((day.toordinal() for day in boundaries if day > on), default=date.max.toordinal() + 1)
    return since.toordinal(), until


def standard_refs(certificate: dict[str, Any], tables: Tables) -> list[dict[str, Any]]:
    """Each cited standard's `standard_ref`, made once per build and shared by every certificate citing it."""
    refs = tables.refs
    return [refs.get(ref) or refs.setdefault(ref, standard_ref(ref, tables)) for ref in certificate["standards"]]


def accreditation_for(certificate: dict[str, Any], body: dict[str, Any]) -> dict[str, Any] | None:
    """The body's accreditation covering the certificate's standards, an active one first (None if unaccredited)."""
    if not certificate.get("accredited"):
        return None
    codes = {ref.rsplit(":", 1)[0] for ref in certificate["standards"]}
    covering = [a for a in body.get("accreditations", []) if codes & set(a.get("standards", []))]
    covering.sort(key=lambda accreditation: accreditation.get("status") != "active")
    return covering[0] if covering else None


def scope_paragraphs(scope: str) -> list[list[str]]:
    """The scope as written, in paragraphs (split at blank lines) of lines (one line: the scope itself, no copy)."""
    paragraphs: list[list[str]] = [[]]
    for line in scope.splitlines():
        if line.strip():
            paragraphs[-1].append(line.rstrip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [[scope]] if paragraphs == [[scope]] else [paragraph for paragraph in paragraphs if paragraph]


def scope_line(scope: str) -> str:
    """The scope on one line, its runs of spaces and line breaks made one space (the scope itself when it is so)."""
    line = " ".join(scope.split())
    return scope if line == scope else line


def status_fields(certificate: dict[str, Any], tables: Tables, on: date, body_name: str) -> dict[str, Any]:
    """The effective status and every word and flag that follows from it."""
    status = effective_status(certificate, tables.editions, on, tables.soon_days)
    words = wording_fields(certificate, tables.editions, on, body_name, tables.tr)
    table = tables.statuses or {}
    earliest = withdrawn_edition(certificate, tables.editions, date.max)  # the first transition to end, if any
    return {
        "effective_status": status,
        "effective": table[status],
        "status_label": sys.intern(table[status].label),
        "headline": sys.intern(headline(status, words, table)),  # a few words and a date: shared
        "status_reason": sys.intern(reason(status, words, table)),
        "is_current": status in CURRENT_STATUSES,
        "needs_reverification": needs_reverification(certificate, on),
        "transition_ends": sys.intern(earliest[1].isoformat()) if earliest else None,
        "transition_edition": earliest[0] if earliest else None,
    }


def enrich_certificate(raw: dict[str, Any], organization: dict[str, Any], tables: Tables, on: date) -> dict[str, Any]:
    """One certificate with every computed field."""
    certificate = {**raw, "status": raw.get("status") or "active"}
    body = tables.certification_bodies.get(raw["certification_body"], {})
    body_name = sys.intern(body.get("name", raw["certification_body"]))
    slug = certificate_slug(raw["certificate_number"])
    certificate.update(status_fields(certificate, tables, on, body_name))
    certificate.update(
        organization_slug=organization["slug"],
        organization_name=organization["name"],
        organization_url=organization["url"],
        slug=slug,
        url=f"certificates/{raw['certification_body']}/{slug}/",
        standard_refs=standard_refs(raw, tables),
        certification_body_name=body_name,
        certification_body_url=sys.intern(body.get("url", "")),
        accreditation=accreditation_for(raw, body),
        scope_paragraphs=scope_paragraphs(raw["scope"]),
        scope_line=scope_line(raw["scope"]),
    )
    return certificate


def certificate_order(certificate: dict[str, Any]) -> tuple[int, str]:
    """Current certificates first, flagged ones last, then by number."""
    return DISPLAY_ORDER.index(certificate["effective_status"]), certificate["certificate_number"]


def summary_text(summary: dict[str, int], separator: str = ", ", tr: Translator = ENGLISH) -> str:
    """`1 valid, 2 expiring soon`: each status with certificates, in display order."""
    return separator.join(count_phrase(status, count, tr) for status, count in summary.items())


def enrich_organization(document_slug: str, raw: dict[str, Any], tables: Tables, on: date) -> dict[str, Any]:
    """One organization with its enriched certificates and summaries."""
    organization = {key: raw[key] for key in ORGANIZATION_FIELDS if key in raw}
    name = sys.intern(country_name(raw["country"], tables.tr))
    organization.update(
        slug=document_slug,
        url=f"organizations/{document_slug}/",
        country_name=name,
        country_url=sys.intern(country_url(raw["country"])),
        place=sys.intern(", ".join(part for part in (raw.get("city"), name) if part)),
        location=", ".join(part for part in (raw.get("address"), raw.get("city"), name) if part),
    )
    certificates = sorted(
        (enrich_certificate(c, organization, tables, on) for c in raw["certifications"]), key=certificate_order
    )
    counts = Counter(c["effective_status"] for c in certificates)
    summary = {status: counts[status] for status in DISPLAY_ORDER if counts[status]}
    organization.update(
        certifications=certificates,
        status_summary=summary,
        status_summary_text=sys.intern(summary_text(summary, tr=tables.tr)),
        best_status=certificates[0]["effective_status"],
    )
    return organization


def enrich_standards(registry: Registry, on: date) -> list[dict[str, Any]]:
    """Standards with slugs and URLs, and for each edition its reference and whether its transition has ended."""
    standards = []
    for raw in registry.standards.data if registry.standards else []:
        editions = [
            {
                **e,
                "ref": f"{raw['code']}:{e['edition']}",
                "is_withdrawn": bool(e.get("transition_ends")) and parse_date(e["transition_ends"]) < on,
            }
            for e in raw["editions"]
        ]
        code_slug = slugify(raw["code"])
        standards.append({**raw, "code_slug": code_slug, "url": f"standards/{code_slug}/", "editions": editions})
    return standards


def enrich_accreditation(accreditation: dict[str, Any], accreditation_bodies: dict[str, dict]) -> dict[str, Any]:
    """One accreditation with its accreditation body's name, acronym and website."""
    body = accreditation_bodies.get(accreditation["accreditation_body"], {})
    return {
        **accreditation,
        "accreditation_body_name": body.get("name", ""),
        "acronym": body.get("acronym", ""),
        "accreditation_body_website": body.get("website"),
    }


def enrich_certification_bodies(
    registry: Registry, accreditation_bodies: dict[str, dict], tr: Translator = ENGLISH
) -> dict[str, dict]:
    """Certification bodies by slug, with URL, country name and each accreditation's body named."""
    bodies = {}
    for document in registry.certification_bodies:
        raw = document.data
        bodies[document.slug] = {
            **raw,
            "slug": document.slug,
            "accreditations": [enrich_accreditation(a, accreditation_bodies) for a in raw.get("accreditations", [])],
            "url": f"certification-bodies/{document.slug}/",
            "country_name": country_name(raw["country"], tr),
        }
    return bodies


def build_tables(
    registry: Registry,
    standards: list[dict[str, Any]],
    soon_days: int,
    accreditation_bodies: dict,
    tr: Translator = ENGLISH,
) -> Tables:
    """The lookups every certificate needs."""
    return Tables(
        editions={e["ref"]: e for s in standards for e in s["editions"]},
        titles={s["code"]: s["title"] for s in standards},
        certification_bodies=enrich_certification_bodies(registry, accreditation_bodies, tr),
        soon_days=soon_days,
        tr=tr,
        statuses={status.id: status for status in localized_table(tr)},
    )


def enrich_document(document: Document, tables: Tables, on: date) -> dict[str, Any]:
    """One organization's document enriched (`enrich_organization` of its slug and data)."""
    return enrich_organization(document.slug, document.data, tables, on)


def enrich(
    registry: Registry,
    build_date: date,
    expiring_soon_days: int = EXPIRING_SOON_DAYS,
    tr: Translator = ENGLISH,
    enrich_one: Callable[[Document, Tables, date], dict[str, Any]] = enrich_document,
) -> Site:
    """The whole registry enriched at `build_date`, worded by `tr`; call only on a registry without errors.

    Each organization is enriched by `enrich_one` (the build's one looks unchanged ones up: enrich/kept.py).
    """
    ab_data = registry.accreditation_bodies.data if registry.accreditation_bodies else {}
    accreditation_bodies = {slug: {**body, "slug": slug} for slug, body in sorted(ab_data.items())}
    standards = enrich_standards(registry, build_date)
    tables = build_tables(registry, standards, expiring_soon_days, accreditation_bodies, tr)
    organizations = sorted((enrich_one(d, tables, build_date) for d in registry.organizations), key=lambda o: o["slug"])
    certificates = sorted(
        (c for o in organizations for c in o["certifications"]), key=lambda c: (c["certification_body"], c["slug"])
    )
    summaries: Summaries = summarize(
        organizations, certificates, standards, tables.certification_bodies, build_date, expiring_soon_days, tr
    )
    return Site(
        build_date=build_date,
        expiring_soon_days=expiring_soon_days,
        statuses=tuple((tables.statuses or {}).values()),
        precedence=PRECEDENCE,
        identifier_schemes=IDENTIFIER_SCHEMES,
        organizations=organizations,
        certificates=certificates,
        certification_bodies=tables.certification_bodies,
        accreditation_bodies=accreditation_bodies,
        standards=standards,
        countries=summaries.countries,
        counts=summaries.counts,
        totals=summaries.totals,
        status_pages=summaries.status_pages,
        groups=summaries.groups,
        home=summaries.home,
        wording=summaries.wording,
        provenance=getattr(registry, "provenance", None),
        translator=tr,
    )
