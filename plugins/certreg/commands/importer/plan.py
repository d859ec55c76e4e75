"""What each row does to the registry: a new file, a certificate added or updated, nothing, or a conflict.

Rows are grouped into organizations and matched against the registry's files by the same keys
(identifier, else name and country). A row whose certificate (same certification body and number, as
REG008 compares them) is already in the matched file is unchanged when the values it gives are the
ones the file has, and a conflict otherwise, unless `--update` is given: then the certificate's
differing values are changed, and a certificate the file lacks is added. `--update` changes
certificates only; a row whose organization fields differ from the file's is always a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from certreg.commands.importer.rows import Candidate, organization_keys
from certreg.commands.importer.values import identifier_key
from certreg.commands.new import default_slug
from certreg.commands.record_text import IDENTIFIER_KEYS
from certreg.core.fold import certificate_slug
from certreg.core.problems import Problem
from certreg.load.document import Document
from certreg.load.loader import ORGANIZATIONS_DIR, Registry

CREATED, ADDED, UPDATED, UNCHANGED = "created", "added", "updated", "unchanged"
CONFLICT, REFUSED = "conflict", "refused"
OUTCOMES = (CREATED, ADDED, UPDATED, UNCHANGED, CONFLICT, REFUSED)
UNORDERED_LISTS = frozenset({"standards", "sectors", "trading_names"})


@dataclass
class Outcome:
    """What happened to one row, and why."""

    candidate: Candidate
    outcome: str
    path: Path | None = None
    differences: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Target:
    """One organization file the import writes: a new record, or changes to an existing file."""

    path: Path
    existing: Document | None = None
    record: dict[str, Any] = field(default_factory=dict)
    rows: list[Candidate] = field(default_factory=list)  # new file: one per certificate, in order
    updates: list[tuple[int, Candidate, dict[str, Any]]] = field(default_factory=list)
    appended: list[Candidate] = field(default_factory=list)

    def row_of(self, index: int) -> Candidate | None:
        """The row that wrote certificate `index` of the file, or None when it was already there."""
        if self.existing is None:
            return self.rows[index] if index < len(self.rows) else None
        for at, candidate, _ in self.updates:
            if at == index:
                return candidate
        listed = self.existing.data.get("certifications") if isinstance(self.existing.data, dict) else None
        known = len(listed) if isinstance(listed, list) else 0
        return self.appended[index - known] if known <= index < known + len(self.appended) else None

    def candidates(self) -> list[Candidate]:
        """Every row this target writes."""
        return self.rows + [candidate for _, candidate, _ in self.updates] + self.appended


def same(key: str, ours: Any, theirs: Any) -> bool:
    """Whether a row's value equals a file's: lists of names as sets, identifiers without spaces or punctuation."""
    if key in IDENTIFIER_KEYS and isinstance(ours, str) and isinstance(theirs, str):
        return identifier_key(ours) == identifier_key(theirs)
    if key in UNORDERED_LISTS and isinstance(ours, list) and isinstance(theirs, list):
        return set(ours) <= set(theirs) if key == "trading_names" else sorted(ours) == sorted(theirs)
    return ours == theirs


def shown(value: Any) -> str:
    """A value in a difference: text as is, lists joined, nothing as (none)."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return "; ".join(value) if isinstance(value, list) else str(value)


def differences(given: dict[str, Any], found: dict[str, Any], prefix: str = "") -> list[str]:
    """`field: file value → row value` for each value the row gives that the file does not have."""
    found_list = []
    for key, value in given.items():
        if isinstance(value, dict):
            inner = found.get(key) if isinstance(found.get(key), dict) else {}
            found_list += differences(value, inner, f"{prefix}{key}.")
        elif not same(key, value, found.get(key)):
            found_list.append(f"{prefix}{key}: {shown(found.get(key))} → {shown(value)}")
    return found_list


def certificate_key(certificate: dict[str, Any]) -> tuple[str, str] | None:
    """(certification body, number slug): how REG008 tells certificates apart."""
    body, number = certificate.get("certification_body"), certificate.get("certificate_number")
    return (body, certificate_slug(number)) if isinstance(body, str) and isinstance(number, str) else None


