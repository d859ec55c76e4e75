"""The lookup files of the supplier-list check page (`/check/`): exact keys in hash buckets.

The page (`theme/static/js/check*.js`, docs/check.md) matches each row of a pasted list by, in order,
its certificate number, an identifier (`certreg.enrich.identifiers`) and its name. Every
lookup is a static file, so nothing typed leaves the browser:

- `check/exceljs.min.js`: ExcelJS's browser bundle from `node_modules`, for opening `.xlsx` files.
- `check/index.json`: standards, countries, legal forms and the bucket counts. It holds no build
  date, so a rebuild on the next day leaves every file under `check/` as it was; the build date, the
  expiring-soon window, the status table with its precedence and the identifier schemes come from
  `build.json`, the build data every browser script reads.
- `check/c/<bucket>.json`: normalized certificate number → `[[organization id, certificate index]…]`.
- `check/i/<bucket>.json`: `scheme:normalized value` → `[organization id…]`.
- `check/n/<bucket>.json`: `=` + name key (folded name words, legal forms left out) →
  `[organization id…]`, and each name word → `[document frequency, "gaps"]` (base-36 gaps of
  the organizations that have it, left out above `common_limit`).
- `check/o/<block>.json`: per organization `[name, country, url, [name weight…], [certificate…],
  [trading name…]]`, a certificate being `[number, url, [standard index…], record status, issued,
  expires, transition ends or "", certification body]`.

A bucket is `fnv1a(key) % count`, the same 32-bit FNV-1a as the search index. Organization ids are
positions in slug order. A name's weight is the sum of its words' idf, `ln(1 + N / df)`.

The files are made from each organization's `check_view` alone: the fields they show, which hold no
effective status (the browser decides it from the dates). `check_files` makes them all, from scratch;
a build asks for them as one page-cache group per file (render/check_keyed.py, the same bytes), so a
rebuild makes and writes only the files whose content changed (one organization renamed: its block
and a few name buckets), and none while the views are unchanged, the next day included unless a
status change reorders an organization's certificates (valid first: `c/` names a certificate by its
position).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pycountry

from certreg.build.assets import npm_file
from certreg.core.fold import LEGAL_FORMS, name_terms, normalize_certificate_number
from certreg.enrich.identifiers import IDENTIFIER_IDS
from certreg.render.search.encoding import base36, bucket_count, compact, string_hash

EXCELJS = "node_modules/exceljs/dist/exceljs.bare.min.js"
FORMAT_VERSION = 1
KEYS_PER_BUCKET = 128
ORG_BLOCK = 16
# What the files read of an organization and of each of its certificates (`check_view`).
ORGANIZATION_FIELDS = ("name", "trading_names", "country", "url", "identifiers")
CERTIFICATE_FIELDS = (
    "certificate_number",
    "url",
    "status",
    "issued",
    "expires",
    "transition_ends",
    "certification_body_name",
    "certification_body",
)
COMMON_MIN = 1000
COMMON_FRACTION = 50

Row = list[Any]


def check_files(site: Any) -> Iterator[tuple[str, str]]:
    """Every file of the check index as (path under the output folder, text)."""
    # sorted by slug by enrich: an organization's id is its position
    organizations = [check_view(organization) for organization in site.organizations]
    standards = [standard["code"] for standard in site.standards]
    names = NameIndex(organizations)
    families = {
        "c": certificate_keys(organizations),
        "i": identifier_keys(organizations),
        "n": names.keys(),
    }
    counts = {family: bucket_count(len(keys), KEYS_PER_BUCKET) for family, keys in families.items()}
    countries = country_table(org.get("country") for org in organizations)
    yield "check/index.json", compact(manifest(standards, countries, len(organizations), counts, names.common_limit))
    for family, keys in families.items():
        yield from bucket_files(family, keys, counts[family])
    yield from organization_files(organizations, standards, names)


def check_view(organization: dict[str, Any]) -> dict[str, Any]:
    """What the check's files read of one organization (they read nothing else of it)."""
    view = {name: organization[name] for name in ORGANIZATION_FIELDS if name in organization}
    view["certifications"] = [
        {
            **{name: cert[name] for name in CERTIFICATE_FIELDS if name in cert},
            "standard_refs": [{"code": ref["code"]} for ref in cert["standard_refs"]],
        }
        for cert in organization["certifications"]
    ]
    return view


def exceljs_source(project_root: Path) -> Path:
    """Path of ExcelJS's browser bundle installed by `npm ci`; FileNotFoundError with the fix when missing."""
    return npm_file(project_root, EXCELJS, "the check page reads .xlsx files with it")


def bucket_files(family: str, keys: dict[str, Any], count: int) -> Iterator[tuple[str, str]]:
    """One JSON object per hash bucket of one family of keys."""
    buckets: dict[int, dict[str, Any]] = defaultdict(dict)
    for key, value in keys.items():
        buckets[string_hash(key) % count][key] = value
    for bucket in range(count):  # every bucket, empty ones too: a lookup never meets a missing file
        yield f"check/{family}/{bucket}.json", compact(buckets.get(bucket, {}))


