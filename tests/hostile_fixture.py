"""A hostile registry: record text that tries to break every output format, as a pull request could write it.

`write_hostile_registry(root)` copies tests/fixtures/site and adds `organizations/hostile-werke.yaml`,
whose text fields hold markup of every format (HTML, XML, Markdown, CSV, iCalendar), line breaks of
every kind, control characters, a non-character and a bidirectional override, written with YAML's
double-quoted escapes (the only way such characters get into a YAML file). `hostile_site(root)` loads
and enriches it without validating, as a writer would see text that validation let through.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from certreg.enrich.site import Site, enrich
from certreg.load.loader import load_registry
from tests.follow_fixture import BUILD_DATE

SITE_FIXTURE = Path(__file__).parent / "fixtures" / "site"
HOSTILE_SLUG = "hostile-werke"
MARKUP = (
    'Hostile "Werke" & Söhne <img src=x onerror=alert(1)> </title></summary>]]> <!-- '
    "[link](https://evil.example) ![i](https://evil.example/i.png) **bold** @octocat #12 "
    "www.evil.example a|b `tick` ``two`` \\ ; , "
)
CONTROLS = "\x00\x07\x0b\x0c\x1b\x7f\x85\x9b\ufffe\uffff\u202e\u2066"
BREAKS = "one\r\ntwo\rthree\nfour\u2028five\u2029six"
NAME = f"{MARKUP}\n\n# Injected heading\n\n{CONTROLS} GmbH"
CITY = "Lyon\rSUMMARY:injected"
NUMBER = 'HX-1\r\n,"<b>1</b>'
SCOPE = f"{BREAKS}\n\n{MARKUP}"
STATUS_NOTE = "note\rDESCRIPTION:injected"


def yaml_quoted(text: str) -> str:
    """Write text as a YAML double-quoted scalar, every character that is not printable ASCII escaped."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def hostile_record() -> str:
    """The hostile organization's YAML: one certificate of alpha-cert, every text field hostile."""
    return (
        f"name: {yaml_quoted(NAME)}\n"
        f"trading_names: [{yaml_quoted(MARKUP)}]\n"
        "country: FR\n"
        f"city: {yaml_quoted(CITY)}\n"
        f"address: {yaml_quoted(BREAKS)}\n"
        "certifications:\n"
        f"  - certificate_number: {yaml_quoted(NUMBER)}\n"
        "    standards: [ISO 9001:2015]\n"
        "    certification_body: alpha-cert\n"
        "    accredited: true\n"
        f"    scope: {yaml_quoted(SCOPE)}\n"
        "    issued: 2025-05-01\n"
        "    expires: 2028-04-30\n"
        "    status: suspended\n"
        "    status_date: 2026-10-15\n"
        f"    status_note: {yaml_quoted(STATUS_NOTE)}\n"
        "    sites:\n"
        f"      - name: {yaml_quoted(MARKUP)}\n"
        f"        city: {yaml_quoted(CITY)}\n"
        "        country: FR\n"
        "    source: https://alpha-cert.example/directory/HX-1\n"
        "    last_verified: 2026-10-20\n"
    )


def write_hostile_registry(root: Path) -> Path:
    """Copy the site fixture to `root` and add the hostile organization; return `root`."""
    shutil.copytree(SITE_FIXTURE, root)
    (root / "organizations" / f"{HOSTILE_SLUG}.yaml").write_text(hostile_record(), encoding="utf-8")
    return root


def hostile_site(root: Path) -> Site:
    """Load and enrich the hostile registry at the build date, without validating it."""
    return enrich(load_registry(root), BUILD_DATE)


def hostile_certificate(site: Site) -> dict:
    """The hostile organization's certificate."""
    return next(c for c in site.certificates if c["organization_slug"] == HOSTILE_SLUG)


def hostile_organization(site: Site) -> dict:
    """The hostile organization."""
    return next(o for o in site.organizations if o["slug"] == HOSTILE_SLUG)