@dataclass
class Planner:
    """Assigns rows to organizations and files."""

    registry: Registry
    update: bool
    outcomes: dict[int, Outcome] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)
    by_key: dict[tuple[str, ...], Target | Document] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        """Index the registry's organizations by their keys and slugs."""
        for document in self.registry.organizations:
            self.taken.add(document.slug)
            if isinstance(document.data, dict):
                for key in organization_keys(document.data):
                    self.by_key.setdefault(key, document)

    def place(self, candidate: Candidate) -> None:
        """Decide what one row does."""
        keys = list(candidate.keys())
        match = next((self.by_key[key] for key in keys if key in self.by_key), None)
        if isinstance(match, Document):
            match = self.existing_target(match)
        if match is None:
            match = self.new_target(candidate)
        for key in keys:
            self.by_key.setdefault(key, match)
        if match.existing is None:
            self.add_to_new(match, candidate)
        else:
            self.add_to_existing(match, candidate)

    def existing_target(self, document: Document) -> Target:
        """The target that changes an existing file (made once per file)."""
        for target in self.targets:
            if target.existing is document:
                return target
        target = Target(path=document.path, existing=document)
        self.targets.append(target)
        return target

    def new_target(self, candidate: Candidate) -> Target:
        """A new file, named from the organization's name (made unique within the registry and this import)."""
        name = candidate.organization.get("name")
        base = default_slug(name) if isinstance(name, str) and name else f"row-{candidate.row.number}"
        slug, country = base, str(candidate.organization.get("country", "")).lower()
        if slug in self.taken and country.isalpha():
            slug = f"{base}-{country}"
        counter = 2
        while slug in self.taken:
            slug, counter = f"{base}-{counter}", counter + 1
        self.taken.add(slug)
        target = Target(path=self.registry.root / ORGANIZATIONS_DIR / f"{slug}.yaml")
        self.targets.append(target)
        return target

    def add_to_new(self, target: Target, candidate: Candidate) -> None:
        """Put a row's certificate into a new file; its organization fields must agree with the earlier rows'."""
        if target.rows:
            first = target.rows[0]
            found = differences(candidate.organization, target.record)
            clashes = [d for d in found if " (none) → " not in d and not d.startswith("trading_names:")]
            if clashes:
                note = f"differs from row {first.row.number}, the first row of this organization"
                self.outcomes[candidate.row.number] = Outcome(candidate, CONFLICT, target.path, [*clashes, note])
                return
        merge(target.record, candidate.organization)
        target.record.setdefault("certifications", []).append(candidate.certificate)
        target.rows.append(candidate)
        self.outcomes[candidate.row.number] = Outcome(candidate, CREATED, target.path)

    def add_to_existing(self, target: Target, candidate: Candidate) -> None:
        """Compare a row with an existing file; plan an update or an addition when --update allows it."""
        data = target.existing.data if target.existing else {}
        listed = data.get("certifications") if isinstance(data.get("certifications"), list) else []
        key = certificate_key(candidate.certificate)
        index = next((i for i, c in enumerate(listed) if isinstance(c, dict) and certificate_key(c) == key), None)
        organization_changes = differences(candidate.organization, data)
        # A value the command filled in (last_verified's default) is not the row's word on an existing certificate.
        given = {k: v for k, v in candidate.certificate.items() if k not in candidate.defaulted}
        if index is None:
            changes = [f"certifications: the file has no certificate {candidate.number} (--update adds it)"]
            certificate_changes = changes if not self.update else []
        else:
            certificate_changes = differences(given, listed[index])
        outcome = Outcome(candidate, UNCHANGED, target.path, organization_changes + certificate_changes)
        if organization_changes or (certificate_changes and not self.update):
            if organization_changes and self.update:
                outcome.differences.append("--update changes certificates only: edit the organization's fields by hand")
            outcome.outcome = CONFLICT
        elif index is None:
            target.appended.append(candidate)
            outcome.outcome = ADDED
        elif certificate_changes:
            changed = {k: v for k, v in given.items() if not same(k, v, listed[index].get(k))}
            target.updates.append((index, candidate, changed))
            outcome.outcome = UPDATED
        self.outcomes[candidate.row.number] = outcome


def merge(record: dict[str, Any], organization: dict[str, Any]) -> None:
    """Fill in organization fields a later row gives and the earlier ones did not."""
    for key, value in organization.items():
        if isinstance(value, dict):
            merge(record.setdefault(key, {}), value)
        elif key == "trading_names" and isinstance(record.get(key), list):
            record[key] = list(dict.fromkeys([*record[key], *value]))
        else:
            record.setdefault(key, value)
