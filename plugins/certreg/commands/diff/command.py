"""`certreg diff BASE [HEAD]`: what a change does to the registry, for a pull-request comment.

Each side is read from git (`git archive` of the registry folder at that revision) or, for a missing
HEAD, from the working tree. Organizations are matched by slug, certificates by (certification body,
certificate number), certification bodies by slug; fields are compared as written. Effective statuses
are computed for both sides at one build date. A side that does not validate is still compared as far
as it loaded, and the problems are noted instead of stopping the command.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from certreg.commands.common import EXIT_OK, EXIT_USAGE, add_registry_options, check_and_enrich, show
from certreg.commands.diff.formats import FORMATS
from certreg.core.dates import resolve_build_date
from certreg.load.loader import Registry, load_registry

WORKING_TREE = "working tree"
CertKey = tuple[str, str]


class DiffError(Exception):
    """A revision or repository that cannot be read (a usage problem)."""


@dataclass
class Side:
    """One side of the comparison: records by key, effective statuses, and notes."""

    label: str
    organizations: dict[str, dict[str, Any]] = field(default_factory=dict)
    certificates: dict[CertKey, dict[str, Any]] = field(default_factory=dict)
    owners: dict[CertKey, str] = field(default_factory=dict)
    certification_bodies: dict[str, dict[str, Any]] = field(default_factory=dict)
    statuses: dict[CertKey, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class Change:
    """One field whose value differs; None for a value that is absent on that side."""

    record: str
    key: str
    field: str
    old: Any
    new: Any


@dataclass
class Diff:
    """Everything `certreg diff` reports."""

    base: str
    head: str
    build_date: date
    organizations_added: list[dict[str, Any]] = field(default_factory=list)
    organizations_removed: list[dict[str, Any]] = field(default_factory=list)
    certificates_added: list[dict[str, Any]] = field(default_factory=list)
    certificates_removed: list[dict[str, Any]] = field(default_factory=list)
    certification_bodies_added: list[str] = field(default_factory=list)
    certification_bodies_removed: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    status_changes: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing at all differs."""
        return not any(
            (
                self.organizations_added,
                self.organizations_removed,
                self.certificates_added,
                self.certificates_removed,
                self.certification_bodies_added,
                self.certification_bodies_removed,
                self.changes,
                self.status_changes,
            )
        )


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `certreg diff` to the command line."""
    parser = subparsers.add_parser(
        "diff",
        help="compare the registry at two git revisions",
        description="List organizations and certificates added or removed, fields changed (old and new value) "
        "and effective-status changes at the build date, between BASE and HEAD (default: the working tree).",
    )
    parser.add_argument("base", metavar="BASE", help="git revision to compare from, e.g. origin/main")
    parser.add_argument("head", metavar="HEAD", nargs="?", help="git revision to compare to (default: working tree)")
    add_registry_options(parser)
    parser.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    parser.set_defaults(run=command_diff)


def command_diff(args: argparse.Namespace) -> int:
    """Print the differences; exit 0 whatever they are, 2 when a revision cannot be read."""
    build_date = resolve_build_date(args.today)
    try:
        with tempfile.TemporaryDirectory(prefix="certreg-diff-") as scratch:
            base = read_side(args.registry, args.base, Path(scratch) / "base", build_date)
            head_label = args.head or WORKING_TREE
            head = read_side(args.registry, args.head, Path(scratch) / "head", build_date)
    except DiffError as exc:
        print(f"certreg: {exc}", file=sys.stderr)
        return EXIT_USAGE
    diff = compare(base, head, build_date)
    diff.base, diff.head = args.base, head_label
    sys.stdout.write(FORMATS[args.format](diff))
    return EXIT_OK


def git(args: list[str], cwd: Path, binary: bool = False) -> Any:
    """Run git and return its output; raise DiffError with git's message when it fails."""
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(f"git {args[0]} failed: {message[-1] if message else 'exit ' + str(result.returncode)}")
    return result.stdout if binary else result.stdout.decode("utf-8").strip()


