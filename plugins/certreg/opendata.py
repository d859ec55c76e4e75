"""Open data: registry.json, one JSON file per organization, certificates.csv, the JSON Schemas,
an OpenAPI 3.1 description and a Frictionless Data Package, all under api/v1/.

Every builder is a pure function of the enriched `Site` and the settings (plus the registry's
schema files and git commit), so the same registry and build date give byte-identical files.
Large files are produced as iterators of text chunks (`opendata_streams`); `opendata_files` joins
them for callers that want one string per file.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from certreg import changes
from certreg.enrich import VIEW_FIELDS
from certreg.status import PRECEDENCE as STATUSES

SCHEMA_VERSION = "1.0"
API_ROOT = "api/v1"
CSV_BATCH_ROWS = 1000
LIST_SEPARATOR = "; "
EFFECTIVE_STATUSES = STATUSES  # in precedence order
RECORD_STATUSES = ("active", "suspended", "withdrawn")
SAFE_SLUG = re.compile(r"^[\w][\w.-]*$")

# CSV columns: (name, Table Schema type, always filled, description).
CSV_COLUMNS: tuple[tuple[str, str, bool, str], ...] = (
    ("organization_slug", "string", True, "Slug of the organization; see organizations/<slug>.json"),
    ("organization_name", "string", True, "Legal name of the organization"),
    ("country", "string", True, "ISO 3166-1 alpha-2 code of the organization's main site"),
    ("city", "string", True, "City of the organization's main site"),
    ("certificate_number", "string", True, "Certificate number exactly as printed"),
    ("standards", "string", True, "Standards and editions covered, separated by '; '"),
    ("certification_body", "string", True, "Slug of the issuing certification body"),
    ("certification_body_name", "string", True, "Name of the issuing certification body"),
    ("accredited", "boolean", True, "Issued under accreditation (true/false)"),
    ("accreditation_body", "string", False, "Key of the accreditation body, when accredited"),
    ("accreditation_number", "string", False, "Accreditation number, when accredited"),
    ("scope", "string", True, "Scope of certification as stated on the certificate"),
    ("sectors", "string", False, "IAF sector codes, separated by '; '"),
    ("site_count", "integer", True, "Number of additional sites covered"),
    ("sites", "string", False, "Additional sites as 'name (city, country)', separated by '; '"),
    ("original_issue", "date", False, "Date of first certification"),
    ("issued", "date", True, "Issue date of this certificate"),
    ("expires", "date", True, "Expiry date; the certificate is valid through this date"),
    ("status", "string", True, "Status published by the certification body"),
    ("status_date", "date", False, "Date from which a suspension or withdrawal applies"),
    ("status_note", "string", False, "Short explanation of the status"),
    ("source", "string", True, "Page where a maintainer checked the certificate"),
    ("last_verified", "date", True, "Date a maintainer last checked the certificate"),
    ("effective_status", "string", True, "Status at the build date (see /api/)"),
    ("status_reason", "string", True, "Why the certificate has its effective status"),
    ("needs_reverification", "boolean", True, "Last verified more than 400 days before build"),
    ("certificate_url", "string", True, "Page of the certificate on this site"),
)
CSV_HEADER = tuple(column[0] for column in CSV_COLUMNS)


# --- entry points ----------------------------------------------------------------------------


def opendata_files(site: Any, settings: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Every open data file as (path relative to the output root, complete text)."""
    for path, chunks in opendata_streams(site, settings):
        yield path, "".join(chunks)


def opendata_streams(site: Any, settings: Mapping[str, Any]) -> Iterator[tuple[str, Iterable[str]]]:
    """Every open data file as (path, text chunks): write the chunks in order to stream big files."""
    meta = envelope_meta(site, settings)
    schemas = schema_files(registry_path(settings))
    yield f"{API_ROOT}/registry.json", registry_chunks(site, meta)
    for organization in site.organizations:
        yield organization_path(organization), [organization_json(organization, meta)]
    yield f"{API_ROOT}/certificates.csv", csv_chunks(site, settings)
    for name, text in schemas:
        yield f"{API_ROOT}/schema/{name}", [text]
    yield f"{API_ROOT}/openapi.json", [pretty_json(openapi(meta, settings, schemas))]
    yield f"{API_ROOT}/datapackage.json", [pretty_json(datapackage(meta, settings))]


# --- shared pieces ---------------------------------------------------------------------------


