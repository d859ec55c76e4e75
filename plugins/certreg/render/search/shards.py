"""Shards of the search index: which terms are sets, which shard holds which term, lunr per shard.

Terms are grouped by leading characters into shards of about `SHARD_POSTINGS` lunr postings each; a
term in at least `max(FREQUENT_MIN_DOCS, N / FREQUENT_FRACTION)` documents of a field is a set of
documents (a `sets/t<id>.txt` file) instead of postings. Each shard is a lunr.py index scored with the
whole registry's document count and field lengths. Layout and reasoning: docs/search.md.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from lunr.builder import Builder
from lunr.index import Index

FIELDS = (("n", 10), ("k", 5), ("o", 2), ("s", 1))
SHARD_POSTINGS = 1000
FREQUENT_MIN_DOCS = 200
FREQUENT_FRACTION = 200
AVERAGE_DIGITS = 3

Terms = dict[str, list[str]]


class IndexPlan:
    """Term statistics of the whole registry, the frequent terms and the shard boundaries."""

    def __init__(self, docs: list[Terms]) -> None:
        """Count every term per field, pick the frequent ones and plan the shards."""
        self.count = len(docs)
        self._members: dict[str, list[int]] | None = None
        self.threshold = max(FREQUENT_MIN_DOCS, self.count // FREQUENT_FRACTION)
        field_df: dict[str, Counter[str]] = {field: Counter() for field, _ in FIELDS}
        lengths: dict[str, int] = defaultdict(int)
        self.lengths: list[dict[str, int]] = []  # each document's number of terms per field
        for doc in docs:
            self.lengths.append({field: len(terms) for field, terms in doc.items()})
            for field, terms in doc.items():
                field_df[field].update(set(terms))
                lengths[field] += len(terms)
        self.average_length = {f: rounded_average(lengths[f], self.count) for f, _ in FIELDS}
        self.frequent_fields: dict[str, set[str]] = defaultdict(set)
        weights: Counter[str] = Counter()
        for field, df in field_df.items():
            for term, count in df.items():
                if count >= self.threshold:
                    self.frequent_fields[term].add(field)
                    weights[term] += 0
                else:
                    weights[term] += count
        self.frequent = sorted(self.frequent_fields)
        self.set_ids = {term: i for i, term in enumerate(self.frequent)}
        self.starts = shard_starts(sorted(weights.items()), SHARD_POSTINGS)

    def shard_of(self, term: str) -> int:
        """The shard whose range holds term."""
        return bisect_right(self.starts, term) - 1

    def split(self, doc: Terms) -> dict[int, Terms]:
        """One document's lunr terms (its frequent ones left out) by shard: shard → field → terms."""
        parts: dict[int, Terms] = {}
        for field, terms in doc.items():
            for term in terms:
                if field in self.frequent_fields.get(term, ()):
                    continue
                parts.setdefault(self.shard_of(term), {}).setdefault(field, []).append(term)
        return parts

    def bucket(self, docs: list[Terms], shards: Container[int]) -> dict[int, dict[int, Terms]]:
        """Split every document's lunr terms by shard, for `shards` only: shard → doc → field → terms."""
        buckets: dict[int, dict[int, Terms]] = defaultdict(dict)
        for doc_id, doc in enumerate(docs):
            for shard, fields in self.split(doc).items():
                if shard in shards:
                    buckets[shard][doc_id] = fields
        return buckets

    def shard_keys(self, docs: list[Terms]) -> tuple[list[str], list[list[int]]]:
        """Each shard's key (the digest of all its lunr index is made from) and its documents with a name term.

        Computed one document at a time, never holding every shard's terms: at 100,000 organizations
        those are some 200 MB, and a build that changes a few shards needs the terms of those only.
        """
        statistics = repr((self.count, sorted(self.average_length.items()))).encode()
        digests = [hashlib.blake2b(statistics, digest_size=16) for _ in self.starts]
        named: list[list[int]] = [[] for _ in self.starts]
        for doc_id, doc in enumerate(docs):
            for shard, fields in self.split(doc).items():
                digests[shard].update(repr((doc_id, fields, self.lengths[doc_id])).encode())
                if "n" in fields:
                    named[shard].append(doc_id)
        return [found.hexdigest() for found in digests], named

    def frequent_members(self, docs: list[Terms]) -> dict[str, list[int]]:
        """Documents of each frequent term, from the fields where it is frequent (computed once)."""
        if self._members is not None:
            return self._members
        members: dict[str, list[int]] = {term: [] for term in self.frequent}
        for doc_id, doc in enumerate(docs):
            seen = set()
            for field, terms in doc.items():
                for term in terms:
                    if field in self.frequent_fields.get(term, ()) and term not in seen:
                        seen.add(term)
                        members[term].append(doc_id)
        self._members = members
        return members


