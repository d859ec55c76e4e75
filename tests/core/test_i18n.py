"""The interface's language: catalogs complete and current, local dates and numbers, operator catalogs."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from jinja2 import Environment

from certreg.core.i18n import (
    PACKAGE_LOCALE,
    LanguageError,
    cldr_template,
    plural_forms,
    translator,
)

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("en", "de", "fr")
KEYWORDS = ("-k", "N_", "-k", "gettext", "-k", "ngettext:1,2", "-k", "N_plural:1,2")  # as `make messages`
TEMPLATES = ROOT / "theme" / "templates"
# Text a template may print as is: names, formats and symbols that read the same in every language.
UNTRANSLATED = {"SVG", "(SVG)", "HTML", "Markdown", "·", "A\u2013Z", "!", "(", ")", ",", ".", ":", ";", "LEI"}


def read_catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def message_ids(catalog) -> set[str]:
    return {message.id if isinstance(message.id, str) else message.id[0] for message in catalog if message.id}


def test_the_template_catalog_is_current(tmp_path: Path) -> None:
    """Every _()/ngettext()/N_() string of the code and templates is in certreg.pot, and nothing stale is."""
    out = tmp_path / "certreg.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", *KEYWORDS, "--no-location", "--omit-header", "-o", str(out), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    fresh, committed = message_ids(read_catalog(out)), message_ids(read_catalog(PACKAGE_LOCALE / "certreg.pot"))
    assert fresh - committed == set(), "new interface strings: run `make messages` and translate them"
    assert committed - fresh == set(), "strings no longer used: run `make messages`"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_translates_every_message(language: str) -> None:
    template = read_catalog(PACKAGE_LOCALE / "certreg.pot")
    catalog = read_catalog(PACKAGE_LOCALE / language / "LC_MESSAGES" / "certreg.po")
    by_id = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    missing = []
    for message in template:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        found = by_id.get(key)
        strings = (found.string,) if found and isinstance(found.string, str) else (found.string if found else ())
        if not found or found.fuzzy or not strings or not all(strings):
            missing.append(key)
    assert missing == []


@pytest.mark.parametrize("language", ("de", "fr"))
def test_translations_keep_the_placeholders(language: str) -> None:
    """A translation names the same %(…)s and {…} fields as its English text, or a page breaks."""
    catalog = read_catalog(PACKAGE_LOCALE / language / "LC_MESSAGES" / "certreg.po")
    fields = re.compile(r"%\(\w+\)s|\{\w+\}")
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, str) else message.id[1]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings[1:] if isinstance(message.string, tuple) else strings:
            assert set(fields.findall(string)) == set(fields.findall(english)), (message.id, string)


def test_french_punctuation_is_kept_on_the_line_of_its_word() -> None:
    """French sets a space before : ; ? ! and inside « », a no-break one, so a line never starts with them."""
    catalog = read_catalog(PACKAGE_LOCALE / "fr" / "LC_MESSAGES" / "certreg.po")
    breakable = re.compile(r" [:;?!»]|« ")
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings if message.id else ():
            assert not breakable.search(string), (message.id, string)


def visible_template_text(source: str, env: Environment) -> list[str]:
    """Words a template prints from its own text: outside tags, comments, expressions, code and scripts."""
    text = "".join(value if token == "data" else " " for _, token, value in env.lex(source))
    text = re.sub(r"<(pre|code|script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r'[\w-]+="[^"]*"', " ", text)  # attributes, also those a macro prints outside a tag
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    return [word for word in text.split() if re.search(r"[A-Za-z]", word) and word not in UNTRANSLATED]


@pytest.mark.parametrize("template", sorted(path.name for path in TEMPLATES.glob("*.html")))
def test_templates_print_no_text_outside_the_catalog(template: str) -> None:
    env = Environment(extensions=["jinja2.ext.i18n"])
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    # Attribute values that are words a visitor sees are caught too: aria-label, alt, placeholder, title.
    attributes = re.findall(r'(?:aria-label|alt|placeholder|title)="([^"{]*[A-Za-z][^"{]*)"', source)
    assert visible_template_text(source, env) == []
    assert attributes == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "9 May 2027"), ("de", "9. Mai 2027"), ("fr", "9 mai 2027"), ("es", "9 de mayo de 2027")],
)
def test_long_dates_are_written_the_local_way(language: str, expected: str) -> None:
    tr = translator(language) if language in LANGUAGES else translator("en")
    if language not in LANGUAGES:  # a language without a certreg catalog still has CLDR's date format
        from babel import Locale
        from babel.dates import get_date_format

        assert (
            cldr_template(get_date_format("long", locale=Locale.parse(language)).pattern)
            == "{day} de {month} de {year}"
        )
        return
    assert tr.long_date(date(2027, 5, 9)) == expected
    assert tr.long_date("2027-05-09") == expected
    assert tr.long_date(None) == ""


def test_numbers_group_the_local_way() -> None:
    assert translator("en").number(12345) == "12,345"
    assert translator("de").number(12345) == "12.345"
    assert translator("fr").number(12345) == "12\u202f345"


def test_statuses_and_plurals_come_from_the_catalog() -> None:
    de, fr = translator("de"), translator("fr")
    assert de.gettext("Suspended") == "Ausgesetzt"
    assert fr.gettext("Withdrawn") == "Retiré"
    assert de.ngettext("{count} valid", "{count} valid", 2) == "{count} gültig"
    # French uses the singular for 0 and 1.
    assert fr.ngettext("({count} day ago)", "({count} days ago)", 0) == "(il y a {count} jour)"
    assert plural_forms(fr, "({count} day ago)", "({count} days ago)")["other"] == "(il y a {count} jours)"


@pytest.mark.parametrize(
    ("language", "categories"), [("en", {"one", "other"}), ("de", {"one", "other"}), ("fr", {"one", "many", "other"})]
)
def test_plural_forms_give_the_browser_every_category(language: str, categories: set[str]) -> None:
    """`other` too: Babel's `tags` leave it out, and a script then wrote "(1 days ago)"."""
    forms = plural_forms(translator(language), "({count} day ago)", "({count} days ago)")
    assert set(forms) == categories
    assert forms["one"] != forms["other"]


def test_an_operator_catalog_wins_and_the_packaged_one_fills_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "locale" / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "certreg.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Suspended"\nmsgstr "Vorübergehend ausgesetzt"\n',
        encoding="utf-8",
    )
    tr = translator("de", (tmp_path / "locale",))
    assert tr.gettext("Suspended") == "Vorübergehend ausgesetzt"
    assert tr.gettext("Withdrawn") == "Zurückgezogen"


def test_an_operator_can_add_a_language_certreg_does_not_ship(tmp_path: Path) -> None:
    folder = tmp_path / "locale" / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "certreg.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Valid"\nmsgstr "Geldig"\n',
        encoding="utf-8",
    )
    tr = translator("nl", (tmp_path / "locale",))
    assert tr.gettext("Valid") == "Geldig"
    assert tr.long_date(date(2027, 5, 9)) == "9 mei 2027"


def test_a_language_without_a_catalog_or_unknown_to_babel_is_refused() -> None:
    with pytest.raises(LanguageError, match="no catalog for language 'nl'"):
        translator("nl")
    with pytest.raises(LanguageError, match="unknown language"):
        translator("xx-nonsense")


def test_right_to_left_languages_are_detected() -> None:
    from babel import Locale

    from certreg.core.i18n import Translator

    assert Translator("ar", Locale.parse("ar"), None).direction == "rtl"  # type: ignore[arg-type]
    assert translator("de").direction == "ltr"
