"""`certreg migrate`: move a registry written for an older record schema version to the current one.

Each step rewrites files as text, line by line, so comments and layout stay as the contributor wrote
them. Step 1 → 2: `city` became optional, so a placeholder city written only to satisfy version 1
(`Unknown`, `N/A`, `-`, ...) is removed; the registry's own `schema/` copy of version 1 is replaced by
the current schemas; certreg.yaml's `schema_version` is set to 2. Every changed file is named.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from certreg.commands.common import EXIT_OK, EXIT_USAGE, Command
from certreg.commands.configured import add_config_option
from certreg.load.loader import ORGANIZATIONS_DIR, load_document
from certreg.load.provenance import SCHEMA_DIR, SCHEMA_FILES, bundled_schemas
from certreg.load.schema_versions import SCHEMA_VERSION, old_schema_version
from certreg.validate.config import config_path

PLACEHOLDER_CITIES = frozenset({"unknown", "n/a", "na", "-", "--", "—", "?", "none", "tbd", "not known", "unspecified"})
VERSION_LINE = re.compile(r"^(schema_version:\s*)[\"']?(\d+)[\"']?(.*)$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of `certreg migrate`."""
    parser.add_argument("--registry", type=Path, default=Path("registry"), help="registry folder (default: registry)")
    add_config_option(parser)
    parser.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")


def command_migrate(args: argparse.Namespace) -> int:
    """Apply every step from the registry's version to the current one."""
    config = config_path(args.registry, args.config)
    if not config.is_file():
        print(f"certreg: {config} does not exist; `certreg init` writes one", file=sys.stderr)
        return EXIT_USAGE
    version = written_version(config)
    if version is None:
        print(f"certreg: {config} has no `schema_version: N` line; add the version the registry is written for")
        return EXIT_USAGE
    if version > SCHEMA_VERSION:
        print(f"certreg: the registry is written for version {version}; upgrade certreg", file=sys.stderr)
        return EXIT_USAGE
    changes: dict[Path, str] = {}
    if version < 2:
        changes.update(step_1_to_2(Path(args.registry)))
    if version < SCHEMA_VERSION:
        changes[config] = set_version(config.read_text(encoding="utf-8"), SCHEMA_VERSION)
    for path, text in sorted(changes.items()):
        if not args.dry_run:
            path.write_text(text, encoding="utf-8", newline="\n")
        print(f"{'would rewrite' if args.dry_run else 'rewrote'} {path}")
    print(
        f"certreg: the registry is {'still at' if args.dry_run else 'now at'} schema version "
        f"{version if args.dry_run else SCHEMA_VERSION}; run `certreg validate`"
    )
    return EXIT_OK


def written_version(config: Path) -> int | None:
    """The `schema_version` certreg.yaml gives, read leniently (the file may not fit the current schema)."""
    for line in config.read_text(encoding="utf-8").splitlines():
        match = VERSION_LINE.match(line)
        if match:
            return int(match.group(2))
    return None


def set_version(text: str, version: int) -> str:
    """certreg.yaml's text with its `schema_version` line set to `version`, the rest untouched."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        match = VERSION_LINE.match(line.rstrip("\n"))
        if match:
            lines[index] = f"{match.group(1)}{version}{match.group(3)}\n"
    return "".join(lines)


def step_1_to_2(registry: Path) -> dict[Path, str]:
    """Placeholder cities removed; a schema/ copy of version 1 replaced by the current schemas."""
    changes: dict[Path, str] = {}
    for path in sorted((registry / ORGANIZATIONS_DIR).glob("*.yaml")):
        text = without_placeholder_city(path)
        if text is not None:
            changes[path] = text
    own = registry / SCHEMA_DIR
    organization = own / SCHEMA_FILES["organization"]
    if organization.is_file() and old_schema_version(organization.read_text(encoding="utf-8")) == 1:
        for name, text in bundled_schemas():
            if (own / name).is_file() and (own / name).read_text(encoding="utf-8") != text:
                changes[own / name] = text
    return changes


def without_placeholder_city(path: Path) -> str | None:
    """The file's text without its `city:` line when that city is a placeholder; None when nothing changes."""
    document, problems = load_document(path, "organization")
    data = document.data
    if problems or not isinstance(data, dict) or not isinstance(data.get("city"), str):
        return None
    if data["city"].strip().lower() not in PLACEHOLDER_CITIES:
        return None
    line, _ = document.position(("city",))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if not lines[line - 1].lstrip().startswith("city:"):
        return None  # not a one-line top-level `city:`; left for a person to edit
    return "".join(lines[: line - 1] + lines[line:])


COMMAND = Command(
    "migrate",
    "rewrite a registry for the current record schema version",
    add_arguments,
    command_migrate,
)
