"""Open data files under api/v1/: registry.json, organizations/<slug>.json, certificates.csv, schemas.

Also the JSON Schemas that validated the records, and their description (describe.py).

A pure formatter: every file is a function of the enriched `Site` (its provenance included: source
commit and schema texts) and `OpenDataSettings`, so the same registry and build date give
byte-identical files. It reads no file and runs no program. Large files are produced as iterators of
text chunks (`opendata_streams`); `opendata_files` joins them for callers that want whole strings. A
build makes the bulk files (`bulk_streams`) and each organization's file (`organization_json`) apart,
so that an unchanged organization's file is neither made nor compared (render/outputs.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from certreg.core.escape import csv_line
from certreg.enrich.site import VIEW_FIELDS
from certreg.render.opendata.describe import datapackage, openapi
from certreg.render.opendata.fields import API_ROOT, CSV_HEADER, LIST_SEPARATOR, SCHEMA_VERSION, OpenDataSettings

CSV_BATCH_ROWS = 1000
SAFE_SLUG = re.compile(r"^[\w][\w.-]*$")


def opendata_files(site: Any, options: OpenDataSettings) -> Iterator[tuple[str, str]]:
    """Yield every open data file as (path relative to the output root, complete text)."""
    for path, chunks in opendata_streams(site, options):
        yield path, "".join(chunks)


def opendata_streams(site: Any, options: OpenDataSettings) -> Iterator[tuple[str, Iterable[str]]]:
    """Yield every open data file as (path, text chunks): write the chunks in order to stream big files."""
    yield from bulk_streams(site, options)
    meta = checked_meta(site, options)
    for organization in site.organizations:
        yield organization_path(organization), [organization_json(organization, meta)]


def checked_meta(site: Any, options: OpenDataSettings) -> dict[str, Any]:
    """The envelope's fields (`envelope_meta`), refusing a site that has no provenance."""
    if site.provenance is None:
        raise ValueError(
            "certreg: the site has no provenance (schemas, commit); enrich a registry from load_registry()"
        )
    return envelope_meta(site, options)


def bulk_streams(site: Any, options: OpenDataSettings) -> Iterator[tuple[str, Iterable[str]]]:
    """Yield every open data file but the per-organization ones (`organization_json`), as (path, chunks)."""
    meta = checked_meta(site, options)
    schemas = site.provenance.schemas
    yield f"{API_ROOT}/registry.json", registry_chunks(site, meta)
    yield f"{API_ROOT}/certificates.csv", csv_chunks(site, options.siteurl)
    for name, text in schemas:
        yield f"{API_ROOT}/schema/{name}", [text]
    yield f"{API_ROOT}/openapi.json", [pretty_json(openapi(meta, options, schemas))]
    yield f"{API_ROOT}/datapackage.json", [pretty_json(datapackage(meta, options))]


def envelope_meta(site: Any, options: OpenDataSettings) -> dict[str, Any]:
    """Return the fields every JSON document starts with: version, dates, licence and source."""
    provenance = site.provenance
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": generated_at(site.build_date),
        "build_date": site.build_date.isoformat(),
        "license": dict(options.licence or {"id": None, "name": None, "url": None}),
        "source": {"repository": options.repository, "commit": provenance.commit, "dirty": provenance.dirty},
    }


def generated_at(build_date: date) -> str:
    """Return the build date at midnight UTC, ISO 8601: never the wall clock."""
    return f"{build_date.isoformat()}T00:00:00Z"


def compact_json(value: Any) -> str:
    """Return deterministic compact JSON: sorted keys, UTF-8 characters kept, no spaces."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_json_default)


def pretty_json(value: Any) -> str:
    """Return deterministic indented JSON with a trailing newline, for the small descriptive files."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2, default=_json_default) + "\n"


def published(record: Mapping[str, Any]) -> dict[str, Any]:
    """Return an organization, certificate or body without the fields only pages show (enrich.VIEW_FIELDS)."""
    kept = {key: value for key, value in record.items() if key not in VIEW_FIELDS}
    if "certifications" in kept:
        kept["certifications"] = [published(certificate) for certificate in kept["certifications"]]
    return kept


def _json_default(value: Any) -> Any:
    """Write dates as ISO 8601; refuse anything else JSON cannot hold."""
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"certreg: open data cannot write {type(value).__name__} as JSON")


# --- registry.json and organizations/<slug>.json ---------------------------------------------


