"""The sharded search index: lunr.py builds it here, lunr.js queries it in the browser.

Every organization is one document, numbered in folded-name order (so that the result blocks of names
that start alike are neighbours). Its words are folded with `certreg.fold` and put in four fields:
`n` name and trading names (legal forms dropped), `k` certificate numbers, `o` city, country code
and name, certification body name, `s` scope (stop words dropped).

Files under `search/` (layout and reasoning: docs/search.md):

- `manifest.json`: shard boundaries, filter values, labels, words the query ignores.
- `shards/<i>.json`: a lunr index over the terms in one range of leading characters, plus the
  frequent terms of that range (`certreg`: `[[term, doc count, set id], …]`) and the result rows of
  the documents whose names have a term in the range (`rows`), so name searches need no data block.
- `sets/t<id>.txt`: the documents of one frequent term; a term that occurs in many documents of a
  field is a set, not lunr postings, so that no shard outgrows the byte budget.
- `sets/{status,standard,country}-<value>.txt`, `sets/status-<s>--standard-<slug>.txt`: filters.
- `data/<block>.json`: what a result shows, `BLOCK_SIZE` documents per file.
- `certs/<bucket>.json`: certificates by normalized number, for the exact-match answer.

A set file's first line is `b` + base64 of a bitmap (bit i = document i) or `d` + comma-separated
base-36 gaps, whichever compresses smaller; its second line holds the result rows of its first ten
documents. The lunr scores use the whole registry's document count and field lengths, so scores
from different shards are comparable.
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
import math
import sys
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from lunr.builder import Builder
from lunr.index import Index

from certreg.fold import LEGAL_FORMS, name_terms, normalize_certificate_number, tokenize
from certreg.status import DISPLAY_ORDER

logger = logging.getLogger(__name__)

LUNR_JS = "node_modules/lunr/lunr.min.js"
FORMAT_VERSION = 1
FIELDS = (("n", 10), ("k", 5), ("o", 2), ("s", 1))
BLOCK_SIZE = 32
SHARD_POSTINGS = 1000
MAX_KEY_DEPTH = 6
FREQUENT_MIN_DOCS = 200
FREQUENT_FRACTION = 200
CERT_BUCKET_SIZE = 64
ROWS_WITH_SET = 10
STATUS_ORDER = DISPLAY_ORDER
STOP_WORDS = frozenset(
    "a an and as at by for from in including into of on or the to with within without".split()  # noqa: SIM905
)

Terms = dict[str, list[str]]


# --- public API ----------------------------------------------------------------------------------


def lunr_js_source(project_root: Path) -> Path:
    """Path of lunr.min.js installed by `npm ci`; FileNotFoundError with the fix when missing."""
    path = Path(project_root) / LUNR_JS
    if not path.is_file():
        raise FileNotFoundError(
            f"certreg: {path} is missing: the search page needs lunr.js. "
            "Run `npm ci` in the project folder (or `make html`, which runs it)."
        )
    return path


def search_files(site: Any) -> Iterator[tuple[str, str]]:
    """Every file of the search index as (path under the output folder, text)."""
    organizations = ordered_organizations(site.organizations)
    labels = status_labels(site)
    standards = standard_codes(site, organizations)
    countries = country_names(organizations)
    docs = [document_terms(org, site.certification_bodies) for org in organizations]
    rows = result_rows(organizations, standards)
    plan = IndexPlan(docs)
    yield "search/manifest.json", compact(manifest(plan, labels, standards, countries, organizations))
    yield from plan.shard_files(docs, rows)
    yield from plan.frequent_set_files(docs, rows)
    del docs
    yield from filter_set_files(organizations, rows)
    yield from data_files(rows)
    yield from certificate_files(organizations, standards)


def filter_options(site: Any) -> dict[str, list[dict[str, str]]]:
    """Values for the search page's filter menus: statuses, standards and countries in use."""
    organizations = site.organizations
    used = {cert["effective_status"] for org in organizations for cert in org["certifications"]}
    labels = status_labels(site)
    return {
        "statuses": [{"value": s, "label": labels[s]} for s in STATUS_ORDER if s in used],
        "standards": [{"value": slug, "label": code} for code, slug in standard_codes(site, organizations)],
        "countries": [{"value": code, "label": name} for code, name in country_names(organizations)],
    }


