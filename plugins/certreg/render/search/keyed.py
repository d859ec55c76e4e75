"""The search index as groups of files, each keyed by exactly what it is made from.

A build asks for the index as `search_groups`: one `FileGroup` per file (the manifest, each shard,
each set, each result block, each certificate bucket), whose `inputs` are the values that file is
made from, digested. The page cache keeps a group whose inputs are unchanged without making it
(render/outputs.py), and keeps them all at once while the Site fields the index reads are unchanged
(`PageCache.keep_all`), so a next day on which no status changed costs one key.

The file bytes are those of one unsharded computation (`search_files` makes every group), so search
results and their ranking do not depend on what was kept. Each shard is still scored with the whole
registry's document count and average field lengths, rounded (docs/search.md): a change that alters
those or the document numbers (an organization added or removed) makes every shard again, a rename
the shards holding the organization's words, and a change of status only the result rows it shows
(in its shards, sets, block and certificate buckets). A shard's lunr index, the costly part, is kept
in `fragments` under the digest of its inputs, so a shard whose rows changed is only assembled again.
Each organization's terms are kept by the digest of what they are made from (`terms_name`), all in
one value (`all_terms`), and the index's `Shape` (what the files take from all the terms: shard plan,
lunr keys, frequent-term sets) under the digest of every such name: a build in which no
organization's terms changed (a status did) reads no terms at all.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from certreg.build.digests import Unkeyable, digest
from certreg.core.fold import normalize_certificate_number
from certreg.core.kept import Kept
from certreg.render.follow.follow import FileGroup, one_file
from certreg.render.search import index
from certreg.render.search.encoding import ROWS_WITH_SET, bucket_count, compact, set_file, string_hash
from certreg.render.search.shards import IndexPlan, Shape, Terms, build_shard, lunr_inputs

PREFIX = "search"
TERMS = (PREFIX, "terms")  # every organization's terms, by its `terms_name`
Made = Callable[[], Iterator[tuple[str, str]]]


def search_files(site: Any) -> Iterator[tuple[str, str]]:
    """Every file of the search index as (path under the output folder, text), all made."""
    for group in search_groups(site):
        yield from group.files()


def search_groups(
    site: Any, fragments: Kept | None = None, key: Callable[[Any], str] | None = None
) -> Iterator[FileGroup]:
    """Every file of the search index as a group keyed by its inputs.

    With `fragments`, each shard's lunr index is kept there; with `key` too (a page cache's, telling
    that values may be kept), each organization's terms are, and so is the index's `Shape` under the
    names of them all: while no organization's terms changed, no terms are read or counted at all.
    """
    fragments = fragments if fragments is not None else Kept(None, "", "")
    organizations = index.ordered_organizations(site.organizations)
    standards = index.standard_codes(site, organizations)
    countries = index.country_names(organizations)
    docs = Documents(organizations, site.certification_bodies, fragments, key)
    rows = index.result_rows(organizations, standards)
    shape = docs.shape()
    manifest = index.manifest(shape, standards, countries, organizations, index.site_statuses(site))
    yield keyed("manifest", manifest, partial(one_file, "search/manifest.json", compact, manifest))
    yield from shard_groups(shape, docs, rows, fragments)
    docs.release()
    sets = dict(shape.sets)
    sets.update(filter_sets(organizations))
    yield from set_groups(sets, rows)
    for block, start in enumerate(range(0, len(rows), index.BLOCK_SIZE)):
        part = rows[start : start + index.BLOCK_SIZE]
        yield keyed(f"data-{block}", part, partial(one_file, f"search/data/{block}.json", compact, part))
    for bucket, content in certificate_buckets(organizations, standards).items():
        yield keyed(f"certs-{bucket}", content, partial(one_file, f"search/certs/{bucket}.json", compact, content))


class Documents:
    """Every organization's terms, read or made only when needed, and the index's `Shape` made from them."""

    def __init__(
        self,
        organizations: list[dict[str, Any]],
        bodies: dict[str, Any],
        fragments: Kept,
        key: Callable[[Any], str] | None,
    ) -> None:
        """The terms of `organizations` (in index order), kept in `fragments` (given `key`) by `terms_name`."""
        self.organizations, self.bodies, self.fragments = organizations, bodies, fragments
        self._docs: list[Terms] | None = None
        self._plan: IndexPlan | None = None
        self._buckets: dict[int, dict[int, Terms]] | None = None  # the terms of the shards made, split
        self._split: set[int] = set()  # the shards whose terms are split
        self.names = [terms_name(org, bodies) for org in organizations] if key is not None else None

    def terms(self) -> list[Terms]:
        """Every organization's terms (kept under their names, else made: `all_terms`)."""
        if self._docs is None:
            self._docs = all_terms(self.organizations, self.bodies, self.fragments, self.names)
        return self._docs

    def plan(self) -> IndexPlan:
        """The plan of the index made from the terms."""
        if self._plan is None:
            self._plan = IndexPlan(self.terms())
        return self._plan

    def shape(self) -> Shape:
        """The index's shape: kept under the digest of every organization's terms name, else made from the terms.

        A kept shape is trusted only while every shard's lunr index is kept too (a shard made again needs
        the terms); each organization's terms stay kept for the build that changes one.
        """
        name = (PREFIX, "shape", digest(self.names)) if self.names is not None else None
        shape = self.fragments.get(name, Shape) if name is not None else None
        if shape is not None and all(self.fragments.has((PREFIX, "lunr", key)) for key, _, _ in shape.shards):
            self.fragments.keep([TERMS])
            return shape
        shape = Shape.of(self.plan(), self.terms())
        if name is not None:
            self.fragments.put(name, shape)
        return shape

    def lunr_inputs(self, shape: Shape, shard: int) -> list[Any]:
        """What shard `shard`'s lunr index is made from (`Shape.of`): the registry's statistics and its terms.

        The first call splits the terms of every shard whose lunr index is not kept, in one pass: the
        others' are never needed (a shard kept whole is not made; a shard whose rows changed reads its
        kept index).
        """
        if self._buckets is None:
            kept = (PREFIX, "lunr")
            self._split = {
                number for number, (key, _, _) in enumerate(shape.shards) if not self.fragments.has((*kept, key))
            }
            self._split.add(shard)
            self._buckets = self.plan().bucket(self.terms(), self._split)
        elif shard not in self._split:
            self._split.add(shard)
            self._buckets.update(self.plan().bucket(self.terms(), {shard}))
        return lunr_inputs(self.plan(), self._buckets.get(shard, {}))

    def release(self) -> None:
        """Let go of the terms once the shards are written (a shard made later reads them again)."""
        self._docs, self._plan, self._buckets, self._split = None, None, None, set()


