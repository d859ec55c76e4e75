# ruff: noqa: RUF001 -- real scopes carry typographic dashes
"""What the pages say, on registries shaped like real ones: never "none" when there are some,
wording from the standards actually listed, long scopes keeping their shape, no invented city, and
absolute links only where the site has an absolute URL."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from certreg.build.staging import build_site
from certreg.commands.main import main
from tests.conftest import CORE, organization_yaml

BUILD_DATE = date(2026, 11, 26)
SITEURL = "https://registry.example"
LONG_SCOPE = """Design, manufacture and servicing of subsea hydraulic tooling (ROV and diver-operated), including:
- torque tools & hot-stab receptacles;
- "clamp-on" connectors (DN50–DN300), per customer drawings.

Calibration of pressure gauges at the Bergen site; excluding: electrical actuators.
Third paragraph – Ærø, Zürich, İzmir: the scope as printed on the certificate."""


def build(registry: Path, tmp_path: Path, **overrides: str) -> Path:
    """Build a registry at BUILD_DATE into a fresh folder."""
    output = tmp_path / f"out-{len(list(tmp_path.glob('out-*')))}"
    build_site(registry, output, BUILD_DATE, overrides or None)
    return output


def page(output: Path, url: str) -> str:
    """The HTML of a site URL."""
    return (output / url / "index.html").read_text(encoding="utf-8")


def only_old_expiries(count: int) -> dict[str, str]:
    """Organizations whose certificates all expired long before the build date's 90-day window."""
    return {
        f"organizations/old-{index}.yaml": organization_yaml(
            name=f"Old Works {index} Ltd", number=f"OLD-{index}", issued="2021-01-10", expires="2024-01-09"
        )
        for index in range(count)
    }


def test_home_never_says_none_expired_when_some_have(make_registry, tmp_path: Path) -> None:
    output = build(make_registry(only_old_expiries(3)), tmp_path)
    home = html.unescape(page(output, ""))
    expired_section = home.split('id="expired-heading"')[1].split("</section>")[0]
    assert "No certificate has expired" not in home and "No certificate in the registry has expired" not in home
    assert "3 expired certificates are listed" in expired_section
    assert '<a href="/status/expired/">All 3 expired certificates</a>' in expired_section
    status_list = page(output, "status/expired/")
    assert status_list.count('class="status status--expired js-status"') == 3


def test_home_says_none_only_when_the_count_is_zero(make_registry, tmp_path: Path) -> None:
    output = build(make_registry(), tmp_path)  # one valid certificate
    expired_section = page(output, "").split('id="expired-heading"')[1].split("</section>")[0]
    assert "No certificate in the registry has expired." in expired_section
    assert "status/expired/" not in expired_section


def non_iso_registry(make_registry) -> Path:
    """The core registry plus a scheme that is not ISO, added through standards.yaml alone."""
    standards = (CORE / "standards.yaml").read_text(encoding="utf-8") + (
        "\n- code: FedRAMP Moderate\n  title: Federal Risk and Authorization Management Program, moderate impact\n"
        '  system: Cloud security authorization\n  editions:\n    - edition: "2023"\n      published: 2023-05-30\n'
    )
    cloud = organization_yaml(
        name="Cloudy Skies, Inc.", country="US", number="AGENCYAMAZONEW", standards="FedRAMP Moderate:2023"
    )
    return make_registry(
        {
            "standards.yaml": standards,
            "organizations/cloudy-skies.yaml": cloud.replace("accredited: true", "accredited: false"),
        }
    )


def test_home_words_the_schemes_from_the_standards_it_lists(make_registry, tmp_path: Path) -> None:
    output = build(non_iso_registry(make_registry), tmp_path)
    home = html.unescape(page(output, ""))
    assert "certificates to ISO 9001 and FedRAMP Moderate" in home.split('class="lead"')[1]
    description = re.search(r'<meta name="description" content="([^"]*)"', home).group(1)
    assert "ISO 9001 and FedRAMP Moderate" in description
    for url in ("", "standards/", "organizations/"):
        assert "ISO management system" not in page(output, url), url
    assert "FedRAMP Moderate" in page(output, "standards/")


def scoped_registry(make_registry, city: bool = True) -> Path:
    """One organization whose certificate has a real, multi-paragraph scope with list lines."""
    text = organization_yaml(name="Bergen Subsea Tools AS", country="NO", number="NO-77 001/Q")
    text = text.replace(
        "scope: Machining of precision parts",
        "scope: |-\n" + "\n".join(f"      {line}" if line else "" for line in LONG_SCOPE.splitlines()),
    )
    text = text.replace("directory/NO-77 001/Q", "directory/NO-77%20001%2FQ")
    if not city:
        text = text.replace("city: Köln\n", "")
    return make_registry({"organizations/bergen-subsea.yaml": text})


