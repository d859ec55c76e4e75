"""A small registry in its own git repository, with a year of dated commits, for the follow-a-supplier tests.

History of `registry/` (committer dates in UTC):
- 2026-01-10 `LISTED_DAY`: tests/fixtures/site as it is, except Anchor's AC-1002 scope and Brook's record;
- 2026-10-01 `CHANGED_DAY`: AC-1002's scope and expiry changed (the scope as it is in the fixture);
- 2026-11-20 `ADDED_DAY`: Brook Expiring Ltd added;
- 2026-12-05 (after the build date): Cedar's city changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from certreg.enrich.site import Site, enrich
from certreg.load.loader import load_registry

SITE_FIXTURE = Path(__file__).parent / "fixtures" / "site"
BUILD_DATE = date(2026, 11, 26)
LISTED_DAY = date(2026, 1, 10)
CHANGED_DAY = date(2026, 10, 1)
ADDED_DAY = date(2026, 11, 20)
LATER_DAY = date(2026, 12, 5)
OLD_SCOPE = "Machining of aluminium housings"
NEW_SCOPE = "Manufacture of precision turned parts"
SITEURL = "https://certreg.example.org"
COMMIT_URL = "https://github.com/certreg/certreg/commit/"


@dataclass
class FollowRegistry:
    """The repository, its registry folder and the commit ids, oldest first."""

    root: Path
    registry: Path
    commits: list[str]

    def site(self, build_date: date = BUILD_DATE) -> Site:
        """Enrich the registry as it is now at `build_date`."""
        return enrich(load_registry(self.registry), build_date)


def commit(root: Path, day: date, message: str) -> str:
    """Commit everything with author and committer date `day` at noon UTC; return the commit id."""
    stamp = f"{day.isoformat()}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    run = {"cwd": root, "env": env, "check": True, "capture_output": True}
    subprocess.run(["git", "add", "-A"], **run)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", message], **run)
    return subprocess.run(["git", "rev-parse", "HEAD"], **run, text=True).stdout.strip()


def make_follow_registry(root: Path) -> FollowRegistry:
    """Build the repository described in this module's docstring."""
    registry = root / "registry"
    shutil.copytree(SITE_FIXTURE, registry)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    anchor = registry / "organizations" / "anchor-valid.yaml"
    brook = registry / "organizations" / "brook-expiring.yaml"
    cedar = registry / "organizations" / "cedar-suspended.yaml"
    current, brook_text = anchor.read_text(encoding="utf-8"), brook.read_text(encoding="utf-8")
    earlier = current.replace(f"scope: {NEW_SCOPE}", f"scope: {OLD_SCOPE}").replace(
        "expires: 2026-11-20", "expires: 2026-11-01"
    )
    assert earlier != current
    anchor.write_text(earlier, encoding="utf-8")
    brook.unlink()
    commits = [commit(root, LISTED_DAY, "first listing")]
    anchor.write_text(current, encoding="utf-8")
    commits.append(commit(root, CHANGED_DAY, "AC-1002: scope and expiry as published"))
    brook.write_text(brook_text, encoding="utf-8")
    commits.append(commit(root, ADDED_DAY, "add Brook"))
    cedar.write_text(cedar.read_text(encoding="utf-8").replace("city: Lyon", "city: Lyon 3e"), encoding="utf-8")
    commits.append(commit(root, LATER_DAY, "Cedar moved"))
    return FollowRegistry(root, registry, commits)
