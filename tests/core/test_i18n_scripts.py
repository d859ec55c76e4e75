"""The browser scripts hold no interface text outside the catalog calls, and the build ships exactly their messages.

Every string literal of `theme/static/js/*.js` that reads like words a visitor sees (two words in a row, or
one capitalized word) must be the message of `_()` or `ngettext()` (theme/static/js/i18n.js), which
`make messages` extracts into the catalogs; otherwise a German or French site would show it in English.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

from certreg.core.dates import MONTHS
from certreg.core.i18n import translator
from certreg.render.script_messages import script_catalog, script_message_ids, script_messages_file

JS = Path(__file__).resolve().parents[2] / "theme" / "static" / "js"
CATALOG_CALLS = {"_", "ngettext"}
# Calls whose text is for developers (the console, an exception a caller turns into a worded message).
DEVELOPER_CALLS = re.compile(r"^(?:\w*Error|NotFound|console\.(?:warn|error|log))$")
# Scripts with no text a visitor sees: generated header aliases the list check recognizes (data, folded),
# and the workers, which have no page and answer with data that the page words (Babel's lexer also
# misreads a regular expression in one of them).
NOT_INTERFACE = {"check-headers.js", "check-xlsx-worker.js", "verify-qr-worker.js"}
# The English month names: the date words of a build without a messages file (the source language).
ENGLISH_MONTHS = set(MONTHS)
PROSE = re.compile(r"(?<![\w.\-/#:])[A-Za-z]{2,}[,;:]? [A-Za-z]{2,}(?![\w\-/(])|^[A-Z][a-z]{2,}[.:…]?$")


def tokens(source: str) -> list:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Babel's own lexer, the one its extractor uses
        from babel.messages.jslexer import tokenize

        found = tokenize(source, jsx=False, template_string=True)
        return [token for token in found if token.type not in ("linecomment", "multilinecomment")]


def template_parts(value: str) -> tuple[list[str], list[str]]:
    """A template literal's text between its `${…}` expressions, and the expressions."""
    body, texts, expressions, start, index = value[1:-1], [], [], 0, 0
    while index < len(body):
        if body.startswith("${", index):
            texts.append(body[start:index])
            depth, end = 1, index + 2
            while end < len(body) and depth:
                depth += {"{": 1, "}": -1}.get(body[end], 0)
                end += 1
            expressions.append(body[index + 2 : end - 1])
            index = start = end
        else:
            index += 1
    return [*texts, body[start:]], expressions


def is_catalog_message(found: list, index: int) -> bool:
    """The literal at `index` is the message of `_(…)`, or either message of `ngettext(…, …)`."""
    before = [token.value for token in found[max(0, index - 4) : index]]
    if found[index].type == "string" and before[-2:] in (["_", "("], ["ngettext", "("]):
        return True
    return before == ["ngettext", "(", found[index - 2].value, ","] and found[index - 2].type == "string"


def loose_text(source: str) -> list[str]:
    """Literal text of `source` that reads like interface words and is not a catalog message."""
    found, loose = tokens(source), []
    for index, token in enumerate(found):
        if token.type not in ("string", "template_string") or is_catalog_message(found, index):
            continue
        caller = found[index - 2].value if index > 1 and found[index - 1].value == "(" else ""
        if DEVELOPER_CALLS.match(caller) or token.value[1:-1] == "use strict":
            continue
        texts, expressions = (
            template_parts(token.value) if token.type == "template_string" else ([token.value[1:-1]], [])
        )
        loose += [text.strip() for text in texts if PROSE.search(text.strip()) and text.strip() not in ENGLISH_MONTHS]
        for expression in expressions:
            loose += loose_text(expression)
    return loose


@pytest.mark.parametrize("script", sorted(path.name for path in JS.glob("*.js") if path.name not in NOT_INTERFACE))
def test_scripts_hold_no_interface_text_outside_the_catalog(script: str) -> None:
    assert loose_text((JS / script).read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        'say("The list is empty.");',
        "say(`Checked ${count} rows.`);",
        'element("p", "", "Review");',
        'x = `${_("Fine")} and ${cond ? "Not fine at all" : ""}`;',
        'new Option("Not used", "");',
        '_("{a}", { a: "English words here" });',
    ],
)
def test_the_scan_finds_english_outside_the_catalog_calls(source: str) -> None:
    assert loose_text(source) != []


def test_the_scan_accepts_catalog_calls_and_code_strings() -> None:
    source = (
        'const a = _("The list is empty.", { name }); const b = ngettext("{count} row", "{count} rows", n);\n'
        'el.className = "notice check-message check-message--problem"; throw new Error("certreg: no status applies");\n'
        'document.querySelector(".verdict, .cert-card"); x = `${_("Checked")} ${y}`;'
    )
    assert loose_text(source) == []


def test_the_build_ships_exactly_the_scripts_messages_in_the_language() -> None:
    ids = script_message_ids(JS)
    catalog = script_catalog(translator("de"), JS)
    assert set(catalog["messages"]) | set(catalog["plurals"]) == {message[0] for message in ids}
    assert catalog["messages"]["Not listed"] == "Nicht verzeichnet"
    assert catalog["plurals"]["Checked {count} row."] == {
        "one": "{count} Zeile geprüft.",
        "other": "{count} Zeilen geprüft.",
    }
    assert catalog["date_format"] == "{day}. {month} {year}" and catalog["months"][4] == "Mai"
    assert "Search the registry" not in catalog["messages"]  # a template's message: the pages have it already


def test_the_messages_file_is_fingerprinted_and_differs_by_language() -> None:
    german, french = script_messages_file(translator("de"), JS), script_messages_file(translator("fr"), JS)
    assert re.fullmatch(r"theme/js/messages\.[0-9a-f]{10}\.json", german[0])
    assert german[0] != french[0]
    assert json.loads(french[1])["language"] == "fr"
    assert script_messages_file(translator("de"), JS) == german  # the same bytes for the same catalog