def registry_path(settings: Mapping[str, Any]) -> Path:
    """The registry folder named by REGISTRY_PATH (relative to the current directory)."""
    return Path(settings.get("REGISTRY_PATH") or "registry")


def envelope_meta(site: Any, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The fields every JSON document starts with: version, dates, licence and source."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": generated_at(site.build_date),
        "build_date": site.build_date.isoformat(),
        "license": data_license(settings.get("DATA_LICENSE")),
        "source": registry_source(registry_path(settings), settings.get("SOURCE_REPOSITORY_URL")),
    }


def generated_at(build_date: date) -> str:
    """The build date at midnight UTC, ISO 8601: never the wall clock."""
    return f"{build_date.isoformat()}T00:00:00Z"


def data_license(setting: Any) -> dict[str, str | None]:
    """DATA_LICENSE as {id, name, url}: a dict with those keys, or a bare identifier string."""
    if isinstance(setting, str):
        return {"id": setting, "name": setting, "url": None}
    setting = setting or {}
    return {key: setting.get(key) for key in ("id", "name", "url")}


def registry_source(registry: Path, repository: str | None) -> dict[str, Any]:
    """The repository URL, the git commit of the registry checkout (or None) and whether it is dirty."""
    commit = _git(registry, "rev-parse", "HEAD")
    dirty = None if commit is None else bool(_git(registry, "status", "--porcelain", "--", "."))
    return {"repository": repository or None, "commit": commit, "dirty": dirty}


def _git(folder: Path, *args: str) -> str | None:
    if not folder.is_dir():
        return None
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def compact_json(value: Any) -> str:
    """Deterministic compact JSON: sorted keys, UTF-8 characters kept, no spaces."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_json_default)


def pretty_json(value: Any) -> str:
    """Deterministic indented JSON with a trailing newline, for the small descriptive files."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2, default=_json_default) + "\n"


def published(record: Mapping[str, Any]) -> dict[str, Any]:
    """An organization or certificate without the fields only pages show (enrich.VIEW_FIELDS)."""
    kept = {key: value for key, value in record.items() if key not in VIEW_FIELDS}
    if "certifications" in kept:
        kept["certifications"] = [published(certificate) for certificate in kept["certifications"]]
    return kept


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"certreg open data: cannot write {type(value).__name__} as JSON")


def site_url(settings: Mapping[str, Any]) -> str:
    """SITEURL without a trailing slash ('' for a site served from the root)."""
    return str(settings.get("SITEURL") or "").rstrip("/")


# --- registry.json and organizations/<slug>.json ---------------------------------------------


def registry_chunks(site: Any, meta: Mapping[str, Any]) -> Iterator[str]:
    """registry.json in pieces: the envelope with one organization per chunk, compact, sorted keys."""
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
            yield from _array_chunks(published(organization) for organization in site.organizations)
        else:
            yield compact_json(fields[key])
    yield "}\n"


def _array_chunks(items: Iterable[Any]) -> Iterator[str]:
    yield "["
    for index, item in enumerate(items):
        yield ("," if index else "") + compact_json(item)
    yield "]"


def registry_counts(site: Any) -> dict[str, Any]:
    """Organizations, certificates and certification bodies, and certificates per effective status."""
    return {
        "organizations": len(site.organizations),
        "certificates": len(site.certificates),
        "certification_bodies": len(site.certification_bodies),
        "effective_status": dict(site.counts),
    }


def organization_path(organization: Mapping[str, Any]) -> str:
    """api/v1/organizations/<slug>.json, refusing slugs that could leave that folder."""
    slug = str(organization["slug"])
    if not SAFE_SLUG.match(slug) or ".." in slug:
        raise ValueError(f"certreg open data: unsafe organization slug {slug!r}")
    return f"{API_ROOT}/organizations/{slug}.json"


def record_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """The envelope of a per-record document: no build date and no commit, so its bytes change only
    when the record or its effective status does (the bulk dumps carry the build date)."""
    return {
        "schema_version": meta["schema_version"],
        "license": meta["license"],
        "source": {"repository": meta["source"]["repository"]},
    }


def organization_json(organization: Mapping[str, Any], meta: Mapping[str, Any]) -> str:
    """One organization with its certificates, inside the envelope fields, compact."""
    return compact_json({**record_meta(meta), "organization": published(organization)}) + "\n"


