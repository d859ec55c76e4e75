"""Escapers: record text made safe for each output format, one function per format and use.

Validation keeps control characters, bidirectional controls and non-characters out of records (REG017),
but every writer escapes for its own format whatever validation lets through, so a value that slips
past it (or a writer called on unvalidated data) can never change the structure of an output:

- CSV (RFC 4180): `csv_line` quotes every cell holding a comma, a quote, CR or LF, the same on every
  Python version (the standard library quotes a lone CR only from 3.11.9 / 3.12.3);
- XML 1.0: `xml_text` and `xml_attr` escape markup and replace the characters XML 1.0 forbids (most C0
  controls, surrogates, U+FFFE, U+FFFF) with U+FFFD, so the document stays well-formed;
- iCalendar (RFC 5545 3.3.11): `ical_text` escapes backslash, semicolon, comma and every line break
  (CRLF, CR, LF, NEL, U+2028, U+2029) and replaces other control characters;
- Markdown (CommonMark and GitHub's dialect): `markdown_text` writes text as literal inline text (every
  ASCII punctuation that can start markup backslash-escaped, line breaks as spaces); `markdown_code`
  writes it as a code span sized for the backticks inside (where GitHub also makes no @mention or #123
  reference, so GitHub-bound text uses it); `markdown_url` writes an autolink only when it is safe.
"""

from __future__ import annotations

import re
import string
from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr as _xml_quoteattr

REPLACEMENT = "\ufffd"
LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

# --- CSV ---------------------------------------------------------------------------------------

CSV_NEEDS_QUOTES = re.compile('[,"\r\n]')


def csv_cell(text: str) -> str:
    """Quote one CSV cell when it holds a comma, a double quote, CR or LF (quotes inside doubled)."""
    if CSV_NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(cells: list[str]) -> str:
    """Write one CSV record: cells joined by commas, quoted where needed, ended by LF."""
    return ",".join(csv_cell(cell) for cell in cells) + "\n"


# --- XML 1.0 -----------------------------------------------------------------------------------

XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """Replace every character XML 1.0 does not allow in a document with U+FFFD."""
    return XML_FORBIDDEN.sub(REPLACEMENT, text)


def xml_text(text: str) -> str:
    """Escape text for an XML element's content (`&`, `<`, `>`; CR kept as `&#13;`)."""
    return _xml_escape(xml_safe(text), {"\r": "&#13;"})


def xml_attr(text: str) -> str:
    """Quote text as an XML attribute value, quotes included (line breaks and tabs as character references)."""
    return _xml_quoteattr(xml_safe(text))


# --- iCalendar ---------------------------------------------------------------------------------

ICAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def ical_text(text: str) -> str:
    r"""Escape an RFC 5545 TEXT value: `\\`, `\;`, `\,`, and `\n` for every kind of line break."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = LINE_BREAKS.sub("\\\\n", text)
    return ICAL_CONTROLS.sub(REPLACEMENT, text)


# --- Markdown ----------------------------------------------------------------------------------

# Every ASCII punctuation character but the few that start no markup in CommonMark, GitHub's dialect
# (tables, strikethrough, math) or common extensions stays plain for readability. A colon is one of
# them: GitHub's bare-address autolinks need a dot in the host name, and every dot is escaped.
MARKDOWN_INERT = frozenset(",;?/'\"%:")
MARKDOWN_SPECIAL = "".join(char for char in string.punctuation if char not in MARKDOWN_INERT)
MARKDOWN_PUNCTUATION = re.compile("([" + re.escape(MARKDOWN_SPECIAL) + "])")
MARKDOWN_BLANKS = re.compile("\r\n|[\t\r\n\x0b\x0c\x85\u2028\u2029]")
MARKDOWN_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
SAFE_AUTOLINK = re.compile(r"^https?://[^\x00-\x20\x7f<>`\\]+$")


def _one_line(text: str) -> str:
    """Line breaks and tabs as spaces (a blank line would end a paragraph or a table), controls replaced."""
    return MARKDOWN_CONTROLS.sub(REPLACEMENT, MARKDOWN_BLANKS.sub(" ", text))


def markdown_text(text: str) -> str:
    """Write text as literal Markdown inline text: no emphasis, link, image, HTML, heading or table cell break.

    Every ASCII punctuation character that can start markup is backslash-escaped (CommonMark allows that
    for each of them), so neither markup nor entity references nor GitHub's bare-address autolinks can
    start inside the text.
    """
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", _one_line(text))


def markdown_code(text: str, in_table: bool = False) -> str:
    """Write text as one Markdown code span, its fence longer than any run of backticks inside.

    `in_table` escapes `|`, which GitHub's tables split cells on even inside a code span.
    """
    text = _one_line(text) or " "
    if in_table:
        text = text.replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    edges = text[:1] + text[-1:]
    pad = " " if "`" in edges or (text.startswith(" ") and text.endswith(" ") and text.strip()) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown_url(url: str) -> str:
    """Write a web address as an autolink `<https://…>` when it can be one, else as literal text."""
    return f"<{url}>" if SAFE_AUTOLINK.match(url) else markdown_text(url)
