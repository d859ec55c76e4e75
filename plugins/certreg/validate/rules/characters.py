"""The character policy of record text, and Unicode's look-alike data (UTS #39) the text rules read.

Which characters a text field may hold (REG017): none of the C0 or C1 control characters (U+0000-U+001F,
U+007F-U+009F) except LF in a multi-line field (`MULTILINE_FIELDS`); no line or paragraph separator
(U+2028, U+2029); no bidirectional embedding, override or isolate (U+202A-U+202E, U+2066-U+2069), which
make text display in another order than it is written; no surrogate and no non-character (U+FDD0-U+FDEF
and the last two code points of every plane, such as U+FFFE). Everything else a YAML file can hold is
allowed, in any script.

Invisible characters (REG018) are allowed but flagged: zero-width space, soft hyphen, word joiner,
byte-order mark, fillers, tags and the like (`INVISIBLE`), and a joiner, non-joiner or direction mark
between letters of scripts that never need one (`CONTEXTUAL`). Scripts come from Unicode's Scripts.txt and
look-alikes from its confusables.txt, both as shipped by the `confusable-homoglyphs` package.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import Any

MULTILINE_FIELDS = frozenset({"scope", "address", "status_note"})
NONCHARACTERS = "".join(chr(plane + last) for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF))
FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef" + NONCHARACTERS + "]"
)
INVISIBLE = re.compile(
    "[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u2060-\u2064\u3164\ufeff\uffa0\U000e0000-\U000e0fff]"
)
CONTEXTUAL_CHARS = "\u200c\u200d\u200e\u200f\u061c\ufe00-\ufe0f"
CONTEXTUAL = re.compile(f"[{CONTEXTUAL_CHARS}]")
# Scripts in which a joiner, a non-joiner or a direction mark has no job between two letters.
PLAIN_SCRIPTS = frozenset({"LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "COMMON", "INHERITED"})
# Scripts written together in one word by the languages that use them (UTS #39's Jpan, Kore and Hanb).
MIXED_TOGETHER = (
    frozenset({"HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"HAN", "HANGUL"}),
    frozenset({"HAN", "BOPOMOFO"}),
)
WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")
LATIN_ONLY_BELOW = "\u0250"  # every letter and mark below it is Latin, Common or Inherited
SCRIPT_FREE = frozenset({"COMMON", "INHERITED", "Unknown"})


def char_name(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`: a character as a reader can look it up."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def forbidden_chars(text: str, multiline: bool) -> list[str]:
    """Return the characters of `text` the policy forbids, each once, in order of appearance."""
    found = FORBIDDEN.findall(text)
    if not multiline and "\n" in text:
        found.insert(0, "\n")
    return list(dict.fromkeys(found))


@cache
def _package_data(name: str) -> Any:
    """Read one of the Unicode data files `confusable-homoglyphs` ships (its code imports urllib: 0.7 s)."""
    return json.loads(resources.files("confusable_homoglyphs").joinpath(name).read_text(encoding="utf-8"))


@cache
def _script_ranges() -> tuple[list[int], list[tuple[int, int, str]]]:
    """Scripts.txt as sorted (first, last, script) ranges, with the list of range starts to bisect."""
    data = _package_data("categories.json")
    names = data["iso_15924_aliases"]
    ranges = [(first, last, names[alias]) for first, last, alias, _ in data["code_points_ranges"]]
    return [first for first, _, _ in ranges], ranges


@lru_cache(maxsize=4096)
def script(char: str) -> str:
    """Return the Unicode script of a character (`LATIN`, `CYRILLIC`, `COMMON`, …) from Scripts.txt."""
    starts, ranges = _script_ranges()
    index = bisect.bisect_right(starts, ord(char)) - 1
    if index >= 0 and ranges[index][0] <= ord(char) <= ranges[index][1]:
        return ranges[index][2]
    return "Unknown"


def invisible_chars(text: str) -> list[str]:
    """Return the invisible characters of `text` that are flagged, each once, in order of appearance."""
    if text.isascii():
        return []
    found = INVISIBLE.findall(text)
    for match in CONTEXTUAL.finditer(text):
        index = match.start()
        around = text[max(index - 1, 0) : index] + text[index + 1 : index + 2]
        if all(script(other) in PLAIN_SCRIPTS and unicodedata.category(other) != "So" for other in around):
            found.append(match.group())
    return list(dict.fromkeys(found))


def mixed_script_words(text: str) -> Iterator[tuple[str, list[str]]]:
    """Yield (word, its scripts) for each word of `text` written in scripts that are not used together."""
    if text.isascii():
        return
    for word in WORD.findall(text):
        if max(word) < LATIN_ONLY_BELOW:  # Latin-1 and Latin Extended-A/B: one script
            continue
        scripts = sorted({script(char) for char in set(word)} - SCRIPT_FREE)
        if len(scripts) > 1 and not any(set(scripts) <= allowed for allowed in MIXED_TOGETHER):
            yield word, scripts


@cache
def _skeleton_table() -> dict[int, str]:
    """Map each character that confusables.txt lists to its look-alike class's prototype, as a translate table.

    The package keeps each confusable pair in both directions (its display marks stripped), so the classes
    are the connected groups of those pairs; a group's prototype is its one multi-character sequence
    (`rn` for `m`) or else its lowest code point. Two texts then have one skeleton exactly when UTS #39's
    skeletons are equal.
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for key, homoglyphs in _package_data("confusables.json").items():
        for homoglyph in homoglyphs:
            a, b = root(key.replace("\u200e", "")), root(homoglyph["c"].replace("\u200e", ""))
            if a != b:
                parent[a] = b
    groups: dict[str, list[str]] = {}
    for node in list(parent):
        groups.setdefault(root(node), []).append(node)
    prototype = {}
    for members in groups.values():
        sequences = sorted(member for member in members if len(member) > 1)
        chosen = sequences[0] if sequences else min(members)
        prototype.update({member: chosen for member in members if len(member) == 1})
    return {ord(char): "".join(prototype.get(part, part) for part in chosen) for char, chosen in prototype.items()}


def without_invisible(text: str) -> str:
    """Return text without its invisible characters, joiners and direction marks."""
    return CONTEXTUAL.sub("", INVISIBLE.sub("", text))


def skeleton(text: str) -> str:
    """Return UTS #39's skeleton of text: what it looks like, invisible characters left out."""
    text = unicodedata.normalize("NFD", without_invisible(text))
    return unicodedata.normalize("NFD", text.translate(_skeleton_table()))
