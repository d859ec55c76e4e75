"""Text folding and slugs, shared by validation, enrich and the search index (folding mirrored in fold.js).

`fold` makes text case- and accent-insensitive so that `muller` matches Müller and `societe` matches
Société. `theme/static/js/fold.js` implements the same steps; `tests/test_fold.py` proves that both
give the same result on a list of real names.

Steps: NFKD, drop every combining mark, casefold, then map the letters that have no decomposition
(ß, æ, ø, œ, đ, ð, þ, ł, ı, …). Apostrophes are dropped (O'Brien → obrien) and dots or slashes between
single letters are joined (S.A. → sa, A/S → as) so that legal forms become one word.
"""

# ruff: noqa: RUF001, RUF002 -- the look-alike letters are the point of this module

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache, lru_cache

# Letters that NFKD does not decompose, after casefolding. Keep in sync with fold.js.
SPECIAL = {
    "ß": "ss",
    "æ": "ae",
    "ø": "o",
    "œ": "oe",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ł": "l",
    "ı": "i",
    "ħ": "h",
    "ŧ": "t",
    "ŋ": "n",
    "ĸ": "k",
    "ə": "e",
    "ɛ": "e",
    "ɔ": "o",
    "ƒ": "f",
    "ς": "σ",
}
_SPECIAL_TABLE = str.maketrans(SPECIAL)
_APOSTROPHES = re.compile("['\u2018\u2019\u02bc\u02bb\u0060\u00b4]")
_JOINED_INITIAL = re.compile(r"(?<![^\W_])([^\W\d_])[./](?=[^\W\d_](?![^\W_]))")
_WORD = re.compile(r"[^\W_]+")
_NOT_ALNUM = re.compile(r"[\W_]+")

# Legal-form words, folded: dropped from name ranking and ignored when comparing names.
LEGAL_FORMS = frozenset(
    {
        "ab",
        "abp",
        "ad",
        "ag",
        "aps",
        "as",
        "asa",
        "bhd",
        "bt",
        "bv",
        "bvba",
        "cia",
        "co",
        "coop",
        "corp",
        "corporation",
        "cv",
        "cvba",
        "dd",
        "doo",
        "ehf",
        "eirl",
        "eood",
        "eurl",
        "ev",
        "gbr",
        "gie",
        "gk",
        "gmbh",
        "hf",
        "inc",
        "incorporated",
        "kb",
        "kd",
        "kft",
        "kg",
        "kgaa",
        "kk",
        "ks",
        "limited",
        "llc",
        "llp",
        "lp",
        "ltd",
        "ltda",
        "mbh",
        "nv",
        "nyrt",
        "ohg",
        "oy",
        "oyj",
        "plc",
        "pt",
        "pte",
        "pty",
        "sa",
        "sae",
        "sal",
        "sapa",
        "sarl",
        "sas",
        "sasu",
        "sau",
        "sca",
        "scarl",
        "sccl",
        "scrl",
        "se",
        "sl",
        "slu",
        "snc",
        "spa",
        "spol",
        "sprl",
        "srl",
        "sro",
        "tbk",
        "ug",
        "uab",
        "vof",
        "zao",
        "zrt",
    }
)


@cache
def _drop_marks() -> dict[int, None]:
    """A str.translate table deleting every combining mark (category M), built on first use."""
    ranges = (range(0x300, 0x20000), range(0xE0000, 0xE1000))
    return {c: None for r in ranges for c in r if unicodedata.category(chr(c))[0] == "M"}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-fold text; punctuation and spacing are kept except as documented above."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).translate(_drop_marks())
    text = text.casefold().translate(_SPECIAL_TABLE)
    text = _APOSTROPHES.sub("", text)
    return _JOINED_INITIAL.sub(r"\1", text)


def tokenize(text: str) -> list[str]:
    """Fold text and split it into words on every non-alphanumeric character."""
    return _WORD.findall(fold(text))


def name_terms(text: str) -> list[str]:
    """Words of a name without legal forms, unless the name is nothing but legal forms."""
    words = tokenize(text)
    kept = [word for word in words if word not in LEGAL_FORMS]
    return kept or words


def normalize_certificate_number(number: str) -> str:
    """Fold a certificate number and drop spaces, dashes, slashes, dots and other punctuation."""
    return _NOT_ALNUM.sub("", fold(number))


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-' (`Dreßler & Łódź` → `dressler-lodz`); a short hash when nothing is left."""
    letters = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL_TABLE))  # ß → ss, ł → l, ø → o
    ascii_text = letters.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug or "n-" + hashlib.sha256(text.encode()).hexdigest()[:10]


def certificate_slug(number: str) -> str:
    """The permalink part of a certificate number: `DE-12345/QM` → `de-12345-qm`."""
    return slugify(number)
