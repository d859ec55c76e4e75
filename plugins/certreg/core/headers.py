"""Spreadsheet column headers: the one list of header variants, shared by `certreg import` and the list check.

`column_headers.json` holds, for each field, the headers people write for it, folded like names (case,
accents and punctuation ignored: `Cert. No.` → `cert no`). Python reads it here; the browser's list
check imports the same lists from `theme/static/js/check-headers.js`, which `python -m certreg.core.headers`
writes from this file (a test keeps the two the same).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from certreg.core.fold import tokenize

JS_PREAMBLE = (
    "// Generated from plugins/certreg/core/column_headers.json by `python -m certreg.core.headers`; do not edit.\n"
    "// Folded column header → field, for the list check (check-parse.js) and `certreg import`.\n"
)


@cache
def header_lists() -> dict[str, tuple[str, ...]]:
    """Field → the folded headers that name it, in the file's order."""
    text = resources.files("certreg.core").joinpath("column_headers.json").read_text(encoding="utf-8")
    return {field: tuple(names) for field, names in json.loads(text).items() if not field.startswith("_")}


@cache
def _header_field() -> dict[str, str]:
    return {name: field for field, names in header_lists().items() for name in names}


def header_key(header: str) -> str:
    """Fold a header the way the lists are written: `Date d'émission` → `date demission`."""
    return " ".join(tokenize(header))


def header_field(header: str) -> str:
    """The field a header names, or "" when it is not in the lists."""
    return _header_field().get(header_key(header), "")


def headers_js() -> str:
    """Write the lists as the ES module the list check imports."""
    body = json.dumps(dict(header_lists()), ensure_ascii=False, indent=2)
    return f"{JS_PREAMBLE}export const HEADER_ALIASES = {body};\n"


if __name__ == "__main__":
    print(headers_js(), end="")
