"""The bulk open data as page-cache groups, assembled from each record's text kept between builds.

`registry.json` holds every organization and `certificates.csv` every certificate; made whole, each costs
a serialization of the whole registry, and `registry.json` carries the build date, so it is made every
day. Here each organization's JSON (`files.organization_text`) and each certificate's CSV line
(`files.csv_text`) is kept in `fragments` (build/page_cache.py) under the keys of the records it is made
from (`key`: the page cache's digest of a record, made once per build), so a next day costs the
envelope, the concatenation and the writing. With the page cache, a record the previous build's file
holds is not even read: its bytes are copied from that file (`Splice`, render/spans.py), and only the
changed records' texts are read or made. The bytes are exactly those `files.bulk_streams` gives.

Groups (names under `opendata:`): `registry.json` (the envelope and every organization's key),
`certificates.csv` (the site's address and every certificate's and its organization's keys), the
schemas, and `openapi.json` with `datapackage.json` (the envelope, settings and schemas).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cached_property, partial
from typing import Any, Protocol

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
from certreg.render.spans import Layout, Piece, Span, assembled

PREFIX = "opendata"
READ_WINDOW = 1000  # kept texts read ahead at a time (`RecordTexts.each`)
Wanted = tuple[tuple[Any, ...], Callable[..., str], tuple[Any, ...]]  # a text's name parts, its maker and its arguments
Key = Callable[[Any], str]
Chunks = Iterator[tuple[str, Iterable[str]]]


class FileKeys(Protocol):
    """What splicing a bulk file needs of the page cache (build/page_cache.py)."""

    def written_key(self, path: str) -> str | None:
        """The key this build writes the file at `path` under (None when it writes it unkeyed)."""

    def previous_file(self, path: str) -> tuple[str, str] | None:
        """The previous build's file at `path` and the key it was written under, when it is intact."""


def bulk_groups(
    site: Any, options: OpenDataSettings, fragments: Kept | None, key: Key | None, files: FileKeys | None = None
) -> Iterator[FileGroup]:
    """The bulk files as groups; with `key`, each record's text is kept in `fragments` under its record's key.

    With `files` too, each bulk file copies its unchanged records' bytes from the previous build's file.
    """
    meta = checked_meta(site, options)
    schemas = site.provenance.schemas
    envelope = [meta, registry_counts(site), site.expiring_soon_days, site.certification_bodies]
    envelope += [site.accreditation_bodies, site.standards]
    organizations = [key(org) for org in site.organizations] if key else site.organizations
    texts = RecordTexts(fragments, key)
    splice = Splice.of(fragments, files, f"{API_ROOT}/registry.json") if key else None
    yield FileGroup(
        f"{PREFIX}:registry.json", [envelope, organizations], partial(registry_file, site, meta, texts, splice)
    )
    by_slug = {organization["slug"]: organization for organization in site.organizations}
    pairs = [(cert, by_slug[cert["organization_slug"]]) for cert in site.certificates]
    keyed = [(key(cert), key(org)) for cert, org in pairs] if key else pairs
    for cert, org in pairs:  # kept for the next build even when this one keeps the file
        texts.touch(("csv", cert, org, options.siteurl))
    splice = Splice.of(fragments, files, f"{API_ROOT}/certificates.csv") if key else None
    made = partial(csv_file, site, pairs, options.siteurl, texts, splice)
    yield FileGroup(f"{PREFIX}:certificates.csv", [options.siteurl, keyed], made)
    yield FileGroup(f"{PREFIX}:schema", schemas, lambda: iter([(f"{API_ROOT}/schema/{n}", t) for n, t in schemas]))
    yield FileGroup(f"{PREFIX}:describe", [meta, options, schemas], lambda: describe_files(meta, options, schemas))


def describe_files(meta: dict[str, Any], options: OpenDataSettings, schemas: Any) -> Iterator[tuple[str, str]]:
    """`openapi.json` and `datapackage.json`, the descriptions of the open data."""
    yield f"{API_ROOT}/openapi.json", pretty_json(openapi(meta, options, schemas))
    yield f"{API_ROOT}/datapackage.json", pretty_json(datapackage(meta, options))