# --- certificates.csv ------------------------------------------------------------------------


def csv_chunks(site: Any, settings: Mapping[str, Any]) -> Iterator[str]:
    """certificates.csv in batches of rows: UTF-8 without BOM, LF line ends, a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    base = site_url(settings)
    organizations = {organization["slug"]: organization for organization in site.organizations}
    for index, certificate in enumerate(site.certificates, start=1):
        row = csv_row(certificate, organizations[certificate["organization_slug"]], base)
        writer.writerow([csv_cell(row.get(name)) for name in CSV_HEADER])
        if index % CSV_BATCH_ROWS == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def csv_row(certificate: Mapping[str, Any], organization: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    """The CSV values of one certificate, keyed by column name (values not yet formatted)."""
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
        "certificate_url": f"{base_url}/{certificate['url']}",
    }


def csv_cell(value: Any) -> str:
    """One cell: '' for missing, true/false, lists joined with '; ', anything else as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(csv_cell(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --- the JSON Schemas ------------------------------------------------------------------------


def schema_files(registry: Path) -> list[tuple[str, str]]:
    """(file name, exact text) of every registry/schema/*.json, sorted, line ends untouched."""
    folder = registry / "schema"
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(folder.glob("*.json")):
        with path.open(encoding="utf-8", newline="") as handle:
            files.append((path.name, handle.read()))
    return files


# --- openapi.json ----------------------------------------------------------------------------

STRING = {"type": "string"}
BOOLEAN = {"type": "boolean"}
INTEGER = {"type": "integer"}
DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
ANY_OBJECT = {"type": "object"}


def openapi(meta: Mapping[str, Any], settings: Mapping[str, Any], schemas: list[tuple[str, str]]) -> dict[str, Any]:
    """The OpenAPI 3.1 description of every static file under api/v1/."""
    return {
        "openapi": "3.1.0",
        "info": _openapi_info(meta, settings),
        "servers": [{"url": f"{site_url(settings)}/{API_ROOT}", "description": "This site"}],
        "paths": {**_openapi_paths([name for name, _ in schemas]), **changes.OPENAPI_PATHS},  # issue 11
        "components": {"schemas": openapi_components(schemas)},
    }


def _openapi_info(meta: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
    info: dict[str, Any] = {
        "title": f"{settings.get('SITENAME') or 'certreg'} open data",
        "version": SCHEMA_VERSION,
        "summary": "Static, read-only files: no key, no query parameters, GET only.",
        "description": (
            "Registry data as of the build_date in registry.json. Every certificate carries "
            "effective_status, status_reason and needs_reverification, computed at the build date."
        ),
    }
    licence = meta["license"]
    if licence["id"] or licence["name"]:
        info["license"] = {"name": licence["name"] or licence["id"]}
        if licence["id"]:
            info["license"]["identifier"] = licence["id"]
        elif licence["url"]:
            info["license"]["url"] = licence["url"]
    return info


def _get(operation_id: str, summary: str, media_type: str, schema: dict[str, Any]) -> dict[str, Any]:
    response = {"description": summary, "content": {media_type: {"schema": schema}}}
    return {"get": {"operationId": operation_id, "summary": summary, "responses": {"200": response}}}


def _openapi_paths(schema_names: list[str]) -> dict[str, Any]:
    paths = {
        "/registry.json": _get(
            "getRegistry",
            "Every organization with its certificates",
            "application/json",
            {"$ref": "#/components/schemas/Registry"},
        ),
        "/organizations/{slug}.json": _organization_path(),
        "/certificates.csv": _get(
            "getCertificatesCsv",
            "One row per certificate",
            "text/csv",
            {"type": "string", "example": ",".join(CSV_HEADER) + "\n"},
        ),
        "/openapi.json": _get("getOpenApi", "This OpenAPI description", "application/json", ANY_OBJECT),
        "/datapackage.json": _get("getDataPackage", "Frictionless Data Package", "application/json", ANY_OBJECT),
    }
    for index, name in enumerate(schema_names):
        paths[f"/schema/{name}"] = _get(
            f"getSchema{index}",
            f"JSON Schema of the record files: {name}",
            "application/schema+json",
            ANY_OBJECT,
        )
    return paths


def _organization_path() -> dict[str, Any]:
    item = _get(
        "getOrganization",
        "One organization with its certificates",
        "application/json",
        {"$ref": "#/components/schemas/OrganizationDocument"},
    )
    item["get"]["responses"]["404"] = {"description": "No organization has this slug"}
    item["parameters"] = [
        {
            "name": "slug",
            "in": "path",
            "required": True,
            "schema": STRING,
            "description": "The organization's slug, as in registry.json",
        }
    ]
    return item


# Component name → (record schema file, path to the object schema of the record inside it).
RECORD_OBJECTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Organization": ("organization.schema.json", ()),
    "Certificate": ("organization.schema.json", ("properties", "certifications", "items")),
    "CertificationBody": ("certification-body.schema.json", ()),
    "Accreditation": ("certification-body.schema.json", ("properties", "accreditations", "items")),
    "AccreditationBody": ("accreditation-bodies.schema.json", ("additionalProperties",)),
    "Standard": ("standards.schema.json", ("items",)),
    "Edition": ("standards.schema.json", ("items", "properties", "editions", "items")),
}


def openapi_components(schemas: list[tuple[str, str]]) -> dict[str, Any]:
    """Schemas of the enriched data: fields as written refer to the record JSON Schemas."""
    parsed = {name: json.loads(text) for name, text in schemas if name.endswith(".json")}
    computed = _computed_fields()
    components = {name: _record_component(parsed, name, computed[name]) for name in RECORD_OBJECTS}
    return {**components, **_envelope_components()}


def _record_component(parsed: Mapping[str, Any], component: str, computed: dict[str, Any]) -> dict[str, Any]:
    file_name, path = RECORD_OBJECTS[component]
    record: Any = parsed.get(file_name, {})
    for part in path:
        record = record.get(part, {})
    pointer = (*path, "properties")
    written = {
        name: {"$ref": _pointer(file_name, *pointer, name)}
        for name in record.get("properties", {})
        if name not in computed
    }
    always = ["status"] if component == "Certificate" else []
    return _object({**written, **computed}, [*record.get("required", []), *always, *computed])


def _pointer(file_name: str, *parts: str) -> str:
    escaped = (part.replace("~", "~0").replace("/", "~1") for part in parts)
    return f"schema/{file_name}#/" + "/".join(escaped)


def _object(properties: dict[str, Any], required: Iterable[str] | None = None) -> dict[str, Any]:
    names = list(dict.fromkeys(properties if required is None else required))
    return {"type": "object", "required": names, "properties": properties}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _array(name: str) -> dict[str, Any]:
    return {"type": "array", "items": _ref(name)}


def _map(name: str) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": _ref(name)}


def _envelope_components() -> dict[str, Any]:
    nullable_string = {"type": ["string", "null"]}
    meta = {
        "schema_version": {"type": "string", "const": SCHEMA_VERSION},
        "generated_at": {"type": "string", "format": "date-time"},
        "build_date": DATE,
        "license": _ref("License"),
        "source": _ref("Source"),
    }
    registry = {
        **meta,
        "counts": _ref("Counts"),
        "expiring_soon_days": INTEGER,
        "certification_bodies": _map("CertificationBody"),
        "accreditation_bodies": _map("AccreditationBody"),
        "standards": _array("Standard"),
        "organizations": _array("Organization"),
    }
    per_status = _object({status: INTEGER for status in EFFECTIVE_STATUSES})
    counts = {"organizations": INTEGER, "certificates": INTEGER, "certification_bodies": INTEGER}
    return {
        "EffectiveStatus": {"type": "string", "enum": list(EFFECTIVE_STATUSES)},
        "License": _object({"id": nullable_string, "name": nullable_string, "url": nullable_string}),
        "Source": _object(
            {"repository": nullable_string, "commit": nullable_string, "dirty": {"type": ["boolean", "null"]}}
        ),
        "Counts": _object({**counts, "effective_status": per_status}),
        "Registry": _object(registry),
        "OrganizationDocument": _object(
            {
                "schema_version": meta["schema_version"],
                "license": meta["license"],
                "source": _object({"repository": nullable_string}),
                "organization": _ref("Organization"),
            }
        ),
    }


def _computed_fields() -> dict[str, dict[str, Any]]:
    nullable_string = {"type": ["string", "null"]}
    site_path = {"type": "string", "description": "Page on this site, relative to the site root"}
    return {
        "Organization": {
            "slug": STRING,
            "country_name": STRING,
            "url": site_path,
            "status_summary": {
                "type": "object",
                "propertyNames": _ref("EffectiveStatus"),
                "additionalProperties": INTEGER,
            },
            "best_status": _ref("EffectiveStatus"),
            "certifications": _array("Certificate"),
        },
        "Certificate": _certificate_computed(site_path),
        "CertificationBody": {
            "slug": STRING,
            "url": site_path,
            "country_name": STRING,
            "accreditations": _array("Accreditation"),
            "certificate_count": INTEGER,
            "checked_from": {"type": ["string", "null"], "format": "date"},
            "checked_to": {"type": ["string", "null"], "format": "date"},
        },
        "Accreditation": {
            "accreditation_body_name": STRING,
            "acronym": STRING,
            "accreditation_body_website": nullable_string,
        },
        "AccreditationBody": {"slug": STRING},
        "Standard": {
            "code_slug": STRING,
            "url": site_path,
            "certificate_count": INTEGER,
            "editions": _array("Edition"),
        },
        "Edition": {"ref": STRING, "is_withdrawn": BOOLEAN},
    }


def _certificate_computed(site_path: dict[str, Any]) -> dict[str, Any]:
    standard_ref = _object(
        {
            "code": STRING,
            "edition": STRING,
            "ref": STRING,
            "code_slug": STRING,
            "url": STRING,
            "title": STRING,
            "transition_ends": NULLABLE_DATE,
        }
    )
    return {
        "organization_slug": STRING,
        "organization_name": STRING,
        "slug": STRING,
        "url": site_path,
        "effective_status": _ref("EffectiveStatus"),
        "status_label": STRING,
        "headline": STRING,
        "status_reason": STRING,
        "needs_reverification": BOOLEAN,
        "is_current": BOOLEAN,
        "standard_refs": {"type": "array", "items": standard_ref},
        "transition_ends": NULLABLE_DATE,
        "transition_edition": {"type": ["string", "null"]},
        "certification_body_name": STRING,
        "accreditation": {"anyOf": [_ref("Accreditation"), {"type": "null"}]},
    }


# --- datapackage.json ------------------------------------------------------------------------


def datapackage(meta: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
    """A Frictionless Data Package (v1) describing certificates.csv and registry.json."""
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": "certreg",
        "title": f"{settings.get('SITENAME') or 'certreg'} open data",
        "version": SCHEMA_VERSION,
        "created": meta["generated_at"],
        "licenses": _package_licenses(meta["license"]),
        "resources": [_csv_resource(), _json_resource(), changes.DATAPACKAGE_RESOURCE],  # issue 11: daily changes
    }
    if meta["source"]["repository"]:
        package["sources"] = [{"title": "Registry records", "path": meta["source"]["repository"]}]
    if site_url(settings):
        package["homepage"] = f"{site_url(settings)}/api/"
    return package


def _package_licenses(licence: Mapping[str, Any]) -> list[dict[str, str]]:
    entry = {"name": licence["id"], "path": licence["url"], "title": licence["name"]}
    entry = {key: value for key, value in entry.items() if value}
    return [entry] if entry else []


def _csv_resource() -> dict[str, Any]:
    return {
        "name": "certificates",
        "path": "certificates.csv",
        "profile": "tabular-data-resource",
        "title": "Certificates, one row per certificate, with their effective status",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": table_schema(),
    }


def _json_resource() -> dict[str, Any]:
    return {
        "name": "registry",
        "path": "registry.json",
        "profile": "data-resource",
        "title": "Every organization with its certificates and computed fields",
        "description": "Described by the Registry schema in openapi.json.",
        "format": "json",
        "mediatype": "application/json",
        "encoding": "utf-8",
    }


def table_schema() -> dict[str, Any]:
    """The Table Schema of certificates.csv: every column, in order, with its type."""
    return {
        "fields": [_table_field(*column) for column in CSV_COLUMNS],
        "missingValues": [""],
        "primaryKey": ["certification_body", "certificate_number"],
    }


def _table_field(name: str, kind: str, required: bool, description: str) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": kind, "description": description}
    constraints: dict[str, Any] = {"required": True} if required else {}
    if kind == "boolean":
        field.update(trueValues=["true"], falseValues=["false"])
    if name == "status":
        constraints["enum"] = list(RECORD_STATUSES)
    if name == "effective_status":
        constraints["enum"] = list(EFFECTIVE_STATUSES)
    if constraints:
        field["constraints"] = constraints
    return field
