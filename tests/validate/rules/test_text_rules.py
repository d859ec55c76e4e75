"""The character policy (REG017), invisible characters (REG018), mixed scripts (REG019), look-alike names
(REG012 through UTS #39 skeletons) and page addresses (REG020, REG021), on hostile records."""

# ruff: noqa: RUF001, RUF003 -- look-alike letters are the point of these tests

from __future__ import annotations

from pathlib import Path

import pytest

from certreg.load.loader import load_registry
from certreg.validate.rules.characters import forbidden_chars, invisible_chars, mixed_script_words, skeleton
from certreg.validate.validator import validate
from tests.conftest import BUILD_DATE, organization_yaml
from tests.hostile_fixture import HOSTILE_SLUG, write_hostile_registry, yaml_quoted


def problems_for(make_registry, files: dict[str, str]):
    return validate(load_registry(make_registry(files)), BUILD_DATE)


def found(problems, code: str) -> list[tuple[str, str]]:
    return [(Path(p.path).stem, p.field) for p in problems if p.code == code]


def test_the_hostile_registry_is_refused_at_every_field_that_holds_a_forbidden_character(tmp_path) -> None:
    problems = validate(load_registry(write_hostile_registry(tmp_path / "registry")), BUILD_DATE)
    assert sorted(field for stem, field in found(problems, "REG017") if stem == HOSTILE_SLUG) == sorted(
        [
            "name",
            "city",
            "address",
            "certifications[0].certificate_number",
            "certifications[0].scope",
            "certifications[0].sites[0].city",
        ]
    )
    name = next(p for p in problems if p.code == "REG017" and p.field == "name")
    assert name.message.startswith("name spans more than one line and holds U+0000")
    assert name.line == 1 and name.severity == "error"


