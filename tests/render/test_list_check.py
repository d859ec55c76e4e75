"""The check page's lookup files (certreg.check_index) and the JavaScript that reads them."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from certreg.enrich.site import enrich
from certreg.load.loader import load_registry
from certreg.render.check_keyed import check_inputs
from certreg.render.list_check import (
    CERTIFICATE_FIELDS,
    COMMON_MIN,
    KEYS_PER_BUCKET,
    ORG_BLOCK,
    ORGANIZATION_FIELDS,
    NameIndex,
    check_files,
)
from certreg.render.search.encoding import string_hash

REPO = Path(__file__).resolve().parents[2]
CHECK_FIXTURE = REPO / "tests" / "fixtures" / "check"
BUILD_DATE = date(2026, 11, 26)


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    """Every check file of the fixture registry, by path."""
    site = enrich(load_registry(CHECK_FIXTURE), BUILD_DATE)
    return dict(check_files(site))


def lookup(files: dict[str, str], family: str, key: str) -> object:
    """Read a key the way check-engine.js does: FNV-1a bucket, then the key."""
    manifest = json.loads(files["check/index.json"])
    bucket = json.loads(files[f"check/{family}/{string_hash(key) % manifest['buckets'][family]}.json"])
    return bucket.get(key)


def test_no_status_rule_and_no_date_is_written(files: dict[str, str]) -> None:
    """The precedence, the status table and the build date are build.json's, read by every script."""
    manifest = json.loads(files["check/index.json"])
    assert not {"precedence", "statuses", "build_date"} & set(manifest)
    assert not any(BUILD_DATE.isoformat() in text for text in files.values())


def test_a_rebuild_on_the_next_day_writes_the_same_bytes(files: dict[str, str]) -> None:
    """Nothing under check/ says the build date, so a daily rebuild leaves every file as it was."""
    site = enrich(load_registry(CHECK_FIXTURE), date(2026, 11, 27))
    assert dict(check_files(site)) == files


def test_numbers_identifiers_and_names_are_found_by_their_normalized_keys(files: dict[str, str]) -> None:
    """Punctuation and case do not matter; a letters-only number and a shared prefix stay apart."""
    assert lookup(files, "c", "qmsde0001232025") != lookup(files, "c", "qmsde0001232026")
    assert lookup(files, "c", "abcdefgh") is not None
    assert lookup(files, "i", "vat:de123456789") == lookup(files, "i", "duns:150483782")
    assert lookup(files, "i", "company_register:fn123456a") is not None
    assert lookup(files, "i", "lei:5299001abcdef1234567") is not None
    assert lookup(files, "n", "=anchor valid") == lookup(files, "n", "=anchor precision")
    (org_id,) = lookup(files, "n", "=muller prazisionsteile")
    row = json.loads(files[f"check/o/{org_id // ORG_BLOCK}.json"])[org_id % ORG_BLOCK]
    assert row[0] == "Müller Präzisionsteile GmbH" and row[4][0][:1] == ["ABCDEFGH"]


def test_output_is_byte_identical_for_the_same_registry_and_date(files: dict[str, str]) -> None:
    """Same registry and build date, same bytes."""
    site = enrich(load_registry(CHECK_FIXTURE), BUILD_DATE)
    assert dict(check_files(site)) == files


def test_common_words_keep_their_count_but_not_their_members() -> None:
    """A word in more than the limit of names costs a number, not a list."""
    organizations = [{"name": f"Common Firm {i:05d}"} for i in range(COMMON_MIN + 1)]
    keys = NameIndex(organizations).keys()
    assert keys["common"] == [COMMON_MIN + 1]
    assert keys["00007"][0] == 1 and len(keys["00007"]) == 2
    assert KEYS_PER_BUCKET > 0


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_javascript_hashes_like_python() -> None:
    """check-engine.js finds the bucket Python wrote a key to, in every script."""
    texts = ["", "qmsde0001232025", "müller prazision", "长沙远宏医疗器械", "😀x", "=חברת הדוגמה"]
    script = (
        "import('./theme/static/js/check-engine.js').then((m) => "
        f"console.log(JSON.stringify({json.dumps(texts)}.map(m.stringHash))))"
    )
    result = subprocess.run(["node", "-e", script], cwd=REPO, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [string_hash(text) for text in texts]


def test_every_bucket_file_exists_even_when_empty(files: dict[str, str]) -> None:
    """A lookup that lands in an empty bucket reads `{}`, never a missing file."""
    manifest = json.loads(files["check/index.json"])
    for family, count in manifest["buckets"].items():
        assert all(f"check/{family}/{bucket}.json" in files for bucket in range(count))


def test_a_registry_without_identifiers_still_has_the_identifier_bucket() -> None:
    """No organization with an identifier: the one identifier bucket is written, empty."""
    from types import SimpleNamespace

    organization = {"slug": "a", "name": "A GmbH", "country": "DE", "url": "organizations/a/", "certifications": []}
    site = SimpleNamespace(
        organizations=[organization], standards=[], statuses=[], build_date=BUILD_DATE, expiring_soon_days=90
    )
    files = dict(check_files(site))
    assert files["check/i/0.json"] == "{}"


def changed_copy(site: object, change: str) -> object:
    """A copy of `site` with one value the check shows changed: `org:<field>` or `cert:<field>`."""
    changed = copy.deepcopy(site)
    organization = next(org for org in changed.organizations if org.get("identifiers") and org.get("trading_names"))
    kind, _, name = change.partition(":")
    record = organization if kind == "org" else organization["certifications"][0]
    value = record.get(name)
    if name == "identifiers":
        record[name] = {scheme: "X" + str(code) for scheme, code in value.items()}
    elif name == "standard_refs":
        record[name] = [{**ref, "code": changed.standards[-1]["code"]} for ref in value]
    elif isinstance(value, list):
        record[name] = [*value, "Another Name GmbH"]
    else:
        record[name] = f"{value or ''}9"
    return changed


SHOWN = [f"org:{name}" for name in ORGANIZATION_FIELDS] + [f"cert:{name}" for name in CERTIFICATE_FIELDS]


@pytest.mark.parametrize("change", [*SHOWN, "cert:standard_refs"])
def test_every_value_the_check_shows_is_in_its_key(change: str) -> None:
    site = enrich(load_registry(CHECK_FIXTURE), BUILD_DATE)
    if change == "cert:certification_body":  # shown when the record names no body by name
        for organization in site.organizations:
            for certificate in organization["certifications"]:
                certificate.pop("certification_body_name", None)
    changed = changed_copy(site, change)
    assert dict(check_files(changed)) != dict(check_files(site)), f"{change} is not shown"
    assert check_inputs(changed) != check_inputs(site)


def test_a_changed_effective_status_keeps_the_checks_key_and_bytes() -> None:
    site = enrich(load_registry(CHECK_FIXTURE), BUILD_DATE)
    changed = copy.deepcopy(site)
    for organization in changed.organizations:
        for certificate in organization["certifications"]:
            certificate["effective_status"] = "expired"
    assert check_inputs(changed) == check_inputs(site)
    assert dict(check_files(changed)) == dict(check_files(site))
