"""The record writer of `certreg new` and `certreg import`: every value reads back as written, by the strict loader and PyYAML."""
# ruff: noqa: RUF001 -- look-alike letters from other scripts are the point of these values

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from certreg.commands.record_text import organization_text, scalar
from certreg.load.document import Document
from certreg.load.strict_yaml import normalize_line_breaks, parse_document

NASTY = [
    "NO",
    "no",
    "Yes",
    "on",
    "null",
    "~",
    "007",
    "0x1F",
    "1e3",
    "2024-05-10",
    "12:30",
    ".inf",
    "<<",
    "=SUM(A1:A9)",
    "+49 711 1234",
    "-",
    "@handle",
    "<script>alert('x')</script>",
    'She said "hi" \\ left',
    "# not a comment",
    "key: value",
    "ends with colon:",
    "trailing space ",
    " leading space",
    "tab\there",
    "line\r\nbreak",
    "Paragraph one.\n\nParagraph two, with: colons & #hash.\n",
    "two trailing newlines\n\n",
    "line with trailing space \nnext",
    "\u2028 line separator \u2029 and \x85 next line",
    "\ufeffbyte-order mark, \x07 bell, \x00 nul, \x1b escape",
    "株式会社山田精機",
    "ООО «Невская типография»",
    "شركة النخبة للبلاستيك",
    "😀 emoji and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
]


def record_of(text: str) -> dict:
    """An organization record with `text` in every field."""
    certificate = {
        "certificate_number": text,
        "standards": [text, "ISO 9001:2015"],
        "certification_body": text,
        "accredited": True,
        "scope": text,
        "issued": text,
        "source": text,
    }
    record = {"name": text, "trading_names": [text], "country": text, "city": text, "identifiers": {"vat": text}}
    record["certifications"] = [certificate]
    return record


@pytest.mark.parametrize("text", NASTY)
def test_every_value_reads_back_exactly(text: str) -> None:
    written = organization_text(record_of(text))
    document = Document(path=Path("x.yaml"), kind="organization")
    assert parse_document(document, written) == []
    assert document.data == record_of(normalize_line_breaks(text))  # the loader reads CR and CRLF as LF
    assert yaml.safe_load(written)["certifications"][0]["scope"] == text  # the plain PyYAML reader agrees


def test_plain_when_safe_quoted_otherwise() -> None:
    assert scalar("Kvitfjell Verksted AS") == "Kvitfjell Verksted AS"
    assert scalar("NO") == '"NO"'
    assert scalar("a\nb") == '"a\\nb"'
    assert scalar("\u2028") == '"\\L"'


def test_several_lines_become_a_literal_block() -> None:
    text = organization_text(
        {
            "name": "A",
            "country": "NO",
            "certifications": [{"certificate_number": "1", "scope": "One.\n\nTwo."}],
        }
    )
    assert "    scope: |-\n      One.\n\n      Two.\n" in text
