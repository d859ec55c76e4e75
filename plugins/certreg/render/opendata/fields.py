"""The one declaration of the published open data: CSV columns, computed JSON fields and its settings.

The file writers (files.py), their description (describe.py: OpenAPI 3.1 and the Table Schema of
the Data Package), the change files (follow/changes.py) and the /api/ page all read this module, so a
column, a computed field and the shape of a described file are declared once. Fields as written in
the records are not listed here: they are described by the JSON Schemas that validated them (see
provenance.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from certreg.core.i18n import ENGLISH, N_, Translator
from certreg.enrich.site import country_name
from certreg.enrich.status import PRECEDENCE, REVERIFY_AFTER_DAYS, STATUS_BY_ID, STATUS_TABLE, Status

SCHEMA_VERSION = "1.0"
API_ROOT = "api/v1"
LIST_SEPARATOR = "; "
RECORD_STATUSES = ("active", "suspended", "withdrawn")


def site_name(settings: Mapping[str, Any]) -> str:
    """Return the SITENAME setting; a missing or empty one is an error, never replaced by a made-up name."""
    name = settings.get("SITENAME")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(
            "certreg: the SITENAME setting is missing or empty: name the site "
            "(the name key under site: in certreg.yaml, or SITENAME in the Pelican settings)"
        )
    return name


@dataclass(frozen=True, slots=True)
class OpenDataSettings:
    """The only settings the open data reads: its site's name, where it is served, its licence and its source."""

    sitename: str  # the SITENAME setting, which titles the OpenAPI description and the Data Package
    siteurl: str = ""  # without a trailing slash; "" for a site served from the root
    licence: Mapping[str, str | None] | None = None  # {id, name, url}
    repository: str | None = None  # URL of the registry's source repository

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> OpenDataSettings:
        """Pick SITEURL, DATA_LICENSE, SITENAME and SOURCE_REPOSITORY_URL out of Pelican settings."""
        return cls(
            siteurl=str(settings.get("SITEURL") or "").rstrip("/"),
            licence=data_license(settings.get("DATA_LICENSE")),
            sitename=site_name(settings),
            repository=settings.get("SOURCE_REPOSITORY_URL") or None,
        )


def data_license(setting: Any) -> dict[str, str | None]:
    """Return DATA_LICENSE as {id, name, url}: from a dict with those keys, or a bare identifier string."""
    if isinstance(setting, str):
        return {"id": setting, "name": setting, "url": None}
    setting = setting or {}
    return {key: setting.get(key) for key in ("id", "name", "url")}


@dataclass(frozen=True, slots=True)
class Column:
    """One column of certificates.csv: its name, Table Schema type, whether always filled, meaning, values."""

    name: str
    type: str  # Table Schema type: string, boolean, integer, date
    required: bool
    description: str
    values: tuple[str, ...] = ()  # the only values allowed, when the column is an enumeration

    def describe(self, tr: Translator = ENGLISH) -> str:
        """Return the column's meaning in `tr`'s language (the published Table Schema keeps the English)."""
        return tr.gettext(self.description).format(days=REVERIFY_AFTER_DAYS)


