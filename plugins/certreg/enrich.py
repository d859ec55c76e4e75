"""Enrich: every computed field, at a build date given by the caller (this module never reads the clock).

Computed certificate fields: organization_slug, organization_name, slug, url, effective_status,
status_label, status_reason, needs_reverification, is_current, days_to_expiry, standard_refs,
transition_ends, certification_body_name, accreditation.
Computed organization fields: slug, country_name, url, status_summary, best_status, certifications
(enriched and ordered: current certificates first).
Renderers (HTML, JSON, CSV, search index) read only these enriched records.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pycountry

from .dates import long_date, parse_date
from .fold import certificate_slug, slugify
from .load import Registry
from .provenance import Provenance
from .status import CURRENT_STATUSES, DISPLAY_ORDER, PRECEDENCE, STATUS_TABLE

EXPIRING_SOON_DAYS = 90
REVERIFY_AFTER_DAYS = 400
RECENTLY_EXPIRED_DAYS = 90
STATUSES = PRECEDENCE
STATUS_LABELS = {status.id: status.label for status in STATUS_TABLE}
ORGANIZATION_FIELDS = ("name", "trading_names", "country", "city", "address", "website", "identifiers")


@dataclass
class Site:
    """The enriched registry that every renderer reads."""

    build_date: date
    expiring_soon_days: int
    organizations: list[dict[str, Any]]
    certificates: list[dict[str, Any]]
    certification_bodies: dict[str, dict[str, Any]]
    accreditation_bodies: dict[str, dict[str, Any]]
    standards: list[dict[str, Any]]
    countries: dict[str, dict[str, Any]]
    counts: dict[str, int]
    recently_expired: list[dict[str, Any]] = field(default_factory=list)
    expiring_soon: list[dict[str, Any]] = field(default_factory=list)
    statuses: tuple[str, ...] = STATUSES
    status_labels: dict[str, str] = field(default_factory=lambda: dict(STATUS_LABELS))
    provenance: Provenance | None = None  # copied from the loaded registry (open data: schemas, commit)


def country_name(code: str) -> str:
    """The English short name of an ISO 3166-1 alpha-2 code (the code itself when unknown)."""
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or getattr(country, "name", code) if country else code


def days_word(days: int) -> str:
    """`1 day`, `41 days`."""
    return f"{days} day" if days == 1 else f"{days} days"


def effective_status(certificate: dict[str, Any], editions: dict[str, dict[str, Any]], on: date, soon_days: int) -> str:
    """The status a visitor should act on at date `on`; the first rule that applies wins."""
    record_status = certificate.get("status") or "active"
    if record_status in ("withdrawn", "suspended"):
        return record_status
    expires = parse_date(certificate["expires"])
    if on > expires:
        return "expired"
    if any(ends and ends < on for ends in edition_transition_ends(certificate, editions)):
        return "edition_withdrawn"
    if parse_date(certificate["issued"]) > on:
        return "not_yet_valid"
    if (expires - on).days <= soon_days:
        return "expiring_soon"
    return "valid"


def edition_transition_ends(certificate: dict[str, Any], editions: dict[str, dict[str, Any]]) -> list[date | None]:
    """The transition end of each edition a certificate cites (None where there is none)."""
    return [parse_date(editions.get(ref, {}).get("transition_ends") or "") for ref in certificate["standards"]]


def status_label(status: str, days_to_expiry: int) -> str:
    """The one-line answer shown at the top of a certificate: "Valid, expires in 41 days"."""
    if status == "expiring_soon":
        return "Valid, expires today" if days_to_expiry == 0 else f"Valid, expires in {days_word(days_to_expiry)}"
    return STATUS_LABELS[status]


def status_reason(status: str, certificate: dict[str, Any], body_name: str, on: date, editions: dict) -> str:
    """A plain-language sentence explaining the status."""
    expires, issued = parse_date(certificate["expires"]), parse_date(certificate["issued"])
    if status in ("withdrawn", "suspended"):
        when = certificate.get("status_date")
        text = f"{status.capitalize()} by {body_name}" + (f" on {long_date(when)}." if when else ".")
        return f"{text} {certificate['status_note']}" if certificate.get("status_note") else text
    if status == "expired":
        return f"Expired on {long_date(expires)}, {days_word((on - expires).days)} before this data was built."
    if status == "edition_withdrawn":
        ref, ends = withdrawn_edition(certificate, editions, on)
        return (
            f"Certified to {ref}, an edition whose transition ended on {long_date(ends)}; "
            "certificates to it are no longer valid."
        )
    if status == "not_yet_valid":
        return (
            f"Issued with effect from {long_date(issued)}, {days_word((issued - on).days)} after this data was built."
        )
    if status == "expiring_soon":
        return f"Valid until {long_date(expires)}: expires in {days_word((expires - on).days)}."
    return f"Valid until {long_date(expires)}."


def withdrawn_edition(certificate: dict[str, Any], editions: dict, on: date) -> tuple[str, date]:
    """The first cited edition whose transition ended before `on`."""
    for ref, ends in zip(certificate["standards"], edition_transition_ends(certificate, editions), strict=True):
        if ends and ends < on:
            return ref, ends
    raise ValueError("certificate cites no withdrawn edition")


def needs_reverification(certificate: dict[str, Any], on: date) -> bool:
    """True when a maintainer last checked the source more than REVERIFY_AFTER_DAYS before `on`."""
    return (on - parse_date(certificate["last_verified"])).days > REVERIFY_AFTER_DAYS


def standard_refs(
    certificate: dict[str, Any], editions: dict[str, dict[str, Any]], titles: dict[str, str]
) -> list[dict]:
    """Each cited standard split into code and edition, with its slug, title and transition end."""
    refs = []
    for ref in certificate["standards"]:
        code, edition = ref.rsplit(":", 1)
        refs.append(
            {
                "code": code,
                "edition": edition,
                "ref": ref,
                "code_slug": slugify(code),
                "title": titles.get(code, ""),
                "transition_ends": editions.get(ref, {}).get("transition_ends"),
            }
        )
    return refs


def accreditation_for(certificate: dict[str, Any], body: dict[str, Any]) -> dict[str, Any] | None:
    """The body's accreditation covering the certificate's standards, an active one first (None if unaccredited)."""
    if not certificate.get("accredited"):
        return None
    codes = {ref.rsplit(":", 1)[0] for ref in certificate["standards"]}
    covering = [a for a in body.get("accreditations", []) if codes & set(a.get("standards", []))]
    covering.sort(key=lambda accreditation: accreditation.get("status") != "active")
    return covering[0] if covering else None


def enrich_certificate(raw: dict[str, Any], organization: dict[str, Any], tables: Tables, on: date) -> dict[str, Any]:
    """One certificate with every computed field."""
    certificate = {**raw, "status": raw.get("status") or "active"}
    body = tables.certification_bodies.get(raw["certification_body"], {})
    body_name = body.get("name", raw["certification_body"])
    status = effective_status(certificate, tables.editions, on, tables.soon_days)
    days_to_expiry = (parse_date(raw["expires"]) - on).days
    slug = certificate_slug(raw["certificate_number"])
    ends = [d for d in edition_transition_ends(certificate, tables.editions) if d]
    certificate.update(
        organization_slug=organization["slug"],
        organization_name=organization["name"],
        slug=slug,
        url=f"certificates/{raw['certification_body']}/{slug}/",
        effective_status=status,
        status_label=status_label(status, days_to_expiry),
        status_reason=status_reason(status, certificate, body_name, on, tables.editions),
        needs_reverification=needs_reverification(certificate, on),
        is_current=status in CURRENT_STATUSES,
        days_to_expiry=days_to_expiry,
        standard_refs=standard_refs(certificate, tables.editions, tables.titles),
        transition_ends=min(ends).isoformat() if ends else None,
        certification_body_name=body_name,
        accreditation=accreditation_for(certificate, body),
    )
    return certificate


def certificate_order(certificate: dict[str, Any]) -> tuple[int, str]:
    """Current certificates first, flagged ones last, then by number."""
    return DISPLAY_ORDER.index(certificate["effective_status"]), certificate["certificate_number"]


def enrich_organization(document_slug: str, raw: dict[str, Any], tables: Tables, on: date) -> dict[str, Any]:
    """One organization with its enriched certificates and summaries."""
    organization = {key: raw[key] for key in ORGANIZATION_FIELDS if key in raw}
    organization.update(
        slug=document_slug, country_name=country_name(raw["country"]), url=f"organizations/{document_slug}/"
    )
    certificates = [enrich_certificate(c, organization, tables, on) for c in raw["certifications"]]
    certificates.sort(key=certificate_order)
    summary = Counter(c["effective_status"] for c in certificates)
    organization.update(
        certifications=certificates,
        status_summary={status: summary[status] for status in DISPLAY_ORDER if summary[status]},
        best_status=certificates[0]["effective_status"],
    )
    return organization


@dataclass
class Tables:
    """Lookups built once per build."""

    editions: dict[str, dict[str, Any]]
    titles: dict[str, str]
    certification_bodies: dict[str, dict[str, Any]]
    soon_days: int


def enrich_standards(registry: Registry, on: date) -> list[dict[str, Any]]:
    """Standards with slugs, and for each edition its reference and whether its transition has ended."""
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
        standards.append({**raw, "code_slug": slugify(raw["code"]), "editions": editions})
    return standards


def enrich_certification_bodies(registry: Registry, accreditation_bodies: dict[str, dict]) -> dict[str, dict]:
    """Certification bodies by slug, each accreditation with its accreditation body's name and acronym."""
    bodies = {}
    for document in registry.certification_bodies:
        raw = document.data
        accreditations = []
        for accreditation in raw.get("accreditations", []):
            ab = accreditation_bodies.get(accreditation["accreditation_body"], {})
            accreditations.append(
                {
                    **accreditation,
                    "accreditation_body_name": ab.get("name", ""),
                    "acronym": ab.get("acronym", ""),
                    "accreditation_body_website": ab.get("website"),
                }
            )
        bodies[document.slug] = {
            **raw,
            "slug": document.slug,
            "accreditations": accreditations,
            "url": f"certification-bodies/{document.slug}/",
            "country_name": country_name(raw["country"]),
        }
    return bodies