def registry_chunks(site: Any, meta: Mapping[str, Any], texts: Iterable[str] | None = None) -> Iterator[str]:
    """Yield registry.json in pieces: the envelope with one organization per chunk, compact, sorted keys.

    `texts`: each organization's `organization_text`, in order, when the caller has them already.
    """
    fields = {
        **meta,
        "counts": registry_counts(site),
        "expiring_soon_days": site.expiring_soon_days,
        "certification_bodies": {slug: published(body) for slug, body in site.certification_bodies.items()},
        "accreditation_bodies": site.accreditation_bodies,
        "standards": site.standards,
    }
    yield "{"
    for index, key in enumerate(sorted([*fields, "organizations"])):
        yield ("," if index else "") + json.dumps(key) + ":"
        if key == "organizations":
            yield from _array_chunks(map(organization_text, site.organizations) if texts is None else texts)
        else:
            yield compact_json(fields[key])
    yield "}\n"


def _array_chunks(texts: Iterable[Any]) -> Iterator[Any]:
    """Yield a JSON array of items already in compact JSON (or pieces standing for them), one item at a time."""
    yield "["
    for index, text in enumerate(texts):
        if index:
            yield ","
        yield text
    yield "]"


def organization_text(organization: Mapping[str, Any]) -> str:
    """One organization as registry.json holds it: compact JSON of its published fields."""
    return compact_json(published(organization))


def registry_counts(site: Any) -> dict[str, Any]:
    """The registry's totals (organizations, certificates, certification bodies) and certificates per status."""
    return {**site.totals, "effective_status": dict(site.counts)}


def organization_path(organization: Mapping[str, Any]) -> str:
    """Return api/v1/organizations/<slug>.json, refusing slugs that could leave that folder."""
    slug = str(organization["slug"])
    if not SAFE_SLUG.match(slug) or ".." in slug:
        raise ValueError(f"certreg: open data refuses the unsafe organization slug {slug!r}")
    return f"{API_ROOT}/organizations/{slug}.json"


def record_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Return the envelope of a per-record document: no build date and no commit.

    Its bytes then change only when the record or its effective status does (the bulk dumps carry the
    build date and the commit).
    """
    return {
        "schema_version": meta["schema_version"],
        "license": meta["license"],
        "source": {"repository": meta["source"]["repository"]},
    }


def organization_json(organization: Mapping[str, Any], meta: Mapping[str, Any]) -> str:
    """Return one organization with its certificates, inside the per-record envelope, compact."""
    return compact_json({**record_meta(meta), "organization": published(organization)}) + "\n"


# --- certificates.csv ------------------------------------------------------------------------


def csv_chunks(site: Any, siteurl: str, texts: Iterable[str] | None = None) -> Iterator[str]:
    """Yield certificates.csv in batches of rows: UTF-8 without BOM, LF line ends, a header row.

    Cells are quoted by `escape.csv_line` (a comma, quote, CR or LF), the same on every Python version.
    `texts`: each certificate's `csv_text`, in order, when the caller has them already.
    """
    lines = [csv_line(list(CSV_HEADER))]
    if texts is None:
        organizations = {organization["slug"]: organization for organization in site.organizations}
        texts = (csv_text(cert, organizations[cert["organization_slug"]], siteurl) for cert in site.certificates)
    for index, text in enumerate(texts, start=1):
        if not isinstance(text, str):  # a piece standing for a line (render/spans.py): passed on as it is
            yield "".join(lines)
            yield text
            lines = []
            continue
        lines.append(text)
        if index % CSV_BATCH_ROWS == 0:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def csv_text(certificate: Mapping[str, Any], organization: Mapping[str, Any], siteurl: str) -> str:
    """One certificate's line of certificates.csv, line end included."""
    row = csv_row(certificate, organization, siteurl)
    return csv_line([csv_cell(row.get(name)) for name in CSV_HEADER])


def csv_row(certificate: Mapping[str, Any], organization: Mapping[str, Any], siteurl: str) -> dict[str, Any]:
    """Return the CSV values of one certificate, keyed by column name (values not yet formatted)."""
    sites = certificate.get("sites") or []
    accreditation = certificate.get("accreditation") or {}
    return {
        **certificate,
        "country": organization.get("country"),
        "city": organization.get("city"),
        "accreditation_body": accreditation.get("accreditation_body"),
        "accreditation_number": accreditation.get("number"),
        "site_count": len(sites),
        "sites": [f"{s['name']} ({s['city']}, {s['country']})" for s in sites],
        "certificate_url": f"{siteurl}/{certificate['url']}",
    }


def csv_cell(value: Any) -> str:
    """Format one cell: '' for missing, true/false, lists joined with '; ', anything else as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(csv_cell(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