# --- documents -----------------------------------------------------------------------------------


def ordered_organizations(organizations: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Organizations in folded-name order; the position is the document number."""
    return sorted(organizations, key=lambda org: (tokenize(org["name"]), org["slug"]))


def document_terms(org: dict[str, Any], bodies: dict[str, dict[str, Any]]) -> Terms:
    """The folded search terms of one organization, by field."""
    names = [org["name"], *(org.get("trading_names") or [])]
    numbers: list[str] = []
    other = tokenize(" ".join([org.get("city") or "", org.get("country") or ""]))
    other += tokenize(org.get("country_name") or "")
    scope: list[str] = []
    for cert in org["certifications"]:
        numbers += certificate_terms(cert["certificate_number"])
        body = bodies.get(cert["certification_body"], {})
        other += name_terms(cert.get("certification_body_name") or body.get("name", ""))
        scope += [w for w in tokenize(cert.get("scope") or "") if w not in STOP_WORDS]
    return {
        "n": [sys.intern(term) for name in names for term in name_terms(name)],
        "k": [sys.intern(term) for term in numbers],
        "o": [sys.intern(term) for term in other],
        "s": [sys.intern(term) for term in scope],
    }


def certificate_terms(number: str) -> list[str]:
    """A certificate number as terms: the whole number normalized, and its parts of 4+ digits."""
    whole = normalize_certificate_number(number)
    parts = [p for p in tokenize(number) if p != whole and len(p) >= 4 and has_digit(p)]
    return [whole, *parts] if whole else parts


def has_digit(text: str) -> bool:
    """True when text contains a decimal digit."""
    return any(c.isdigit() for c in text)


# --- the plan: which terms are sets, which shard holds which term ----------------------------------


class IndexPlan:
    """Term statistics of the whole registry, the frequent terms and the shard boundaries."""

    def __init__(self, docs: list[Terms]) -> None:
        self.count = len(docs)
        self._members: dict[str, list[int]] | None = None
        self.threshold = max(FREQUENT_MIN_DOCS, self.count // FREQUENT_FRACTION)
        field_df: dict[str, Counter[str]] = {field: Counter() for field, _ in FIELDS}
        lengths: dict[str, int] = defaultdict(int)
        for doc in docs:
            for field, terms in doc.items():
                field_df[field].update(set(terms))
                lengths[field] += len(terms)
        self.average_length = {f: (lengths[f] / self.count if self.count else 0) for f, _ in FIELDS}
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

    def shard_files(self, docs: list[Terms], rows: list[list[Any]]) -> Iterator[tuple[str, str]]:
        """Build and yield one lunr index per shard, one shard at a time, with its name matches' rows."""
        buckets = self.bucket(docs)
        frequent_by_shard: dict[int, list[str]] = defaultdict(list)
        for term in self.frequent:
            frequent_by_shard[self.shard_of(term)].append(term)
        doc_frequency = {term: len(ids) for term, ids in self.frequent_members(docs).items()}
        for shard in range(len(self.starts)):
            entries = buckets.pop(shard, {})
            serialized = build_shard(entries, self.count, self.average_length, docs)
            serialized["certreg"] = [
                [term, doc_frequency[term], self.set_ids[term]] for term in frequent_by_shard.get(shard, [])
            ]
            serialized["rows"] = {str(doc_id): rows[doc_id] for doc_id in sorted(entries) if "n" in entries[doc_id]}
            yield f"search/shards/{shard}.json", compact(serialized)

    def bucket(self, docs: list[Terms]) -> dict[int, dict[int, Terms]]:
        """Split every document's lunr terms by shard: shard → doc → field → terms."""
        buckets: dict[int, dict[int, Terms]] = defaultdict(dict)
        for doc_id, doc in enumerate(docs):
            for field, terms in doc.items():
                for term in terms:
                    if field in self.frequent_fields.get(term, ()):
                        continue
                    fields = buckets[self.shard_of(term)].setdefault(doc_id, {})
                    fields.setdefault(field, []).append(term)
        return buckets

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

    def frequent_set_files(self, docs: list[Terms], rows: list[list[Any]]) -> Iterator[tuple[str, str]]:
        """One set file per frequent term."""
        members = self.frequent_members(docs)
        for term in self.frequent:
            yield f"search/sets/t{self.set_ids[term]}.txt", set_file(members[term], rows)


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
    """Sorted (key, weight) groups of terms sharing `depth` leading characters, split if heavy."""
    grouped: dict[str, list[tuple[str, int]]] = {}
    for term, weight in weights:
        grouped.setdefault(term[:depth], []).append((term, weight))
    result: list[tuple[str, int]] = []
    for key, members in grouped.items():
        total = sum(weight for _, weight in members)
        if total > target and depth < MAX_KEY_DEPTH and len(members) > 1:
            result += prefix_groups(members, depth + 1, target)
        else:
            result.append((key, total))
    return result


# --- lunr ----------------------------------------------------------------------------------------


class ShardBuilder(Builder):
    """A lunr.py builder that scores with the whole registry's counts, not just this shard's."""

    def __init__(self, document_count: int, average_length: dict[str, float]) -> None:
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


def build_shard(entries: dict[int, Terms], count: int, average: dict[str, float], docs: list[Terms]) -> dict[str, Any]:
    """A serialized lunr index over the given documents' terms of one shard."""
    builder = ShardBuilder(count, average)
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("id")
    for field, boost in FIELDS:
        builder.field(field, boost=boost)
    for doc_id in sorted(entries):
        lengths = {field: len(terms) for field, terms in docs[doc_id].items()}
        builder.add_terms(str(doc_id), entries[doc_id], lengths)
    return builder.build().serialize()


# --- filters, result data, certificates ------------------------------------------------------------


def filter_set_files(organizations: list[dict[str, Any]], rows: list[list[Any]]) -> Iterator[tuple[str, str]]:
    """Sets of documents per status, standard, status and standard together, and country."""
    sets: dict[str, list[int]] = defaultdict(list)
    for doc_id, org in enumerate(organizations):
        for name in sorted(filter_keys(org)):
            sets[name].append(doc_id)
    for name in sorted(sets):
        yield f"search/sets/{name}.txt", set_file(sets[name], rows)


def set_file(ids: list[int], rows: list[list[Any]]) -> str:
    """A set on its first line; on the second, the rows of its first members (its results alone)."""
    first = {str(doc_id): rows[doc_id] for doc_id in ids[:ROWS_WITH_SET]}
    return encode_set(ids, len(rows)) + "\n" + compact(first)


def filter_keys(org: dict[str, Any]) -> set[str]:
    """The filter sets one organization belongs to."""
    keys = {f"country-{org['country'].lower()}"} if org.get("country") else set()
    for cert in org["certifications"]:
        status = cert["effective_status"]
        keys.add(f"status-{status}")
        for ref in cert["standard_refs"]:
            keys.add(f"standard-{ref['code_slug']}")
            keys.add(f"status-{status}--standard-{ref['code_slug']}")
    return keys


def result_rows(organizations: list[dict[str, Any]], standards: list[tuple[str, str]]) -> list[list[Any]]:
    """What each result shows, by document number."""
    status_index = {status: i for i, status in enumerate(STATUS_ORDER)}
    standard_index = {code: i for i, (code, _) in enumerate(standards)}
    return [result_row(org, status_index, standard_index) for org in organizations]


def data_files(rows: list[list[Any]]) -> Iterator[tuple[str, str]]:
    """Result blocks: per document [name, city, country code, url, [[status, standard…]…]]."""
    for block, start in enumerate(range(0, len(rows), BLOCK_SIZE)):
        yield f"search/data/{block}.json", compact(rows[start : start + BLOCK_SIZE])


def result_row(org: dict[str, Any], status_index: dict[str, int], standard_index: dict[str, int]) -> list[Any]:
    """What one result shows."""
    certificates = [
        [status_index[cert["effective_status"]], *certificate_standards(cert, standard_index)]
        for cert in org["certifications"]
    ]
    return [org["name"], org.get("city") or "", org.get("country") or "", org["url"], certificates]


def certificate_standards(cert: dict[str, Any], standard_index: dict[str, int]) -> list[int]:
    """Indexes of a certificate's standards in the manifest's list, each once."""
    return list(dict.fromkeys(standard_index[ref["code"]] for ref in cert["standard_refs"]))


def certificate_files(
    organizations: list[dict[str, Any]], standards: list[tuple[str, str]]
) -> Iterator[tuple[str, str]]:
    """Certificates by normalized number, in hash buckets, for the exact match."""
    status_index = {status: i for i, status in enumerate(STATUS_ORDER)}
    standard_index = {code: i for i, (code, _) in enumerate(standards)}
    certificates = [(org, cert) for org in organizations for cert in org["certifications"]]
    count = bucket_count(len(certificates))
    buckets: dict[int, dict[str, list[Any]]] = defaultdict(dict)
    for org, cert in certificates:
        number = normalize_certificate_number(cert["certificate_number"])
        row = [
            cert["certificate_number"],
            org["name"],
            cert["url"],
            cert.get("certification_body_name") or cert["certification_body"],
            status_index[cert["effective_status"]],
            certificate_standards(cert, standard_index),
        ]
        buckets[string_hash(number) % count].setdefault(number, []).append(row)
    for bucket in sorted(buckets):
        yield f"search/certs/{bucket}.json", compact(buckets[bucket])


def bucket_count(certificates: int) -> int:
    """How many certificate buckets: about CERT_BUCKET_SIZE certificates each."""
    return max(1, math.ceil(certificates / CERT_BUCKET_SIZE))


def string_hash(text: str) -> int:
    """32-bit FNV-1a over code points; search.js computes the same."""
    value = 0x811C9DC5
    for char in text:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value


# --- manifest and labels -------------------------------------------------------------------------


def manifest(
    plan: IndexPlan,
    labels: dict[str, str],
    standards: list[tuple[str, str]],
    countries: list[tuple[str, str]],
    organizations: list[dict[str, Any]],
) -> dict[str, Any]:
    """What search.js needs before its first query."""
    certificates = sum(len(org["certifications"]) for org in organizations)
    return {
        "version": FORMAT_VERSION,
        "count": plan.count,
        "block": BLOCK_SIZE,
        "certBuckets": bucket_count(certificates),
        "shards": plan.starts,
        "ignore": sorted(LEGAL_FORMS | STOP_WORDS),
        "statuses": [[status, labels[status]] for status in STATUS_ORDER],
        "standards": [list(pair) for pair in standards],
        "countries": [list(pair) for pair in countries],
    }


def status_labels(site: Any) -> dict[str, str]:
    """A short label per effective status."""
    from certreg.enrich import STATUS_LABELS

    return {status: STATUS_LABELS.get(status, status.replace("_", " ")) for status in STATUS_ORDER}


def standard_codes(site: Any, organizations: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(code, code slug) of every standard in use, in the order of site.standards."""
    used = {
        ref["code"]: ref["code_slug"]
        for org in organizations
        for cert in org["certifications"]
        for ref in cert["standard_refs"]
    }
    ordered = [s["code"] for s in site.standards if s["code"] in used]
    ordered += sorted(set(used) - set(ordered))
    return [(code, used[code]) for code in ordered]


def country_names(organizations: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(code, name) of every country with an organization, by name."""
    names = {org["country"]: org.get("country_name") or org["country"] for org in organizations}
    return sorted(names.items(), key=lambda pair: (tokenize(pair[1]), pair[0]))


# --- encoding ------------------------------------------------------------------------------------


def encode_set(ids: list[int], count: int) -> str:
    """A sorted set of document numbers as text: a bitmap or gaps, whichever gzips smaller."""
    bitmap = bytearray((count + 7) // 8)
    for doc_id in ids:
        bitmap[doc_id >> 3] |= 1 << (doc_id & 7)
    as_bitmap = "b" + base64.b64encode(bytes(bitmap)).decode("ascii")
    gaps, previous = [], -1
    for doc_id in ids:
        gaps.append(base36(doc_id - previous))
        previous = doc_id
    as_gaps = "d" + ",".join(gaps)
    return min(as_bitmap, as_gaps, key=lambda text: (gzipped_size(text), text[0]))


def base36(number: int) -> str:
    """A non-negative integer in base 36, as JavaScript's parseInt(text, 36) reads it."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
        if not number:
            return text


def gzipped_size(text: str) -> int:
    """Size of text gzipped, as a server would send it."""
    return len(gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0))


def compact(value: Any) -> str:
    """Deterministic, compact JSON."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
