"""Validation kept between builds: the same problems as a run without it, and only changed records checked again."""

from __future__ import annotations

import inspect
import pickle
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

import certreg.validate.kept as kept_module
from certreg.core.kept import read_store
from certreg.core.problems import Problem
from certreg.load.cache import CachedReader
from certreg.load.loader import Registry, load_registry
from certreg.validate.kept import VALIDATION_FILE, open_validation
from certreg.validate.rules.table import DATED, RULES
from certreg.validate.validator import validate
from tests.conftest import BUILD_DATE, organization_yaml
from tests.kept_store import other_version, rewrite, truncate

LATER = "2027-06-01"  # issued more than the allowed days after the build date: REG006, a dated rule


def with_errors() -> dict[str, str]:
    """Organizations with problems of every kind: schema, record rules, dated rules, rules across records."""
    return {
        "organizations/beta-werke.yaml": organization_yaml(number="TC-0002"),
        # REG008 with beta-werke (one number, another file) and REG012 (same name once folded)
        "organizations/beta-werke-ag.yaml": organization_yaml("BETA Werke AG", number="tc 0002"),
        # REG002 (unknown edition) and SCH001 (not a date)
        "organizations/gamma.yaml": organization_yaml("Gamma Ltd", number="G-1", standards="ISO 9001:2016")
        + "    original_issue: someday\n",
        # REG006: issued after the build date
        "organizations/delta.yaml": organization_yaml("Delta SA", number="D-1", issued=LATER, expires="2029-01-01"),
        # REG003: no such certification body; REG010: not a web address
        "organizations/epsilon.yaml": organization_yaml("Epsilon Oy", number="E-1", body="nobody").replace(
            "https://test-cert.example/directory/E-1", "test-cert.example"
        ),
        # YAML002: a repeated key
        "organizations/zeta.yaml": "name: Zeta\nname: Zeta again\n",
        # REG014 once test-cert loses its ISO 14001 accreditation
        "organizations/eta.yaml": organization_yaml("Eta AB", number="H-1", standards="ISO 14001:2015"),
    }


def load(root: Path) -> Registry:
    """Load as a build does: through the reader that gives each document its digest."""
    return load_registry(root, CachedReader(None, root))


def uncached(root: Path, on: date = BUILD_DATE) -> list[Problem]:
    """The problems of a run without anything kept."""
    return validate(load(root), on)


def cached(root: Path, cache: Path, on: date = BUILD_DATE) -> list[Problem]:
    """The problems of a run with the validation kept in `cache`, which it then keeps for the next run."""
    kept = open_validation(cache)
    problems = validate(load(root), on, kept)
    kept.save()
    return problems


@pytest.fixture
def registry(make_registry: Callable[..., Path]) -> Path:
    """A registry with errors in several files."""
    return make_registry(with_errors())


def codes(problems: list[Problem]) -> set[str]:
    """The codes found."""
    return {problem.code for problem in problems}


def test_a_kept_run_finds_exactly_the_problems_of_a_run_without_it(registry: Path, tmp_path: Path) -> None:
    expected = uncached(registry)
    assert {"REG002", "REG003", "REG006", "REG008", "REG010", "REG012", "SCH001", "YAML002"} <= codes(expected)
    assert cached(registry, tmp_path / "cache") == expected  # nothing kept yet
    assert (tmp_path / "cache" / VALIDATION_FILE).is_file()
    assert cached(registry, tmp_path / "cache") == expected  # everything kept


def test_after_one_record_is_edited_the_kept_run_still_matches(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cached(registry, cache)
    gamma = registry / "organizations/gamma.yaml"
    gamma.write_text(gamma.read_text().replace("ISO 9001:2016", "ISO 9001:2015"), encoding="utf-8")
    beta = registry / "organizations/beta-werke-ag.yaml"
    beta.write_text(beta.read_text().replace("tc 0002", "TC-0009"), encoding="utf-8")
    expected = uncached(registry)
    assert "REG002" not in codes(expected) and "REG008" not in codes(expected)
    assert cached(registry, cache) == expected


def test_after_a_certification_body_is_edited_its_records_are_checked_again(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = cached(registry, cache)
    body = registry / "certification-bodies/test-cert.yaml"
    body.write_text(body.read_text().replace("ISO 9001, ISO 14001,", "ISO 9001,"), encoding="utf-8")
    (registry / "certification-bodies/nobody.yaml").write_text((body.read_text()), encoding="utf-8")
    expected = uncached(registry)
    assert "REG014" in codes(expected) and "REG014" not in codes(before)
    assert "REG003" not in codes(expected)  # the body epsilon cites exists now
    assert cached(registry, cache) == expected


def test_after_a_standard_or_the_build_date_changes_the_kept_run_still_matches(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cached(registry, cache)
    later = BUILD_DATE + timedelta(days=400)
    expected = uncached(registry, later)
    assert "REG006" not in codes(expected)  # delta's issue date is no longer ahead
    assert cached(registry, cache, later) == expected
    standards = registry / "standards.yaml"
    standards.write_text(standards.read_text().replace('edition: "2015"', 'edition: "2015-x"', 1), encoding="utf-8")
    expected = uncached(registry)
    assert cached(registry, cache) == expected


def test_an_unchanged_record_is_not_checked_again(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cached(registry, cache)
    checked: list[list[str]] = []
    real = kept_module.check_schema

    def spy(part: Registry) -> list[Problem]:
        checked.append([document.slug for document in part.organizations])
        return real(part)

    monkeypatch.setattr(kept_module, "check_schema", spy)
    cached(registry, cache)
    gamma = registry / "organizations/gamma.yaml"
    gamma.write_text(gamma.read_text() + "    accredited: false\n", encoding="utf-8")
    cached(registry, cache)
    assert checked == [[], ["gamma"]]


@pytest.mark.parametrize(
    "damage",
    [
        truncate,
        lambda path: path.write_bytes(b"garbage, not a store"),
        lambda path: path.write_bytes(pickle.dumps({"a": "a pickle, as an older certreg kept"})),
        other_version,
        lambda path: path.unlink(),
    ],
    ids=["truncated", "garbage", "wrong-format", "other-version", "deleted"],
)
def test_a_damaged_or_foreign_cache_gives_the_problems_of_a_run_without_it(
    registry: Path, tmp_path: Path, damage: Callable[[Path], object]
) -> None:
    cache = tmp_path / "cache"
    cached(registry, cache)
    gamma = registry / "organizations/gamma.yaml"
    gamma.write_text(gamma.read_text().replace("ISO 9001:2016", "ISO 9001:2015"), encoding="utf-8")
    damage(cache / VALIDATION_FILE)
    assert cached(registry, cache) == uncached(registry)


def test_values_kept_by_other_code_are_not_trusted(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cached(registry, cache)
    version = read_store(cache / VALIDATION_FILE)[0]

    def lying(value: tuple) -> tuple:
        """As if every record had no problem (REG012's name keys as they are)."""
        return ((), ()) if value and isinstance(value[0], tuple) else value

    rewrite(cache / VALIDATION_FILE, "other code", lying)
    assert cached(registry, cache) == uncached(registry)
    rewrite(cache / VALIDATION_FILE, version, lying)
    assert cached(registry, cache) != uncached(registry)  # the version is what makes a value trusted


def test_every_rule_that_reads_the_build_date_runs_on_every_record() -> None:
    for rule in RULES:
        if "build_date" in inspect.getsource(rule.check):
            assert rule.reads == DATED, rule.code