CSV_COLUMNS: tuple[Column, ...] = (
    Column("organization_slug", "string", True, N_("Slug of the organization, as in organizations/<slug>.json")),
    Column("organization_name", "string", True, N_("Legal name of the organization")),
    Column("country", "string", True, N_("ISO 3166-1 alpha-2 code of the organization's main site")),
    Column("city", "string", False, N_("City of the organization's main site; empty when the record gives none")),
    Column("certificate_number", "string", True, N_("Certificate number exactly as printed")),
    Column("standards", "string", True, N_("Standards and editions covered, such as ISO 9001:2015, separated by '; '")),
    Column("certification_body", "string", True, N_("Slug of the issuing certification body")),
    Column("certification_body_name", "string", True, N_("Name of the issuing certification body")),
    Column("accredited", "boolean", True, N_("Whether the certificate was issued under accreditation")),
    Column("accreditation_body", "string", False, N_("Key of the accreditation body, for an accredited certificate")),
    Column(
        "accreditation_number", "string", False, N_("The certification body's accreditation number, when accredited")
    ),
    Column("scope", "string", True, N_("Scope of certification as stated on the certificate")),
    Column("sectors", "string", False, N_("IAF sector codes, separated by '; '")),
    Column("site_count", "integer", True, N_("Number of additional sites covered (0 for a single-site certificate)")),
    Column(
        "sites",
        "string",
        False,
        N_("Additional sites, each as 'name (city, country)', separated by '; '; the JSON has them field by field"),
    ),
    Column("original_issue", "date", False, N_("Date of first certification, if printed")),
    Column("issued", "date", True, N_("Issue date of this certificate")),
    Column("expires", "date", True, N_("Expiry date printed on the certificate; it is valid through this date")),
    Column("status", "string", True, N_("Status published by the certification body"), RECORD_STATUSES),
    Column("status_date", "date", False, N_("Date from which a suspension or withdrawal applies")),
    Column("status_note", "string", False, N_("Short explanation of the status")),
    Column(
        "source",
        "string",
        False,
        N_("Page where a maintainer checked the certificate; empty when only evidence is given"),
    ),
    Column("last_verified", "date", True, N_("Date a maintainer last checked the certificate there")),
    Column(
        "effective_status",
        "string",
        True,
        N_("Status at the build date; see the status fields on /api/"),
        PRECEDENCE,
    ),
    Column("status_reason", "string", True, N_("A sentence explaining the effective status")),
    Column(
        "needs_reverification",
        "boolean",
        True,
        N_("Whether the last check was more than {days} days before the build date"),
    ),
    Column("certificate_url", "string", True, N_("Page of the certificate on this site")),
    # Later columns are appended here, so the position of every earlier column stays as published.
    Column("evidence", "string", False, N_("Evidence that is not a web page, when the record gives it")),
)
CSV_HEADER = tuple(column.name for column in CSV_COLUMNS)
CSV_PRIMARY_KEY = ("certification_body", "certificate_number")

# --- computed JSON fields, as JSON Schema (refs point at components of openapi.json) -------------

STRING = {"type": "string"}
BOOLEAN = {"type": "boolean"}
INTEGER = {"type": "integer"}
DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
NULLABLE_STRING = {"type": ["string", "null"]}
SITE_PATH = {"type": "string", "description": "Page on this site, relative to the site root"}


def ref(component: str) -> dict[str, str]:
    """Return a JSON Schema reference to a component of openapi.json."""
    return {"$ref": f"#/components/schemas/{component}"}


def array_of(component: str) -> dict[str, Any]:
    """Return the JSON Schema of a list of one component."""
    return {"type": "array", "items": ref(component)}


STANDARD_REF = {
    "type": "object",
    "required": ["code", "edition", "ref", "code_slug", "url", "title", "transition_ends"],
    "properties": {
        "code": STRING,
        "edition": STRING,
        "ref": STRING,
        "code_slug": STRING,
        "url": STRING,
        "title": STRING,
        "transition_ends": NULLABLE_DATE,
    },
}

# Component → the fields enrich adds to it (always present), in the order they are documented.
COMPUTED_FIELDS: dict[str, dict[str, Any]] = {
    "Organization": {
        "slug": STRING,
        "country_name": STRING,
        "url": SITE_PATH,
        "status_summary": {"type": "object", "propertyNames": ref("EffectiveStatus"), "additionalProperties": INTEGER},
        "best_status": ref("EffectiveStatus"),
        "certifications": array_of("Certificate"),
    },
    "Certificate": {
        "organization_slug": STRING,
        "organization_name": STRING,
        "slug": STRING,
        "url": SITE_PATH,
        "effective_status": ref("EffectiveStatus"),
        "status_label": STRING,
        "headline": STRING,
        "status_reason": STRING,
        "needs_reverification": BOOLEAN,
        "is_current": BOOLEAN,
        "standard_refs": {"type": "array", "items": STANDARD_REF},
        "transition_ends": NULLABLE_DATE,
        "transition_edition": NULLABLE_STRING,
        "certification_body_name": STRING,
        "accreditation": {"anyOf": [ref("Accreditation"), {"type": "null"}]},
    },
    "CertificationBody": {
        "slug": STRING,
        "url": SITE_PATH,
        "country_name": STRING,
        "accreditations": array_of("Accreditation"),
        "certificate_count": INTEGER,
    },
    "Accreditation": {
        "accreditation_body_name": STRING,
        "acronym": STRING,
        "accreditation_body_website": NULLABLE_STRING,
    },
    "AccreditationBody": {"slug": STRING},
    "Standard": {"code_slug": STRING, "url": SITE_PATH, "certificate_count": INTEGER, "editions": array_of("Edition")},
    "Edition": {"ref": STRING, "is_withdrawn": BOOLEAN},
}
# Fields enrich always sets although the record schema lets the record leave them out.
ALWAYS_PRESENT: dict[str, tuple[str, ...]] = {"Certificate": ("status",)}

