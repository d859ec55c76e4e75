"""History: when each organization and certificate was first listed and every later change, from git.

One `git log --raw` lists every commit that touched an organization file, with the blob ids before and
after; one `git cat-file --batch` then reads only the blobs needed to compare the two sides of each
modification (and of additions and removals inside the `detail_since` window, for the daily change
files). So the cost grows with the number of changes, not with one `git` call per file. Commits are
taken along the first parent, dated by their committer date in UTC: the day a change reached the
registry. A folder outside git, or a shallow clone (whose oldest commit would pose as the first
listing), has no history: `History.available` is False and `History.reason` says why.

Past versions are untrusted input like today's files: each is read with the strict loader and its
limits (size, nesting, no anchors or aliases), and one that today's loader would refuse is passed over
(logged; the next readable version is compared with the last readable one), so an alias bomb committed
once cannot stall a later build. Only regular files count: a
symbolic link or a submodule at a record's path is no version of the record.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from certreg.core.git import GitError, git
from certreg.core.i18n import ENGLISH, N_, Translator
from certreg.core.kept import Kept
from certreg.core.pickles import source_digest
from certreg.core.text import show
from certreg.load.document import Document
from certreg.load.records import CERTIFICATIONS, CertKey, certificates_by_key, changed_fields
from certreg.load.strict_yaml import MAX_FILE_BYTES, parse_document

logger = logging.getLogger(__name__)

ORGANIZATION_FOLDER = "organizations"
REGULAR_FILE_MODES = frozenset({"100644", "100755"})
RECORD_SEPARATOR = "\x1e"
SHORT_SHA = 10
HISTORY_FILE = "history.sqlite"


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit of the registry: its id, its day (committer date, UTC) and its link (or "")."""

    sha: str
    day: date
    url: str


@dataclass(slots=True)
class Entry:
    """One dated line of a record's history: `listed`, `changed` (with fields) or `removed`."""

    kind: str
    commit: Commit
    fields: list[dict[str, str]] = field(default_factory=list)

    def as_data(self) -> dict[str, Any]:
        """Plain data for templates and JSON."""
        return {
            "kind": self.kind,
            "date": self.commit.day.isoformat(),
            "commit": self.commit.sha,
            "commit_short": self.commit.sha[:SHORT_SHA],
            "commit_url": self.commit.url,
            "fields": self.fields,
        }


@dataclass
class History:
    """Entries per organization slug and per certificate (certification body, number), oldest first."""

    available: bool
    reason: str = ""
    organizations: dict[str, list[Entry]] = field(default_factory=dict)
    certificates: dict[CertKey, list[Entry]] = field(default_factory=dict)
    owners: dict[CertKey, str] = field(default_factory=dict)

    def organization(self, slug: str) -> list[Entry]:
        """Give an organization's entries (empty when unknown)."""
        return self.organizations.get(slug, [])

    def certificate(self, body: str, number: str) -> list[Entry]:
        """Give a certificate's entries (empty when unknown)."""
        return self.certificates.get((body, number), [])


@dataclass(frozen=True, slots=True)
class FileChange:
    """One organization file touched by one commit: status letter A, M or D, blob ids and slug."""

    status: str
    old_blob: str
    new_blob: str
    slug: str


def open_kept_blobs(cache_dir: Path | None, tr: Translator = ENGLISH) -> Kept:
    """The past versions parsed by the last build with this loader, by blob id (None: keep nothing).

    `tr` words the warning about a damaged store.
    """
    path = cache_dir / HISTORY_FILE if cache_dir is not None else None
    return Kept(path, source_digest("core", "load"), N_("reading every past version from git"), tr)


def unavailable(reason: str, tr: Translator = ENGLISH) -> History:
    """Make a history that cannot be shown, saying why (logged once, in the build's language)."""
    logger.warning("certreg: %s", tr.gettext("record history is not available: {reason}").format(reason=reason))
    return History(available=False, reason=reason)


def read_history(
    registry: Path,
    commit_url: str = "",
    detail_since: date | None = None,
    tr: Translator = ENGLISH,
    kept: Kept | None = None,
) -> History:
    """Read the history of every organization file under `registry`; `commit_url` prefixes the commit id.

    When there is none to read, `tr` words the warning that says why. `kept` holds the past versions
    parsed by earlier builds, by blob id (a blob's content never changes): only the blobs it lacks are
    read from git and parsed.
    """
    folder = registry.resolve() / ORGANIZATION_FOLDER
    try:
        top = Path(git(["rev-parse", "--show-toplevel"], registry.resolve()).decode().strip())
        if git(["rev-parse", "--is-shallow-repository"], top).strip() == b"true":
            return unavailable(tr.gettext("the git clone is shallow; fetch the full history (fetch-depth: 0)"), tr)
        raw = git(log_args(folder.relative_to(top).as_posix()), top)
    except (GitError, ValueError) as exc:
        reason = tr.gettext("{registry} is not in a readable git repository ({error})")
        return unavailable(reason.format(registry=registry, error=exc), tr)
    commits = parse_log(raw.decode("utf-8"), commit_url)
    blobs = read_blobs(top, needed_blobs(commits, detail_since), kept)
    return build_history(commits, blobs, detail_since, tr)


