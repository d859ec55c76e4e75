"""The list check's index as groups of files, each keyed by exactly what it is made from.

A build asks for the check's files (render/list_check.py) as `check_groups`: one `FileGroup` per file
(the manifest, each `c/`, `i/` and `n/` bucket, each `o/` block), whose inputs are the digest of
that file's content before it is written out: a bucket's keys and values, a block's organizations'
views with their name weights. The page cache keeps a group whose inputs are unchanged without making
it, so a rebuild writes the files that changed, the same bytes as `list_check.check_files`.

What the files take from one organization (its `OrgFacts`: its row's JSON, its keys and their hashes,
its name words, its view's digest) is made from its `check_view` alone and kept in `fragments` under
its record key (and the standards): an unchanged organization costs a lookup, not a recomputation.
Only the gathering of every organization's keys into buckets, the name weights and the digests of
the files' inputs run over the whole registry. Those digests are kept under the digest of every
view (`check_inputs`), so a build in which no view changed (a status did, which no file shows) gathers
nothing. A word's document frequency weighs the names that have it: renaming an organization changes
its block, the buckets of its name keys and of the words it gained or lost, and the blocks of the
organizations sharing those words.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, NamedTuple

from certreg.build.digests import digest
from certreg.core.fold import name_terms, normalize_certificate_number
from certreg.core.heap import collector_paused
from certreg.core.kept import Kept
from certreg.enrich.identifiers import IDENTIFIER_IDS
from certreg.render.follow.follow import FileGroup, one_file
from certreg.render.list_check import (
    COMMON_FRACTION,
    COMMON_MIN,
    KEYS_PER_BUCKET,
    ORG_BLOCK,
    check_view,
    country_table,
    encode_gaps,
    manifest,
    organization_row,
)
from certreg.render.search.encoding import bucket_count, compact, string_hash

PREFIX = "check"
# A cold build hashes each organization's name words: the common ones once.
hash_of = functools.lru_cache(maxsize=1 << 16)(string_hash)
FAMILIES = ("c", "i", "n")


class OrgFacts(NamedTuple):
    """What the check's files take from one organization's `check_view`: its row's JSON and its keys, hashed.

    Flat strings and tuples, few objects: ten thousand of them are read in a rebuild.
    """

    view: str  # the digest of its `check_view`: the rest is made from it
    country: str  # its country code, for the manifest's table
    head: str  # the row's JSON up to its name weights: `[name,country,url`
    tail: str  # the row's JSON after them: `,[certificate…],[trading name…]]`
    certificates: tuple[Any, ...]  # (normalized number, hash, certificate index) flat
    identifiers: tuple[Any, ...]  # (`scheme:normalized value`, hash) flat
    name_keys: tuple[Any, ...]  # (`=` + folded name words, hash) flat, once each
    terms: tuple[Any, ...]  # (name word, hash) flat, once each
    names: tuple[str, ...]  # each name's words, once each, joined by spaces: what its weight sums


def org_facts(view: dict[str, Any], standard_index: dict[str, int]) -> OrgFacts:
    """An organization's facts, from its `check_view`, as `list_check.check_files` reads them."""
    names = [view["name"], *(view.get("trading_names") or [])]
    words = [name_terms(name) for name in names]
    row = organization_row(view, standard_index, [])
    text = compact(row)
    head = compact(row[:3])[:-1]
    numbers = [(normalize_certificate_number(c["certificate_number"]), i) for i, c in enumerate(view["certifications"])]
    identifiers = view.get("identifiers") or {}
    values = [(scheme, normalize_certificate_number(identifiers.get(scheme) or "")) for scheme in IDENTIFIER_IDS]
    return OrgFacts(
        digest(view),
        row[1],
        head,
        text[len(head) + len("[]") + 1 :],
        tuple(item for number, index in numbers if number for item in (number, hash_of(number), index)),
        hashed(f"{scheme}:{value}" for scheme, value in values if value),
        hashed("=" + key for key in dict.fromkeys(" ".join(terms) for terms in words)),
        hashed(dict.fromkeys(term for terms in words for term in terms)),
        tuple(" ".join(dict.fromkeys(terms)) for terms in words),
    )