# Component → (record schema file, path to the object schema of the record inside it).
RECORD_OBJECTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Organization": ("organization.schema.json", ()),
    "Certificate": ("organization.schema.json", ("properties", "certifications", "items")),
    "CertificationBody": ("certification-body.schema.json", ()),
    "Accreditation": ("certification-body.schema.json", ("properties", "accreditations", "items")),
    "AccreditationBody": ("accreditation-bodies.schema.json", ("additionalProperties",)),
    "Standard": ("standards.schema.json", ("items",)),
    "Edition": ("standards.schema.json", ("items", "properties", "editions", "items")),
}
# Computed fields the /api/ page explains one by one; the page lists the others by name.
EXPLAINED_FIELDS = ("effective_status", "status_reason", "needs_reverification")
# When each effective status applies, as the /api/ page explains it ({days}: the expiring-soon window).
STATUS_RULES: dict[str, str] = {
    "withdrawn": N_("the certification body has withdrawn it"),
    "suspended": N_("the certification body has suspended it"),
    "expired": N_("the build date is after the expiry date (a certificate is valid through its expiry date)"),
    "edition_withdrawn": N_("it is to an edition of a standard whose transition period has ended"),
    "not_yet_valid": N_("its issue date is after the build date"),
    "expiring_soon": N_("it is valid and expires within {days} days"),
    "valid": N_("none of the above"),
}


@dataclass(frozen=True, slots=True)
class ColumnText:
    """A column as the /api/ page prints it: its (language-neutral) name, meaning and allowed values."""

    name: str
    description: str
    values: tuple[str, ...]


def status_rules(expiring_soon_days: int, tr: Translator = ENGLISH) -> list[tuple[Status, str]]:
    """Return each effective status (from the status table) with when it applies, in precedence order."""
    return [
        (STATUS_BY_ID[status], tr.gettext(STATUS_RULES[status]).format(days=expiring_soon_days))
        for status in PRECEDENCE
    ]


def api_page_context(expiring_soon_days: int, tr: Translator = ENGLISH) -> dict[str, Any]:
    """Return what the /api/ page prints from this declaration, worded in `tr`'s language.

    Only the explanations are translated: column names, values and JSON keys are the data's own.
    """
    return {
        "opendata_columns": [ColumnText(c.name, c.describe(tr), c.values) for c in CSV_COLUMNS],
        "opendata_certificate_fields": [f for f in COMPUTED_FIELDS["Certificate"] if f not in EXPLAINED_FIELDS],
        "opendata_organization_fields": list(COMPUTED_FIELDS["Organization"]),
        "opendata_status_rules": status_rules(expiring_soon_days, tr),
        "opendata_current_statuses": [status.id for status in STATUS_TABLE if status.is_current],
        "opendata_reverify_after_days": REVERIFY_AFTER_DAYS,
        "opendata_example": example_wording(tr),
    }


def example_wording(tr: Translator) -> dict[str, str]:
    """Return the sentences of the /api/ page's illustrative records, as this site's data words them."""
    return {
        "country_name": country_name("DE", tr),
        "valid_reason": tr.gettext(STATUS_BY_ID["valid"].reason).format(expires=tr.long_date("2027-05-09")),
        "expired_reason": tr.gettext(STATUS_BY_ID["expired"].reason).format(expires=tr.long_date("2026-08-13")),
    }


MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
ANY_OBJECT = {"type": "object"}


def get_operation(operation_id: str, summary: str, media_type: str, schema: dict[str, Any]) -> dict[str, Any]:
    """Return an OpenAPI path item with one GET operation answering 200 with `schema`."""
    response = {"description": summary, "content": {media_type: {"schema": schema}}}
    return {"get": {"operationId": operation_id, "summary": summary, "responses": {"200": response}}}


def data_resource(name: str, path: str, title: str, **extra: Any) -> dict[str, Any]:
    """Return the Data Package resource of one UTF-8 file of the API; with a `schema`, a tabular one."""
    kind = path.rpartition(".")[2]
    profile = "tabular-data-resource" if "schema" in extra else "data-resource"
    return {
        "name": name,
        "path": path,
        "profile": profile,
        "title": title,
        "format": kind,
        "mediatype": MEDIA_TYPES[kind],
        "encoding": "utf-8",
        **extra,
    }
