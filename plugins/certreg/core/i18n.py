"""The interface's language: gettext catalogs read through Babel, local dates, numbers and text direction.

A `Translator` is made once per build for the site's language (the DEFAULT_LANG setting, or
`certreg build --language`) and handed to every stage that words something; nothing here is global.
Catalogs are the `.po` files under `plugins/certreg/locale/<lang>/LC_MESSAGES/certreg.po`, compiled in
memory when loaded (no `.mo` is committed or written). A registry may hold its own catalogs in the same
layout under `<registry>/locale/`: its messages win, the packaged ones fill the rest, so an operator can
add a language or reword one message without forking. English is the source language: its catalog may
be empty and every message falls back to the text written in the code and templates.
"""

from __future__ import annotations

import gettext as gettext_module
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import get_date_format
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from certreg.core.dates import parse_date

DOMAIN = "certreg"
SOURCE_LANGUAGE = "en"
PACKAGE_LOCALE = Path(__file__).resolve().parents[1] / "locale"
# English keeps the registry's house style (day before month, as in "9 May 2027"): Babel's plain `en`
# is American ("May 9, 2027"), which is easy to misread beside the day-first dates of most registries.
SOURCE_DATE_PATTERN = "d MMMM y"


class LanguageError(ValueError):
    """The configured language is not one Babel knows, or its catalog cannot be read."""


def catalog_path(root: Path, language: str) -> Path:
    """Where the catalog of `language` lives under a `locale` folder."""
    return root / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compile_catalog(path: Path, language: str) -> gettext_module.GNUTranslations:
    """Read one `.po` file and compile it in memory (fuzzy entries are left out, as msgfmt does)."""
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language, domain=DOMAIN)
    except (OSError, ValueError) as error:
        raise LanguageError(f"certreg: cannot read the catalog {path}: {error}") from error
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext_module.GNUTranslations(buffer)


def load_translations(language: str, extra_roots: tuple[Path, ...] = ()) -> gettext_module.NullTranslations:
    """The catalog chain of `language`: each extra root's catalog first, then the packaged one."""
    chain: list[gettext_module.NullTranslations] = [
        compile_catalog(catalog_path(root, language), language)
        for root in (*extra_roots, PACKAGE_LOCALE)
        if catalog_path(root, language).is_file()
    ]
    if not chain and language != SOURCE_LANGUAGE:
        raise LanguageError(
            f"certreg: no catalog for language {language!r}: add "
            f"locale/{language}/LC_MESSAGES/{DOMAIN}.po to the registry (see docs/i18n.md)"
        )
    head = chain[0] if chain else gettext_module.NullTranslations()
    for fallback in chain[1:]:
        head.add_fallback(fallback)
    return head


def parse_locale(language: str) -> Locale:
    """Babel's locale for a language tag such as `de`, `fr-CA` or `pt_BR`."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as error:
        raise LanguageError(f"certreg: unknown language {language!r} (use a tag such as en, de, fr)") from error


@dataclass(frozen=True)
class Translator:
    """Words, dates and numbers in one language; made by `translator()`."""

    language: str
    locale: Locale
    translations: gettext_module.NullTranslations = field(repr=False)
    # The language and a digest of every catalog read: what is kept between builds in one language is
    # not trusted in another, nor after a catalog changed. "" (a translator made by hand): nothing kept.
    fingerprint: str = field(default="", compare=False)

    def gettext(self, message: str) -> str:
        """The message in this language (the English text when the catalog lacks it)."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form of a message for `count`, by this language's plural rule."""
        return self.translations.ngettext(singular, plural, count)

    @property
    def direction(self) -> str:
        """`rtl` for a language written right to left, else `ltr` (for `<html dir>`)."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    @property
    def date_pattern(self) -> str:
        """The CLDR pattern of a long date: `d MMMM y` (English), `d. MMMM y` (German)."""
        if self.language == SOURCE_LANGUAGE:
            return SOURCE_DATE_PATTERN
        return get_date_format("long", locale=self.locale).pattern

    def long_date(self, day: date | str | None) -> str:
        """`9 May 2027`, `9. Mai 2027`, `9 mai 2027`; "" for no date."""
        if isinstance(day, str):
            day = parse_date(day)
        if not day:
            return ""
        return self._template.format(day=day.day, month=self._months[day.month - 1], year=day.year)

    # Worked out once per translator: a build writes hundreds of thousands of dates.
    @cached_property
    def _template(self) -> str:
        return cldr_template(self.date_pattern)

    @cached_property
    def _months(self) -> tuple[str, ...]:
        names = self.locale.months["format"]["wide"]
        return tuple(names[number] for number in range(1, 13))

    def date_template(self) -> str:
        """The long date as a template with `{day}`, `{month}` and `{year}` (the browser fills it too)."""
        return self._template

    def months(self) -> list[str]:
        """The twelve month names as a long date writes them."""
        return list(self._months)

    def number(self, value: int) -> str:
        """`12,345` (English), `12.345` (German), with this language's grouping."""
        if self.language == SOURCE_LANGUAGE:
            return f"{value:,}"  # the same text as Babel's, without its cost on every list page
        return format_decimal(value, locale=self.locale, group_separator=True)


