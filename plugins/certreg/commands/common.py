"""What the commands share: exit codes, registry options, tolerant enrichment and value display."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from certreg.core.problems import ERROR, Problem
from certreg.enrich.site import Site, enrich
from certreg.load.loader import Document, Registry
from certreg.validate.validator import validate

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
TODAY_HELP = "build date YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today in UTC)"


def add_registry_options(parser: argparse.ArgumentParser, today_help: str = TODAY_HELP) -> None:
    """--registry and --today, shared by every command that reads a registry."""
    parser.add_argument("--registry", type=Path, default=Path("registry"), help="registry folder (default: registry)")
    parser.add_argument("--today", help=today_help)


@dataclass
class Checked:
    """A registry enriched as far as its valid records allow, with notes about what was left out."""

    site: Site | None
    problems: list[Problem]
    skipped: list[Document] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plural(count: int, word: str) -> str:
    """`1 certificate`, `2 certificates`."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _usable(document: Document | None, bad_paths: set[str]) -> Document | None:
    if document is None or str(document.path) in bad_paths or document.data is None:
        return None
    return document


def valid_part(registry: Registry, problems: list[Problem]) -> tuple[Registry, list[Document]]:
    """Return the registry without the documents that have errors, and the documents left out."""
    bad_paths = {problem.path for problem in problems if problem.severity == ERROR}
    kept = Registry(
        root=registry.root,
        standards=_usable(registry.standards, bad_paths),
        accreditation_bodies=_usable(registry.accreditation_bodies, bad_paths),
        certification_bodies=[d for d in registry.certification_bodies if _usable(d, bad_paths)],
        organizations=[d for d in registry.organizations if _usable(d, bad_paths)],
        provenance=registry.provenance,
    )
    skipped = [d for d in registry.documents() if str(d.path) in bad_paths or d.data is None]
    return kept, skipped


def check_and_enrich(registry: Registry, build_date: date, expiring_soon_days: int = 90) -> Checked:
    """Validate, then enrich only the records without errors; never raise on a broken registry."""
    problems = validate(registry, build_date)
    kept, skipped = valid_part(registry, problems)
    errors = sum(problem.severity == ERROR for problem in problems)
    notes = []
    if errors:
        notes.append(
            f"the registry has {plural(errors, 'error')} in {plural(len(skipped), 'file')} "
            "(run `certreg validate`); effective statuses leave those files out"
        )
    # Only records without errors are enriched, so enrich cannot fail on input: an exception is a bug and shows.
    return Checked(site=enrich(kept, build_date, expiring_soon_days), problems=problems, skipped=skipped, notes=notes)


def show(value: Any) -> str:
    """Show a value as written in YAML terms: text as is, true/false/null, lists and mappings in flow style."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
