"""Cell text → record values: dates, countries, yes/no, lists, and the registry's standards and certification bodies.

A value is converted only where its meaning is certain (`10.05.2024` is 10 May 2024, `Germany` is DE,
`ja` is true, an Excel serial is a day). Anything else is kept exactly as written, so the validator
refuses it in its own words, and a note says what forms would have been read.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pycountry

from certreg.core.dates import parse_date
from certreg.core.fold import name_terms, normalize_certificate_number
from certreg.core.headers import header_key
from certreg.load.loader import Registry

DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
SLASHED_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
SERIAL = re.compile(r"\d{1,5}")
EXCEL_EPOCHS = {False: date(1899, 12, 30), True: date(1904, 1, 1)}
FIRST_SAFE_SERIAL = 61  # Excel's 1900 calendar has a 29 February 1900; serials from 1 March 1900 on are sure
YES = frozenset({"yes", "y", "true", "1", "ja", "oui", "si", "sí", "x"})
NO = frozenset({"no", "n", "false", "0", "nein", "non"})
STATUSES = frozenset({"active", "suspended", "withdrawn"})
DATE_FORMS = "YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY with --day-first, or an Excel serial date"
LIST_SEPARATORS = re.compile(r"\s*[;\n|]\s*")
STANDARD_SEPARATORS = re.compile(r"\s*(?:[;,\n|+]|\band\b)\s*")
SECTOR_SEPARATORS = re.compile(r"[\s;,|]+")
EDITION = re.compile(r"^(.*?)[\s:/-]+((?:19|20)\d{2})$")
NATIONAL_PREFIXES = frozenset({"iso", "iec", "en", "din", "bs", "une", "nf", "uni", "sn", "oenorm", "ds", "ns"})


def read_date(text: str, day_first: bool, epoch_1904: bool = False) -> tuple[str, str]:
    """An ISO date for the forms this command reads, else the text as written and a note on the forms."""
    if parse_date(text):
        return text, ""
    match = DOTTED_DATE.fullmatch(text) or (SLASHED_DATE.fullmatch(text) if day_first else None)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day).isoformat(), ""
        except ValueError:
            return text, f"{text!r} is not a calendar date"
    if SERIAL.fullmatch(text) and int(text) >= FIRST_SAFE_SERIAL:
        return (EXCEL_EPOCHS[epoch_1904] + timedelta(days=int(text))).isoformat(), ""
    if SLASHED_DATE.fullmatch(text):
        return text, "a date with slashes is read only with --day-first (as DD/MM/YYYY)"
    return text, f"{text!r} is not a date this command reads ({DATE_FORMS})"


def read_country(text: str) -> str:
    """The alpha-2 code of a code (alpha-2 or alpha-3, any case) or an exact English country name."""
    if re.fullmatch(r"[A-Z]{2}", text):
        return text
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return text


def read_yes_no(text: str) -> bool | str:
    """True or false for the usual words in a few languages (and 1/0, x), else the text as written."""
    word = text.casefold()
    return True if word in YES else False if word in NO else text


def read_status(text: str) -> str:
    """`active`, `suspended` or `withdrawn` whatever the case, else the text as written."""
    return text.casefold() if text.casefold() in STATUSES else text


def split_list(text: str) -> list[str]:
    """Items of a cell that lists several names (separated by `;`, `|` or line breaks)."""
    return [item for item in LIST_SEPARATORS.split(text) if item]


def split_sectors(text: str) -> list[str]:
    """IAF sector codes of a cell: `17, 18` or `17;18`."""
    return [item for item in SECTOR_SEPARATORS.split(text) if item]


def identifier_key(value: str) -> str:
    """An identifier compared without case, spaces or punctuation (`DE 811 234 567` is `de811234567`)."""
    return normalize_certificate_number(value)


def closest(text: str, choices: dict[str, str], count: int = 3) -> list[str]:
    """The names among `choices` (key → name) whose key is nearest to `text`'s, best first."""
    keys = difflib.get_close_matches(header_key(text), list(choices), n=count, cutoff=0)
    return list(dict.fromkeys(choices[key] for key in keys))


