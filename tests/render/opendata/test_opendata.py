"""The open data under api/v1/: what a person downloading registry.json, the CSV or the API
description gets, built from the fixture registry in tests/fixtures/opendata/."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

import certreg.render.opendata.fields as opendata_fields
import certreg.render.opendata.files as opendata
from certreg.build.staging import build_site
from certreg.enrich.site import enrich
from certreg.enrich.status import PRECEDENCE, STATUS_BY_ID
from certreg.load.loader import load_registry
from certreg.load.provenance import SCHEMA_ORIGIN_BUNDLED, bundled_schemas, git_state
from certreg.render.opendata.fields import (
    CSV_HEADER,
    OpenDataSettings,
    api_page_context,
    data_license,
)
from certreg.validate.validator import validate

FIXTURE = Path(__file__).parents[2] / "fixtures" / "opendata"
BUILD_DATE = date(2026, 11, 26)
LICENSE = {
    "id": "CC-BY-4.0",
    "name": "Creative Commons Attribution 4.0 International",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
COMPUTED = ("effective_status", "status_reason", "needs_reverification")
BASE = "https://data.test/api/v1/"


SETTINGS = {
    "DATA_LICENSE": LICENSE,
    "SITENAME": "certreg",
    "SOURCE_REPOSITORY_URL": "https://github.com/certreg/certreg",
}


def options_for(siteurl: str = "") -> OpenDataSettings:
    """The settings the open data reads, picked from Pelican settings as the generator does."""
    return OpenDataSettings.from_settings({**SETTINGS, "SITEURL": siteurl})


def build(registry: Path = FIXTURE, siteurl: str = "") -> dict[str, str]:
    """Every open data file of a registry at BUILD_DATE, by path."""
    site = enrich(load_registry(registry), BUILD_DATE)
    return dict(opendata.opendata_files(site, options_for(siteurl)))


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return build()


@pytest.fixture(scope="module")
def site() -> Any:
    return enrich(load_registry(FIXTURE), BUILD_DATE)


@pytest.fixture(scope="module")
def registry_json(files: dict[str, str]) -> dict[str, Any]:
    return json.loads(files["api/v1/registry.json"])


@pytest.fixture(scope="module")
def csv_rows(files: dict[str, str]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files["api/v1/certificates.csv"])))


def test_envelope_names_version_dates_licence_and_source(registry_json: dict[str, Any]) -> None:
    assert registry_json["schema_version"] == "1.0"
    assert registry_json["build_date"] == "2026-11-26"
    assert registry_json["generated_at"] == "2026-11-26T00:00:00Z"
    assert registry_json["license"] == LICENSE
    source = registry_json["source"]
    assert source["repository"] == "https://github.com/certreg/certreg"
    assert source["commit"] is None or len(source["commit"]) == 40


def test_counts_match_the_records(site: Any, registry_json: dict[str, Any]) -> None:
    counts = registry_json["counts"]
    certificates = [c for o in registry_json["organizations"] for c in o["certifications"]]
    assert counts["organizations"] == len(registry_json["organizations"]) == 4
    assert counts["certificates"] == len(certificates) == len(site.certificates) == 5
    assert counts["certification_bodies"] == len(registry_json["certification_bodies"]) == 2
    assert sum(counts["effective_status"].values()) == 5
    assert set(counts["effective_status"]) == set(PRECEDENCE)


def test_every_record_appears_in_json_and_csv(
    site: Any, registry_json: dict[str, Any], csv_rows: list[dict[str, str]]
) -> None:
    slugs = sorted(path.stem for path in (FIXTURE / "organizations").glob("*.yaml"))
    assert [o["slug"] for o in registry_json["organizations"]] == slugs
    numbers = sorted(c["certificate_number"] for c in site.certificates)
    assert sorted(row["certificate_number"] for row in csv_rows) == numbers


def test_every_certificate_carries_its_computed_status(
    files: dict[str, str], registry_json: dict[str, Any], csv_rows: list[dict[str, str]]
) -> None:
    for organization in registry_json["organizations"]:
        single = json.loads(files[f"api/v1/organizations/{organization['slug']}.json"])
        assert single["organization"] == organization
        for certificate in organization["certifications"]:
            assert all(field in certificate for field in COMPUTED)
    for row in csv_rows:
        assert row["effective_status"] in PRECEDENCE
        assert row["status_reason"]
        assert row["needs_reverification"] in ("true", "false")


def test_statuses_are_worked_out_at_the_build_date(csv_rows: list[dict[str, str]]) -> None:
    by_number = {row["certificate_number"]: row for row in csv_rows}
    assert by_number["AC-0002"]["effective_status"] == "expiring_soon"
    assert by_number["AC-0002"]["needs_reverification"] == "true"
    assert by_number["AC-0003"]["effective_status"] == "suspended"
    assert by_number["AC-0004"]["effective_status"] == "expired"
    assert by_number["BC-0001"]["effective_status"] == "valid"
    assert by_number["BC-0001"]["needs_reverification"] == "false"


def test_csv_round_trips_awkward_values_unaltered(csv_rows: list[dict[str, str]]) -> None:
    by_number = {row["certificate_number"]: row for row in csv_rows}
    smith = by_number["BC-0001"]
    assert smith["organization_name"] == 'Smith, "Quality" & Sons Ltd'
    assert smith["scope"] == 'Machining, welding and "special" finishing'
    assert smith["sectors"] == "17; 18"
    assert (smith["site_count"], smith["sites"]) == ("1", "Works No. 2 (Bradford, GB)")
    assert smith["accredited"] == "false"
    assert smith["certificate_url"] == "/certificates/beta-cert/bc-0001/"
    sakura = by_number["AC-0002"]
    assert (sakura["organization_name"], sakura["city"]) == ("株式会社さくら精工", "大阪市")
    assert sakura["standards"] == "ISO 9001:2015; ISO 14001:2015"
    assert sakura["accreditation_body"] == "dakks"
    assert "=BC-0005" in by_number, "a leading '=' is published as written, not neutralized"


def test_csv_is_utf8_text_with_lf_line_ends_and_no_bom(files: dict[str, str]) -> None:
    text = files["api/v1/certificates.csv"]
    assert text.startswith("organization_slug,")
    assert "\r" not in text and text.endswith("\n")
    assert not text.startswith("\ufeff")


def test_certificate_urls_are_absolute_with_a_siteurl() -> None:
    text = build(siteurl="https://registry.test/")["api/v1/certificates.csv"]
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["certificate_url"].startswith("https://registry.test/certificates/")


def test_schemas_are_copied_byte_for_byte(files: dict[str, str]) -> None:
    sources = sorted((FIXTURE / "schema").glob("*.json"))
    assert sources
    for source in sources:
        assert files[f"api/v1/schema/{source.name}"].encode("utf-8") == source.read_bytes()


def test_openapi_describes_every_file(files: dict[str, str]) -> None:
    spec = json.loads(files["api/v1/openapi.json"])
    assert spec["openapi"] == "3.1.0"
    assert spec["info"]["license"]["identifier"] == "CC-BY-4.0"
    for path in files:
        relative = path.removeprefix("api/v1")
        if relative.startswith("/organizations/"):
            relative = "/organizations/{slug}.json"
        assert relative in spec["paths"], path


def test_openapi_is_a_valid_openapi_31_document(files: dict[str, str], tmp_path: Path) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    write_all(files, tmp_path)
    openapi_path = tmp_path / "api" / "v1" / "openapi.json"
    spec = json.loads(openapi_path.read_text(encoding="utf-8"))
    validator.validate(spec, base_uri=openapi_path.as_uri())


def test_json_files_match_the_openapi_schemas_exactly(files: dict[str, str]) -> None:
    registry_validator = strict_validator(files, "Registry")
    registry_validator.validate(json.loads(files["api/v1/registry.json"]))
    organization_validator = strict_validator(files, "OrganizationDocument")
    for path, text in files.items():
        if path.startswith("api/v1/organizations/"):
            organization_validator.validate(json.loads(text))


def test_datapackage_describes_the_csv_columns_and_licence(files: dict[str, str]) -> None:
    package = json.loads(files["api/v1/datapackage.json"])
    resources = {resource["path"]: resource for resource in package["resources"]}
    header = next(csv.reader(io.StringIO(files["api/v1/certificates.csv"])))
    fields = resources["certificates.csv"]["schema"]["fields"]
    assert [field["name"] for field in fields] == header
    assert all(field["type"] for field in fields)
    assert "registry.json" in resources
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": LICENSE["url"], "title": LICENSE["name"]}]
    assert package["created"] == "2026-11-26T00:00:00Z"
    assert package["profile"] == "data-package"


def test_two_builds_give_identical_bytes(files: dict[str, str]) -> None:
    assert build() == files


def test_streamed_chunks_equal_the_whole_files(site: Any, files: dict[str, str]) -> None:
    streams = opendata.opendata_streams(site, options_for())
    assert {path: "".join(chunks) for path, chunks in streams} == files


def test_registry_json_is_compact_json_with_sorted_keys(files: dict[str, str]) -> None:
    text = files["api/v1/registry.json"]
    parsed = json.loads(text)
    expected = json.dumps(parsed, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert text == expected + "\n"


def test_outside_a_git_checkout_the_commit_is_null(tmp_path: Path) -> None:
    registry = shutil.copytree(FIXTURE, tmp_path / "registry")
    if git_state(registry)[0] is not None:
        pytest.skip("the temporary folder is inside a git checkout")
    source = json.loads(build(registry)["api/v1/registry.json"])["source"]
    assert (source["commit"], source["dirty"]) == (None, None)


def test_a_git_checkout_gives_its_commit_and_dirty_state(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    registry = shutil.copytree(FIXTURE, tmp_path / "registry")
    commit = git_commit_all(registry)
    source = json.loads(build(registry)["api/v1/registry.json"])["source"]
    assert (source["commit"], source["dirty"]) == (commit, False)
    (registry / "organizations" / "nordlys-data.yaml").write_text(
        (FIXTURE / "organizations" / "nordlys-data.yaml").read_text() + "# edited\n"
    )
    assert json.loads(build(registry)["api/v1/registry.json"])["source"]["dirty"] is True


def test_an_unsafe_slug_is_refused() -> None:
    with pytest.raises(ValueError, match="unsafe"):
        opendata.organization_path({"slug": "../etc"})


def test_licence_setting_may_be_a_bare_identifier() -> None:
    assert data_license("CC0-1.0") == {"id": "CC0-1.0", "name": "CC0-1.0", "url": None}


def without_own_schemas(tmp_path: Path) -> Path:
    """A copy of the fixture registry without its schema/ folder: it validates with certreg's bundled schemas."""
    registry = shutil.copytree(FIXTURE, tmp_path / "registry", ignore=shutil.ignore_patterns("schema"))
    assert not (registry / "schema").exists()
    return registry


