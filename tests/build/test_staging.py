"""End-to-end builds of tests/fixtures/site: what the pages and data files say, and how builds behave."""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from certreg.build.staging import BuildError, build_site
from certreg.load.loader import load_registry
from certreg.validate.reporters import text_report
from certreg.validate.validator import validate

ROOT = Path(__file__).resolve().parents[2]
SITE_FIXTURE = Path(__file__).parents[1] / "fixtures" / "site"
BUILD_DATE = date(2026, 11, 26)
HOSTILE = "<script>alert(1)</script>"

# Certificate permalink → (label at the top, CSS status class) at BUILD_DATE.
EXPECTED_STATUSES = {
    "certificates/alpha-cert/ac-1001/": ("Valid until 28 February 2028", "valid"),
    "certificates/alpha-cert/ac-1002/": ("Expired on 20 November 2026", "expired"),
    "certificates/beta-cert/bc-2024-7/": ("Valid until 6 January 2027, expires soon", "expiring-soon"),
    "certificates/alpha-cert/ac-2001/": ("Suspended since 15 October 2026", "suspended"),
    "certificates/alpha-cert/ac-3001/": ("Withdrawn on 1 September 2026", "withdrawn"),
    "certificates/alpha-cert/ac-4001/": ("Not valid: edition withdrawn", "edition-withdrawn"),
    "certificates/beta-cert/bc-2026-99/": ("Not yet valid: valid from 30 November 2026", "not-yet-valid"),
    "certificates/beta-cert/x-b-1-b/": ("Valid until 31 May 2028", "valid"),
}


# Pages here must not depend on this repository's git history, whose commit dates may fall on the build
# date; tests/render/follow/test_follow_build.py builds a registry with a history of its own.
NO_HISTORY = {"REGISTRY_HISTORY": False}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture registry built once at BUILD_DATE."""
    output = tmp_path_factory.mktemp("site") / "output"
    build_site(SITE_FIXTURE, output, BUILD_DATE, NO_HISTORY)
    return output


def read(output: Path, url: str) -> str:
    """The page at a site URL such as `organizations/x/`."""
    return (output / url / "index.html").read_text(encoding="utf-8")


def verdict_label(page: str) -> tuple[str, str]:
    """The status label and class of the certificate page's verdict."""
    match = re.search(
        r'id="verdict-answer" class="status status--([a-z-]+)[^"]*"[^>]*>'
        r'<span class="status__label">([^<]*)<',
        page,
    )
    assert match, "certificate page has no verdict"
    return html.unescape(match.group(2)), match.group(1)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under a folder and the SHA-256 of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def fixture_counts() -> tuple[int, int]:
    """Organizations and certificates in the fixture registry's YAML."""
    registry = load_registry(SITE_FIXTURE)
    organizations = registry.organizations
    return len(organizations), sum(len(doc.data["certifications"]) for doc in organizations)


# --- what the pages say ---------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "expected"), sorted(EXPECTED_STATUSES.items()))
def test_certificate_page_answers_with_the_status_at_the_build_date(site: Path, url: str, expected: tuple) -> None:
    page = read(site, url)
    assert verdict_label(page) == expected
    assert "Last checked at the source on" in page
    assert "2026-11-26" not in page and "26 November 2026" not in page  # no build date on a detail page


def test_certificate_page_has_everything_needed_to_verify(site: Path) -> None:
    page = read(site, "certificates/alpha-cert/ac-1001/")
    for text in (
        "ISO 9001:2015",
        "Design and manufacture of precision turned parts",
        "Werk Brno",
        "Assembly of control cabinets",
        'href="/certification-bodies/alpha-cert/">Alpha Cert GmbH</a>',
        'href="https://alpha-cert.example/directory"',
        "Deutsche Akkreditierungsstelle",
        "D-ZM-11111-01-00",
        "Yes, issued under accreditation",
        "1 March 2019",
        "1 March 2025",
        "28 February 2028",
        'href="https://alpha-cert.example/directory/AC-1001"',
        "1 June 2025",
        "Needs re-verification",
    ):
        assert text in page, text


def test_non_accredited_certificate_says_so(site: Path) -> None:
    page = read(site, "certificates/beta-cert/bc-2024-7/")
    assert "No: issued without accreditation" in page
    assert "Accreditation number" not in page


def test_organization_page_lists_valid_certificates_before_flagged_ones(site: Path) -> None:
    page = read(site, "organizations/anchor-valid/")
    assert page.index("AC-1001") < page.index("AC-1002")
    assert "cert-card cert-card--expired" in page
    assert "Anchor Precision" in page


def test_status_pages_list_each_certificate_under_its_status(site: Path) -> None:
    for url, (_label, css) in EXPECTED_STATUSES.items():
        assert f'href="/{url}"' in read(site, f"status/{css}/"), (url, css)


