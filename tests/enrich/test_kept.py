"""Enrichment kept between builds: the site of a run without it, and unchanged organizations not enriched again."""

from __future__ import annotations

import marshal
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import certreg.enrich.kept as kept_module
from certreg.core.i18n import Translator, translator
from certreg.enrich.events import all_events
from certreg.enrich.kept import ENRICHMENT_FILE
from certreg.enrich.pipeline import load_site
from certreg.enrich.site import Site, build_tables, date_boundaries, enrich
from certreg.load.cache import CachedReader
from certreg.load.loader import load_registry
from tests.follow_fixture import BUILD_DATE, COMMIT_URL, FollowRegistry, commit, make_follow_registry
from tests.kept_store import other_version, rewrite, truncate

NEXT_DAY = BUILD_DATE + timedelta(days=1)


@pytest.fixture
def repo(tmp_path: Path) -> FollowRegistry:
    """The follow registry in its own git repository (its own copy: tests change it)."""
    return make_follow_registry(tmp_path / "repo")


def site_of(
    repo: FollowRegistry, cache: Path | None, on: date = BUILD_DATE, tr: Translator | None = None, **settings: Any
) -> Site:
    """Load, validate and enrich as a build does, with the history; with `cache`, keeping what it can there."""
    reader = CachedReader(cache, repo.registry)
    tr = tr or translator("en")
    options = {"history": True, "commit_url": COMMIT_URL, **settings}
    days = options.pop("days", 30)
    return load_site(repo.registry, on, days, reader, tr, cache_dir=cache, **options)


def same(site: Site, other: Site) -> None:
    """Assert two sites hold the same records, groups and events."""
    assert site.organizations == other.organizations
    assert site.certificates == other.certificates
    assert site.events == other.events
    assert replace(site, translator=None) == replace(other, translator=None)  # one translator per run