@pytest.mark.parametrize(
    "char",
    [
        *("\x00", "\x07", "\t", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b", "\u2028", "\u2029"),
        *("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"),
        *("\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"),
    ],
)
def test_each_forbidden_character_is_an_error_naming_it(make_registry, char: str) -> None:
    problems = problems_for(make_registry, {"organizations/b.yaml": organization_yaml(name=yaml_quoted(f"B{char}W"))})
    assert found(problems, "REG017") == [("b", "name")]
    assert f"U+{ord(char):04X}" in next(p.message for p in problems if p.code == "REG017")


def test_a_surrogate_escape_is_refused_by_the_loader(make_registry) -> None:
    problems = problems_for(make_registry, {"organizations/b.yaml": organization_yaml(name='"B\\ud800W"')})
    assert [(p.code, p.line) for p in problems] == [("YAML001", 1)]


def test_a_line_break_is_allowed_in_a_scope_and_refused_in_a_name(make_registry) -> None:
    record = organization_yaml(name=yaml_quoted("Beta\nWerke")).replace(
        "scope: Machining of precision parts", "scope: " + yaml_quoted("Machining\r\n\r\nAssembly")
    )
    problems = problems_for(make_registry, {"organizations/b.yaml": record})
    assert found(problems, "REG017") == [("b", "name")]
    registry = load_registry(make_registry({"organizations/b.yaml": record}))
    document = next(d for d in registry.organizations if d.slug == "b")
    assert document.data["certifications"][0]["scope"] == "Machining\n\nAssembly"  # CRLF became LF on load
    assert document.position(("certifications", 0, "scope")) == (9, 12)


def test_scripts_of_every_kind_pass_and_only_control_and_bidi_characters_fail() -> None:
    for text in [
        "Müller Präzisionstechnik",
        "Ærø Vindenergi",
        "東京タワー株式会社",
        "서울特別市",
        "شركة الخليج",
        "ООО Ромашка",
    ]:
        assert forbidden_chars(text, multiline=False) == [] and list(mixed_script_words(text)) == []
        assert invisible_chars(text) == []
    assert invisible_chars("می\u200cخواهم") == []  # a Persian non-joiner is spelling
    assert invisible_chars("Ac\u200dme") == ["\u200d"]


@pytest.mark.parametrize("name", ["Acme\u200b Werke", "Ac\u00adme Werke", "\ufeffAcme Werke", "Acme\u2060Werke"])
def test_invisible_characters_are_warned_about(make_registry, name: str) -> None:
    problems = problems_for(make_registry, {"organizations/b.yaml": organization_yaml(name=yaml_quoted(name))})
    assert found(problems, "REG018") == [("b", "name")]
    assert all(p.severity == "warning" for p in problems if p.code == "REG018")


def test_a_word_in_two_scripts_is_warned_about_with_both_named(make_registry) -> None:
    problems = problems_for(make_registry, {"organizations/b.yaml": organization_yaml(name="Аcme Werke GmbH")})
    assert found(problems, "REG019") == [("b", "name")]
    message = next(p.message for p in problems if p.code == "REG019")
    assert "'Аcme'" in message and "Cyrillic and Latin" in message


@pytest.mark.parametrize(
    "copy",
    [
        "Аcme Präzision GmbH",  # Cyrillic А
        "АСМЕ PRÄZISION GMBH",  # Cyrillic capitals
        "Acme Prazisi\u200bon GmbH",  # zero-width space
        "Ac\u00adme Präzision GmbH",  # soft hyphen
        "Acme Präzısıon GmbH",  # dotless i
        "Acme Prӓzision GmbH",  # Cyrillic ӓ
        "Αcme Ρräzision GmbH",  # Greek capitals
    ],
)
def test_a_look_alike_of_an_existing_name_is_a_near_duplicate(make_registry, copy: str) -> None:
    problems = problems_for(make_registry, {"organizations/b.yaml": organization_yaml(name=yaml_quoted(copy))})
    assert found(problems, "REG012") == [("b", "name")], copy


def test_names_that_only_share_letters_are_not_near_duplicates(make_registry) -> None:
    for name in ["Acne Präzision GmbH", "Acme Präzisions GmbH", "Alle Werke", "Ali Werke"]:
        problems = problems_for(make_registry, {"organizations/b.yaml": organization_yaml(name=name)})
        assert found(problems, "REG012") == [], name


def test_skeletons_follow_unicode_confusables() -> None:
    assert skeleton("раураl") == skeleton("paypal")  # Cyrillic р, а, у and а
    assert skeleton("AppIe") == skeleton("Apple")
    assert skeleton("rn") == skeleton("m")
    assert skeleton("Acme") != skeleton("Acne")


def test_two_codes_that_become_one_page_are_refused_before_the_build(make_registry) -> None:
    standards = (Path(__file__).parents[2] / "fixtures" / "core" / "standards.yaml").read_text(encoding="utf-8")
    extra = "- code: ISO-9001\n  title: Q\n  system: Q\n  editions:\n    - {edition: '2008', published: 2008-11-14}\n"
    problems = problems_for(make_registry, {"standards.yaml": standards + extra})
    assert [(p.field, p.severity) for p in problems if p.code == "REG020"] == [
        (f"[{standards.count('- code:')}].code", "error")
    ]
    assert "standards/iso-9001/" in next(p.message for p in problems if p.code == "REG020")


def test_a_certificate_number_too_long_for_a_folder_name_is_refused(make_registry) -> None:
    number = "TC-" + "0123456789" * 30
    problems = problems_for(make_registry, {"organizations/b.yaml": organization_yaml(number=number)})
    assert found(problems, "REG021") == [("b", "certifications[0].certificate_number")]
    assert "303 characters, over the limit of 80" in next(p.message for p in problems if p.code == "REG021")
    at_limit = "T" * 80
    problems = problems_for(make_registry, {"organizations/b.yaml": organization_yaml(number=at_limit)})
    assert found(problems, "REG021") == []