def certificate_keys(organizations: list[dict[str, Any]]) -> dict[str, list[list[int]]]:
    """Map each normalized certificate number to every (organization id, certificate index) with it."""
    keys: dict[str, list[list[int]]] = defaultdict(list)
    for org_id, org in enumerate(organizations):
        for index, cert in enumerate(org["certifications"]):
            number = normalize_certificate_number(cert["certificate_number"])
            if number:
                keys[number].append([org_id, index])
    return dict(keys)


def identifier_keys(organizations: list[dict[str, Any]]) -> dict[str, list[int]]:
    """`scheme:normalized value` → the organizations that have that identifier."""
    keys: dict[str, list[int]] = defaultdict(list)
    for org_id, org in enumerate(organizations):
        identifiers = org.get("identifiers") or {}
        for scheme in IDENTIFIER_IDS:
            value = normalize_certificate_number(identifiers.get(scheme) or "")
            if value:
                keys[f"{scheme}:{value}"].append(org_id)
    return dict(keys)


class NameIndex:
    """Name keys and name words of every organization, with document frequencies and weights."""

    def __init__(self, organizations: list[dict[str, Any]]) -> None:
        """Count every name word once per organization."""
        self.count = len(organizations)
        self.common_limit = max(COMMON_MIN, self.count // COMMON_FRACTION)
        self.names = [[org["name"], *(org.get("trading_names") or [])] for org in organizations]
        self.df: Counter[str] = Counter()
        for names in self.names:
            self.df.update({term for name in names for term in name_terms(name)})

    def idf(self, term: str) -> float:
        """Inverse document frequency of a name word, as check-engine.js computes it."""
        return math.log(1 + self.count / max(1, self.df[term]))

    def weights(self, org_id: int) -> list[float]:
        """Weigh each of an organization's names: the sum of its words' idf, rounded to 4 places."""
        return [round(sum(self.idf(t) for t in dict.fromkeys(name_terms(n))), 4) for n in self.names[org_id]]

    def keys(self) -> dict[str, Any]:
        """`=name key` → organization ids; name word → [df, gaps] (gaps left out for common words)."""
        by_key: dict[str, list[int]] = defaultdict(list)
        by_term: dict[str, list[int]] = defaultdict(list)
        for org_id, names in enumerate(self.names):
            for key in dict.fromkeys(" ".join(name_terms(name)) for name in names):
                by_key["=" + key].append(org_id)
            for term in dict.fromkeys(t for name in names for t in name_terms(name)):
                by_term[term].append(org_id)
        keys: dict[str, Any] = dict(by_key)
        for term, ids in by_term.items():
            keys[term] = [len(ids)] if len(ids) > self.common_limit else [len(ids), encode_gaps(ids)]
        return keys


def encode_gaps(ids: list[int]) -> str:
    """Sorted ids as comma-separated base-36 gaps (the first from -1)."""
    previous, gaps = -1, []
    for org_id in ids:
        gaps.append(base36(org_id - previous))
        previous = org_id
    return ",".join(gaps)


def organization_files(
    organizations: list[dict[str, Any]], standards: list[str], names: NameIndex
) -> Iterator[tuple[str, str]]:
    """Yield what a result row shows, ORG_BLOCK organizations per file."""
    standard_index = {code: i for i, code in enumerate(standards)}
    for block, start in enumerate(range(0, len(organizations), ORG_BLOCK)):
        rows = [
            organization_row(org, standard_index, names.weights(org_id))
            for org_id, org in enumerate(organizations[start : start + ORG_BLOCK], start)
        ]
        yield f"check/o/{block}.json", compact(rows)


def organization_row(org: dict[str, Any], standard_index: dict[str, int], weights: list[float]) -> Row:
    """One organization: name, country, URL, name weights, certificates, trading names."""
    certificates = [certificate_row(cert, standard_index) for cert in org["certifications"]]
    return [org["name"], org.get("country") or "", org["url"], weights, certificates, org.get("trading_names") or []]


def certificate_row(cert: dict[str, Any], standard_index: dict[str, int]) -> Row:
    """One certificate with the dates the browser needs to re-check its status."""
    codes = list(dict.fromkeys(standard_index[ref["code"]] for ref in cert["standard_refs"]))
    return [
        cert["certificate_number"],
        cert["url"],
        codes,
        cert.get("status") or "active",
        cert["issued"],
        cert["expires"],
        cert.get("transition_ends") or "",
        cert.get("certification_body_name") or cert["certification_body"],
    ]


def manifest(
    standards: list[str], countries: list[list[str]], count: int, counts: dict[str, int], common_limit: int
) -> dict[str, Any]:
    """Describe what check-engine.js needs before its first lookup."""
    return {
        "version": FORMAT_VERSION,
        "standards": standards,
        "countries": countries,
        "legalForms": sorted(LEGAL_FORMS),
        "count": count,
        "block": ORG_BLOCK,
        "buckets": counts,
        "commonLimit": common_limit,
    }


def country_table(codes: Iterable[str | None]) -> list[list[str]]:
    """[alpha-2, alpha-3, name, common name] of every country given (the organizations'), by code."""
    rows = []
    for code in sorted({code for code in codes if code}):
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            rows.append([code, "", code, ""])
            continue
        common = getattr(country, "common_name", "") or getattr(country, "official_name", "")
        rows.append([code, country.alpha_3, country.name, common])
    return rows
