"""Enrichment kept between builds: an unchanged organization's enriched record and events are looked up.

`KeptOrganizations` is the organization enricher `site.enrich` calls for each record. It keeps, per
organization, the enriched record and the events of its certificates (with `marshal`, as made, before
any later stage could touch them) in one value, under a key naming every input they are computed from:
the file's path and bytes, standards.yaml, accreditation-bodies.yaml and each certification body file
the record cites, the expiring-soon days, the language and its catalogs (the translator's fingerprint)
and the record's git history (its own entries and its certificates'). The key does not hold the build
date: the enriched record is kept with the span of days over which it is the same
(`site.date_boundaries`: every day one of its dates is compared with may change the answer), and is
taken for any build date within that span; the events are taken whatever the date, and only which are
published by then is decided each build. The
code that computes them is the store's version (with the Python version: marshal's format is one
version's). A record read without a digest, or a translator without a fingerprint, is enriched as usual
and nothing is kept. Enrichment reads no clock: the build date is given.

What it gives is what `site.enrich_organization` and `events.all_events` give (tested).
"""

from __future__ import annotations

import hashlib
import marshal
from datetime import date
from pathlib import Path
from typing import Any

from certreg.core.i18n import ENGLISH, N_, Translator
from certreg.core.kept import Kept
from certreg.core.pickles import source_digest
from certreg.enrich.events import candidate_events, event_order, published, stop_date
from certreg.enrich.site import Tables, date_boundaries, enrich_organization, standard_refs, unchanged_span
from certreg.load.document import Document
from certreg.load.history import Entry, History
from certreg.load.loader import Registry
from certreg.load.records import CERTIFICATIONS
from certreg.validate.kept import cited_bodies, shared_parts

ENRICHMENT_FILE = "enrichment.sqlite"
# The packages whose code decides an enriched record and its events.
ENRICHMENT_CODE = ("core", "load", "enrich")
# Organizations whose kept values are read in one go: few queries, and few values in memory at once.
READ_AHEAD = 500


def open_enrichment(cache_dir: Path | None, tr: Translator = ENGLISH) -> Kept:
    """The enrichment kept in `cache_dir` by the last build with this code (None: keep nothing).

    `tr` words the warning about a damaged store.
    """
    path = cache_dir / ENRICHMENT_FILE if cache_dir is not None else None
    return Kept(path, source_digest(*ENRICHMENT_CODE), N_("enriching every record"), tr)


def history_part(history: History, slug: str, data: dict[str, Any]) -> bytes:
    """The history an organization's events read: its own entries and each of its certificates'."""
    certificates = [history.certificate(c["certification_body"], c["certificate_number"]) for c in data[CERTIFICATIONS]]
    own = [entry_values(entry) for entry in history.organization(slug)]
    return repr((history.available, history.reason, own, [[entry_values(e) for e in c] for c in certificates])).encode()


def entry_values(entry: Entry) -> tuple[Any, ...]:
    """An entry's values, as plain data (a dataclass's repr is much slower)."""
    return entry.kind, entry.commit.sha, entry.commit.day.isoformat(), entry.commit.url, entry.fields


def keepable(value: Any) -> bytes | None:
    """A value to keep as bytes; None when it holds what marshal cannot keep."""
    try:
        return marshal.dumps(value)
    except ValueError:
        return None


def plain_organization(organization: dict[str, Any]) -> dict[str, Any]:
    """An enriched organization without each certificate's `effective` (its row of the status table, an object).

    It follows from `effective_status`: `kept_organization` puts it back.
    """
    plain = [{**certificate, "effective": None} for certificate in organization["certifications"]]
    return {**organization, "certifications": plain}


