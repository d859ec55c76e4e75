"""The description of the open data files: an OpenAPI 3.1 document and a Frictionless Data Package.

Both are generated from the one declaration in fields.py (CSV columns, computed JSON fields)
and from the JSON Schemas that validated the records (fields as written refer to them by `$ref`), so
the description cannot list a column or a field the files do not have.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from certreg.enrich.status import PRECEDENCE
from certreg.render.follow import changes
from certreg.render.opendata.fields import (
    ALWAYS_PRESENT,
    ANY_OBJECT,
    API_ROOT,
    COMPUTED_FIELDS,
    CSV_COLUMNS,
    CSV_HEADER,
    CSV_PRIMARY_KEY,
    DATE,
    INTEGER,
    NULLABLE_STRING,
    RECORD_OBJECTS,
    SCHEMA_VERSION,
    STRING,
    Column,
    OpenDataSettings,
    array_of,
    data_resource,
    get_operation,
    ref,
)

CSV_DIALECT = {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True, "header": True}

# --- openapi.json ----------------------------------------------------------------------------


def openapi(meta: Mapping[str, Any], options: OpenDataSettings, schemas: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Describe every static file under api/v1/ as an OpenAPI 3.1 document."""
    schemas = list(schemas)
    return {
        "openapi": "3.1.0",
        "info": _openapi_info(meta, options),
        "servers": [{"url": f"{options.siteurl}/{API_ROOT}", "description": "This site"}],
        "paths": {**_openapi_paths([name for name, _ in schemas]), **changes.OPENAPI_PATHS},
        "components": {"schemas": openapi_components(schemas)},
    }