FIELDS = {"d": "{day}", "M": "{month}", "L": "{month}", "y": "{year}"}


def cldr_template(pattern: str) -> str:
    """A CLDR date pattern (`d. MMMM y`, `d 'de' MMMM 'de' y`) as a `str.format` template."""
    out, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        end = index + 1
        if char == "'":  # a quoted literal; '' is a quote
            close = pattern.find("'", index + 1)
            end = close + 1 if close > 0 else len(pattern)
            text = pattern[index + 1 : end - 1] or "'"
        elif char.isascii() and char.isalpha():  # CLDR field letters are ASCII; others are text
            while end < len(pattern) and pattern[end] == char:
                end += 1
            text = FIELDS.get(char, "")
            out.append(text)
            index = end
            continue
        else:
            text = char
        out.append(text.replace("{", "{{").replace("}", "}}"))
        index = end
    return "".join(out)


def translator(language: str = SOURCE_LANGUAGE, extra_roots: tuple[Path, ...] = ()) -> Translator:
    """The translator of `language`, with catalogs from `extra_roots` (a registry's `locale/`) first."""
    locale = parse_locale(language)
    translations = load_translations(language, extra_roots)
    return Translator(language, locale, translations, catalogs_fingerprint(language, extra_roots))


def catalogs_fingerprint(language: str, extra_roots: tuple[Path, ...] = ()) -> str:
    """The language and a digest of the bytes of each catalog `load_translations` reads for it."""
    digest = hashlib.blake2b(digest_size=16)
    for root in (*extra_roots, PACKAGE_LOCALE):
        path = catalog_path(root, language)
        if path.is_file():
            digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{language}:{digest.hexdigest()}"


ENGLISH = Translator(
    SOURCE_LANGUAGE, Locale.parse(SOURCE_LANGUAGE), gettext_module.NullTranslations(), f"{SOURCE_LANGUAGE}:none"
)


def N_(message: str) -> str:
    """Mark `message` for extraction; it is translated where it is shown (`Translator.gettext`)."""
    return message


def plural_forms(tr: Translator, singular: str, plural: str) -> dict[str, str]:
    """A message's form for each CLDR plural category of the language (`one`, `few`, `other`…).

    The browser picks one with `Intl.PluralRules`, so scripts get correct plurals without gettext.
    """
    forms: dict[str, str] = {}
    # Small counts show every category of most languages; a million is French's and Spanish's `many`.
    for count in (*range(0, 1001), 10**6):
        category = tr.locale.plural_form(count)
        if category not in forms:
            forms[category] = tr.ngettext(singular, plural, count)
        if len(forms) == len(tr.locale.plural_form.tags | {"other"}):  # `tags` leaves out `other`
            break
    return forms


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural form for extraction; shown later with `Translator.ngettext`."""
    return singular, plural