def registry_file(site: Any, meta: dict[str, Any], texts: RecordTexts, splice: Splice | None = None) -> Chunks:
    """`registry.json`, its organizations' texts kept, made or copied from the previous file (`splice`)."""
    made = texts.each([(("json", org), organization_text, (org,)) for org in site.organizations], splice)
    chunks = registry_chunks(site, meta, made)
    yield f"{API_ROOT}/registry.json", splice.assemble(chunks) if splice else chunks


def csv_file(
    site: Any, pairs: list[tuple[Any, Any]], siteurl: str, texts: RecordTexts, splice: Splice | None = None
) -> Chunks:
    """`certificates.csv`, its certificates' lines kept, made or copied from the previous file (`splice`)."""
    made = texts.each([(("csv", cert, org, siteurl), csv_text, (cert, org, siteurl)) for cert, org in pairs], splice)
    chunks = csv_chunks(site, siteurl, made)
    yield f"{API_ROOT}/certificates.csv", splice.assemble(chunks) if splice else chunks


class Splice:
    """Where a bulk file's records were in the previous build's file, and where they are in this one's.

    The layout of the file a build writes is kept by the file's path with the key the page cache
    writes the file under (and kept on while a build keeps the file); the next build copies from the
    previous file only when it is intact and was written under that key (`FileKeys.previous_file`), so
    the layout describes exactly those bytes. Nothing is read or looked at before the file is made.
    """

    def __init__(self, fragments: Kept, files: FileKeys, path: str) -> None:
        """The splice of the bulk file at `path`."""
        self.fragments, self.files, self.path = fragments, files, path
        self.name = (PREFIX, "layout", path)
        fragments.keep([self.name])  # a kept file's layout, for the build that changes it

    @classmethod
    def of(cls, fragments: Kept | None, files: FileKeys | None, path: str) -> Splice | None:
        """The splice of one bulk file (None without a cache)."""
        if fragments is None or files is None:
            return None
        return cls(fragments, files, path)

    @cached_property
    def before(self) -> tuple[str, Layout]:
        """The previous file and where each record is in it (no file and no records when it cannot be trusted)."""
        previous = self.files.previous_file(self.path)
        kept = self.fragments.get(self.name, tuple) if previous is not None else None
        if previous is None or kept is None or len(kept) != 2 or kept[0] != previous[1]:
            return "", {}
        return previous[0], kept[1]

    def copied(self, name: str) -> Span | None:
        """The span of the previous file holding the record named `name`, if it has it."""
        source, layout = self.before
        place = layout.get(name)
        return Span(source, *place) if place is not None else None

    def assemble(self, chunks: Iterable[Any]) -> Iterator[Any]:
        """The file's bytes and spans; once all are written, its layout is kept for the next build."""
        layout: Layout = {}
        yield from assembled(chunks, layout)
        key = self.files.written_key(self.path)
        if key is not None:
            self.fragments.put(self.name, (key, layout))


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

    def each(self, wanted: list[Wanted], splice: Splice | None = None) -> Iterator[str | Piece]:
        """`get` for each (parts, make, args) in turn, the kept ones read a window at a time.

        A window of `READ_WINDOW` rows per few queries, not one query per record; never the whole file's
        texts in memory at once (at 100,000 organizations, `registry.json` is hundreds of megabytes).
        With `splice`, each text is a `Piece` (`spliced`).
        """
        for start in range(0, len(wanted), READ_WINDOW):
            window = wanted[start : start + READ_WINDOW]
            if splice is not None and self.fragments is not None:
                yield from self.spliced(window, splice, self.fragments)
                continue
            if self.fragments is not None:
                self.fragments.prefetch([self.name(parts) for parts, _, _ in window])
            yield from (self.get(parts, make, *args) for parts, make, args in window)

    def spliced(self, window: list[Wanted], splice: Splice, fragments: Kept) -> Iterator[Piece]:
        """Each record's piece, named by its keys: the span of the previous file holding it, else its text.

        A copied record's text stays kept for later builds, unread.
        """
        names = [self.name(parts) for parts, _, _ in window]
        labels = ["\0".join(name[1:]) for name in names]
        spans = [splice.copied(label) for label in labels]
        fragments.keep(name for name, span in zip(names, spans, strict=True) if span)
        fragments.prefetch([name for name, span in zip(names, spans, strict=True) if not span])
        for (parts, make, args), label, span in zip(window, labels, spans, strict=True):
            yield Piece(label, span or self.get(parts, make, *args))

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
