"""One status table: change it in `certreg.enrich.status` and the change shows everywhere, no other file edited.

A relabelled status shows on the pages, in the JSON, in the search results and in what status.js
writes; a reordered precedence is the order in which both browser scripts that re-decide statuses
(status.js on the pages, the list check) decide them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import open_checked

ROOT = Path(__file__).resolve().parents[2]
SITE_FIXTURE = ROOT / "tests" / "fixtures" / "site"
OLD_LABEL = 'N_("Valid, expires soon"),'  # the table's label, marked for the catalog
NEW_LABEL = "Valid, renewal due"
# Expired before suspended: a suspended certificate whose expiry has passed reads "Expired".
OLD_PRECEDENCE = """    "withdrawn",
    "suspended",
    "expired",
"""
NEW_PRECEDENCE = """    "expired",
    "withdrawn",
    "suspended",
"""
AFTER_EXPIRY = "2028-06-01T09:00:00Z"  # cedar-suspended's AC-2001 expired on 30 April 2028


@pytest.fixture(scope="module")
def relabelled_site(tmp_path_factory: pytest.TempPathFactory, serve: object) -> tuple[Path, str]:
    """A copy of the project whose status table words `expiring_soon` differently and decides `expired`
    first, built and served."""
    project = tmp_path_factory.mktemp("relabelled")
    for name in ("plugins", "theme", "content"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelicanconf.py", project / "pelicanconf.py")
    if (ROOT / "registry" / "schema").is_dir():  # schemas bundled beside the package, where they live
        shutil.copytree(ROOT / "registry" / "schema", project / "registry" / "schema")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    table = project / "plugins" / "certreg" / "enrich" / "status.py"
    text = table.read_text(encoding="utf-8")
    assert text.count(OLD_LABEL) == 1 and text.count(OLD_PRECEDENCE) == 1
    text = text.replace(OLD_LABEL, f'N_("{NEW_LABEL}"),').replace(OLD_PRECEDENCE, NEW_PRECEDENCE)
    table.write_text(text, encoding="utf-8")
    output = project / "output"
    code = (
        "import datetime, sys; from certreg.build.staging import build_site; "
        f"build_site({str(SITE_FIXTURE)!r}, {str(output)!r}, datetime.date(2026, 11, 26))"
    )
    env = {**os.environ, "PYTHONPATH": str(project / "plugins")}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, cwd=project)
    return output, serve(output)  # type: ignore[operator]


def test_a_new_label_shows_on_the_pages(relabelled_site: tuple[Path, str]) -> None:
    output, _ = relabelled_site
    organization = (output / "organizations" / "brook-expiring" / "index.html").read_text(encoding="utf-8")
    assert f'<span class="status__label">{NEW_LABEL}</span>' in organization
    assert "Valid, expires soon" not in organization


def test_a_new_label_shows_in_the_json(relabelled_site: tuple[Path, str]) -> None:
    output, _ = relabelled_site
    document = json.loads((output / "api/v1/organizations/brook-expiring.json").read_text(encoding="utf-8"))
    assert document["organization"]["certifications"][0]["status_label"] == NEW_LABEL
    build = json.loads((output / "build.json").read_text(encoding="utf-8"))
    assert {status["id"]: status["label"] for status in build["statuses"]}["expiring_soon"] == NEW_LABEL


def test_a_new_label_shows_in_search_results(relabelled_site: tuple[Path, str], page: object) -> None:
    _, base = relabelled_site
    page.goto(base + "/search/?q=brook")  # type: ignore[attr-defined]
    badge = page.locator(".search-result .status--expiring-soon .status__label").first  # type: ignore[attr-defined]
    assert badge.inner_text() == NEW_LABEL


def test_a_new_label_is_what_status_js_writes(relabelled_site: tuple[Path, str], page: object) -> None:
    _, base = relabelled_site
    page.clock.set_fixed_time("2028-01-15T09:00:00Z")  # type: ignore[attr-defined]
    open_checked(page, base + "/status/valid/")  # ac-1001, valid until 28 February 2028 at the build: expiring soon now
    row = page.locator("tr", has_text="AC-1001")  # type: ignore[attr-defined]
    assert row.locator(".status__label").inner_text() == NEW_LABEL
    assert row.locator(".js-status").get_attribute("data-checked-status") == "expiring_soon"


def test_a_reordered_precedence_is_what_status_js_decides(relabelled_site: tuple[Path, str], page: object) -> None:
    output, base = relabelled_site
    build = json.loads((output / "build.json").read_text(encoding="utf-8"))
    assert build["precedence"][:3] == ["expired", "withdrawn", "suspended"]
    page.clock.set_fixed_time(AFTER_EXPIRY)  # type: ignore[attr-defined]
    open_checked(page, base + "/organizations/cedar-suspended/")
    status = page.locator(".js-status", has_text="Expired")  # type: ignore[attr-defined]
    assert status.get_attribute("data-checked-status") == "expired"
    assert status.get_attribute("data-status") == "suspended"


def test_a_reordered_precedence_is_what_the_list_check_decides(relabelled_site: tuple[Path, str], page: object) -> None:
    _, base = relabelled_site
    page.clock.set_fixed_time(AFTER_EXPIRY)  # type: ignore[attr-defined]
    page.goto(base + "/check/")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-form[data-ready=true]")  # type: ignore[attr-defined]
    page.fill("#check-paste", "Certificate number\nAC-2001")  # type: ignore[attr-defined]
    page.click("#check-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#check-results[data-ready=true]")  # type: ignore[attr-defined]
    assert page.locator("#check-rows .status__label").all_inner_texts() == ["Expired"]  # type: ignore[attr-defined]
