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

Shards and frequent-term sets are planned in `certreg.render.search.shards`, texts encoded by
`certreg.render.search.encoding`; this module picks the documents' terms, result rows and filter keys,
and `certreg.render.search.keyed` makes the files, each keyed by what it is made from.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from certreg.build.assets import npm_file
from certreg.core.fold import LEGAL_FORMS, name_terms, normalize_certificate_number, tokenize
from certreg.enrich import status as statuses
from certreg.render.search.encoding import bucket_count
from certreg.render.search.shards import IndexPlan, Shape, Terms

logger = logging.getLogger(__name__)

LUNR_JS = "node_modules/lunr/lunr.min.js"
FORMAT_VERSION = 1
BLOCK_SIZE = 32
CERT_BUCKET_SIZE = 64
STOP_WORDS = frozenset(
    "a an and as at by for from in including into of on or the to with within without".split()  # noqa: SIM905
)


# --- public API ----------------------------------------------------------------------------------


def lunr_js_source(project_root: Path) -> Path:
    """Path of lunr.min.js installed by `npm ci`; FileNotFoundError with the fix when missing."""
    return npm_file(project_root, LUNR_JS, "the search page needs lunr.js")


def filter_options(site: Any) -> dict[str, list[dict[str, str]]]:
    """Values for the search page's filter menus: statuses, standards and countries in use."""
    organizations = site.organizations
    used = {cert["effective_status"] for org in organizations for cert in org["certifications"]}
    return {
        "statuses": [{"value": s.id, "label": s.label} for s in statuses.STATUS_TABLE if s.id in used],
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
    for cert in sorted(org["certifications"], key=certificate_order):  # not current first: a status change moves none
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


def certificate_order(cert: dict[str, Any]) -> tuple[str, str]:
    """The order an organization's certificates give their terms in: by number and body, whatever their status."""
    return (cert["certificate_number"], cert["certification_body"])


def certificate_terms(number: str) -> list[str]:
    """A certificate number as terms: the whole number normalized, and its parts of 4+ digits."""
    whole = normalize_certificate_number(number)
    parts = [p for p in tokenize(number) if p != whole and len(p) >= 4 and has_digit(p)]
    return [whole, *parts] if whole else parts


def has_digit(text: str) -> bool:
    """True when text contains a decimal digit."""
    return any(c.isdigit() for c in text)


# --- filters, result data, certificates ------------------------------------------------------------


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
    status_index = status_positions()
    standard_index = {code: i for i, (code, _) in enumerate(standards)}
    return [result_row(org, status_index, standard_index) for org in organizations]


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


# --- manifest and labels -------------------------------------------------------------------------


def manifest(
    plan: IndexPlan | Shape,
    standards: list[tuple[str, str]],
    countries: list[tuple[str, str]],
    organizations: list[dict[str, Any]],
    status_table: tuple[statuses.Status, ...] = statuses.STATUS_TABLE,
) -> dict[str, Any]:
    """What search.js needs before its first query; status labels from `status_table` (the site's language)."""
    certificates = sum(len(org["certifications"]) for org in organizations)
    return {
        "version": FORMAT_VERSION,
        "count": plan.count,
        "block": BLOCK_SIZE,
        "certBuckets": bucket_count(certificates, CERT_BUCKET_SIZE),
        "shards": plan.starts,
        "ignore": sorted(LEGAL_FORMS | STOP_WORDS),
        "statuses": [[s.id, s.label, s.slug] for s in status_table],
        "standards": [list(pair) for pair in standards],
        "countries": [list(pair) for pair in countries],
    }


def site_statuses(site: Any) -> tuple[statuses.Status, ...]:
    """The status table worded in the site's language, in the order of STATUS_TABLE (rows number statuses by it)."""
    worded = {status.id: status for status in site.statuses}
    return tuple(worded.get(status.id, status) for status in statuses.STATUS_TABLE)


def status_positions() -> dict[str, int]:
    """Position of each status in `certreg.enrich.status.STATUS_TABLE`, as rows and the manifest number them."""
    return {status.id: i for i, status in enumerate(statuses.STATUS_TABLE)}


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