def test_long_scopes_keep_paragraphs_and_list_lines(make_registry, tmp_path: Path) -> None:
    output = build(scoped_registry(make_registry), tmp_path)
    paragraphs = [p.splitlines() for p in LONG_SCOPE.split("\n\n")]
    expected = "".join(
        '<p class="scope">' + "<br>".join(html.escape(line, quote=False) for line in lines) + "</p>"
        for lines in paragraphs
    )
    certificate = page(output, "certificates/test-cert/no-77-001-q/")
    assert expected.replace("&quot;", '"') in certificate.replace("&#34;", '"').replace("&quot;", '"')
    card = page(output, "organizations/bergen-subsea/")
    assert card.count('<p class="scope">') == 2
    assert "- torque tools &amp; hot-stab receptacles;<br>- &#34;clamp-on&#34;" in card
    description = re.search(r'<meta name="description" content="([^"]*)"', certificate).group(1)
    assert "\n" not in description and "including: - torque tools" in html.unescape(description)


def test_open_data_keeps_the_scope_exactly_as_written(make_registry, tmp_path: Path) -> None:
    output = build(scoped_registry(make_registry), tmp_path)
    rows = list(csv.DictReader(io.StringIO((output / "api/v1/certificates.csv").read_text(encoding="utf-8"))))
    assert [row["scope"] for row in rows if row["organization_slug"] == "bergen-subsea"] == [LONG_SCOPE]
    document = json.loads((output / "api/v1/organizations/bergen-subsea.json").read_text(encoding="utf-8"))
    assert document["organization"]["certifications"][0]["scope"] == LONG_SCOPE


def test_an_organization_without_a_city_shows_no_invented_one(make_registry, tmp_path: Path) -> None:
    output = build(scoped_registry(make_registry, city=False), tmp_path)
    organization = page(output, "organizations/bergen-subsea/")
    certificate = page(output, "certificates/test-cert/no-77-001-q/")
    assert "<dt>Location</dt><dd>Norway</dd>" in organization
    assert "Bergen Subsea Tools AS</a>, Norway</dd>" in certificate
    for text in (organization, certificate, page(output, "organizations/"), page(output, "countries/no/")):
        assert "None" not in text and ", ," not in text and "Unknown" not in text
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', certificate).group(1))
    assert jsonld["address"] == {"@type": "PostalAddress", "addressCountry": "NO"}
    document = json.loads((output / "api/v1/organizations/bergen-subsea.json").read_text(encoding="utf-8"))
    assert "city" not in document["organization"]
    rows = list(csv.DictReader(io.StringIO((output / "api/v1/certificates.csv").read_text(encoding="utf-8"))))
    assert [row["city"] for row in rows if row["organization_slug"] == "bergen-subsea"] == [""]


def test_with_a_siteurl_robots_and_canonical_links_are_absolute(make_registry, tmp_path: Path) -> None:
    output = build(make_registry(), tmp_path, SITEURL=SITEURL)
    assert f"Sitemap: {SITEURL}/sitemap.xml" in (output / "robots.txt").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITEURL}/">' in page(output, "")
    assert f'<link rel="canonical" href="{SITEURL}/organizations/acme-gmbh/">' in page(
        output, "organizations/acme-gmbh/"
    )
    certificate = page(output, "certificates/test-cert/tc-0001/")
    assert f'<link rel="canonical" href="{SITEURL}/certificates/test-cert/tc-0001/">' in certificate


@pytest.mark.parametrize(
    "url", ["", "search/", "organizations/", "organizations/acme-gmbh/", "certificates/test-cert/tc-0001/"]
)
def test_every_kind_of_page_has_a_meta_description(make_registry, tmp_path: Path, url: str) -> None:
    output = build(make_registry(), tmp_path)
    assert re.search(r'<meta name="description" content="[^"]{30,}">', page(output, url))


def test_certreg_build_warns_once_without_a_siteurl(make_registry, tmp_path: Path, capsys) -> None:
    registry = make_registry()
    assert main(["build", "--registry", str(registry), "--output", str(tmp_path / "a"), "--today", "2026-11-26"]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "SITEURL" in line]
    assert len(warnings) == 1 and warnings[0].startswith("certreg: ")
    assert main(["build", "--registry", str(registry), "--output", str(tmp_path / "b"), "--siteurl", SITEURL]) == 0
    assert "SITEURL" not in capsys.readouterr().err