def terms_name(org: dict[str, Any], bodies: dict[str, Any]) -> str:
    """The name an organization's terms are kept by: the digest of all `index.document_terms` reads of it.

    Not its record's key: a status changing from one day to the next (which also moves the certificate
    among its organization's, current ones first) changes no term, and keeps every name.
    """
    certificates = [
        [
            cert["certificate_number"],
            cert.get("certification_body_name") or bodies.get(cert["certification_body"], {}).get("name", ""),
            cert.get("scope") or "",
        ]
        for cert in sorted(org["certifications"], key=index.certificate_order)  # as `document_terms` reads them
    ]
    read = [org["name"], org.get("trading_names"), org.get("city"), org.get("country"), org.get("country_name")]
    return digest([read, certificates])


def all_terms(
    organizations: list[dict[str, Any]], bodies: dict[str, Any], fragments: Kept, names: list[str] | None
) -> list[Terms]:
    """Every organization's terms (`index.document_terms`); with `names` (`terms_name`), kept ones are not made.

    They are kept together, as one value under `TERMS` mapping each name to its terms: read in one go
    where 10,000 rows took three times as long. The value is put again, holding this build's names only,
    when they differ from those kept.
    """
    if names is None:
        return [index.document_terms(org, bodies) for org in organizations]
    kept = fragments.get(TERMS, dict) or {}
    docs = [kept.get(name) or index.document_terms(org, bodies) for org, name in zip(organizations, names, strict=True)]
    if kept.keys() != set(names):
        fragments.put(TERMS, dict(zip(names, docs, strict=True)))
    return docs


