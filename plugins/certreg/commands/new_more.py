"""What `certreg new` checks against the registry while it asks, and the certificate it adds to a record.

A certification body or an edition that the registry does not have is refused at its prompt (or flag),
not after every question. `--add-to SLUG` appends the new certificate to an existing organization's
`certifications` list, as text, so the rest of the file stays as written.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from certreg.commands.record_text import IDENTIFIER_KEYS, certificate_lines
from certreg.load.loader import CERTIFICATION_BODIES_DIR, STANDARDS_FILE, load_document

Check = Callable[[str], str | None]
STATUSES = ("active", "suspended", "withdrawn")


def add_more_options(parser: argparse.ArgumentParser) -> None:
    """--add-to, the status options and the identifiers."""
    parser.add_argument("--add-to", dest="add_to", metavar="SLUG", help="add the certificate to this organization")
    parser.add_argument("--status", choices=STATUSES, help="status published by the certification body")
    parser.add_argument("--status-date", dest="status_date", help="date the status applies from, YYYY-MM-DD")
    parser.add_argument("--status-note", dest="status_note", help="a short note on the status")
    for name in IDENTIFIER_KEYS:
        parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"identifier: {name.replace('_', ' ')}")


def registry_checks(registry: Path) -> dict[str, Check]:
    """Checks of answers against the registry: the certification body exists; the standard and edition do."""
    bodies = {path.stem for path in (registry / CERTIFICATION_BODIES_DIR).glob("*.yaml")}
    editions = known_editions(registry / STANDARDS_FILE)

    def body(text: str) -> str | None:
        if text in bodies:
            return None
        folder = registry / CERTIFICATION_BODIES_DIR
        return f"no certification body {text!r} in {folder}; known: {', '.join(sorted(bodies))}"

    def standard(text: str) -> str | None:
        if editions is None or text in editions:
            return None
        code = text.rpartition(":")[0]
        known = sorted(e for e in editions if e.startswith(f"{code}:")) or sorted(
            {e.rpartition(":")[0] for e in editions}
        )
        return f"{text!r} is not in {registry / STANDARDS_FILE}; known: {', '.join(known)}"

    return {"certification_body": body, "standard": standard}


def known_editions(path: Path) -> set[str] | None:
    """Every `<code>:<edition>` standards.yaml lists; None when it cannot be read (validation says why)."""
    document, problems = load_document(path, "standards")
    if problems or not isinstance(document.data, list):
        return None
    found = set()
    for standard in document.data:
        if isinstance(standard, dict):
            for edition in standard.get("editions") or []:
                if isinstance(edition, dict):
                    found.add(f"{standard.get('code')}:{edition.get('edition')}")
    return found


def appended(existing: str, certificate: Mapping[str, Any]) -> str | None:
    """The record's text with one more certificate; None when `certifications:` is not its last key."""
    lines = existing.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("certifications:")]
    if len(starts) != 1 or lines[starts[0]].strip() != "certifications:":
        return None
    after = lines[starts[0] + 1 :]
    if any(line and not line[0].isspace() and not line.startswith(("#", "-")) for line in after):
        return None  # another top-level key follows the list: left for a person to edit
    items = [line for line in after if line.lstrip().startswith("- ")]
    indent = len(items[0]) - len(items[0].lstrip()) if items else 2
    return existing.rstrip("\n") + "\n" + "\n".join(certificate_lines(certificate, indent)) + "\n"