def log_args(inside: str) -> list[str]:
    """`git log` arguments: oldest first along the first parent, raw blob ids, NUL-separated paths."""
    return [
        "-c",
        "core.quotePath=false",
        "log",
        "--reverse",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        "-z",
        f"--format={RECORD_SEPARATOR}%H %cI",
        "--",
        f"{inside}/*.yaml",
    ]


def parse_log(text: str, commit_url: str) -> list[tuple[Commit, list[FileChange]]]:
    """Each commit with the organization files it added (A), modified (M) or deleted (D)."""
    commits = []
    for chunk in text.split(RECORD_SEPARATOR)[1:]:
        tokens = chunk.split("\0")
        sha, stamp = tokens[0].split(" ")
        day = datetime.fromisoformat(stamp).astimezone(UTC).date()
        changes = []
        for meta, path in zip(tokens[1::2], tokens[2::2], strict=False):
            old_mode, new_mode, old_blob, new_blob, status = meta.strip().lstrip(":").split(" ")
            change = file_change(status[0], (old_mode, old_blob), (new_mode, new_blob), PurePosixPath(path).stem)
            if change is not None:
                changes.append(change)
        commits.append((Commit(sha, day, f"{commit_url}{sha}" if commit_url else ""), changes))
    return commits


def file_change(status: str, old: tuple[str, str], new: tuple[str, str], slug: str) -> FileChange | None:
    """A change as seen through regular files only: a link or submodule side counts as no file."""
    old_file, new_file = old[0] in REGULAR_FILE_MODES, new[0] in REGULAR_FILE_MODES
    if not (old_file or new_file):
        return None
    if old_file and new_file:
        return FileChange("M" if status == "T" else status, old[1], new[1], slug)
    return FileChange("D", old[1], "", slug) if old_file else FileChange("A", "", new[1], slug)


def needed_blobs(commits: list[tuple[Commit, list[FileChange]]], detail_since: date | None) -> list[str]:
    """List the blobs to read: both sides of every modification, and additions and removals in the window."""
    wanted: dict[str, None] = {}
    for commit, changes in commits:
        recent = detail_since is not None and commit.day >= detail_since
        for change in changes:
            if change.status == "M" or (recent and change.status == "D"):
                wanted[change.old_blob] = None
            if change.status == "M" or (recent and change.status == "A"):
                wanted[change.new_blob] = None
    return list(wanted)


def readable_blobs(top: Path, blobs: list[str]) -> list[str]:
    """Keep the blobs within the loader's size limit, asking git for their sizes before reading any."""
    if not blobs:
        return []
    listing = git(["cat-file", "--batch-check"], top, stdin="".join(f"{b}\n" for b in blobs).encode())
    kept = []
    for line in listing.decode().splitlines():
        parts = line.split(" ")
        if len(parts) == 3 and parts[1] == "blob" and int(parts[2]) <= MAX_FILE_BYTES:
            kept.append(parts[0])
    return kept


def read_blobs(top: Path, blobs: list[str], kept: Kept | None = None) -> dict[str, Any]:
    """Parse each blob not in `kept` in one `git cat-file --batch`; None for one too big or that the loader refuses."""
    parsed: dict[str, Any] = dict.fromkeys(blobs)
    if kept is not None:
        parsed.update((blob, kept.get(blob, dict)) for blob in blobs)
    readable = readable_blobs(top, [blob for blob, data in parsed.items() if data is None])
    if not readable:
        return parsed
    output = git(["cat-file", "--batch"], top, stdin="".join(f"{b}\n" for b in readable).encode())
    position = 0
    for blob in readable:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split(b" ")[2])
        body = output[header_end + 1 : header_end + 1 + size]
        position = header_end + 2 + size
        parsed[blob] = parse_blob(body)
        if kept is not None:
            kept.put(blob, parsed[blob])
    return parsed


def parse_blob(body: bytes) -> dict[str, Any] | None:
    """Parse a past version of a record with the strict loader and its limits; None when that loader refuses it."""
    if len(body) > MAX_FILE_BYTES:
        return None
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    document = Document(Path(ORGANIZATION_FOLDER, "past-version.yaml"), "organization")
    if parse_document(document, text):
        return None
    return document.data if isinstance(document.data, dict) else None


