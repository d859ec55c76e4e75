r"""Rules on the characters of record text (REG017-REG019); the policy itself is in `characters`.

Each rule's docstring is its user documentation (`certreg rules REGnnn`, CONTRIBUTING.md). The examples
write the characters that matter as YAML escapes (`"\u202e"`), the only way most of them get into a file.
"""

# ruff: noqa: RUF002 -- the look-alike letters in the examples are the point of these rules

from __future__ import annotations

from collections.abc import Iterator

from certreg.validate.rules.base import Context, Finding
from certreg.validate.rules.characters import (
    MULTILINE_FIELDS,
    char_name,
    forbidden_chars,
    invisible_chars,
    mixed_script_words,
)

SHOWN_CHARACTERS = 3


def named(chars: list[str]) -> str:
    """`U+200B ZERO WIDTH SPACE and U+00AD SOFT HYPHEN`, at most three, then how many more."""
    shown = [char_name(char) for char in chars[:SHOWN_CHARACTERS]]
    more = len(chars) - SHOWN_CHARACTERS
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def rule_characters(ctx: Context) -> Iterator[Finding]:
    r"""Character that text must not hold.

    Record text is published in pages, feeds, calendars, CSV and badges, and read by people. It must not
    hold control characters (a form feed or an escape pasted from a PDF), bidirectional embeddings,
    overrides or isolates (U+202A-U+202E, U+2066-U+2069: they make text display in another order than it
    is written, so a name can pose as another), line or paragraph separators (U+2028, U+2029), or
    non-characters such as U+FFFE. A line break is allowed only in `scope`, `address` and `status_note`.
    Every script is welcome.

    Passes in `organizations/beta-werke.yaml`::

        name: Beta Werke GmbH
        certifications:
          - scope: |
              Machining of precision parts.
              Assembly of hydraulic units.

    Fails in `organizations/beta-werke.yaml`::

        name: "Beta Werke\u202eHbmG"  # <- [REG017] name
        city: "Köln\fDeutz"  # <- [REG017] city
    """
    for document, where, name, text in ctx.texts:
        chars = forbidden_chars(text, multiline=name in MULTILINE_FIELDS)
        if not chars:
            continue
        if chars[0] == "\n":
            message = f"{name or 'text'} spans more than one line"
            hint = "write it on one line; only scope, address and status_note may span lines"
            if len(chars) > 1:
                message += f" and holds {named(chars[1:])}"
        else:
            message = f"{name or 'text'} holds {named(chars)}, which text must not hold"
            hint = "delete the character (it usually comes from pasting out of a PDF or a word processor)"
        yield Finding(document, where, message, hint)


def rule_invisible(ctx: Context) -> Iterator[Finding]:
    r"""Invisible character in text.

    A zero-width space, a soft hyphen, a word joiner, a byte-order mark or a filler shows nothing, but
    it makes a name differ from the same name typed by a visitor, so search, the list check and the
    duplicate-name warning miss it. A zero-width joiner or non-joiner, or a direction mark, is flagged
    only between letters of scripts that never need one (Latin, Greek, Cyrillic, Armenian); in Persian or
    an Indic script it stays.

    Passes in `organizations/beta-werke.yaml`::

        name: Beta Werke GmbH

    Fails in `organizations/beta-werke.yaml`::

        name: "Beta\u200bWerke GmbH"  # <- [REG018] name
        city: "Kö\u00adln"  # <- [REG018] city
    """
    for document, where, name, text in ctx.texts:
        chars = invisible_chars(text)
        if chars:
            yield Finding(
                document,
                where,
                f"{name or 'text'} holds the invisible {named(chars)}",
                "delete it; write the text as printed on the certificate",
            )


def rule_mixed_scripts(ctx: Context) -> Iterator[Finding]:
    """Word written in two scripts.

    A Cyrillic `А` or a Greek `Ο` inside a Latin word looks the same as the Latin letter but is another
    character: the name then differs from the same name typed by a visitor, and can pose as another
    organization. One word in one script; Japanese (kanji with kana) and Korean (hangul with hanja) are
    written together and pass. Digits and punctuation belong to every script.

    Passes in `organizations/beta-werke.yaml`::

        name: Beta Werke GmbH
        city: 東京タワー前

    Fails in `organizations/beta-werke.yaml`::

        name: Вeta Werke GmbH  # <- [REG019] name
    """
    for document, where, name, text in ctx.texts:
        for word, scripts in mixed_script_words(text):
            listed = " and ".join(script.title() for script in scripts)
            yield Finding(
                document,
                where,
                f"{name or 'text'}: the word {word!r} mixes {listed} letters",
                "write each word in one script (retype the letters that came from another keyboard or a PDF)",
            )
