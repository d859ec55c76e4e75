"""Badges, their shields.io endpoint JSON, and the QR code printed on certificate pages."""

from __future__ import annotations

import json
import logging
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
import zxingcpp

from certreg.core.i18n import translator
from certreg.enrich.site import enrich
from certreg.enrich.status import STATUS_BY_ID
from certreg.load.loader import load_registry
from certreg.render.follow.badges import (
    LABEL_COLOUR,
    STYLE_COLOURS,
    badge_endpoint,
    badge_files,
    badge_svg,
    certificate_badge,
    embed_snippets,
    organization_badge,
)
from certreg.render.follow.qr_codes import QR_BORDER, QR_SCALE, QrCodes, cached_svg, qr_svg
from tests.follow_fixture import BUILD_DATE, SITE_FIXTURE, SITEURL

SVG = "{http://www.w3.org/2000/svg}"
# https://shields.io/badges/endpoint-badge: the fields and types an endpoint answer may have.
SHIELDS_ENDPOINT_SCHEMA = {
    "type": "object",
    "required": ["schemaVersion", "label", "message"],
    "additionalProperties": False,
    "properties": {
        "schemaVersion": {"const": 1},
        "label": {"type": "string"},
        "message": {"type": "string", "minLength": 1},
        "color": {"type": "string"},
        "labelColor": {"type": "string"},
        "isError": {"type": "boolean"},
        "namedLogo": {"type": "string"},
        "logoSvg": {"type": "string"},
        "logoColor": {"type": "string"},
        "logoSize": {"type": "string"},
        "style": {"type": "string"},
        "cacheSeconds": {"type": "integer"},
    },
}


@pytest.fixture(scope="module")
def site():
    """The site fixture enriched at the build date."""
    return enrich(load_registry(SITE_FIXTURE), BUILD_DATE)


def certificate(site, number):
    """One certificate by number."""
    return next(c for c in site.certificates if c["certificate_number"] == number)


def svg_words(text):
    """Parse a badge; return its root, title and visible words."""
    root = ET.fromstring(text)
    title = root.find(f"{SVG}title").text
    words = [node.text for node in root.iter(f"{SVG}text")]
    return root, title, words


def test_certificate_badge_says_standard_and_valid_until_date(site):
    root, title, words = svg_words(badge_svg(certificate_badge(certificate(site, "AC-1001"))))
    assert root.get("role") == "img" and root.get("aria-label") == title
    assert words == ["ISO 9001:2015", "valid until 28 February 2028"]
    assert "Anchor Valid GmbH" in title and "AC-1001" in title


@pytest.mark.parametrize(
    ("number", "status"),
    [
        ("AC-2001", "suspended"),
        ("AC-1002", "expired"),
        ("AC-3001", "withdrawn"),
        ("AC-4001", "edition_withdrawn"),
        ("BC/2026/99", "not_yet_valid"),
    ],
)
def test_badge_of_a_certificate_that_is_not_current_says_its_status_from_the_status_table(site, number, status):
    badge = certificate_badge(certificate(site, number))
    _, _, words = svg_words(badge_svg(badge))
    assert words[1] == STATUS_BY_ID[status].short_label
    assert "valid until" not in words[1]
    assert badge["style"] == STATUS_BY_ID[status].style


def test_hostile_names_stay_text_in_the_badge(site):
    badge = certificate_badge(certificate(site, "X-<b>1</b>"))
    root, title, _ = svg_words(badge_svg(badge))
    assert "<script>alert(1)</script>" in title
    assert not list(root.iter("script")) and not list(root.iter(f"{SVG}script"))


def test_organization_badge_lists_current_standards_or_says_none(site):
    by_slug = {o["slug"]: o for o in site.organizations}
    assert organization_badge(by_slug["anchor-valid"])["message"] == "ISO 9001"
    assert organization_badge(by_slug["cedar-suspended"])["message"] == "no current certificate"
    _, title, _ = svg_words(badge_svg(organization_badge(by_slug["anchor-valid"])))
    assert title == "Anchor Valid GmbH: certified to ISO 9001"


def test_badge_json_matches_the_shields_endpoint_schema(site):
    for path, text in badge_files(site):
        if path.endswith("badge.json"):
            jsonschema.validate(json.loads(text), SHIELDS_ENDPOINT_SCHEMA)
    data = json.loads(badge_endpoint(certificate_badge(certificate(site, "AC-1001"))))
    assert data["message"] == "valid until 28 February 2028" and data["color"] == STYLE_COLOURS["current"][1:]


