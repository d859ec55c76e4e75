"""The data of `certreg diff`: each side's records, the differences between two sides, and how they are found.

Organizations are matched by slug, certificates by (certification body, certificate number), certification
bodies by slug; fields are compared as written (`certreg.load.records`). Effective statuses are computed
for both sides at one build date, as far as each side's valid records allow. Neither git nor the command
line is known here (`command`), nor how a result is shown (`formats`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from certreg.core.text import show
from certreg.enrich.pipeline import check_and_enrich
from certreg.load.loader import Registry
from certreg.load.records import CERTIFICATIONS, CertKey, certificates_by_key, changed_fields, indexed_certificates

# The fields that say where a certificate was checked: a reviewer checks a change against them.
EVIDENCE_FIELDS = ("source", "evidence")


@dataclass
class Side:
    """One side of the comparison: records by key, effective statuses, and notes."""

    label: str
    organizations: dict[str, dict[str, Any]] = field(default_factory=dict)
    certificates: dict[CertKey, dict[str, Any]] = field(default_factory=dict)
    owners: dict[CertKey, str] = field(default_factory=dict)
    certification_bodies: dict[str, dict[str, Any]] = field(default_factory=dict)
    statuses: dict[CertKey, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class Change:
    """One field whose value differs; None for a value that is absent on that side."""

    record: str
    key: str
    field: str
    old: Any
    new: Any


@dataclass
class Diff:
    """Everything `certreg diff` reports."""

    base: str
    head: str
    build_date: date
    organizations_added: list[dict[str, Any]] = field(default_factory=list)
    organizations_removed: list[dict[str, Any]] = field(default_factory=list)
    certificates_added: list[dict[str, Any]] = field(default_factory=list)
    certificates_removed: list[dict[str, Any]] = field(default_factory=list)
    certification_bodies_added: list[str] = field(default_factory=list)
    certification_bodies_removed: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    status_changes: list[dict[str, Any]] = field(default_factory=list)
    # The evidence a reviewer checks: the source of every certificate with a changed field.
    changed_sources: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing at all differs."""
        return not any(
            (
                self.organizations_added,
                self.organizations_removed,
                self.certificates_added,
                self.certificates_removed,
                self.certification_bodies_added,
                self.certification_bodies_removed,
                self.changes,
                self.status_changes,
            )
        )


def fill_side(side: Side, registry: Registry, build_date: date) -> None:
    """Index a loaded registry's records and effective statuses."""
    for document in registry.organizations:
        if not isinstance(document.data, dict):
            continue
        side.organizations[document.slug] = document.data
        for key, certificate in certificates_by_key(document.data).items():
            side.certificates[key] = certificate
            side.owners[key] = document.slug
    for document in registry.certification_bodies:
        if isinstance(document.data, dict):
            side.certification_bodies[document.slug] = document.data
    checked = check_and_enrich(registry, build_date)
    side.notes += [f"{side.label}: {note}" for note in checked.notes]
    if checked.site is not None:
        for certificate in checked.site.certificates:
            key = (certificate["certification_body"], certificate["certificate_number"])
            side.statuses[key] = certificate["effective_status"]


def field_changes(
    record: str, key: str, old: dict[str, Any], new: dict[str, Any], skip: frozenset[str]
) -> list[Change]:
    """Return every field whose written value differs, sorted by field name."""
    return [Change(record, key, c.field, c.old, c.new) for c in changed_fields(old, new, skip)]


def certificate_row(side: Side, key: CertKey) -> dict[str, Any]:
    """Summarize a certificate for the added and removed lists."""
    certificate = side.certificates[key]
    standards = certificate.get("standards")
    return {
        "certification_body": key[0],
        "certificate_number": key[1],
        "organization": side.owners[key],
        "standards": [str(s) for s in standards] if isinstance(standards, list) else [],
        "effective_status": side.statuses.get(key),
        **checked_at(certificate),
    }


def checked_at(certificate: dict[str, Any]) -> dict[str, str | None]:
    """Where the certificate was checked: its `source` and `evidence` as written (None when not given)."""
    return {name: None if certificate.get(name) is None else show(certificate[name]) for name in EVIDENCE_FIELDS}


def organization_row(side: Side, slug: str) -> dict[str, Any]:
    """Summarize an organization for the added and removed lists."""
    data = side.organizations[slug]
    return {
        "slug": slug,
        "name": show(data.get("name")),
        "country": show(data.get("country")),
        "certificates": sum(1 for _ in indexed_certificates(data)),
    }


def compare(base: Side, head: Side, build_date: date) -> Diff:
    """Return the differences from `base` to `head`, every list sorted."""
    diff = Diff(base.label, head.label, build_date, notes=base.notes + head.notes)
    old_orgs, new_orgs = set(base.organizations), set(head.organizations)
    diff.organizations_added = [organization_row(head, s) for s in sorted(new_orgs - old_orgs)]
    diff.organizations_removed = [organization_row(base, s) for s in sorted(old_orgs - new_orgs)]
    old_certs, new_certs = set(base.certificates), set(head.certificates)
    diff.certificates_added = [certificate_row(head, k) for k in sorted(new_certs - old_certs)]
    diff.certificates_removed = [certificate_row(base, k) for k in sorted(old_certs - new_certs)]
    old_bodies, new_bodies = set(base.certification_bodies), set(head.certification_bodies)
    diff.certification_bodies_added = sorted(new_bodies - old_bodies)
    diff.certification_bodies_removed = sorted(old_bodies - new_bodies)
    for slug in sorted(old_orgs & new_orgs):
        diff.changes += field_changes(
            "organization", slug, base.organizations[slug], head.organizations[slug], frozenset({CERTIFICATIONS})
        )
    for key in sorted(old_certs & new_certs):
        old = {**base.certificates[key], "organization": base.owners[key]}
        new = {**head.certificates[key], "organization": head.owners[key]}
        diff.changes += field_changes("certificate", " ".join(key), old, new, frozenset())
    for slug in sorted(old_bodies & new_bodies):
        diff.changes += field_changes(
            "certification body", slug, base.certification_bodies[slug], head.certification_bodies[slug], frozenset()
        )
    diff.status_changes = status_changes(base, head, sorted(old_certs & new_certs))
    changed = sorted({key for key in old_certs & new_certs if " ".join(key) in {c.key for c in diff.changes}})
    diff.changed_sources = [
        {"certification_body": k[0], "certificate_number": k[1], **checked_at(head.certificates[k])} for k in changed
    ]
    return diff


def status_changes(base: Side, head: Side, keys: list[CertKey]) -> list[dict[str, Any]]:
    """Return the certificates on both sides whose effective status at the build date differs."""
    changes = []
    for key in keys:
        before, after = base.statuses.get(key), head.statuses.get(key)
        if before and after and before != after:
            changes.append(
                {
                    "certification_body": key[0],
                    "certificate_number": key[1],
                    "organization": head.owners[key],
                    "before": before,
                    "after": after,
                }
            )
    return changes
