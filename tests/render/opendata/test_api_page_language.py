"""The /api/ page explains the open data in the site's language; the data and its description stay neutral."""

from __future__ import annotations

import re

import pytest

from certreg.core.i18n import ENGLISH, translator
from certreg.enrich.status import PRECEDENCE, REVERIFY_AFTER_DAYS
from certreg.render.follow.feeds import feed_xml
from certreg.render.opendata.describe import table_schema
from certreg.render.opendata.fields import CSV_COLUMNS, CSV_HEADER, OpenDataSettings, api_page_context, site_name

FIELDS = re.compile(r"\{\w*\}|%\(\w+\)s")


@pytest.mark.parametrize("language", ["de", "fr"])
def test_every_column_and_status_rule_is_explained_in_the_language(language: str) -> None:
    tr = translator(language)
    english, translated = api_page_context(30, ENGLISH), api_page_context(30, tr)
    assert [column.name for column in translated["opendata_columns"]] == list(CSV_HEADER)
    assert [column.values for column in translated["opendata_columns"]] == [c.values for c in CSV_COLUMNS]
    for mine, theirs in zip(translated["opendata_columns"], english["opendata_columns"], strict=True):
        assert mine.description != theirs.description, mine.name
        assert not FIELDS.search(mine.description), mine.name
    reverify = next(c for c in translated["opendata_columns"] if c.name == "needs_reverification")
    assert str(REVERIFY_AFTER_DAYS) in reverify.description
    rules = translated["opendata_status_rules"]
    assert [status.id for status, _ in rules] == list(PRECEDENCE)
    for (_, mine), (_, theirs) in zip(rules, english["opendata_status_rules"], strict=True):
        assert mine != theirs
    expiring = dict((status.id, rule) for status, rule in rules)["expiring_soon"]
    assert "30" in expiring and "{days}" not in expiring


def test_the_german_page_uses_the_fields_terms_and_the_data_s_own_sentences() -> None:
    context = api_page_context(45, translator("de"))
    rules = {status.id: rule for status, rule in context["opendata_status_rules"]}
    assert rules["suspended"] == "die Zertifizierungsstelle hat es ausgesetzt"
    assert rules["withdrawn"] == "die Zertifizierungsstelle hat es zurückgezogen"
    assert rules["expiring_soon"] == "es ist gültig und läuft innerhalb von 45 Tagen ab"
    columns = {column.name: column.description for column in context["opendata_columns"]}
    assert columns["accreditation_body"].startswith("Schlüssel der Akkreditierungsstelle")
    assert context["opendata_example"] == {
        "country_name": "Deutschland",
        "valid_reason": "Gültig bis 9. Mai 2027.",
        "expired_reason": "Abgelaufen am 13. August 2026; es war bis einschließlich dieses Tages gültig.",
    }
    french = api_page_context(45, translator("fr"))["opendata_example"]
    assert french["valid_reason"] == "Valide jusqu\u2019au 9 mai 2027."


def test_the_english_page_words_are_unchanged() -> None:
    context = api_page_context(30)
    columns = {column.name: column.description for column in context["opendata_columns"]}
    assert columns["needs_reverification"] == (
        f"Whether the last check was more than {REVERIFY_AFTER_DAYS} days before the build date"
    )
    assert context["opendata_example"]["expired_reason"] == "Expired on 13 August 2026; it was valid through that day."


def test_the_published_table_schema_keeps_the_neutral_english_descriptions() -> None:
    fields = table_schema()["fields"]
    assert [field["name"] for field in fields] == list(CSV_HEADER)
    assert [field["description"] for field in fields] == [column.describe() for column in CSV_COLUMNS]
    assert all(not FIELDS.search(field["description"]) for field in fields)


@pytest.mark.parametrize("settings", [{}, {"SITENAME": ""}, {"SITENAME": "  "}, {"SITENAME": None}])
def test_a_missing_site_name_is_an_error_not_a_made_up_name(settings: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="SITENAME"):
        site_name(settings)
    with pytest.raises(ValueError, match="SITENAME"):
        OpenDataSettings.from_settings(settings)
    with pytest.raises(ValueError, match="SITENAME"):
        feed_xml("Example", "organizations/example/", [], {"SITEURL": "", **settings}, "2026-12-01")