def test_a_kept_enrichment_gives_the_site_of_a_run_without_it(repo: FollowRegistry, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = site_of(repo, None)
    assert expected.events and any(event["kind"] == "changed" for event in expected.events)
    assert expected.events == all_events(expected, expected.history)  # the events of every certificate, in order
    plain = enrich(load_registry(repo.registry), BUILD_DATE, 30, expected.translator)
    assert plain.organizations == expected.organizations  # what enrich gives without anything kept
    same(site_of(repo, cache), expected)
    assert (cache / ENRICHMENT_FILE).is_file()
    same(site_of(repo, cache), expected)
    same(site_of(repo, cache, NEXT_DAY), site_of(repo, None, NEXT_DAY))


def shared_objects(site: Site) -> tuple[int, int, int]:
    """How many distinct objects hold the site's standard references, accreditations and one-line scopes."""
    certificates = [
        certificate for organization in site.organizations for certificate in organization["certifications"]
    ]
    refs = {id(ref) for certificate in certificates for ref in certificate["standard_refs"]}
    accreditations = {id(c["accreditation"]) for c in certificates if c["accreditation"] is not None}
    scopes = {id(c["scope_line"]) for c in certificates} | {id(c["scope"]) for c in certificates}
    return len(refs), len(accreditations), len(scopes)


def test_a_kept_enrichment_shares_what_a_fresh_one_shares(repo: FollowRegistry, tmp_path: Path) -> None:
    """Taken from the cache, the records hold one object per cited edition and accreditation, as enriched."""
    cache = tmp_path / "cache"
    fresh = site_of(repo, cache)
    kept = site_of(repo, cache)
    same(kept, fresh)
    refs, accreditations, scopes = shared_objects(fresh)
    assert refs < sum(len(c["standard_refs"]) for c in fresh.certificates)  # some edition is cited twice
    assert shared_objects(kept) == (refs, accreditations, scopes)


def test_an_unchanged_organization_is_not_enriched_again(
    repo: FollowRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    site_of(repo, cache)
    enriched: list[str] = []
    real = kept_module.enrich_organization

    def spy(slug: str, *args: object) -> dict:
        enriched.append(slug)
        return real(slug, *args)

    monkeypatch.setattr(kept_module, "enrich_organization", spy)
    site_of(repo, cache)
    assert enriched == []
    record = repo.registry / "organizations/brook-expiring.yaml"
    record.write_text(record.read_text().replace("Brook Expiring Ltd", "Brook Renamed Ltd"), encoding="utf-8")
    site = site_of(repo, cache)
    assert enriched == ["brook-expiring"]
    monkeypatch.undo()
    same(site, site_of(repo, None))


def test_a_new_commit_changes_the_events_of_its_organization_only(repo: FollowRegistry, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    site_of(repo, cache)
    record = repo.registry / "organizations/brook-expiring.yaml"
    record.write_text(record.read_text().replace("Brook Expiring Ltd", "Brook Renamed Ltd"), encoding="utf-8")
    commit(repo.root, BUILD_DATE, "rename Brook")
    site = site_of(repo, cache)
    assert any("Brook Renamed Ltd" in event["headline"] for event in site.events)
    same(site, site_of(repo, None))


def test_a_certification_body_or_the_language_changed_is_not_taken_from_the_kept_enrichment(
    repo: FollowRegistry, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    site_of(repo, cache)
    german = site_of(repo, cache, tr=translator("de"))
    same(german, site_of(repo, None, tr=translator("de")))
    assert german.organizations != site_of(repo, None).organizations  # the country names are German
    body = next((repo.registry / "certification-bodies").glob("*.yaml"))
    text = body.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name: "))
    body.write_text(text.replace(name, "name: Renamed Certification Body"), encoding="utf-8")
    site = site_of(repo, cache)
    assert any(c["certification_body_name"] == "Renamed Certification Body" for c in site.certificates)
    same(site, site_of(repo, None))


def renamed(value: Any) -> Any:
    """A kept organization renamed (kept events as they are): what a lying cache would give."""
    since, until, organization, events = value
    return since, until, marshal.dumps({**marshal.loads(organization), "name": "wrong"}), events


@pytest.mark.parametrize(
    "damage",
    [truncate, lambda path: path.write_bytes(b"garbage"), other_version, lambda path: path.unlink()],
    ids=["truncated", "garbage", "other-version", "deleted"],
)
def test_a_damaged_or_foreign_cache_gives_the_site_of_a_run_without_it(
    repo: FollowRegistry, tmp_path: Path, damage: Callable[[Path], object]
) -> None:
    cache = tmp_path / "cache"
    site_of(repo, cache)
    rewrite(cache / ENRICHMENT_FILE, change=renamed)
    assert {o["name"] for o in site_of(repo, cache).organizations} == {"wrong"}  # the version makes it trusted
    damage(cache / ENRICHMENT_FILE)
    same(site_of(repo, cache), site_of(repo, None))


@pytest.mark.parametrize(
    "settings",
    [{"days": 400}, {"history": False}, {"commit_url": "https://git.example/c/"}],
    ids=["expiring-soon-days", "history-off", "commit-url"],
)
def test_other_settings_are_not_taken_from_the_kept_enrichment(
    repo: FollowRegistry, tmp_path: Path, settings: dict[str, Any]
) -> None:
    cache = tmp_path / "cache"
    usual = site_of(repo, cache)
    other = site_of(repo, cache, **settings)
    assert other.events != usual.events or other.organizations != usual.organizations
    same(other, site_of(repo, None, **settings))


def test_the_next_day_enriches_again_only_the_organizations_with_a_date_boundary_on_it(
    repo: FollowRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = site_of(repo, cache)
    tables = build_tables(load_registry(repo.registry), first.standards, 30, first.accreditation_bodies)
    registry = load_registry(repo.registry)
    boundary = {d.slug for d in registry.organizations if NEXT_DAY in (date_boundaries(d.data, tables) or ())}
    calls: list[str] = []
    for name in ("enrich_organization", "candidate_events"):
        real = getattr(kept_module, name)
        monkeypatch.setattr(kept_module, name, lambda *args, real=real, name=name: calls.append(name) or real(*args))
    enriched: list[str] = []
    real_enrich = kept_module.enrich_organization
    monkeypatch.setattr(
        kept_module, "enrich_organization", lambda slug, *a: enriched.append(slug) or real_enrich(slug, *a)
    )
    site = site_of(repo, cache, NEXT_DAY)
    assert "candidate_events" not in calls and sorted(enriched) == sorted(boundary)
    monkeypatch.undo()
    same(site, site_of(repo, None, NEXT_DAY))
    later = BUILD_DATE + timedelta(days=200)  # statuses change, published events too, and the history's window
    site = site_of(repo, cache, later)
    expected = site_of(repo, None, later)
    assert expected.events != site_of(repo, None).events
    same(site, expected)
