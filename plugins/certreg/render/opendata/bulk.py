"""The bulk open data as page-cache groups, assembled from each record's text kept between builds.

`registry.json` holds every organization and `certificates.csv` every certificate; made whole, each costs
a serialization of the whole registry, and `registry.json` carries the build date, so it is made every
day. Here each organization's JSON (`files.organization_text`) and each certificate's CSV line
(`files.csv_text`) is kept in `fragments` (build/page_cache.py) under the keys of the records it is made
from (`key`: the page cache's digest of a record, made once per build), so a next day costs the
envelope, the concatenation and the writing. The bytes are exactly those `files.bulk_streams` gives.

Groups (names under `opendata:`): `registry.json` (the envelope and every organization's key),
`certificates.csv` (the site's address and every certificate's and its organization's keys), the
schemas, and `openapi.json` with `datapackage.json` (the envelope, settings and schemas).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from certreg.core.kept import Kept
from certreg.render.follow.follow import FileGroup
from certreg.render.opendata.describe import datapackage, openapi
from certreg.render.opendata.fields import API_ROOT, OpenDataSettings
from certreg.render.opendata.files import (
    checked_meta,
    csv_chunks,
    csv_text,
    organization_text,
    pretty_json,
    registry_chunks,
    registry_counts,
)

PREFIX = "opendata"
READ_WINDOW = 1000  # kept texts read ahead at a time (`RecordTexts.each`)
Key = Callable[[Any], str]
Chunks = Iterator[tuple[str, Iterable[str]]]


def bulk_groups(site: Any, options: OpenDataSettings, fragments: Kept | None, key: Key | None) -> Iterator[FileGroup]:
    """The bulk files as groups; with `key`, each record's text is kept in `fragments` under its record's key."""
    meta = checked_meta(site, options)
    schemas = site.provenance.schemas
    envelope = [meta, registry_counts(site), site.expiring_soon_days, site.certification_bodies]
    envelope += [site.accreditation_bodies, site.standards]
    organizations = [key(org) for org in site.organizations] if key else site.organizations
    texts = RecordTexts(fragments, key)
    yield FileGroup(f"{PREFIX}:registry.json", [envelope, organizations], lambda: registry_file(site, meta, texts))
    by_slug = {organization["slug"]: organization for organization in site.organizations}
    pairs = [(cert, by_slug[cert["organization_slug"]]) for cert in site.certificates]
    keyed = [(key(cert), key(org)) for cert, org in pairs] if key else pairs
    for cert, org in pairs:  # kept for the next build even when this one keeps the file
        texts.touch(("csv", cert, org, options.siteurl))
    made = lambda: csv_file(site, pairs, options.siteurl, texts)  # noqa: E731
    yield FileGroup(f"{PREFIX}:certificates.csv", [options.siteurl, keyed], made)
    yield FileGroup(f"{PREFIX}:schema", schemas, lambda: iter([(f"{API_ROOT}/schema/{n}", t) for n, t in schemas]))
    yield FileGroup(f"{PREFIX}:describe", [meta, options, schemas], lambda: describe_files(meta, options, schemas))


def describe_files(meta: dict[str, Any], options: OpenDataSettings, schemas: Any) -> Iterator[tuple[str, str]]:
    """`openapi.json` and `datapackage.json`, the descriptions of the open data."""
    yield f"{API_ROOT}/openapi.json", pretty_json(openapi(meta, options, schemas))
    yield f"{API_ROOT}/datapackage.json", pretty_json(datapackage(meta, options))


def registry_file(site: Any, meta: dict[str, Any], texts: RecordTexts) -> Chunks:
    """`registry.json`, its organizations' texts kept or made."""
    made = texts.each([(("json", org), organization_text, (org,)) for org in site.organizations])
    yield f"{API_ROOT}/registry.json", registry_chunks(site, meta, made)


def csv_file(site: Any, pairs: list[tuple[Any, Any]], siteurl: str, texts: RecordTexts) -> Chunks:
    """`certificates.csv`, its certificates' lines kept or made."""
    made = texts.each([(("csv", cert, org, siteurl), csv_text, (cert, org, siteurl)) for cert, org in pairs])
    yield f"{API_ROOT}/certificates.csv", csv_chunks(site, siteurl, made)


class RecordTexts:
    """Texts made from records, kept in `fragments` under the records' keys (made every time without `key`)."""

    def __init__(self, fragments: Kept | None, key: Key | None) -> None:
        """Keep texts in `fragments` (None: keep none), naming records by `key`."""
        self.fragments = fragments if key is not None else None
        self.key = key

    def name(self, parts: tuple[Any, ...]) -> tuple[str, ...]:
        """The fragment's key: the parts, each record named by its key."""
        assert self.key is not None
        return (PREFIX, *(part if isinstance(part, str) else self.key(part) for part in parts))

    def touch(self, parts: tuple[Any, ...]) -> None:
        """Keep the text kept under `parts` for the next build, without making it."""
        if self.fragments is not None:
            self.fragments.keep([self.name(parts)])

    def each(self, wanted: list[tuple[tuple[Any, ...], Callable[..., str], tuple[Any, ...]]]) -> Iterator[str]:
        """`get` for each (parts, make, args) in turn, the kept ones read a window at a time.

        A window of `READ_WINDOW` rows per few queries, not one query per record; never the whole file's
        texts in memory at once (at 100,000 organizations, `registry.json` is hundreds of megabytes).
        """
        for start in range(0, len(wanted), READ_WINDOW):
            window = wanted[start : start + READ_WINDOW]
            if self.fragments is not None:
                self.fragments.prefetch([self.name(parts) for parts, _, _ in window])
            for parts, make, args in window:
                yield self.get(parts, make, *args)

    def get(self, parts: tuple[Any, ...], make: Callable[..., str], *args: Any) -> str:
        """The text `make(*args)`, kept under `parts` (records in them named by their keys)."""
        if self.fragments is None:
            return make(*args)
        name = self.name(parts)
        text = self.fragments.get(name, str)
        if text is None:
            text = make(*args)
            self.fragments.put(name, text)
        return text