def extract_at(registry: Path, revision: str, scratch: Path) -> Path | None:
    """Unpack the registry folder as it was at `revision`; None when it did not exist there."""
    folder = registry.resolve() if registry.exists() else registry.absolute()
    cwd = folder if folder.is_dir() else folder.parent
    top = Path(git(["rev-parse", "--show-toplevel"], cwd))
    try:
        git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top)
    except DiffError:
        raise DiffError(f"{revision!r} is not a commit of the repository at {top}") from None
    inside = folder.relative_to(top).as_posix()
    listed = git(["ls-tree", "-d", "--name-only", revision, "--", inside], top)
    if not listed:
        return None
    archive = git(["archive", "--format=tar", revision, "--", inside], top, binary=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(scratch, filter="data")
    return scratch / inside


def read_side(registry: Path, revision: str | None, scratch: Path, build_date: date) -> Side:
    """Load one side: the working tree (revision None) or the registry at a git revision."""
    label = revision or WORKING_TREE
    if revision is None:
        root: Path | None = registry
    else:
        scratch.mkdir(parents=True)
        root = extract_at(registry, revision, scratch)
    side = Side(label)
    if root is None or not root.is_dir():
        side.notes.append(f"{label}: there is no registry folder {registry}; it is compared as empty")
        return side
    fill_side(side, load_registry(root), build_date)
    return side


def fill_side(side: Side, registry: Registry, build_date: date) -> None:
    """Index a loaded registry's records and effective statuses."""
    for document in registry.organizations:
        if not isinstance(document.data, dict):
            continue
        side.organizations[document.slug] = document.data
        for certificate in certificates_of(document.data):
            key = (str(certificate.get("certification_body")), str(certificate.get("certificate_number")))
            side.certificates[key] = certificate
            side.owners[key] = document.slug
    for document in registry.certification_bodies:
        if isinstance(document.data, dict):
            side.certification_bodies[document.slug] = document.data
    checked = check_and_enrich(registry, build_date)
    side.notes += [f"{side.label}: {note}" for note in checked.notes]
    if checked.site is not None:
        for certificate in checked.site.certificates:
            key = (certificate["certification_body"], certificate["certificate_number"])
            side.statuses[key] = certificate["effective_status"]


def certificates_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the certificate mappings of an organization record, ignoring malformed entries."""
    listed = data.get("certifications")
    return [c for c in listed if isinstance(c, dict)] if isinstance(listed, list) else []


def field_changes(record: str, key: str, old: dict[str, Any], new: dict[str, Any], skip: set[str]) -> list[Change]:
    """Return every field whose written value differs, sorted by field name."""
    names = sorted((set(old) | set(new)) - skip)
    return [Change(record, key, name, old.get(name), new.get(name)) for name in names if old.get(name) != new.get(name)]


def certificate_row(side: Side, key: CertKey) -> dict[str, Any]:
    """Summarize a certificate for the added and removed lists."""
    certificate = side.certificates[key]
    standards = certificate.get("standards")
    return {
        "certification_body": key[0],
        "certificate_number": key[1],
        "organization": side.owners[key],
        "standards": [str(s) for s in standards] if isinstance(standards, list) else [],
        "effective_status": side.statuses.get(key),
    }


def organization_row(side: Side, slug: str) -> dict[str, Any]:
    """Summarize an organization for the added and removed lists."""
    data = side.organizations[slug]
    return {
        "slug": slug,
        "name": show(data.get("name")),
        "country": show(data.get("country")),
        "certificates": len(certificates_of(data)),
    }


def compare(base: Side, head: Side, build_date: date) -> Diff:
    """Return the differences from `base` to `head`, every list sorted."""
    diff = Diff(base.label, head.label, build_date, notes=base.notes + head.notes)
    old_orgs, new_orgs = set(base.organizations), set(head.organizations)
    diff.organizations_added = [organization_row(head, s) for s in sorted(new_orgs - old_orgs)]
    diff.organizations_removed = [organization_row(base, s) for s in sorted(old_orgs - new_orgs)]
    old_certs, new_certs = set(base.certificates), set(head.certificates)
    diff.certificates_added = [certificate_row(head, k) for k in sorted(new_certs - old_certs)]
    diff.certificates_removed = [certificate_row(base, k) for k in sorted(old_certs - new_certs)]
    old_bodies, new_bodies = set(base.certification_bodies), set(head.certification_bodies)
    diff.certification_bodies_added = sorted(new_bodies - old_bodies)
    diff.certification_bodies_removed = sorted(old_bodies - new_bodies)
    for slug in sorted(old_orgs & new_orgs):
        diff.changes += field_changes(
            "organization", slug, base.organizations[slug], head.organizations[slug], {"certifications"}
        )
    for key in sorted(old_certs & new_certs):
        old = {**base.certificates[key], "organization": base.owners[key]}
        new = {**head.certificates[key], "organization": head.owners[key]}
        diff.changes += field_changes("certificate", " ".join(key), old, new, set())
    for slug in sorted(old_bodies & new_bodies):
        diff.changes += field_changes(
            "certification body", slug, base.certification_bodies[slug], head.certification_bodies[slug], set()
        )
    diff.status_changes = status_changes(base, head, sorted(old_certs & new_certs))
    return diff


def status_changes(base: Side, head: Side, keys: list[CertKey]) -> list[dict[str, Any]]:
    """Return the certificates on both sides whose effective status at the build date differs."""
    changes = []
    for key in keys:
        before, after = base.statuses.get(key), head.statuses.get(key)
        if before and after and before != after:
            changes.append(
                {
                    "certification_body": key[0],
                    "certificate_number": key[1],
                    "organization": head.owners[key],
                    "before": before,
                    "after": after,
                }
            )
    return changes