def _openapi_info(meta: Mapping[str, Any], options: OpenDataSettings) -> dict[str, Any]:
    """Return the title, version, summary and licence of the API."""
    info: dict[str, Any] = {
        "title": f"{options.sitename} open data",
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


def _openapi_paths(schema_names: list[str]) -> dict[str, Any]:
    """Return one path per file, and one per published JSON Schema."""
    paths = {
        "/registry.json": get_operation(
            "getRegistry", "Every organization with its certificates", "application/json", ref("Registry")
        ),
        "/organizations/{slug}.json": _organization_path(),
        "/certificates.csv": get_operation(
            "getCertificatesCsv",
            "One row per certificate",
            "text/csv",
            {"type": "string", "example": ",".join(CSV_HEADER) + "\n"},
        ),
        "/openapi.json": get_operation("getOpenApi", "This OpenAPI description", "application/json", ANY_OBJECT),
        "/datapackage.json": get_operation(
            "getDataPackage", "Frictionless Data Package", "application/json", ANY_OBJECT
        ),
    }
    for index, name in enumerate(schema_names):
        summary = f"JSON Schema of the record files: {name}"
        paths[f"/schema/{name}"] = get_operation(f"getSchema{index}", summary, "application/schema+json", ANY_OBJECT)
    return paths


def _organization_path() -> dict[str, Any]:
    """Return the path item of organizations/{slug}.json, with its parameter and its 404."""
    item = get_operation(
        "getOrganization",
        "One organization with its certificates",
        "application/json",
        ref("OrganizationDocument"),
    )
    item["get"]["responses"]["404"] = {"description": "No organization has this slug"}
    parameter = {"name": "slug", "in": "path", "required": True, "schema": STRING}
    item["parameters"] = [{**parameter, "description": "The organization's slug, as in registry.json"}]
    return item


def openapi_components(schemas: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Describe the enriched data: fields as written refer to the record JSON Schemas, computed ones are declared."""
    parsed = {name: json.loads(text) for name, text in schemas if name.endswith(".json")}
    components = {name: _record_component(parsed, name) for name in RECORD_OBJECTS}
    return {**components, **_envelope_components()}


def _record_component(parsed: Mapping[str, Any], component: str) -> dict[str, Any]:
    """Return one enriched record object: its written fields by `$ref`, then its computed fields."""
    file_name, path = RECORD_OBJECTS[component]
    computed = COMPUTED_FIELDS[component]
    record: Any = parsed.get(file_name, {})
    for part in path:
        record = record.get(part, {})
    pointer = (*path, "properties")
    written = {
        name: {"$ref": _pointer(file_name, *pointer, name)}
        for name in record.get("properties", {})
        if name not in computed
    }
    required = [*record.get("required", []), *ALWAYS_PRESENT.get(component, ()), *computed]
    return _object({**written, **computed}, required)


def _pointer(file_name: str, *parts: str) -> str:
    """Return a reference to a place inside a published JSON Schema (JSON Pointer escaped)."""
    escaped = (part.replace("~", "~0").replace("/", "~1") for part in parts)
    return f"schema/{file_name}#/" + "/".join(escaped)


def _object(properties: dict[str, Any], required: Iterable[str] | None = None) -> dict[str, Any]:
    """Return an object schema; every property is required unless `required` says otherwise."""
    names = list(dict.fromkeys(properties if required is None else required))
    return {"type": "object", "required": names, "properties": properties}


def _map(component: str) -> dict[str, Any]:
    """Return the schema of an object whose values are one component."""
    return {"type": "object", "additionalProperties": ref(component)}


def _envelope_components() -> dict[str, Any]:
    """Return the components of the documents' envelope: version, dates, licence, source, counts."""
    meta = {
        "schema_version": {"type": "string", "const": SCHEMA_VERSION},
        "generated_at": {"type": "string", "format": "date-time"},
        "build_date": DATE,
        "license": ref("License"),
        "source": ref("Source"),
    }
    registry = {
        **meta,
        "counts": ref("Counts"),
        "expiring_soon_days": INTEGER,
        "certification_bodies": _map("CertificationBody"),
        "accreditation_bodies": _map("AccreditationBody"),
        "standards": array_of("Standard"),
        "organizations": array_of("Organization"),
    }
    per_status = _object({status: INTEGER for status in PRECEDENCE})
    counts = {"organizations": INTEGER, "certificates": INTEGER, "certification_bodies": INTEGER}
    source = {"repository": NULLABLE_STRING, "commit": NULLABLE_STRING, "dirty": {"type": ["boolean", "null"]}}
    return {
        "EffectiveStatus": {"type": "string", "enum": list(PRECEDENCE)},
        "License": _object({"id": NULLABLE_STRING, "name": NULLABLE_STRING, "url": NULLABLE_STRING}),
        "Source": _object(source),
        "Counts": _object({**counts, "effective_status": per_status}),
        "Registry": _object(registry),
        "OrganizationDocument": _object(
            {
                "schema_version": meta["schema_version"],
                "license": meta["license"],
                "source": _object({"repository": NULLABLE_STRING}),
                "organization": ref("Organization"),
            }
        ),
    }


# --- datapackage.json ------------------------------------------------------------------------


def datapackage(meta: Mapping[str, Any], options: OpenDataSettings) -> dict[str, Any]:
    """Describe certificates.csv and registry.json as a Frictionless Data Package (v1)."""
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": "certreg",
        "title": f"{options.sitename} open data",
        "version": SCHEMA_VERSION,
        "created": meta["generated_at"],
        "licenses": _package_licenses(meta["license"]),
        "resources": [_csv_resource(), _json_resource(), changes.DATAPACKAGE_RESOURCE],
    }
    if meta["source"]["repository"]:
        package["sources"] = [{"title": "Registry records", "path": meta["source"]["repository"]}]
    if options.siteurl:
        package["homepage"] = f"{options.siteurl}/api/"
    return package


def _package_licenses(licence: Mapping[str, Any]) -> list[dict[str, str]]:
    """Return the licence in Data Package form (empty when no licence is set)."""
    entry = {"name": licence["id"], "path": licence["url"], "title": licence["name"]}
    entry = {key: value for key, value in entry.items() if value}
    return [entry] if entry else []


def _csv_resource() -> dict[str, Any]:
    """Return the tabular resource of certificates.csv, with its Table Schema."""
    title = "Certificates, one row per certificate, with their effective status"
    return data_resource("certificates", "certificates.csv", title, dialect=CSV_DIALECT, schema=table_schema())


def _json_resource() -> dict[str, Any]:
    """Return the resource of registry.json (described in detail by openapi.json)."""
    title = "Every organization with its certificates and computed fields"
    return data_resource(
        "registry", "registry.json", title, description="Described by the Registry schema in openapi.json."
    )


def table_schema() -> dict[str, Any]:
    """Return the Table Schema of certificates.csv: every column, in order, with its type."""
    return {
        "fields": [table_field(column) for column in CSV_COLUMNS],
        "missingValues": [""],
        "primaryKey": list(CSV_PRIMARY_KEY),
    }


def table_field(column: Column) -> dict[str, Any]:
    """Return one Table Schema field: name, type, description and constraints."""
    field: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.describe()}
    constraints: dict[str, Any] = {"required": True} if column.required else {}
    if column.type == "boolean":
        field.update(trueValues=["true"], falseValues=["false"])
    if column.values:
        constraints["enum"] = list(column.values)
    if constraints:
        field["constraints"] = constraints
    return field
