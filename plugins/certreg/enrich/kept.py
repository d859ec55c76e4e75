"""Enrichment kept between builds: an unchanged organization's enriched record and events are looked up.

`KeptOrganizations` is the organization enricher `site.enrich` calls for each record. It keeps, per
organization, the enriched record and the events of its certificates (with `marshal`, as made, before
any later stage could touch them) under a key naming every input they are computed from: the file's path
and bytes, standards.yaml, accreditation-bodies.yaml and each certification body file the record cites,
the build date, the expiring-soon days, the language and its catalogs (the translator's fingerprint),
and the record's git history (its own entries and its certificates'). The code that computes them is
the kept file's version (with the Python version: marshal's format is one version's). A record read
without a digest, or a translator without a fingerprint, is enriched as usual and nothing is kept.
Enrichment reads no clock: the build date is part of the key.

What it gives is what `site.enrich_organization` and `events.certificate_events` give (tested).
"""

from __future__ import annotations

import hashlib
import marshal
from datetime import date
from pathlib import Path
from typing import Any

from certreg.core.pickles import Kept, source_digest
from certreg.enrich.events import certificate_events, event_order
from certreg.enrich.site import Tables, enrich_organization
from certreg.load.document import Document
from certreg.load.history import Entry, History
from certreg.load.loader import Registry
from certreg.load.records import CERTIFICATIONS
from certreg.validate.kept import cited_bodies, shared_parts

ENRICHMENT_FILE = "enrichment.pickle"
# The packages whose code decides an enriched record and its events.
ENRICHMENT_CODE = ("core", "load", "enrich")


def open_enrichment(cache_dir: Path | None) -> Kept:
    """The enrichment kept in `cache_dir` by the last build with this code (None: keep nothing)."""
    path = cache_dir / ENRICHMENT_FILE if cache_dir is not None else None
    return Kept(path, source_digest(*ENRICHMENT_CODE), "enriching every record")


def history_part(history: History, slug: str, data: dict[str, Any]) -> bytes:
    """The history an organization's events read: its own entries and each of its certificates'."""
    certificates = [history.certificate(c["certification_body"], c["certificate_number"]) for c in data[CERTIFICATIONS]]
    own = [entry_values(entry) for entry in history.organization(slug)]
    return repr((history.available, history.reason, own, [[entry_values(e) for e in c] for c in certificates])).encode()


def entry_values(entry: Entry) -> tuple[Any, ...]:
    """An entry's values, as plain data (a dataclass's repr is much slower)."""
    return entry.kind, entry.commit.sha, entry.commit.day.isoformat(), entry.commit.url, entry.fields


def keepable(organization: dict[str, Any], events: list[dict[str, Any]]) -> bytes | None:
    """An enriched organization and its events as bytes to keep; None when they hold what marshal cannot keep.

    Each certificate's `effective` (its row of the status table, an object) is left out: it follows from
    `effective_status`, and `kept_organization` puts it back.
    """
    plain = [{**certificate, "effective": None} for certificate in organization["certifications"]]
    try:
        return marshal.dumps(({**organization, "certifications": plain}, events))
    except ValueError:
        return None


def kept_organization(kept: bytes | None, tables: Tables) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The organization and events `keepable` kept, or None when there are none or they are damaged."""
    if kept is None:
        return None
    try:
        organization, events = marshal.loads(kept)
        statuses = tables.statuses or {}
        for certificate in organization["certifications"]:
            certificate["effective"] = statuses[certificate["effective_status"]]
    except (EOFError, ValueError, TypeError, KeyError):
        return None
    return organization, events


class KeptOrganizations:
    """Enrich each organization, or take it and its events from `kept`; collect every organization's events."""

    def __init__(self, kept: Kept, registry: Registry, history: History) -> None:
        """Enrich the organizations of `registry` (its shared files' digests go into every key) with `history`."""
        self.kept = kept
        self.history = history
        self.bodies = {document.slug: document.digest for document in registry.certification_bodies}
        self.shared = shared_parts(registry)
        self.events: list[dict[str, Any]] = []

    def key(self, document: Document, tables: Tables, on: date) -> str | None:
        """The key of an organization's kept enrichment; None when an input has no digest."""
        if self.kept.path is None or self.shared is None or not document.digest or not tables.tr.fingerprint:
            return None
        parts = [str(document.path), document.digest, *self.shared, on.isoformat(), str(tables.soon_days)]
        for slug in cited_bodies(document.data):
            if not self.bodies.get(slug):
                return None
            parts += [slug, self.bodies[slug]]
        digest = hashlib.blake2b("\0".join([*parts, tables.tr.fingerprint]).encode(), digest_size=16)
        digest.update(history_part(self.history, document.slug, document.data))
        return digest.hexdigest()

    def __call__(self, document: Document, tables: Tables, on: date) -> dict[str, Any]:
        """One enriched organization; its certificates' events are added to `events`."""
        key = self.key(document, tables, on)
        found = kept_organization(self.kept.get(key, bytes), tables) if key is not None else None
        if found is None:
            organization = enrich_organization(document.slug, document.data, tables, on)
            events = [
                event
                for certificate in organization["certifications"]
                for event in certificate_events(certificate, on, tables.soon_days, self.history, tables.tr)
            ]
            if key is not None:
                self.kept.put(key, keepable(organization, events))
        else:
            organization, events = found
        self.events.extend(events)
        return organization

    def all_events(self) -> list[dict[str, Any]]:
        """Every published event of the organizations enriched, newest first (as `events.all_events`)."""
        return sorted(self.events, key=event_order, reverse=True)