def test_home_page_has_search_counts_lists_and_build_date(site: Path) -> None:
    page = read(site, "")
    assert 'action="/search/"' in page and 'name="q"' in page
    assert re.search(r'href="/status/valid/".*?<span class="status-count__n">2</span>', page, re.S)
    assert "Brook Expiring Ltd" in page.split('id="expiring-heading"')[1].split("</section>")[0]
    assert "AC-1002" in page.split('id="expired-heading"')[1].split("</section>")[0]
    assert "26 November 2026" in page


def test_standard_page_shows_editions_and_transitions(site: Path) -> None:
    page = read(site, "standards/iso-iec-27001/")
    assert "ISO/IEC 27001:2013" in page and "31 October 2025" in page
    assert "AC-4001" in page


def test_lists_country_and_certification_body_pages(site: Path) -> None:
    assert "Cedar Suspended SARL" in read(site, "countries/fr/")
    assert "France" in read(site, "countries/")
    body = read(site, "certification-bodies/alpha-cert/")
    assert "D-ZM-11111-01-00" in body and "AC-4001" in body
    assert "holds no accreditation" in read(site, "certification-bodies/beta-cert/")
    assert "Anchor Valid GmbH" in read(site, "organizations/")


def test_footer_shows_licence_and_the_build_date_only_at_home(site: Path) -> None:
    page = read(site, "organizations/brook-expiring/")
    footer = page.split('<footer class="site-footer">')[1]
    assert 'class="js-data-age" hidden' in footer  # filled from build.json by status.js
    assert "26 November 2026" not in page
    assert 'as of <time datetime="2026-11-26">26 November 2026</time>' in read(site, "")
    assert json.loads((site / "build.json").read_text())["build_date"] == "2026-11-26"
    assert "CC-BY-4.0" in footer
    # No certreg.yaml: no repository or report link (never certreg's own); test_site_settings builds with one.
    assert "Source repository" not in footer and "Report an error" not in page and "github.com" not in page


