"""A registry with hostile text that validation lets through, built by Pelican; every output read by its reader.

Markup of every format, quotes, backticks, an unclosed HTML comment, CRLF line ends written as escapes,
many scripts and a certificate number at the length limit are all allowed in records: the build must
give well-formed XML, Atom, SVG, iCalendar, CSV, JSON and pages in which none of it is live markup. Two
records that would have stopped the build (standard codes sharing a page, a number too long for a
folder name) are refused by validation before anything is written.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import markupsafe
import pytest
from markdown_it import MarkdownIt

from certreg.build.staging import build_site
from certreg.validate.rules.addresses import MAX_ADDRESS_LENGTH
from tests.follow_fixture import BUILD_DATE, SITE_FIXTURE
from tests.hostile_fixture import MARKUP, yaml_quoted

SITEURL = "https://certreg.example"
SITENAME = "Hostile test registry"  # the feed title starts with it
NUMBER = "HX-" + "Q" * (MAX_ADDRESS_LENGTH - 3)  # letters only after the prefix, exactly at the limit
NAME = MARKUP + " Ærø Ёлка 東京 شركة"
EVIDENCE = 'Letter of 3 November 2026 =1+1, "quoted"; ' + MARKUP
SCOPE = "First paragraph <b>bold</b> `code`\r\n\r\n- list line ]]> <!--\r\nSecond line | a,b;c"
RECORD = f"""\
name: {yaml_quoted(NAME)}
trading_names: [{yaml_quoted(MARKUP)}]
country: FR
city: {yaml_quoted(MARKUP)}
certifications:
  - certificate_number: {NUMBER}
    standards: [ISO 9001:2015]
    certification_body: alpha-cert
    accredited: true
    scope: {yaml_quoted(SCOPE)}
    issued: 2025-05-01
    expires: 2028-04-30
    status: suspended
    status_date: 2026-10-15
    status_note: {yaml_quoted(MARKUP)}
    source: https://alpha-cert.example/directory/HX-1
    evidence: {yaml_quoted(EVIDENCE)}
    last_verified: 2026-10-20
"""


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site fixture plus the hostile organization, built at the build date."""
    root = tmp_path_factory.mktemp("hostile-build")
    registry = shutil.copytree(SITE_FIXTURE, root / "registry")
    (registry / "organizations" / "hostile-werke.yaml").write_text(RECORD, encoding="utf-8")
    built = root / "output"
    build_site(registry, built, BUILD_DATE, {"SITEURL": SITEURL, "SITENAME": SITENAME})
    return built


SITENAME = "Registre <test> & co"


def files(output: Path, pattern: str) -> list[Path]:
    found = sorted(output.rglob(pattern))
    assert found, pattern
    return found


def test_every_xml_feed_and_badge_is_well_formed(output: Path) -> None:
    for path in [*files(output, "*.atom"), *files(output, "*.svg"), *files(output, "sitemap*.xml")]:
        ET.parse(path)
    for path in files(output, "*.atom"):
        assert not feedparser.parse(path.read_bytes()).bozo, path
    feed = ET.parse(output / "organizations" / "hostile-werke" / "feed.atom").getroot()
    assert feed.find("{http://www.w3.org/2005/Atom}title").text == f"{SITENAME}: {NAME}"


def test_every_calendar_parses_and_keeps_the_name(output: Path) -> None:
    for path in files(output, "*.ics"):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        for event in calendar.walk("VEVENT"):
            assert "\r" not in str(event["SUMMARY"]) and "\n" not in str(event["SUMMARY"])
    calendar = icalendar.Calendar.from_ical((output / "organizations" / "hostile-werke" / "calendar.ics").read_bytes())
    assert any(NAME in str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))


def test_every_json_file_parses_and_the_csv_has_one_row_per_certificate(output: Path) -> None:
    for path in files(output, "*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    text = (output / "api" / "v1" / "certificates.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    registry = json.loads((output / "api" / "v1" / "registry.json").read_text(encoding="utf-8"))
    assert len(rows) == registry["counts"]["certificates"]
    hostile = [row for row in rows if row["organization_slug"] == "hostile-werke"]
    assert [(row["organization_name"], row["scope"], row["certificate_number"]) for row in hostile] == [
        (NAME, SCOPE.replace("\r\n", "\n"), NUMBER)
    ]


def test_no_page_carries_record_markup_as_markup(output: Path) -> None:
    pages = files(output, "*.html")
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "<img src=x" not in text and "<b>1</b>" not in text and "<b>bold</b>" not in text, path
    page = (output / "certificates" / "alpha-cert" / NUMBER.lower() / "index.html").read_text(encoding="utf-8")
    assert str(markupsafe.escape(NAME)) in page  # escaped as Jinja does


def test_the_embed_snippet_on_the_page_renders_as_one_linked_badge(output: Path) -> None:
    page = (output / "certificates" / "alpha-cert" / NUMBER.lower() / "index.html").read_text(encoding="utf-8")
    snippet = html.unescape(re.search(r'<textarea id="embed-markdown"[^>]*>(.*?)</textarea>', page, re.S).group(1))
    rendered = MarkdownIt("commonmark").render(snippet)
    assert re.findall(r"<([a-z]+)", rendered) == ["p", "a", "img"]
    alt = html.unescape(re.search(r'alt="([^"]*)"', rendered).group(1))
    assert alt == f"Status of ISO 9001:2015 certificate {NUMBER} of {NAME}"


@pytest.mark.parametrize(
    ("files_to_add", "code"),
    [
        ({"organizations/long.yaml": RECORD.replace(NUMBER, NUMBER + "Q")}, "REG021"),
        ({"standards.yaml": "ISO-9001"}, "REG020"),
    ],
)
def test_a_record_that_would_break_the_build_is_refused_and_the_last_output_kept(
    tmp_path: Path, files_to_add: dict[str, str], code: str, capsys
) -> None:
    registry = shutil.copytree(SITE_FIXTURE, tmp_path / "registry")
    for relative, text in files_to_add.items():
        path = registry / relative
        if relative == "standards.yaml":
            standards = path.read_text(encoding="utf-8")
            first = standards[standards.index("- code: ISO 9001") :]
            text = standards + first[: first.index("\n- code:", 1) + 1].replace("ISO 9001", text, 1)
        path.write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("last good build", encoding="utf-8")
    with pytest.raises(Exception, match="error"):
        build_site(registry, output, BUILD_DATE, {"SITEURL": SITEURL})
    assert (output / "index.html").read_text(encoding="utf-8") == "last good build"
    captured = capsys.readouterr()
    assert f"[{code}]" in captured.out + captured.err


def test_the_evidence_is_printed_as_text_on_the_page_and_as_written_in_json_and_csv(output: Path) -> None:
    page = (output / "certificates" / "alpha-cert" / NUMBER.lower() / "index.html").read_text(encoding="utf-8")
    assert f"<div><dt>Evidence</dt><dd>{markupsafe.escape(EVIDENCE)}</dd></div>" in page
    assert '<a href="https://alpha-cert.example/directory/HX-1">' in page  # the source is still linked beside it
    organization = json.loads((output / "api" / "v1" / "organizations" / "hostile-werke.json").read_text("utf-8"))
    assert organization["organization"]["certifications"][0]["evidence"] == EVIDENCE
    text = (output / "api" / "v1" / "certificates.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, hostile = rows[0], next(row for row in rows if row[0] == "hostile-werke")
    assert header[-1] == "evidence"
    assert hostile[-1] == EVIDENCE
    others = [row for row in rows[1:] if row[0] != "hostile-werke"]
    assert others and {row[-1] for row in others} == {""}