def hashed(keys: Iterable[str]) -> tuple[Any, ...]:
    """Each key followed by its bucket hash, flat."""
    return tuple(item for key in keys for item in (key, hash_of(key)))


def pairs(flat: tuple[Any, ...]) -> Iterator[tuple[Any, Any]]:
    """(key, hash) pairs of a flat tuple."""
    items = iter(flat)
    return zip(items, items, strict=True)


def check_inputs(site: Any) -> str:
    """The digest of everything the check's files are made from: the standards and each organization's view."""
    return whole_key(standard_codes(site), [digest(check_view(org)) for org in site.organizations])


def whole_key(standards: list[str], views: list[str]) -> str:
    """The digest of the standards and the digests of every organization's view, in id order."""
    return digest([standards, views])


def standard_codes(site: Any) -> list[str]:
    """The registry's standards' codes: a certificate row names its standards by position in them."""
    return [standard["code"] for standard in site.standards]


def check_groups(
    site: Any, fragments: Kept | None = None, key: Callable[[Any], str] | None = None
) -> Iterator[FileGroup]:
    """Every file of the check index as a group keyed by its inputs.

    With `fragments` and `key` (a page cache's record key), each organization's facts are kept there,
    and so are every file's inputs under the digest of all the views.
    """
    views = Views(site.organizations, standard_codes(site), fragments if fragments is not None else Kept(None, "", ""))
    for path, stands_for in views.plan(key).items():
        yield FileGroup(f"{PREFIX}:{path}", (stands_for,), partial(one_file, path, views.text, path))


class Views:
    """Every organization's facts (its view's digest among them), kept or made, and the index gathered from them."""

    def __init__(self, organizations: list[dict[str, Any]], standards: list[str], fragments: Kept) -> None:
        """The organizations (in id order) and standards the files show; facts are kept in `fragments`."""
        self.organizations, self.standards, self.fragments = organizations, standards, fragments
        self.standard_index = {code: index for index, code in enumerate(standards)}
        self._facts: list[OrgFacts] = []
        self._index: CheckIndex | None = None

    def plan(self, key: Callable[[Any], str] | None) -> dict[str, str]:
        """Every file's path and the digest of its inputs: kept under the views' digest, else gathered.

        Without `key` (no page cache) the files are all made and no digest is needed.
        """
        if key is None:
            self._facts = [org_facts(check_view(org), self.standard_index) for org in self.organizations]
            return dict.fromkeys(self.index().paths(), "")
        self._facts = self.kept_facts(key)
        name = (PREFIX, "plan", whole_key(self.standards, [facts.view for facts in self._facts]))
        plan = self.fragments.get(name, dict)
        if plan is None:
            plan = self.index().inputs()
            self.fragments.put(name, plan)
        return plan

    def kept_facts(self, key: Callable[[Any], str]) -> list[OrgFacts]:
        """Every organization's facts, kept under its record key and the standards, else made from its view."""
        standards = digest(self.standards)
        names = [(PREFIX, standards, key(org)) for org in self.organizations]
        self.fragments.prefetch(names)
        with collector_paused():  # ten thousand tuples, no cycle: no full walk
            facts = [self.fragments.get(name, OrgFacts) for name in names]
        for org_id, (name, found) in enumerate(zip(names, facts, strict=True)):
            if found is None:
                facts[org_id] = org_facts(check_view(self.organizations[org_id]), self.standard_index)
                self.fragments.put(name, facts[org_id])
        return facts

    def index(self) -> CheckIndex:
        """The check's index gathered from every organization's facts, once."""
        if self._index is None:
            with collector_paused():  # a hundred thousand lists and tuples, no cycle: no full walk
                self._index = CheckIndex(self._facts, self.standards)
        return self._index

    def text(self, path: str) -> str:
        """One file's text (also of a group kept by its plan whose file was damaged or removed)."""
        return self.index().text(path)