def contrast(background):
    """WCAG contrast ratio of white text on a #rrggbb colour."""
    channels = [int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_badge_colours_keep_white_text_readable():
    for colour in [LABEL_COLOUR, *STYLE_COLOURS.values()]:
        assert contrast(colour) >= 4.5, colour


def test_two_builds_give_identical_badges(site):
    again = enrich(load_registry(SITE_FIXTURE), BUILD_DATE)
    assert list(badge_files(site)) == list(badge_files(again))


def test_embed_snippets_link_the_badge_to_the_permalink(site):
    snippets = embed_snippets(certificate(site, "AC-1001"), SITEURL)
    permalink = f"{SITEURL}/certificates/alpha-cert/ac-1001/"
    assert snippets["markdown"].endswith(f"({permalink}badge.svg)]({permalink})")
    tags = TagCollector()
    tags.feed(snippets["html"])
    assert tags.found == [
        ("a", {"href": permalink}),
        (
            "img",
            {"src": f"{permalink}badge.svg", "alt": "Status of ISO 9001:2015 certificate AC-1001 of Anchor Valid GmbH"},
        ),
    ]


class TagCollector(HTMLParser):
    """Every start tag with its attributes, as a browser's parser reads them."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def rasterize(svg):
    """Draw the dark path of segno's SVG (runs `h`, moves `m`/`M`) on white, as a grayscale image buffer."""
    size = int(re.search(r'width="(\d+)"', svg).group(1))
    path = re.search(r'stroke="#000" d="([^"]+)"', svg).group(1)
    pixels = bytearray([255]) * (size * size)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for dx in range(int(float(a))):
                for px in range(QR_SCALE):
                    for py in range(QR_SCALE):
                        pixels[(int(y - 0.5) * QR_SCALE + py) * size + int(x + dx) * QR_SCALE + px] = 0
            x += float(a)
    return memoryview(bytes(pixels)).cast("B", (size, size))


def test_qr_code_on_the_print_view_decodes_to_the_absolute_permalink(site):
    codes = QrCodes(SITEURL)
    for number in ("AC-1001", "BC/2024/7", "X-<b>1</b>"):
        qr = codes.for_certificate(certificate(site, number))
        assert qr["available"] and 'role="img"' in qr["svg"]
        decoded = zxingcpp.read_barcodes(rasterize(str(qr["svg"])))
        assert [barcode.text for barcode in decoded] == [qr["url"]]
        assert qr["url"] == f"{SITEURL}/{certificate(site, number)['url']}"
    assert QR_BORDER >= 4


def test_a_cached_qr_code_is_the_same_as_a_fresh_one_and_named_by_its_url(site, tmp_path):
    fresh = QrCodes(SITEURL).for_certificate(certificate(site, "AC-1001"))
    cached = QrCodes(SITEURL, tmp_path)
    assert cached.for_certificate(certificate(site, "AC-1001")) == fresh  # drawn and stored
    assert cached.for_certificate(certificate(site, "AC-1001")) == fresh  # read back
    cached.for_certificate(certificate(site, "AC-1002"))
    assert len(list(tmp_path.glob("*.svg"))) == 2 and not list(tmp_path.glob("*.tmp"))


def test_without_siteurl_there_is_no_qr_code_and_one_warning(site, caplog):
    with caplog.at_level(logging.WARNING):
        codes = QrCodes("")
        answers = [codes.for_certificate(c) for c in site.certificates]
    assert not any(answer["available"] for answer in answers)
    assert [r.getMessage() for r in caplog.records if "QR" in r.getMessage()] == [
        "certreg: SITEURL is not set, so printed certificate pages carry no QR code"
    ]


def test_the_qr_code_is_named_in_the_site_language_and_its_cache_serves_every_language(tmp_path: Path) -> None:
    german, english = translator("de"), translator("en")
    url = SITEURL + "/certificates/alpha-cert/ac-1001/"
    drawn = qr_svg(url, german)
    assert drawn.count("aria-label=") == 1
    assert f'aria-label="QR-Code von {url}"' in drawn
    cache = tmp_path / "qr"
    first = cached_svg(url, cache, german)
    second = cached_svg(url, cache, english)  # read back from the cache: labelled afresh, once
    assert first == drawn
    assert second == qr_svg(url, english) and second.count("aria-label=") == 1
    assert f'aria-label="QR code of {url}"' in second
    assert len(list(cache.glob("*.svg"))) == 1
    assert "aria-label" not in next(cache.glob("*.svg")).read_text(encoding="utf-8")