@dataclass(frozen=True)
class Shape:
    """What the index's files take from the terms besides each shard's lunr index, kept while no terms change.

    `shards`: per shard, the key of its lunr index (the digest of what `build_shard` is given), its
    frequent terms as [term, documents, set id] and the documents with a name term in it; `sets`: the
    documents of each frequent term's set, by set file name.
    """

    count: int
    starts: list[str]
    shards: list[tuple[str, list[list[Any]], list[int]]]
    sets: dict[str, list[int]]

    @classmethod
    def of(cls, plan: IndexPlan, docs: list[Terms]) -> Shape:
        """The shape of the index planned by `plan` over `docs`."""
        members = plan.frequent_members(docs)
        frequent_by_shard: dict[int, list[str]] = defaultdict(list)
        for term in plan.frequent:
            frequent_by_shard[plan.shard_of(term)].append(term)
        keys, named = plan.shard_keys(docs)
        shards = []
        for shard, key in enumerate(keys):
            frequent = [[term, len(members[term]), plan.set_ids[term]] for term in frequent_by_shard.get(shard, [])]
            shards.append((key, frequent, named[shard]))
        sets = {f"t{plan.set_ids[term]}": members[term] for term in plan.frequent}
        return cls(plan.count, plan.starts, shards, sets)


def rounded_average(total: int, count: int) -> float:
    """A field's average length to `AVERAGE_DIGITS` significant digits (0 without documents).

    Rounded so that one organization's edit (a word added to its name, a scope rewritten) leaves the
    average, and so every shard's scores, unchanged but for about one edit in a hundred at 10,000
    organizations; BM25 scores move by less than 0.1% (docs/search.md).
    """
    return float(f"{total / count:.{AVERAGE_DIGITS}g}") if count else 0.0


def lunr_inputs(plan: IndexPlan, entries: dict[int, Terms]) -> list[Any]:
    """What a shard's lunr index is made from (`build_shard`), and its key stands for (`IndexPlan.shard_keys`).

    The registry's statistics, the shard's terms, and each of its documents' number of terms per field
    (all its terms, frequent ones too).
    """
    lengths = {doc_id: plan.lengths[doc_id] for doc_id in entries}
    return [plan.count, plan.average_length, entries, lengths]


def shard_starts(weights: list[tuple[str, int]], target: int) -> list[str]:
    """Shard boundaries: leading-character groups, split while too heavy, merged while light."""
    groups = prefix_groups(weights, 1, target)
    starts = [""]
    load = 0
    for key, weight in groups:
        if load and load + weight > target:
            starts.append(key)
            load = 0
        load += weight
    return starts


def prefix_groups(weights: list[tuple[str, int]], depth: int, target: int) -> list[tuple[str, int]]:
    """Sorted (key, weight) groups of terms sharing `depth` leading characters, split if heavy.

    A group heavier than target is split by its next character, however long the prefix its terms
    share (certificate numbers of one certification body share many: `syn0000…`); only a group of one
    term stays heavy, and a term is never heavier than the frequent-term threshold.
    """
    grouped: dict[str, list[tuple[str, int]]] = {}
    for term, weight in weights:
        grouped.setdefault(term[:depth], []).append((term, weight))
    result: list[tuple[str, int]] = []
    for key, members in grouped.items():
        total = sum(weight for _, weight in members)
        if total > target and len(members) > 1:
            result += prefix_groups(members, depth + 1, target)
        else:
            result.append((key, total))
    return result


class ShardBuilder(Builder):
    """A lunr.py builder that scores with the whole registry's counts, not just this shard's."""

    def __init__(self, document_count: int, average_length: dict[str, float]) -> None:
        """A builder that will score with these registry-wide statistics."""
        super().__init__()
        self.global_count = document_count
        self.global_average = average_length

    def add_terms(self, doc_ref: str, fields: Terms, lengths: dict[str, int]) -> None:
        """Builder.add for terms that are already folded and split, without empty fields."""
        self._documents[doc_ref] = {}
        self.document_count += 1
        for field_name in self._fields:
            terms = fields.get(field_name)
            if not terms:
                continue
            field_ref = f"{field_name}/{doc_ref}"
            frequencies = Counter(terms)
            self.field_term_frequencies[field_ref] = frequencies
            self.field_lengths[field_ref] = lengths[field_name]
            for term in frequencies:
                posting = self.inverted_index.get(term)
                if posting is None:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    self.inverted_index[term] = posting
                posting[field_name][doc_ref] = {}

    def build(self) -> Index:
        """Build without a token set (lunr.js rebuilds it on load) and with global statistics."""
        self.document_count = self.global_count
        self.average_field_length = self.global_average
        self._create_field_vectors()
        return Index(
            inverted_index=self.inverted_index,
            field_vectors=self.field_vectors,
            token_set=None,
            fields=list(self._fields.keys()),
            pipeline=self.search_pipeline,
        )


def build_shard(
    entries: dict[int, Terms], count: int, average: dict[str, float], lengths: dict[int, dict[str, int]]
) -> dict[str, Any]:
    """A serialized lunr index over the given documents' terms of one shard; `lengths`: each one's field lengths."""
    builder = ShardBuilder(count, average)
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("id")
    for field, boost in FIELDS:
        builder.field(field, boost=boost)
    for doc_id in sorted(entries):
        builder.add_terms(str(doc_id), entries[doc_id], lengths[doc_id])
    return builder.build().serialize()