def test_a_registry_without_schemas_publishes_the_bundled_ones_with_no_broken_link(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_site(without_own_schemas(tmp_path), output, BUILD_DATE, {"SITEURL": ""})
    api = output / "api" / "v1"
    for name, text in bundled_schemas():
        assert (api / "schema" / name).read_bytes() == text.encode("utf-8"), name
    page = (output / "api" / "index.html").read_text(encoding="utf-8")
    assert "this registry has no <code>schema/</code> folder of its own" in page
    links = re.findall(r'href="(/api/v1/[^"]+)"', page)
    assert sum(link.startswith("/api/v1/schema/") for link in links) == len(bundled_schemas())
    for link in links:
        assert (output / link.lstrip("/")).is_file(), f"/api/ links to {link}, which was not published"
    for target in external_refs(json.loads((api / "openapi.json").read_text(encoding="utf-8"))):
        file_name, _, pointer = target.partition("#")
        assert (api / file_name).is_file(), f"openapi.json refers to {file_name}, which was not published"
        assert resolve_pointer(json.loads((api / file_name).read_text(encoding="utf-8")), pointer) is not None


def test_city_may_be_left_out_and_is_then_empty_in_csv_and_absent_from_json(tmp_path: Path) -> None:
    registry = without_own_schemas(tmp_path)
    record = registry / "organizations" / "nordlys-data.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("city: Tromsø\n", ""), encoding="utf-8")
    loaded = load_registry(registry)
    assert loaded.provenance is not None and loaded.provenance.schema_origin == SCHEMA_ORIGIN_BUNDLED
    assert [p for p in validate(loaded, BUILD_DATE) if p.severity == "error"] == []
    files = dict(opendata.opendata_files(enrich(loaded, BUILD_DATE), options_for()))
    organization = json.loads(files["api/v1/organizations/nordlys-data.json"])["organization"]
    assert "city" not in organization
    rows = [row for row in csv.DictReader(io.StringIO(files["api/v1/certificates.csv"]))]
    assert {row["city"] for row in rows if row["organization_slug"] == "nordlys-data"} == {""}
    assert {row["city"] for row in rows if row["organization_slug"] == "sakura-seiko"} == {"大阪市"}
    package = json.loads(files["api/v1/datapackage.json"])
    city = next(f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "city")
    assert "required" not in city.get("constraints", {})
    strict_validator(files, "OrganizationDocument").validate(
        json.loads(files["api/v1/organizations/nordlys-data.json"])
    )


def test_open_data_is_written_from_what_load_recorded_not_from_disk(tmp_path: Path) -> None:
    registry = shutil.copytree(FIXTURE, tmp_path / "registry")
    expected = build(registry)
    site = enrich(load_registry(registry), BUILD_DATE)
    shutil.rmtree(registry)  # nothing left to read: schemas and source come from the provenance
    assert dict(opendata.opendata_files(site, options_for())) == expected
    assert {name for name in expected if name.startswith("api/v1/schema/")} == {
        f"api/v1/schema/{name}" for name in site.provenance.schema_names
    }


def test_api_page_column_table_is_the_declared_columns(site: Any) -> None:
    page = render_api_page(site)
    table = page.split("<caption>Columns of certificates.csv, in order</caption>", 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<tr><td><code>([a-z_]+)</code></td>", table) == list(CSV_HEADER)


def test_api_page_words_each_status_as_the_status_table_does(site: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    renamed = {key: replace(status, label=f"{status.label} (renamed)") for key, status in STATUS_BY_ID.items()}
    monkeypatch.setattr(opendata_fields, "STATUS_BY_ID", renamed)
    page = render_api_page(site)
    for status in renamed.values():
        assert f"<code>{status.id}</code> (shown as “{status.label}”)" in page


# --- helpers ---------------------------------------------------------------------------------


def external_refs(value: Any) -> list[str]:
    """Every `$ref` in a JSON document that points outside it."""
    if isinstance(value, dict):
        own = [value["$ref"]] if isinstance(value.get("$ref"), str) and not value["$ref"].startswith("#") else []
        return own + [ref for item in value.values() for ref in external_refs(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in external_refs(item)]
    return []


def resolve_pointer(document: Any, pointer: str) -> Any:
    """The value a JSON Pointer names in a document (None when it names nothing)."""
    for part in [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/") if p]:
        if not isinstance(document, dict) or part not in document:
            return None
        document = document[part]
    return document


def write_all(files: dict[str, str], root: Path) -> None:
    """Write the files as the generator does: UTF-8, no newline translation."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")


def strict_validator(files: dict[str, str], component: str) -> Draft202012Validator:
    """A validator for one OpenAPI component in which no undocumented field is allowed."""
    spec = json.loads(files["api/v1/openapi.json"])
    for schema in spec["components"]["schemas"].values():
        forbid_undocumented(schema)
    resources = [(BASE + "openapi.json", spec)]
    resources += [
        (BASE + path.removeprefix("api/v1/"), json.loads(text))
        for path, text in files.items()
        if path.startswith("api/v1/schema/")
    ]
    registry: Registry = Registry().with_resources(
        (uri, DRAFT202012.create_resource(contents)) for uri, contents in resources
    )
    root = {"$ref": f"{BASE}openapi.json#/components/schemas/{component}"}
    return Draft202012Validator(root, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def forbid_undocumented(schema: Any) -> None:
    """Add additionalProperties: false to every object schema that lists its properties."""
    if isinstance(schema, dict):
        if "properties" in schema and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
        for value in schema.values():
            forbid_undocumented(value)
    elif isinstance(schema, list):
        for value in schema:
            forbid_undocumented(value)


def git_commit_all(folder: Path) -> str:
    """Make `folder` a git repository with one commit of everything; return the commit."""
    env_args = ["-c", "user.name=test", "-c", "user.email=test@example.test"]
    for args in (["init", "-q"], ["add", "."], [*env_args, "commit", "-q", "-m", "fixture"]):
        subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)
    done = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], check=True, capture_output=True, text=True)
    return done.stdout.strip()


def test_api_page_documents_every_csv_column_status_and_the_licence(site: Any) -> None:
    page = render_api_page(site)
    for column in CSV_HEADER:
        assert f"<code>{column}</code>" in page, column
    for status in PRECEDENCE:
        assert f"<code>{status}</code>" in page, status
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in page
    assert "/api/v1/organizations/mueller-praezision.json" in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>")[0]
    assert "style=" not in page


def render_api_page(site: Any) -> str:
    """theme/templates/api.html rendered with the context the generator gives it."""
    from jinja2 import Environment, FileSystemLoader

    from certreg.core.i18n import ENGLISH
    from certreg.render.generator import JINJA_FILTERS, install_translator

    theme = Path(__file__).parents[3] / "theme" / "templates"
    env = Environment(loader=FileSystemLoader(theme), autoescape=True)
    env.filters.update(JINJA_FILTERS)
    install_translator(env, ENGLISH)  # the page's words come from the catalog, as in a build
    context = {**SETTINGS, "site": site, "build_date": site.build_date, **api_page_context(site.expiring_soon_days)}
    return env.get_template("api.html").render(**context, DEFAULT_LANG="en")
