"""`certreg diff BASE [HEAD]`: what a change does to the registry, for a pull-request comment.

Each side is read from git (`git archive` of the registry folder at that revision) or, for a missing
HEAD, from the working tree. How the sides are compared is `model`; how the result is shown, `formats`.
A side that does not validate is still compared as far as it loaded, and the problems are noted instead
of stopping the command.
"""

from __future__ import annotations

import argparse
import io
import sys
import tarfile
import tempfile
from datetime import date
from pathlib import Path

from certreg.commands.common import EXIT_OK, EXIT_USAGE, Command, add_registry_options
from certreg.commands.diff.formats import FORMATS
from certreg.commands.diff.model import Side, compare, fill_side
from certreg.core.dates import resolve_build_date
from certreg.core.git import GitError, git, git_text
from certreg.load.loader import load_registry

WORKING_TREE = "working tree"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of `certreg diff`."""
    parser.add_argument("base", metavar="BASE", help="git revision to compare from, e.g. origin/main")
    parser.add_argument("head", metavar="HEAD", nargs="?", help="git revision to compare to (default: working tree)")
    add_registry_options(parser)
    parser.add_argument("--format", choices=["text", "markdown", "json"], default="text")


def command_diff(args: argparse.Namespace) -> int:
    """Print the differences; exit 0 whatever they are, 2 when a revision cannot be read."""
    build_date = resolve_build_date(args.today)
    try:
        with tempfile.TemporaryDirectory(prefix="certreg-diff-") as scratch:
            base = read_side(args.registry, args.base, Path(scratch) / "base", build_date)
            head_label = args.head or WORKING_TREE
            head = read_side(args.registry, args.head, Path(scratch) / "head", build_date)
    except GitError as exc:
        print(f"certreg: {exc}", file=sys.stderr)
        return EXIT_USAGE
    diff = compare(base, head, build_date)
    diff.base, diff.head = args.base, head_label
    sys.stdout.write(FORMATS[args.format](diff))
    return EXIT_OK


def extract_at(registry: Path, revision: str, scratch: Path) -> Path | None:
    """Unpack the registry folder as it was at `revision`; None when it did not exist there."""
    folder = registry.resolve() if registry.exists() else registry.absolute()
    cwd = folder if folder.is_dir() else folder.parent
    top = Path(git_text(["rev-parse", "--show-toplevel"], cwd))
    try:
        git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], top)
    except GitError:
        raise GitError(f"{revision!r} is not a commit of the repository at {top}") from None
    inside = folder.relative_to(top).as_posix()
    listed = git_text(["ls-tree", "-d", "--name-only", revision, "--", inside], top)
    if not listed:
        return None
    archive = git(["archive", "--format=tar", revision, "--", inside], top)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(scratch, filter=unfollowed_links)
    return scratch / inside


def unfollowed_links(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
    """Apply tarfile's data filter, with each symbolic link pointed nowhere: the loader reports it unread."""
    if member.issym():
        member = member.replace(linkname="symbolic-link-not-followed", deep=False)
    return tarfile.data_filter(member, path)


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


COMMAND = Command(
    "diff",
    "compare the registry at two git revisions",
    add_arguments,
    command_diff,
    description="List organizations and certificates added or removed, fields changed (old and new value) "
    "and effective-status changes at the build date, between BASE and HEAD (default: the working tree).",
)
