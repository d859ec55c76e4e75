"""A rebuild on a day when one certificate changes status renders that organization's pages, not its neighbours'.

fir-future's certificate from beta-cert takes effect on 2026-11-30: beta-cert's counts change that
day, and its other certificates (brook-expiring, xss-test) show nothing that changed.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from certreg.build.staging import build_site
from tests.build.test_incremental import FORKED
from tests.build.test_language_cache import CERTIFICATE_PAGE, ORGANIZATION_PAGE, organization_pages, rendered
from tests.build.test_staging import SITE_FIXTURE, tree_digest

DAY_BEFORE, TAKES_EFFECT = date(2026, 11, 29), date(2026, 11, 30)


def detail_pages(names: set[str]) -> set[str]:
    """The organization and certificate pages among rendered page names."""
    return {name for name in names if ORGANIZATION_PAGE.match(name) or CERTIFICATE_PAGE.match(name)}


def test_a_status_change_renders_the_pages_of_its_organization_only(tmp_path: Path, renders: Path) -> None:
    registry, output, cache = tmp_path / "registry", tmp_path / "output", tmp_path / "cache"
    shutil.copytree(SITE_FIXTURE, registry)
    build_site(registry, output, DAY_BEFORE, FORKED, cache)
    assert detail_pages(rendered(renders)) >= organization_pages(output, "brook-expiring")  # the spy sees them
    build_site(registry, output, TAKES_EFFECT, FORKED, cache)
    again = detail_pages(rendered(renders))
    assert again == organization_pages(output, "fir-future")
    assert not again & organization_pages(output, "brook-expiring")  # same body, nothing of theirs changed
    cold = tmp_path / "cold"
    build_site(registry, cold, TAKES_EFFECT, FORKED)
    assert tree_digest(output) == tree_digest(cold)