def kept_organization(kept: tuple, tables: Tables, on: date) -> dict[str, Any] | None:
    """The organization kept for a span of days holding `on`; None when there is none, it is damaged or of others."""
    since, until, value = kept[:3]
    if not (isinstance(since, int) and isinstance(until, int) and since <= on.toordinal() < until):
        return None
    try:
        organization = marshal.loads(value)
        statuses = tables.statuses or {}
        for certificate in organization["certifications"]:
            certificate["effective"] = statuses[certificate["effective_status"]]
            share_again(certificate, tables)
    except (EOFError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return organization


def share_again(certificate: dict[str, Any], tables: Tables) -> None:
    """Swap the copies `marshal` gave a kept certificate for the objects enrichment shares, where equal.

    Enrichment makes one object for what many certificates show: each cited edition's `standard_ref`
    (`Tables.refs`), a certification body's accreditation, and the scope itself as its one line and one
    paragraph. `marshal` gives every kept record its own copies (a fifth of the site's memory at 10,000
    organizations, measured). A copy is swapped only for an equal object, so no value changes.
    """
    refs = certificate["standard_refs"]
    for index, (ref, shared) in enumerate(zip(refs, standard_refs(certificate, tables), strict=True)):
        if shared == ref:
            refs[index] = shared
    accreditation = certificate["accreditation"]
    if accreditation is not None:
        body = tables.certification_bodies.get(certificate["certification_body"], {})
        equal = (shared for shared in body.get("accreditations", ()) if shared == accreditation)
        certificate["accreditation"] = next(equal, accreditation)
    scope = certificate["scope"]
    if certificate["scope_line"] == scope:
        certificate["scope_line"] = scope
    if certificate["scope_paragraphs"] == [[scope]]:
        certificate["scope_paragraphs"][0][0] = scope


def kept_events(kept: bytes) -> list[tuple[date | None, list[dict[str, Any]]]] | None:
    """Each certificate's stop date and candidate events as kept, or None when they are damaged."""
    try:
        return [(date.fromisoformat(stop) if stop else None, events) for stop, events in marshal.loads(kept)]
    except (EOFError, ValueError, TypeError):
        return None


def kept_span(document: Document, tables: Tables, on: date, organization: dict[str, Any]) -> tuple[int, int] | None:
    """The span of days (ordinals, [since, until)) an organization enriched at `on` holds for; None when unknown."""
    boundaries = date_boundaries(document.data, tables)
    return unchanged_span(boundaries, on) if boundaries is not None else None


class KeptOrganizations:
    """Enrich each organization, or take it and its events from `kept`; collect every organization's events.

    One value is kept per organization, under a key without the build date: the span of days its
    enriched record holds for (its statuses change only on the record's date boundaries), the record,
    and its certificates' candidate events (an event's words and date do not depend on the build date,
    only whether it is published yet). A build within the span takes both; one outside it enriches the
    record again and still takes the events.
    """

    def __init__(self, kept: Kept, registry: Registry, history: History) -> None:
        """Enrich the organizations of `registry` (its shared files' digests go into every key) with `history`."""
        self.kept = kept
        self.history = history
        self.bodies = {document.slug: document.digest for document in registry.certification_bodies}
        self.shared = shared_parts(registry)
        self.events: list[dict[str, Any]] = []
        self.documents = registry.organizations
        self.position = {id(document): index for index, document in enumerate(self.documents)}
        self.keys: dict[tuple[int, int], str | None] = {}  # by the ids of document and tables: made ahead

    def key(self, document: Document, tables: Tables) -> str | None:
        """The key of an organization's kept record and events; None when an input has no digest."""
        if self.kept.path is None or self.shared is None or not document.digest or not tables.tr.fingerprint:
            return None
        parts = [str(document.path), document.digest, *self.shared, str(tables.soon_days), tables.tr.fingerprint]
        for slug in cited_bodies(document.data):
            if not self.bodies.get(slug):
                return None
            parts += [slug, self.bodies[slug]]
        digest = hashlib.blake2b("\0".join(parts).encode(), digest_size=16)
        digest.update(history_part(self.history, document.slug, document.data))
        return digest.hexdigest()

    def __call__(self, document: Document, tables: Tables, on: date) -> dict[str, Any]:
        """One enriched organization; its certificates' events published by `on` are added to `events`."""
        if (id(document), id(tables)) not in self.keys:
            self.read_ahead(document, tables)
        key = self.keys.pop((id(document), id(tables)), None)
        kept = self.kept.get(key, tuple) if key else None
        kept = kept if kept is not None and len(kept) == 4 else None
        organization = kept_organization(kept, tables, on) if kept else None
        candidates = kept_events(kept[3]) if kept else None
        fresh = organization is None or candidates is None
        if organization is None:
            organization = enrich_organization(document.slug, document.data, tables, on)
        if candidates is None:
            candidates = [
                (stop_date(c), candidate_events(c, tables.soon_days, self.history, tables.tr))
                for c in organization["certifications"]
            ]
        if key and fresh:
            self.keep(key, document, tables, on, (organization, candidates))
        for stop, events in candidates:
            self.events.extend(published(events, stop, on))
        return organization

    def read_ahead(self, document: Document, tables: Tables) -> None:
        """Make the keys of `document` and of the READ_AHEAD organizations after it, and read their rows at once."""
        start = self.position.get(id(document))
        following = [document] if start is None else self.documents[start : start + READ_AHEAD]
        keys = {(id(other), id(tables)): self.key(other, tables) for other in following}
        self.keys.update(keys)
        self.kept.prefetch(key for key in keys.values() if key)

    def keep(self, key: str, document: Document, tables: Tables, on: date, made: tuple[dict, list]) -> None:
        """Keep an organization enriched at `on` with the span of days it holds for, and its candidate events."""
        organization, candidates = made
        span = kept_span(document, tables, on, organization)
        record = keepable(plain_organization(organization))
        events = keepable([(stop.isoformat() if stop else "", e) for stop, e in candidates])
        if span is not None and record is not None and events is not None:
            self.kept.put(key, (*span, record, events))

    def all_events(self) -> list[dict[str, Any]]:
        """Every published event of the organizations enriched, newest first (as `events.all_events`)."""
        return sorted(self.events, key=event_order, reverse=True)
