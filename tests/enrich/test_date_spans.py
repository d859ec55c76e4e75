"""An enriched organization changes only on one of its date boundaries, so it is kept for the days between two.

`site.date_boundaries` lists the days on which an organization's enrichment may change; the kept
enrichment (enrich/kept.py) is reused on every other day. These tests enrich every organization of the
demo registry, of a synthetic one and of hand-made records with the nastiest dates on every day of a
year around the build date and on each boundary and the days either side, and fail on any day the
enrichment changes that is not a boundary: a status boundary missed would show a visitor yesterday's
status. Through the kept store, a run of builds on those days gives what a fresh enrichment gives.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks.synth import write_registry
from certreg.core.i18n import translator
from certreg.core.kept import Kept
from certreg.enrich.kept import KeptOrganizations
from certreg.enrich.site import Tables, build_tables, date_boundaries, enrich, enrich_organization, enrich_standards
from certreg.enrich.status import EXPIRING_SOON_DAYS, REVERIFY_AFTER_DAYS
from certreg.load.cache import CachedReader
from certreg.load.history import History
from certreg.load.loader import Registry, load_registry

TODAY = date(2026, 11, 26)
DEMO = Path(__file__).parents[2] / "registry"
SOON = EXPIRING_SOON_DAYS
DAY = timedelta(days=1)


def iso(day: date) -> str:
    """A date as a record writes it."""
    return day.isoformat()


def certificate(number: str, **fields: Any) -> dict[str, Any]:
    """A valid certificate of the demo registry's shape, with `fields` changed."""
    return {
        "certificate_number": number,
        "standards": ["ISO 9001:2015"],
        "certification_body": "nordcert",
        "accredited": True,
        "scope": "Operation and maintenance\n\nof onshore wind turbines",
        "issued": iso(TODAY - timedelta(days=700)),
        "expires": iso(TODAY + timedelta(days=395)),
        "source": "https://nordcert.example/x",
        "last_verified": iso(TODAY - timedelta(days=30)),
        **fields,
    }


def nasty_certificates() -> list[dict[str, Any]]:
    """Certificates whose dates fall on, just before and just after every comparison the statuses make."""
    days = {"yesterday": -1, "today": 0, "tomorrow": 1}
    made = [certificate(f"EXP-{name}", expires=iso(TODAY + timedelta(days=d))) for name, d in days.items()]
    made += [certificate(f"SOON-{name}", expires=iso(TODAY + timedelta(days=SOON + d))) for name, d in days.items()]
    made += [certificate(f"ISS-{name}", issued=iso(TODAY + timedelta(days=d))) for name, d in days.items()]
    made += [
        certificate(f"VER-{d}", last_verified=iso(TODAY - timedelta(days=REVERIFY_AFTER_DAYS + d))) for d in (-1, 0, 1)
    ]
    made += [
        certificate("SUSP", status="suspended", status_date=iso(TODAY - DAY), status_note="Major nonconformity"),
        certificate("SUSP-EXP", status="suspended", status_date=iso(TODAY), expires=iso(TODAY + DAY)),
        certificate("WDR", status="withdrawn", status_date=iso(TODAY), expires=iso(TODAY - DAY)),
        certificate("REINSTATED", status="active", status_date=iso(TODAY - DAY), expires=iso(TODAY + timedelta(SOON))),
        # Editions whose transitions ended: 2008 on 2018-09-15, 2000 on 2010-11-15 (the earlier one is named).
        certificate("ED-2008", standards=["ISO 9001:2008"], issued="2016-01-10", expires="2019-01-09"),
        certificate("ED-TWO", standards=["ISO 9001:2008", "ISO 9001:2000"], issued="2009-01-10", expires="2019-01-09"),
        certificate(
            "ED-SUSP", standards=["ISO 9001:2008"], issued="2016-01-10", expires="2018-10-01", status="suspended"
        ),
        certificate("AAA", expires=iso(TODAY + timedelta(days=SOON)), issued=iso(TODAY + DAY)),  # not yet valid first
    ]
    return made


def nasty_records() -> dict[str, dict[str, Any]]:
    """One organization per nasty certificate, and one holding them all (its summary and order change daily)."""
    base = {"name": "Ærø «Vindenergi» & Søn ApS", "country": "DK", "city": "Ærøskøbing"}
    made = nasty_certificates()
    records = {f"nasty-{c['certificate_number'].lower()}": {**base, "certifications": [c]} for c in made}
    records["nasty-all"] = {**base, "certifications": copy.deepcopy(made)}
    return records


