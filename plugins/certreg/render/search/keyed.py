"""The search index as groups of files, each keyed by exactly what it is made from.

A build asks for the index as `search_groups`: one `FileGroup` per file (the manifest, each shard,
each set, each result block, each certificate bucket), whose `inputs` are the values that file is
made from, digested. The page cache keeps a group whose inputs are unchanged without making it
(render/outputs.py), and keeps them all at once while the Site fields the index reads are unchanged
(`PageCache.keep_all`), so a next day on which no status changed costs one key.

The file bytes are those of one unsharded computation (`search_files` makes every group), so search
results and their ranking do not depend on what was kept. Each shard is still scored with the whole
registry's document count and average field lengths (docs/search.md): a change that alters those
(an organization added, removed or renamed to a different number of words) makes every shard again,
while a change of status alters only the result rows it shows (in its shards, sets, block and
certificate buckets). A shard's lunr index, the costly part, is kept in `fragments` under the digest
of its inputs, so a shard whose rows changed is only assembled again.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from certreg.build.page_cache import Unkeyable, digest
from certreg.core.fold import normalize_certificate_number
from certreg.core.kept import Kept
from certreg.render.follow.follow import FileGroup, one_file
from certreg.render.search import index
from certreg.render.search.encoding import ROWS_WITH_SET, bucket_count, compact, set_file, string_hash
from certreg.render.search.shards import IndexPlan, Terms, build_shard

PREFIX = "search"
Made = Callable[[], Iterator[tuple[str, str]]]


def search_files(site: Any) -> Iterator[tuple[str, str]]:
    """Every file of the search index as (path under the output folder, text), all made."""
    for group in search_groups(site):
        yield from group.files()


def search_groups(
    site: Any, fragments: Kept | None = None, key: Callable[[Any], str] | None = None
) -> Iterator[FileGroup]:
    """Every file of the search index as a group keyed by its inputs.

    With `fragments`, each shard's lunr index is kept there; with `key` too (a record's key, made once
    per build), each organization's terms are.
    """
    fragments = fragments if fragments is not None else Kept(None, "", "")
    organizations = index.ordered_organizations(site.organizations)
    standards = index.standard_codes(site, organizations)
    countries = index.country_names(organizations)
    docs = [kept_terms(org, site.certification_bodies, fragments, key) for org in organizations]
    rows = index.result_rows(organizations, standards)
    plan = IndexPlan(docs)
    manifest = index.manifest(plan, standards, countries, organizations, index.site_statuses(site))
    yield keyed("manifest", manifest, partial(one_file, "search/manifest.json", compact, manifest))
    yield from shard_groups(plan, docs, rows, fragments)
    members = plan.frequent_members(docs)
    sets = {f"t{plan.set_ids[term]}": members[term] for term in plan.frequent}
    del docs
    sets.update(filter_sets(organizations))
    yield from set_groups(sets, rows)
    for block, start in enumerate(range(0, len(rows), index.BLOCK_SIZE)):
        part = rows[start : start + index.BLOCK_SIZE]
        yield keyed(f"data-{block}", part, partial(one_file, f"search/data/{block}.json", compact, part))
    for bucket, content in certificate_buckets(organizations, standards).items():
        yield keyed(f"certs-{bucket}", content, partial(one_file, f"search/certs/{bucket}.json", compact, content))


def kept_terms(org: dict[str, Any], bodies: dict[str, Any], fragments: Kept, key: Callable[[Any], str] | None) -> Terms:
    """An organization's terms (`index.document_terms`), kept under its key and the body names it reads."""
    if key is None:
        return index.document_terms(org, bodies)
    names = [
        cert.get("certification_body_name") or bodies.get(cert["certification_body"], {}).get("name", "")
        for cert in org["certifications"]
    ]
    name = (PREFIX, "terms", key(org), *names)
    terms = fragments.get(name, dict)
    if terms is None:
        terms = index.document_terms(org, bodies)
        fragments.put(name, terms)
    return terms


def keyed(name: str, inputs: Any, made: Made) -> FileGroup:
    """One group of the search index, its inputs digested once (no walk through them)."""
    try:
        stands_for = digest(inputs)
    except Unkeyable:
        stands_for = inputs  # then the page cache makes it in every build
    return FileGroup(f"{PREFIX}:{name}", stands_for, made)


def shard_groups(plan: IndexPlan, docs: list[Terms], rows: list[list[Any]], fragments: Kept) -> Iterator[FileGroup]:
    """One group per shard: its lunr index (kept in `fragments` by its inputs), frequent terms and name rows."""
    buckets = plan.bucket(docs)
    frequent_by_shard: dict[int, list[str]] = defaultdict(list)
    for term in plan.frequent:
        frequent_by_shard[plan.shard_of(term)].append(term)
    doc_frequency = {term: len(ids) for term, ids in plan.frequent_members(docs).items()}
    for shard in range(len(plan.starts)):
        entries = buckets.pop(shard, {})
        lengths = {doc_id: {field: len(terms) for field, terms in docs[doc_id].items()} for doc_id in entries}
        lunr_inputs = [plan.count, plan.average_length, entries, lengths]
        extra = {
            "certreg": [[term, doc_frequency[term], plan.set_ids[term]] for term in frequent_by_shard.get(shard, [])],
            "rows": {str(doc_id): rows[doc_id] for doc_id in sorted(entries) if "n" in entries[doc_id]},
        }
        lunr_key = digest(lunr_inputs)
        fragments.get((PREFIX, "lunr", lunr_key), dict)  # kept for the next build even when this one keeps the file
        made = partial(one_file, f"search/shards/{shard}.json", shard_text, lunr_key, lunr_inputs, extra, fragments)
        yield FileGroup(f"{PREFIX}:shard-{shard}", [lunr_key, digest(extra)], made)


def shard_text(key: str, lunr_inputs: list[Any], extra: dict[str, Any], fragments: Kept) -> str:
    """A shard's JSON: its lunr index's members (kept under `key`, else built) and its own `extra` members."""
    members = fragments.get((PREFIX, "lunr", key), dict)
    if members is None:
        count, average, entries, lengths = lunr_inputs
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