@dataclass(frozen=True)
class Lookups:
    """The registry's certification bodies and standards, by every name this command accepts for them."""

    bodies: dict[str, str]
    body_names: dict[str, str]
    editions: frozenset[str]
    standards: dict[str, str]

    def body(self, text: str) -> tuple[str, str]:
        """The slug of the body a cell names, else the text as written and the closest known bodies."""
        found = self.bodies.get(header_key(text))
        if found:
            return found, ""
        return text, "unknown certification body; closest known: " + "; ".join(closest(text, self.body_names))

    def standard(self, item: str) -> tuple[str, str]:
        """`code:edition` for one standard as written, else the text as written and what is known."""
        mapped = self.standards.get(header_key(item))
        if mapped and ":" in mapped:
            return mapped, ""
        match = EDITION.match(item)
        code_text, edition = (match.group(1), match.group(2)) if match else (item, "")
        code = mapped or next(filter(None, map(self.standards.get, standard_aliases(code_text))), None)
        if code is None:
            known = sorted({ref.rsplit(":", 1)[0] for ref in self.editions})
            nearest = closest(code_text, {header_key(name): name for name in known})
            return item, "unknown standard; closest known: " + "; ".join(nearest)
        editions = sorted(ref for ref in self.editions if ref.startswith(code + ":"))
        if not edition:
            return item, f"no edition given; known editions: {', '.join(editions)}"
        return f"{code}:{edition}", ""


def standard_aliases(code: str) -> list[str]:
    """Keys a code is known by: `ISO/IEC 27001` as `iso iec 27001`, `iso 27001` and `27001`."""
    words = header_key(code).split()
    rest = words
    while rest and rest[0] in NATIONAL_PREFIXES:
        rest = rest[1:]
    return list(dict.fromkeys([" ".join(words), " ".join(["iso", *rest]), " ".join(rest)]))


def build_lookups(registry: Registry, body_names: dict[str, str], standard_names: dict[str, str]) -> Lookups:
    """Index the registry's bodies (slug, name, name without legal form, web host) and standards (code variants)."""
    bodies: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for document in registry.certification_bodies:
        data: dict[str, Any] = document.data if isinstance(document.data, dict) else {}
        name = str(data.get("name") or document.slug)
        names[header_key(name)] = f"{name} ({document.slug})"
        host = re.sub(r"^https?://(www\.)?", "", str(data.get("website") or "")).split("/")[0]
        for key in (document.slug, name, " ".join(name_terms(name)), host):
            if key:
                bodies.setdefault(header_key(key), set()).add(document.slug)
    unique = {key: next(iter(slugs)) for key, slugs in bodies.items() if len(slugs) == 1}
    unique |= {header_key(name): slug for name, slug in body_names.items()}
    return Lookups(unique, names, frozenset(editions_of(registry)), standard_keys(registry, standard_names))


def editions_of(registry: Registry) -> set[str]:
    """Every `code:edition` in standards.yaml."""
    data = registry.standards.data if registry.standards is not None else None
    found = set()
    for standard in data if isinstance(data, list) else []:
        for edition in (standard.get("editions") or []) if isinstance(standard, dict) else []:
            if isinstance(edition, dict):
                found.add(f"{standard.get('code')}:{edition.get('edition')}")
    return found


def standard_keys(registry: Registry, standard_names: dict[str, str]) -> dict[str, str]:
    """Folded name → standard code, for names that point to one code only."""
    keys: dict[str, set[str]] = {}
    for code in {ref.rsplit(":", 1)[0] for ref in editions_of(registry)}:
        for key in standard_aliases(code):
            keys.setdefault(key, set()).add(code)
    found = {key: next(iter(codes)) for key, codes in keys.items() if len(codes) == 1}
    return found | {header_key(name): code for name, code in standard_names.items()}