def keyed(name: str, inputs: Any, made: Made) -> FileGroup:
    """One group of the search index, its inputs digested once (no walk through them)."""
    try:
        stands_for = digest(inputs)
    except Unkeyable:
        stands_for = inputs  # then the page cache makes it in every build
    return FileGroup(f"{PREFIX}:{name}", stands_for, made)


def shard_groups(shape: Shape, docs: Documents, rows: list[list[Any]], fragments: Kept) -> Iterator[FileGroup]:
    """One group per shard: its lunr index (kept in `fragments` by its inputs), frequent terms and name rows."""
    for shard, (lunr_key, frequent, named) in enumerate(shape.shards):
        extra = {"certreg": frequent, "rows": {str(doc_id): rows[doc_id] for doc_id in named}}
        fragments.keep([(PREFIX, "lunr", lunr_key)])  # kept for the next build even when this one keeps the file
        inputs = partial(docs.lunr_inputs, shape, shard)
        made = partial(one_file, f"search/shards/{shard}.json", shard_text, lunr_key, inputs, extra, fragments)
        yield FileGroup(f"{PREFIX}:shard-{shard}", [lunr_key, digest(extra)], made)


def shard_text(key: str, lunr_inputs: Callable[[], list[Any]], extra: dict[str, Any], fragments: Kept) -> str:
    """A shard's JSON: its lunr index's members (kept under `key`, else built) and its own `extra` members."""
    members = fragments.get((PREFIX, "lunr", key), dict)
    if members is None:
        count, average, entries, lengths = lunr_inputs()
        members = {name: compact(value) for name, value in build_shard(entries, count, average, lengths).items()}
        fragments.put((PREFIX, "lunr", key), members)
    return compact_members({**members, **{name: compact(value) for name, value in extra.items()}})


def compact_members(members: dict[str, str]) -> str:
    """A JSON object from its members' compact JSON texts: what `compact` gives for the whole object."""
    return "{" + ",".join(json.dumps(name, ensure_ascii=False) + ":" + members[name] for name in sorted(members)) + "}"


def filter_sets(organizations: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Documents per status, standard, status and standard together, and country."""
    sets: dict[str, list[int]] = defaultdict(list)
    for doc_id, org in enumerate(organizations):
        for name in sorted(index.filter_keys(org)):
            sets[name].append(doc_id)
    return {name: sets[name] for name in sorted(sets)}


def set_groups(sets: dict[str, list[int]], rows: list[list[Any]]) -> Iterator[FileGroup]:
    """One group per set file, keyed by its members, the rows of its first members and the document count."""
    for name, ids in sets.items():
        inputs = [ids, [rows[doc_id] for doc_id in ids[:ROWS_WITH_SET]], len(rows)]
        yield keyed(f"set-{name}", inputs, partial(one_file, f"search/sets/{name}.txt", set_file, ids, rows))


def certificate_buckets(
    organizations: list[dict[str, Any]], standards: list[tuple[str, str]]
) -> dict[int, dict[str, list[Any]]]:
    """Certificates by normalized number, in hash buckets (in bucket order), for the exact match."""
    status_index = index.status_positions()
    standard_index = {code: i for i, (code, _) in enumerate(standards)}
    certificates = [(org, cert) for org in organizations for cert in org["certifications"]]
    count = bucket_count(len(certificates), index.CERT_BUCKET_SIZE)
    buckets: dict[int, dict[str, list[Any]]] = defaultdict(dict)
    for org, cert in certificates:
        number = normalize_certificate_number(cert["certificate_number"])
        row = [
            cert["certificate_number"],
            org["name"],
            cert["url"],
            cert["certification_body_name"],
            status_index[cert["effective_status"]],
            index.certificate_standards(cert, standard_index),
        ]
        buckets[string_hash(number) % count].setdefault(number, []).append(row)
    return {bucket: buckets[bucket] for bucket in sorted(buckets)}