def test_sitemap_robots_and_404(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for url in EXPECTED_STATUSES:
        assert f"<loc>/{url}</loc>" in sitemap
    assert "<lastmod>" not in sitemap  # a page's bytes, not the build date, say when it changed
    assert "Sitemap:" not in (site / "robots.txt").read_text(encoding="utf-8")  # no SITEURL: no valid absolute URL
    assert 'rel="canonical"' not in read(site, "certificates/alpha-cert/ac-1001/")
    assert "Page not found" in (site / "404.html").read_text(encoding="utf-8")


# --- escaping and CSP -----------------------------------------------------------------------------


def test_hostile_names_show_as_text_in_pages_and_attributes(site: Path) -> None:
    for url in ("organizations/xss-test/", "certificates/beta-cert/x-b-1-b/", "organizations/", "countries/us/"):
        page = read(site, url)
        assert HOSTILE not in page, url
        assert "<img src=x" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
    page = read(site, "organizations/xss-test/")
    assert '<meta name="description" content="Certificates held by &lt;script&gt;alert(1)&lt;/script&gt;' in page


def test_hostile_names_cannot_close_the_json_ld_script(site: Path) -> None:
    for url in ("organizations/xss-test/", "certificates/beta-cert/x-b-1-b/"):
        page = read(site, url)
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert len(blocks) == 1
        assert "<" not in blocks[0] and ">" not in blocks[0] and "&" not in blocks[0]
        data = json.loads(blocks[0])
        assert data["@type"] == "Organization"
        assert data["name"] == '<script>alert(1)</script> & "Quoted" Ltd'
        certification = data["hasCertification"][0]
        assert certification["@type"] == "Certification"
        assert certification["certificationIdentification"] == "X-<b>1</b>"
        assert certification["certificationStatus"] == "https://schema.org/CertificationActive"


class TagCollector(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str) -> list[tuple[str, dict[str, str | None]]]:
    """The start tags of an HTML page."""
    collector = TagCollector()
    collector.feed(page)
    return collector.tags


def test_pages_use_no_external_assets_and_no_inline_scripts_or_styles(site: Path) -> None:
    for path in site.rglob("*.html"):
        for tag, attrs in tags_of(path.read_text(encoding="utf-8")):
            if tag == "script":
                assert (attrs.get("src") or "").startswith("/") or attrs.get("type") == "application/ld+json"
            if tag in ("script", "img", "link"):
                assert not re.match(r"(https?:)?//", attrs.get("src") or attrs.get("href") or ""), path
            assert tag != "style" and "style" not in attrs, path
            assert not [name for name in attrs if name.startswith("on")], (path, tag, attrs)


# --- counts ---------------------------------------------------------------------------------------


def test_every_record_appears_in_pages_registry_json_and_csv(site: Path) -> None:
    organizations, certificates = fixture_counts()
    assert len(list((site / "organizations").glob("*/index.html"))) == organizations
    assert len(list((site / "certificates").glob("*/*/index.html"))) == certificates
    registry = json.loads((site / "api/v1/registry.json").read_text(encoding="utf-8"))
    assert len(registry["organizations"]) == organizations
    assert sum(len(org["certifications"]) for org in registry["organizations"]) == certificates
    with (site / "api/v1/certificates.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == certificates
    assert {row["certificate_url"] for row in rows} == {f"/{url}" for url in EXPECTED_STATUSES}


def test_lists_are_paginated(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_site(SITE_FIXTURE, output, BUILD_DATE, overrides={"LIST_PAGE_SIZE": 2})
    organizations, _ = fixture_counts()
    first = read(output, "organizations/")
    counted = re.search(rf"Page 1 of (\d+) \({organizations} in all\)", first)
    assert counted, first
    pages = int(counted.group(1))
    assert 1 < pages <= organizations  # one to four rows a page
    last = read(output, f"organizations/page/{pages}/")
    assert not (output / f"organizations/page/{pages + 1}").exists()
    assert 'href="/organizations/page/2/" rel="next"' in first
    assert f"<p>Page {pages}</p>" in last and "in all" not in last  # the count is on page 1
    assert 'href="/organizations/" rel="prev"' in read(output, "organizations/page/2/")
    assert 'href="/organizations/page/3/#letter-c"' in first


# --- determinism and atomicity --------------------------------------------------------------------


def test_same_registry_and_date_give_byte_identical_output(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_site(SITE_FIXTURE, again, BUILD_DATE, NO_HISTORY)
    assert tree_digest(again) == tree_digest(site)


def test_pages_rendered_by_two_processes_are_byte_identical(site: Path, tmp_path: Path) -> None:
    forked = tmp_path / "forked"
    build_site(SITE_FIXTURE, forked, BUILD_DATE, {"RENDER_PROCESSES": 2, "PARALLEL_MIN_PAGES": 0, **NO_HISTORY})
    assert tree_digest(forked) == tree_digest(site)


def test_source_date_epoch_sets_the_build_date(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795651200")  # 2026-11-26T00:00:00Z
    output = tmp_path / "epoch"
    build_site(SITE_FIXTURE, output, None, NO_HISTORY)
    assert tree_digest(output) == tree_digest(site)


def broken_registry(tmp_path: Path) -> Path:
    """The fixture registry plus one organization whose certificate names an unknown body."""
    registry = tmp_path / "broken"
    shutil.copytree(SITE_FIXTURE, registry)
    text = (registry / "organizations/brook-expiring.yaml").read_text(encoding="utf-8")
    broken = text.replace("Brook Expiring Ltd", "Gamma Broken Ltd").replace("beta-cert", "no-such-body")
    (registry / "organizations/gamma-broken.yaml").write_text(broken, encoding="utf-8")
    return registry


def test_failed_build_prints_the_problems_and_leaves_the_previous_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "output"
    build_site(SITE_FIXTURE, output, BUILD_DATE)
    before = tree_digest(output)
    registry = broken_registry(tmp_path)
    capsys.readouterr()
    with pytest.raises(BuildError):
        build_site(registry, output, BUILD_DATE)
    stderr = capsys.readouterr().err
    assert text_report(validate(load_registry(registry), BUILD_DATE)).strip() in stderr
    assert "no-such-body" in stderr
    assert tree_digest(output) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["broken", "output"]


def test_plain_pelican_with_overrides_builds_and_refuses_an_invalid_registry(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1"}
    pelican = [sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-q"]
    today = ["-e", 'REGISTRY_TODAY="2026-11-26"', "EXPIRING_SOON_DAYS=30"]
    good = tmp_path / "good"
    registry = f"REGISTRY_PATH={json.dumps(str(SITE_FIXTURE))}"
    done = subprocess.run([*pelican, "-o", str(good), *today, registry], cwd=ROOT, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    assert verdict_label(read(good, "certificates/beta-cert/bc-2024-7/")) == ("Valid until 6 January 2027", "valid")
    bad = tmp_path / "bad"
    registry = f"REGISTRY_PATH={json.dumps(str(broken_registry(tmp_path)))}"
    done = subprocess.run([*pelican, "-o", str(bad), *today, registry], cwd=ROOT, env=env, capture_output=True)
    assert done.returncode != 0
    assert "no-such-body" in done.stderr.decode()
    assert not bad.exists() or not any(bad.iterdir())


def test_static_hosts_get_the_headers_file_at_the_root(site: Path) -> None:
    headers = (site / "_headers").read_text(encoding="utf-8")
    assert "/api/*" in headers and "Access-Control-Allow-Origin: *" in headers
    assert "Content-Security-Policy: default-src 'self'" in headers


def test_certreg_build_with_a_siteurl_writes_absolute_links_and_sitemap(tmp_path: Path) -> None:
    from certreg.commands.main import main

    output = tmp_path / "out"
    args = ["build", "--registry", str(SITE_FIXTURE), "--output", str(output), "--today", "2026-11-26"]
    assert main([*args, "--siteurl", "https://example.org/reg/"]) == 0
    assert re.search(
        r'href="https://example.org/reg/theme/css/site\.[0-9a-f]{10}\.css"',
        (output / "index.html").read_text(encoding="utf-8"),
    )
    assert "<loc>https://example.org/reg/organizations/</loc>" in (output / "sitemap.xml").read_text(encoding="utf-8")
