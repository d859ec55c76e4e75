"""certreg.yaml: every mistake is a located problem with a fix, never a crash; a valid file reads as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from certreg.build.site_settings import settings_for
from certreg.load.schema_versions import SCHEMA_VERSION
from certreg.validate.config import read_config

VALID = f"""schema_version: {SCHEMA_VERSION}
site:
  name: "Registre: «Qualité» & Co #1"
  colors: {{brand: "#0b5394"}}
operator:
  name: Verband e.V.
  contact: mailto:r@verband.example
links:
  source_repository: https://github.com/v/r
  report_error: https://github.com/v/r/issues/new
  footer:
    - {{text: Privacy, url: /privacy/}}
expiring_soon_days: 60
"""


def problems_of(tmp_path: Path, text: str) -> list[tuple[int, str, str, str]]:
    path = tmp_path / "certreg.yaml"
    path.write_text(text, encoding="utf-8")
    config, problems = read_config(path)
    assert (config is None) == any(p.severity == "error" for p in problems)
    return [(p.line, p.code, p.field, p.hint) for p in problems]


def test_a_valid_file_reads_as_written(tmp_path: Path) -> None:
    path = tmp_path / "certreg.yaml"
    path.write_text(VALID, encoding="utf-8")
    config, problems = read_config(path)
    assert problems == [] and config is not None
    assert config.get("site", "name") == "Registre: «Qualité» & Co #1"
    assert config.expiring_soon_days == 60 and config.schema_version == SCHEMA_VERSION
    assert config.folder == tmp_path


def test_unknown_key_names_line_key_and_the_close_one(tmp_path: Path) -> None:
    found = problems_of(tmp_path, VALID.replace("  colors:", "  colours:"))
    assert found == [(4, "SCH002", "site.colours", "did you mean `colors`?")]


@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ("contact: mailto:r@verband.example", "contact: r@verband.example", 7, "operator.contact"),
        ('brand: "#0b5394"', "brand: blue", 4, "site.colors.brand"),
        ("expiring_soon_days: 60", "expiring_soon_days: -1", 13, "expiring_soon_days"),
        ("expiring_soon_days: 60", "expiring_soon_days: sixty", 13, "expiring_soon_days"),
        ("url: /privacy/}", 'url: "javascript:alert(1)"}', 12, "links.footer[0].url"),
        (
            "source_repository: https://github.com/v/r",
            "source_repository: https://github.com/v/r/",
            9,
            "links.source_repository",
        ),
    ],
)
def test_a_wrong_value_is_located_with_a_fix(tmp_path: Path, old: str, new: str, line: int, field: str) -> None:
    assert old in VALID
    ((found_line, code, found_field, hint),) = problems_of(tmp_path, VALID.replace(old, new))
    assert (found_line, code, found_field) == (line, "SCH001", field)
    assert hint


def test_a_missing_required_key_and_a_missing_logo(tmp_path: Path) -> None:
    text = VALID.replace("  report_error: https://github.com/v/r/issues/new\n", "").replace(
        "site:\n", "site:\n  logo: art/logo.svg\n"
    )
    found = problems_of(tmp_path, text)
    assert [(code, field) for _, code, field, _ in found] == [("CFG001", "site.logo"), ("SCH003", "links.report_error")]
    (tmp_path / "art").mkdir()
    (tmp_path / "art" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    assert [code for _, code, _, _ in problems_of(tmp_path, text)] == ["SCH003"]


def test_an_older_schema_version_names_migrate_and_a_newer_one_upgrade(tmp_path: Path) -> None:
    older = problems_of(tmp_path, VALID.replace(f"schema_version: {SCHEMA_VERSION}", "schema_version: 1"))
    assert [(line, code) for line, code, _, _ in older] == [(1, "CFG002")] and "certreg migrate" in older[0][3]
    newer = problems_of(tmp_path, VALID.replace(f"schema_version: {SCHEMA_VERSION}", "schema_version: 99"))
    assert [code for _, code, _, _ in newer] == ["CFG002"] and "upgrade certreg" in newer[0][3]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("site: [\n", "YAML001"),
        ("- a\n- b\n", "SCH001"),
        (VALID + "site:\n  name: again\n", "YAML002"),
        ("", "YAML001"),
    ],
)
def test_broken_files_are_problems_not_crashes(tmp_path: Path, text: str, code: str) -> None:
    assert code in [found[1] for found in problems_of(tmp_path, text)]


def test_further_languages_become_the_languages_setting(tmp_path: Path) -> None:
    path = tmp_path / "certreg.yaml"
    path.write_text(VALID.replace("  colors:", "  language: en\n  languages: [de, fr]\n  colors:"), encoding="utf-8")
    config, problems = read_config(path)
    assert problems == [] and config is not None
    assert settings_for(config)["LANGUAGES"] == ("de", "fr")
    assert settings_for(config)["DEFAULT_LANG"] == "en"


@pytest.mark.parametrize("languages", ["de", "[de, de]", "[Deutsch]", "[de/../x]"])
def test_further_languages_must_be_distinct_language_tags(tmp_path: Path, languages: str) -> None:
    found = problems_of(tmp_path, VALID.replace("  colors:", f"  languages: {languages}\n  colors:"))
    assert [(line, code, field.partition("[")[0]) for line, code, field, _ in found] == [
        (4, "SCH001", "site.languages")
    ]