def summarize(site_certificates: list[dict[str, Any]], on: date) -> tuple[dict[str, int], list, list]:
    """Counts per status, recently expired certificates and certificates expiring soon."""
    counts = Counter(c["effective_status"] for c in site_certificates)
    since = on - timedelta(days=RECENTLY_EXPIRED_DAYS)
    recently_expired = sorted(
        (c for c in site_certificates if c["effective_status"] == "expired" and parse_date(c["expires"]) >= since),
        key=lambda c: (c["expires"], c["url"]),
        reverse=True,
    )
    expiring = sorted(
        (c for c in site_certificates if c["effective_status"] == "expiring_soon"),
        key=lambda c: (c["expires"], c["url"]),
    )
    return {status: counts[status] for status in STATUSES}, recently_expired, expiring


def enrich(registry: Registry, build_date: date, expiring_soon_days: int = EXPIRING_SOON_DAYS) -> Site:
    """The whole registry enriched at `build_date`; call only on a registry that validates without errors."""
    ab_data = registry.accreditation_bodies.data if registry.accreditation_bodies else {}
    accreditation_bodies = {slug: {**body, "slug": slug} for slug, body in sorted(ab_data.items())}
    standards = enrich_standards(registry, build_date)
    tables = Tables(
        editions={e["ref"]: e for s in standards for e in s["editions"]},
        titles={s["code"]: s["title"] for s in standards},
        certification_bodies=enrich_certification_bodies(registry, accreditation_bodies),
        soon_days=expiring_soon_days,
    )
    organizations = sorted(
        (enrich_organization(d.slug, d.data, tables, build_date) for d in registry.organizations),
        key=lambda o: o["slug"],
    )
    certificates = sorted(
        (c for o in organizations for c in o["certifications"]), key=lambda c: (c["certification_body"], c["slug"])
    )
    counts, recently_expired, expiring = summarize(certificates, build_date)
    countries = {
        code: {"code": code, "name": country_name(code), "slug": code.lower()}
        for code in sorted({o["country"] for o in organizations})
    }
    return Site(
        build_date=build_date,
        expiring_soon_days=expiring_soon_days,
        organizations=organizations,
        certificates=certificates,
        certification_bodies=tables.certification_bodies,
        accreditation_bodies=accreditation_bodies,
        standards=standards,
        countries=countries,
        counts=counts,
        recently_expired=recently_expired,
        expiring_soon=expiring,
        provenance=registry.provenance,
    )