class CheckIndex:
    """Every organization's keys gathered into buckets, and each file's inputs and text."""

    def __init__(self, facts: list[OrgFacts], standards: list[str]) -> None:
        """Gather the keys of `facts` (in id order)."""
        self.facts, self.standards = facts, standards
        self.common_limit = max(COMMON_MIN, len(facts) // COMMON_FRACTION)
        families = gathered(facts, self.common_limit)
        self.counts = {family: bucket_count(len(keys), KEYS_PER_BUCKET) for family, keys in families.items()}
        self.buckets: dict[str, dict[str, list[Any]]] = {}
        for family, keys in families.items():
            buckets: dict[int, dict[str, list[Any]]] = defaultdict(dict)
            for key, value in keys.items():
                buckets[value[0] % self.counts[family]][key] = value
            # every bucket, empty ones too: a lookup never meets a missing file
            for bucket in range(self.counts[family]):
                self.buckets[f"check/{family}/{bucket}.json"] = buckets.get(bucket, {})
        count = len(facts)  # a word's idf, `ln(1 + N / df)`, from its organizations (after its hash)
        self.idf = {
            key: math.log(1 + count / (len(value) - 1)) for key, value in families["n"].items() if key[:1] != "="
        }

    def paths(self) -> list[str]:
        """Every file's path, the manifest first."""
        blocks = [f"check/o/{block}.json" for block in range(-(-len(self.facts) // ORG_BLOCK))]
        return ["check/index.json", *self.buckets, *blocks]

    def inputs(self) -> dict[str, str]:
        """Every file's path and the digest of what it is made from."""
        found = {"check/index.json": digest(self.manifest())}
        found.update((path, digest(sorted(content.items()))) for path, content in self.buckets.items())
        blocks = range(0, len(self.facts), ORG_BLOCK)
        found.update((f"check/o/{block}.json", self.block_inputs(start)) for block, start in enumerate(blocks))
        return found

    def manifest(self) -> dict[str, Any]:
        """The manifest (`index.json`)."""
        countries = country_table(facts.country for facts in self.facts)
        return manifest(self.standards, countries, len(self.facts), self.counts, self.common_limit)

    def block_inputs(self, start: int) -> str:
        """The digest of what an `o/` block is made from: its organizations' views and weights, and the standards."""
        views = [facts.view for facts in self.facts[start : start + ORG_BLOCK]]
        return digest([self.standards, views, self.weights(start)])

    def weights(self, start: int) -> list[list[float]]:
        """The name weights of the block's organizations: the sum of each name's words' idf, rounded to 4 places."""
        idf = self.idf
        return [
            [round(sum(idf[term] for term in name.split()), 4) for name in org.names]
            for org in self.facts[start : start + ORG_BLOCK]
        ]

    def text(self, path: str) -> str:
        """The text of one file of the index."""
        if path == "check/index.json":
            return compact(self.manifest())
        if path in self.buckets:
            return compact({key: self.shown(path, key, value) for key, value in self.buckets[path].items()})
        start = int(path.removeprefix("check/o/").removesuffix(".json")) * ORG_BLOCK
        rows = zip(self.facts[start : start + ORG_BLOCK], self.weights(start), strict=True)
        return "[" + ",".join(f"{org.head},{compact(weights)}{org.tail}" for org, weights in rows) + "]"

    def shown(self, path: str, key: str, value: list[Any]) -> Any:
        """A key's value as a bucket file holds it (`value` is kept with its hash first)."""
        ids = value[1:]
        if path.startswith("check/c/"):
            return [ids[i : i + 2] for i in range(0, len(ids), 2)]
        if path.startswith("check/i/") or key[:1] == "=":
            return ids
        return [len(ids)] if len(ids) > self.common_limit else [len(ids), encode_gaps(ids)]


def gathered(facts: list[OrgFacts], limit: int) -> dict[str, dict[str, list[Any]]]:
    """Each family's keys → [hash, organization id (and certificate index)…], in id order."""
    families: dict[str, dict[str, list[Any]]] = {family: {} for family in FAMILIES}
    certificates, identifiers, names = (families[family] for family in FAMILIES)
    terms: dict[str, list[Any]] = {}
    for org_id, org in enumerate(facts):
        items = iter(org.certificates)
        for number, hash_value, index in zip(items, items, items, strict=True):
            certificates.setdefault(number, [hash_value]).extend((org_id, index))
        for family, flat in ((identifiers, org.identifiers), (names, org.name_keys), (terms, org.terms)):
            for key, hash_value in pairs(flat):
                family.setdefault(key, [hash_value]).append(org_id)
    names.update(terms)  # the name keys first, as `NameIndex.keys` gives them
    return families
