"""Validating what would be written, with the registry's own validator, before anything is written.

The texts of every file the import writes are parsed by the registry's loader and validated together
with the rest of the registry (the import's files placed last, so a certificate number used twice is
reported at the import's row). Each new error is traced to its row through its field
(`certifications[2].expires` is the third certificate of that file; an organization field is every
row of that file). Those rows are refused with that problem, their certificates taken out, and the
remaining texts validated again until no new error is left. Problems the registry had before the
import are not the import's and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from certreg.commands.importer.plan import REFUSED, Outcome, Target
from certreg.commands.importer.splice import SpliceError, append_certificate, update_certificate
from certreg.commands.record_text import organization_text
from certreg.core.problems import ERROR, Problem, has_errors
from certreg.load.document import Document
from certreg.load.loader import Registry
from certreg.load.strict_yaml import parse_document, read_text
from certreg.validate.validator import validate

CERTIFICATE_FIELD = re.compile(r"certifications\[(\d+)\]")
PROBLEM_KEY = tuple[str, str, str, str]


def problem_key(problem: Problem) -> PROBLEM_KEY:
    """A problem without its position: lines move when a file changes."""
    return (problem.path, problem.code, problem.field, problem.message)


@dataclass
class Written:
    """The text each target would write, and its document as the registry's loader reads it."""

    target: Target
    text: str
    document: Document
    problems: list[Problem] = field(default_factory=list)  # what the loader found in the text (a bug if any)


def target_text(target: Target) -> str:
    """The full text of a target's file: a new record, or the existing file with the changes spliced in."""
    if target.existing is None:
        target.record["certifications"] = [candidate.certificate for candidate in target.rows]
        return organization_text(target.record)
    text, _ = read_text(target.existing.path)
    text = text or ""
    for index, _, changes in target.updates:
        text = update_certificate(text, index, changes)
    for candidate in target.appended:
        text = append_certificate(text, candidate.certificate)
    return text


def expected_data(target: Target) -> dict:
    """The data a target's file must read back as: the record, or the existing data with the changes."""
    if target.existing is None:
        return target.record
    data = {**target.existing.data}
    if not isinstance(data.get("certifications"), list):
        raise SpliceError("the file's certifications are not a list; fix the file first")
    listed = [dict(certificate) for certificate in data["certifications"]]
    for index, _, changes in target.updates:
        listed[index] |= changes
    data["certifications"] = listed + [candidate.certificate for candidate in target.appended]
    return data


def write_in_memory(target: Target) -> Written:
    """Make a target's text and read it back; refuse a splice that does not read back as intended."""
    text = target_text(target)
    document = Document(path=target.path, kind="organization")
    problems = parse_document(document, text)
    if not problems and document.data != expected_data(target):
        raise SpliceError("the changed file would not read back as the intended values")
    return Written(target, text, document, problems)


def remove(target: Target, candidate: object) -> None:
    """Take a refused row's certificate out of its target."""
    target.rows = [c for c in target.rows if c is not candidate]
    target.updates = [u for u in target.updates if u[1] is not candidate]
    target.appended = [c for c in target.appended if c is not candidate]


def refuse(outcomes: dict[int, Outcome], target: Target, rows: dict[int, list[Problem]]) -> None:
    """Mark rows refused with their problems and take them out of their target."""
    for number, problems in rows.items():
        outcome = outcomes[number]
        outcome.outcome, outcome.problems = REFUSED, problems
        remove(target, outcome.candidate)


def rows_of(written: Written, problem: Problem) -> list[int]:
    """The rows a problem in a written file comes from."""
    match = CERTIFICATE_FIELD.match(problem.field)
    if match:
        candidate = written.target.row_of(int(match.group(1)))
        return [candidate.row.number] if candidate else []
    return [candidate.row.number for candidate in written.target.candidates()]


@dataclass
class Checker:
    """Validates the targets with the registry until every remaining row is clean."""

    registry: Registry
    build_date: date
    outcomes: dict[int, Outcome]
    baseline: set[PROBLEM_KEY] = field(default_factory=set)

    def __post_init__(self) -> None:
        """Remember the problems the registry has without the import."""
        self.baseline = {problem_key(p) for p in validate(self.registry, self.build_date)}

    def check(self, targets: list[Target]) -> list[Written]:
        """Validate until no row adds an error; return the texts to write, each with its warnings."""
        while True:
            written = self.write_all(targets)
            problems = self.new_problems(written)
            if not self.refuse_errors(written, problems):
                return written

    def write_all(self, targets: list[Target]) -> list[Written]:
        """Texts of every target that still writes something; a target that cannot be spliced refuses its rows."""
        written = []
        for target in targets:
            if not target.candidates():
                continue
            try:
                written.append(write_in_memory(target))
            except SpliceError as exc:
                problem = Problem(str(target.path), 0, 0, ERROR, "IMPORT", "", str(exc), "edit the file by hand")
                refuse(self.outcomes, target, {c.row.number: [problem] for c in target.candidates()})
        return written

    def new_problems(self, written: list[Written]) -> list[Problem]:
        """Problems of the registry with the written files that it did not have before."""
        paths = {w.target.path for w in written}
        kept = [d for d in self.registry.organizations if d.path not in paths]
        view = Registry(
            root=self.registry.root,
            standards=self.registry.standards,
            accreditation_bodies=self.registry.accreditation_bodies,
            certification_bodies=self.registry.certification_bodies,
            organizations=kept + [w.document for w in written],
            problems=self.registry.problems + [p for w in written for p in w.problems],
            provenance=self.registry.provenance,
        )
        return [p for p in validate(view, self.build_date) if problem_key(p) not in self.baseline]

    def refuse_errors(self, written: list[Written], problems: list[Problem]) -> bool:
        """Give each new problem to its rows; refuse the rows with an error. True when any row was refused."""
        by_path = {str(w.target.path): w for w in written}
        for w in written:
            for candidate in w.target.candidates():
                self.outcomes[candidate.row.number].problems = []
        for problem in problems:
            target = by_path.get(problem.path)
            rows = rows_of(target, problem) if target else []
            if not rows and problem.severity == ERROR:
                # Never write what would leave an error no row accounts for; this is a bug, not bad input.
                raise RuntimeError(f"the import would add an error it cannot trace to a row: {problem}")
            for number in rows:
                self.outcomes[number].problems.append(problem)
        refused = False
        for w in written:
            numbers = {c.row.number for c in w.target.candidates()}
            bad = {n: self.outcomes[n].problems for n in numbers if has_errors(self.outcomes[n].problems)}
            refuse(self.outcomes, w.target, bad)
            refused = refused or bool(bad)
        return refused
