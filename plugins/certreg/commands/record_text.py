"""The YAML text of an organization record, as `certreg new` and `certreg import` write it.

Keys come in the schema's order, the schema modeline first. Text is written plain when every YAML reader
keeps it as that text, as a literal block (`|`) when it runs over several lines that a block holds
exactly, and double-quoted with escapes otherwise, so `NO`, `007`, `<b>`, `=SUM(A1)`, tabs and line
breaks all read back as written. Dates, country codes, slugs and booleans are written bare.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import yaml

from certreg.core.dates import parse_date

MODELINE = "# yaml-language-server: $schema=../schema/organization.schema.json"
PLAIN_TEXT = re.compile(r"[^\W_][\w .,()/&'+:%?=~@-]*")
# YAML 1.1 words a reader may take for true, false or null (the only letter-first plain scalars that are not text).
YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
# Characters a double-quoted scalar must escape: YAML's non-printable ones and its own line breaks.
NEEDS_ESCAPE = re.compile('[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufeff\\ufffe\\uffff"\\\\]')
NAMED_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x85": "\\N"}
NAMED_ESCAPES |= {"\u2028": "\\L", "\u2029": "\\P", "\x00": "\\0"}
BLOCK_UNSAFE = re.compile("[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufeff\\ufffe\\uffff]| \n| $")

ORGANIZATION_KEYS = ("name", "trading_names", "country", "city", "address", "website", "identifiers")
IDENTIFIER_KEYS = ("lei", "vat", "duns", "company_register")
CERTIFICATE_KEYS = (
    "certificate_number",
    "standards",
    "certification_body",
    "accredited",
    "scope",
    "sectors",
    "original_issue",
    "issued",
    "expires",
    "status",
    "status_date",
    "status_note",
    "source",
    "evidence",
    "last_verified",
)
DATE_KEYS = frozenset({"original_issue", "issued", "expires", "status_date", "last_verified"})
BARE_KEYS = {"country": re.compile(r"[A-Z]{2}"), "certification_body": re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")}


def quoted(text: str) -> str:
    """Text as a double-quoted scalar, escaping what a reader would otherwise fold or reject."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return NAMED_ESCAPES.get(char) or (f"\\x{ord(char):02X}" if ord(char) < 0x100 else f"\\u{ord(char):04X}")

    return '"' + NEEDS_ESCAPE.sub(escape, text) + '"'


@lru_cache(maxsize=65536)
def _plain_reads_back(text: str) -> bool:
    if text[0].isalpha() and text.casefold() not in YAML11_WORDS:
        return True  # only digits, signs, dots and those words resolve to other types
    try:
        return yaml.safe_load(text) == text
    except yaml.YAMLError:
        return False


def scalar(text: str) -> str:
    """Text as a one-line YAML scalar: plain when every YAML reader keeps it as this text, else double-quoted."""
    if PLAIN_TEXT.fullmatch(text) and ": " not in text and not text.endswith((":", " ")) and _plain_reads_back(text):
        return text
    return quoted(text)


def block_or_scalar(text: str, indent: int) -> str:
    """Text over several lines as a literal block indented `indent` spaces, when a block holds it exactly."""
    lines = text.rstrip("\n")
    if "\n" not in lines or lines.startswith((" ", "\n")) or BLOCK_UNSAFE.search(text):
        return scalar(text)
    trailing = len(text) - len(lines)
    indicator = "|-" if trailing == 0 else ("|" if trailing == 1 else "|+")
    pad = " " * indent
    body = "\n".join(pad + line if line else "" for line in (lines + "\n" * max(trailing - 1, 0)).split("\n"))
    return f"{indicator}\n{body}"


def flow(items: list[str]) -> str:
    """Write a list of text in flow style, every item quoted: `["ISO 9001:2015"]`."""
    return "[" + ", ".join(quoted(item) for item in items) + "]"


def value_text(key: str, value: Any, indent: int) -> str:
    """One value as written after `key: ` in a mapping whose keys stand `indent` spaces in."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return flow(value)
    if key in DATE_KEYS and parse_date(value):
        return value
    if key in BARE_KEYS and BARE_KEYS[key].fullmatch(value) and (key == "country" or _plain_reads_back(value)):
        return value  # `country: NO` bare, as certreg reads it (only true/false/null are not text)
    return block_or_scalar(value, indent + 2)


def mapping_lines(record: Mapping[str, Any], keys: tuple[str, ...], indent: int, first: str = "") -> list[str]:
    """`key: value` lines of the keys present, the first prefixed with `first` (e.g. `- `) instead of spaces."""
    lines = []
    for key in keys:
        if key in record and record[key] is not None:
            prefix = first if not lines and first else " " * indent
            lines.append(f"{prefix}{key}: {value_text(key, record[key], indent)}")
    return lines


def certificate_lines(certificate: Mapping[str, Any], indent: int = 2) -> list[str]:
    """One certificate as an item of the `certifications` list, its dash `indent` spaces in."""
    return mapping_lines(certificate, CERTIFICATE_KEYS, indent + 2, first=" " * indent + "- ")


def organization_text(record: Mapping[str, Any]) -> str:
    """The whole file of an organization record, modeline first, in the schema's key order."""
    lines = [MODELINE, *mapping_lines(record, ORGANIZATION_KEYS[:-1], 0)]
    identifiers = record.get("identifiers")
    if identifiers:
        lines += ["identifiers:", *mapping_lines(identifiers, IDENTIFIER_KEYS, 2)]
    lines.append("certifications:")
    for certificate in record["certifications"]:
        lines += certificate_lines(certificate)
    return "\n".join(lines) + "\n"