def write_records(registry: Path, records: dict[str, dict[str, Any]]) -> None:
    """Write records as YAML files of a registry folder (dates as plain YAML dates)."""
    for slug, record in records.items():
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
        (registry / "organizations" / f"{slug}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def nasty_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo registry's shared files with only the hand-made organizations."""
    registry = tmp_path_factory.mktemp("nasty") / "registry"
    registry.mkdir()
    for name in ("standards.yaml", "accreditation-bodies.yaml"):
        (registry / name).write_bytes((DEMO / name).read_bytes())
    (registry / "certification-bodies").mkdir()
    for body in (DEMO / "certification-bodies").iterdir():
        (registry / "certification-bodies" / body.name).write_bytes(body.read_bytes())
    (registry / "organizations").mkdir()
    write_records(registry, nasty_records())
    return registry


@pytest.fixture(scope="module")
def synthetic_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic registry of the benchmark's shapes."""
    registry = tmp_path_factory.mktemp("synth") / "registry"
    write_registry(registry, 40, seed=7, today=TODAY)
    return registry


class Days:
    """Each day's tables (built at that day, as a build does) and enrichments, computed once."""

    def __init__(self, registry: Registry) -> None:
        """Enrich `registry`'s organizations on demand."""
        self.registry = registry
        data = registry.accreditation_bodies.data if registry.accreditation_bodies else {}
        self.accreditation_bodies = {slug: {**body, "slug": slug} for slug, body in sorted(data.items())}

    @functools.cache  # noqa: B019 (one per test, dropped with it)
    def tables(self, on: date) -> Tables:
        """The lookups of a build on `on`."""
        return build_tables(self.registry, enrich_standards(self.registry, on), SOON, self.accreditation_bodies)

    def enriched(self, slug: str, raw: dict[str, Any], on: date) -> dict[str, Any]:
        """The organization enriched afresh at `on`."""
        return enrich_organization(slug, raw, self.tables(on), on)


def changes_only_on_boundaries(registry: Registry, around: Iterable[date]) -> int:
    """Assert each organization's enrichment changes only on its boundaries; the number of days checked."""
    days, checked = Days(registry), 0
    for document in registry.organizations:
        boundaries = date_boundaries(document.data, days.tables(TODAY))
        assert boundaries is not None, document.slug
        edges = {day + timedelta(days=shift) for day in boundaries for shift in (-1, 0, 1)}
        previous: tuple[date, dict[str, Any]] | None = None
        for day in sorted({*around, *edges}):
            now = days.enriched(document.slug, document.data, day)
            if previous is None or previous[0] != day - DAY:
                previous = (day - DAY, days.enriched(document.slug, document.data, day - DAY))
            if now != previous[1]:
                assert day in boundaries, f"{document.slug} changes on {day}, which is no boundary"
            previous, checked = (day, now), checked + 1
    return checked


def year_around(day: date) -> list[date]:
    """Every day from half a year before `day` to half a year after."""
    return [day + timedelta(days=offset) for offset in range(-183, 183)]


def test_hand_made_records_change_only_on_their_boundaries(nasty_registry: Path) -> None:
    registry = load_registry(nasty_registry)
    assert not registry.problems
    assert changes_only_on_boundaries(registry, year_around(TODAY)) > 365 * len(registry.organizations)


def test_the_demo_registry_changes_only_on_its_boundaries() -> None:
    registry = load_registry(DEMO)
    assert changes_only_on_boundaries(registry, year_around(TODAY)[::3]) > 100 * len(registry.organizations)


def test_a_synthetic_registry_changes_only_on_its_boundaries(synthetic_registry: Path) -> None:
    registry = load_registry(synthetic_registry)
    assert changes_only_on_boundaries(registry, year_around(TODAY)[::2]) > 150 * len(registry.organizations)


def test_every_boundary_is_a_day_the_status_or_the_reverification_flag_changes(nasty_registry: Path) -> None:
    registry = load_registry(nasty_registry)
    days = Days(registry)
    record = next(d for d in registry.organizations if d.slug == "nasty-exp-today")
    boundaries = date_boundaries(record.data, days.tables(TODAY))
    assert boundaries == {
        TODAY - timedelta(days=700),  # issued
        TODAY + DAY,  # expired
        TODAY - timedelta(days=SOON),  # expiring soon
        TODAY - timedelta(days=30) + timedelta(days=REVERIFY_AFTER_DAYS + 1),  # needs re-verification
    }
    status = [days.enriched(record.slug, record.data, day)["best_status"] for day in (TODAY, TODAY + DAY)]
    assert status == ["expiring_soon", "expired"]


def builds_on(registry_path: Path, cache: Path, days: list[date]) -> None:
    """Builds one after the other on `days` with one kept store: each gives a fresh enrichment's organizations."""
    tr = translator("en")
    history = History(available=False, reason="not read")
    for day in days:
        registry = load_registry(registry_path, CachedReader(cache, registry_path))
        kept = Kept(cache / "enrichment.sqlite", "test", "enriching every record")
        site = enrich(registry, day, SOON, tr, KeptOrganizations(kept, registry, history))
        kept.save()
        assert site.organizations == enrich(load_registry(registry_path), day, SOON, tr).organizations, day


def test_kept_organizations_over_every_boundary_are_a_fresh_enrichment(nasty_registry: Path, tmp_path: Path) -> None:
    registry = load_registry(nasty_registry)
    tables = Days(registry).tables(TODAY)
    boundaries = set().union(*(date_boundaries(d.data, tables) or set() for d in registry.organizations))
    days = sorted({day + timedelta(days=shift) for day in boundaries for shift in (-1, 0, 1)})
    builds_on(nasty_registry, tmp_path / "cache", days)
    builds_on(nasty_registry, tmp_path / "cache", days[::-1])  # backwards too: a span holds either way