def field_entries(old: dict[str, Any], new: dict[str, Any], skip: frozenset[str] = frozenset()) -> list[dict]:
    """Every field whose written value differs, by name, with old and new values as written ("" if absent)."""
    # The base loader keeps every scalar as text (`null` too), so None here can only mean an absent field.
    return [
        {"field": c.field, "old": "" if c.old is None else show(c.old), "new": "" if c.new is None else show(c.new)}
        for c in changed_fields(old, new, skip)
    ]


class _Builder:
    """Folds the commits into per-record entries."""

    def __init__(self, blobs: dict[str, Any], detail_since: date | None, tr: Translator) -> None:
        self.blobs = blobs
        self.tr = tr
        self.detail_since = detail_since
        self.history = History(available=True)
        self.added: dict[str, Commit] = {}
        self.readable: dict[str, dict[str, Any]] = {}  # each record's last version the loader read

    def add(self, commit: Commit, change: FileChange) -> None:
        """Record an organization file that appeared: listed now (again, when it was deleted before)."""
        self.added.setdefault(change.slug, commit)
        self.history.organizations.setdefault(change.slug, []).append(Entry("listed", commit))
        for key in certificates_by_key(self.blobs.get(change.new_blob)):
            self.certificate_entry(key, change.slug, Entry("listed", commit))

    def remove(self, commit: Commit, change: FileChange) -> None:
        """Record an organization file that was deleted: removed now, and its certificates with it."""
        self.history.organizations.setdefault(change.slug, []).append(Entry("removed", commit))
        for key in certificates_by_key(self.blobs.get(change.old_blob)):
            self.certificate_entry(key, change.slug, Entry("removed", commit))

    def modify(self, commit: Commit, change: FileChange) -> None:
        """Record an organization file that changed: compare its fields and each certificate's.

        A version the loader refuses is passed over: the next readable one is compared with the last one.
        """
        old, new = self.blobs.get(change.old_blob), self.blobs.get(change.new_blob)
        if old is None:
            old = self.readable.get(change.slug)
        if new is None:
            message = self.tr.gettext("history passes over an unreadable version of {file} ({commit})")
            logger.warning("certreg: %s", message.format(file=change.slug, commit=commit.sha))
            if old is not None:
                self.readable[change.slug] = old
            return
        self.readable[change.slug] = new
        if old is None:
            return
        fields = field_entries(old, new, frozenset({CERTIFICATIONS}))
        if fields:
            self.history.organizations.setdefault(change.slug, []).append(Entry("changed", commit, fields))
        before, after = certificates_by_key(old), certificates_by_key(new)
        for key in sorted(set(before) | set(after)):
            if key not in after:
                self.certificate_entry(
                    key, change.slug, Entry("removed", commit), listed_at=self.added.get(change.slug)
                )
            elif key not in before:
                self.certificate_entry(key, change.slug, Entry("listed", commit))
            elif fields := field_entries(before[key], after[key]):
                self.certificate_entry(key, change.slug, Entry("changed", commit, fields), self.added.get(change.slug))

    def certificate_entry(self, key: CertKey, slug: str, entry: Entry, listed_at: Commit | None = None) -> None:
        """Append an entry; a certificate first met in a change was listed with its organization."""
        entries = self.history.certificates.setdefault(key, [])
        if not entries and entry.kind != "listed" and listed_at is not None:
            entries.append(Entry("listed", listed_at))
        entries.append(entry)
        self.history.owners[key] = slug


def build_history(
    commits: list[tuple[Commit, list[FileChange]]], blobs: dict[str, Any], since: date | None, tr: Translator = ENGLISH
) -> History:
    """Fold parsed commits and blobs into a `History` (a version passed over is warned about in `tr`'s words)."""
    builder = _Builder(blobs, since, tr)
    for commit, changes in commits:
        for change in changes:
            {"A": builder.add, "D": builder.remove}.get(change.status, builder.modify)(commit, change)
    return builder.history


def first_listed(entries: list[Entry], fallback: Commit | None = None) -> Commit | None:
    """Give the commit where a record was first listed."""
    return next((entry.commit for entry in entries if entry.kind == "listed"), fallback)


def record_history(history: History, entries: list[Entry], fallback: list[Entry] | None = None) -> dict[str, Any]:
    """Give a History section as plain data: availability, first listing and later entries, oldest first."""
    if not history.available:
        return {"available": False, "reason": history.reason, "listed": None, "entries": []}
    listed = first_listed(entries) or first_listed(fallback or [])
    later = [entry.as_data() for entry in entries if entry.commit is not listed or entry.kind != "listed"]
    return {
        "available": True,
        "reason": "",
        "listed": Entry("listed", listed).as_data() if listed else None,
        "entries": later,
    }
