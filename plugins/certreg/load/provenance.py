"""Provenance: where a build's data came from, recorded once by `load` and published as it was used.

A `Provenance` names the git commit of the registry checkout and whether it had uncommitted changes
(both None outside a git checkout), and holds the exact text of every JSON Schema used: the registry's
own `schema/` folder when it has one, else the schemas shipped inside the certreg package (read with
`importlib.resources`, so they are there in an installed wheel too). Validation reads the texts from
here and the open data publishes the same texts, so the published schemas are the ones that were used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from certreg.core.git import GitError, git_text
from certreg.load.schema_versions import SCHEMA_VERSION, old_schema_version

SCHEMA_DIR = "schema"
BUNDLED_SCHEMA_FOLDER = "schemas"  # inside the certreg package: package data
SCHEMA_ORIGIN_REGISTRY = "registry"
SCHEMA_ORIGIN_BUNDLED = "certreg"
SCHEMA_FILES = {
    "organization": "organization.schema.json",
    "certification_body": "certification-body.schema.json",
    "accreditation_bodies": "accreditation-bodies.schema.json",
    "standards": "standards.schema.json",
}
GIT_TIMEOUT_SECONDS = 60


class SchemaFolderError(Exception):
    """The registry's own schema/ folder cannot be used (a file is missing or is not JSON)."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """The source commit, its dirty flag and the schema texts a build used."""

    commit: str | None
    dirty: bool | None
    schemas: tuple[tuple[str, str], ...]
    schema_origin: str

    def schema_text(self, kind: str) -> str:
        """Return the exact text of the schema that validates documents of `kind`."""
        return dict(self.schemas)[SCHEMA_FILES[kind]]

    @property
    def schema_names(self) -> tuple[str, ...]:
        """The file names of the schemas, sorted."""
        return tuple(name for name, _ in self.schemas)


def read_provenance(root: Path) -> Provenance:
    """Read the provenance of the registry folder `root`; raise SchemaFolderError for an unusable schema/."""
    own = root / SCHEMA_DIR
    if own.is_symlink():
        raise SchemaFolderError(f"{own} is a symbolic link; replace it with the folder itself (links are not read)")
    if own.is_dir():
        schemas, origin = registry_schemas(own), SCHEMA_ORIGIN_REGISTRY
        check_schema_version(own, dict(schemas)[SCHEMA_FILES["organization"]])
        check_only_narrows(own, dict(schemas), dict(bundled_schemas()))
    else:
        schemas, origin = bundled_schemas(), SCHEMA_ORIGIN_BUNDLED
    commit, dirty = git_state(root)
    return Provenance(commit=commit, dirty=dirty, schemas=schemas, schema_origin=origin)


def registry_schemas(folder: Path) -> tuple[tuple[str, str], ...]:
    """(file name, exact text) of every schema/*.json of a registry, sorted, line ends untouched."""
    schemas = []
    for path in sorted(folder.glob("*.json")):
        if path.is_symlink():
            raise SchemaFolderError(
                f"{path} is a symbolic link; replace it with the file itself (links are not followed)"
            )
        with path.open(encoding="utf-8", newline="") as handle:
            schemas.append((path.name, handle.read()))
    check_schemas(schemas, str(folder))
    return tuple(schemas)


def bundled_schemas() -> tuple[tuple[str, str], ...]:
    """(file name, exact text) of every schema shipped with certreg, sorted."""
    folder = resources.files("certreg").joinpath(BUNDLED_SCHEMA_FOLDER)
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".json"))
    schemas = [(name, folder.joinpath(name).read_bytes().decode("utf-8")) for name in names]
    check_schemas(schemas, "the schemas bundled with certreg")
    return tuple(schemas)


def check_schemas(schemas: list[tuple[str, str]], where: str) -> None:
    """Refuse a schema set that lacks a needed file or holds a file that is not JSON."""
    names = {name for name, _ in schemas}
    missing = sorted(set(SCHEMA_FILES.values()) - names)
    if missing:
        raise SchemaFolderError(
            f"{where} has no {', '.join(missing)}; add the missing file(s), "
            "or remove the schema/ folder to validate with the schemas bundled with certreg"
        )
    for name, text in schemas:
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise SchemaFolderError(f"{where}/{name} is not valid JSON: {exc}") from exc


def check_schema_version(folder: Path, organization_schema: str) -> None:
    """Refuse a registry's own copy of an older version of certreg's schemas, naming `certreg migrate`."""
    old = old_schema_version(organization_schema)
    if old is not None:
        raise SchemaFolderError(
            f"{folder} is a copy of certreg's record schemas version {old}; this certreg reads version "
            f"{SCHEMA_VERSION}. Run `certreg migrate --registry {folder.parent}`: it updates the copy and the records"
        )


def check_only_narrows(folder: Path, own: dict[str, str], bundled: dict[str, str]) -> None:
    """Refuse a registry schema that adds a field certreg's does not have: nothing would ever show it."""
    for name in SCHEMA_FILES.values():
        added = added_fields(json.loads(own[name]), json.loads(bundled[name]), "")
        if added:
            raise SchemaFolderError(
                f"{folder / name} adds field(s) certreg does not know: {', '.join(added)}. A registry's own schema "
                "may only narrow certreg's (stricter patterns, fewer values); remove the field(s), or propose them "
                "to certreg"
            )


def added_fields(own: object, bundled: object, where: str) -> list[str]:
    """Dotted names of the properties `own` declares that `bundled` does not, at the same places."""
    if not isinstance(own, dict) or not isinstance(bundled, dict):
        return []
    added: list[str] = []
    theirs = bundled.get("properties", {})
    for key, value in own.get("properties", {}).items():
        if key not in theirs:
            added.append(f"{where}{key}")
        else:
            added += added_fields(value, theirs[key], f"{where}{key}.")
    added += added_fields(own.get("items"), bundled.get("items"), f"{where}[].")
    for name, definition in own.get("$defs", {}).items():
        added += added_fields(definition, bundled.get("$defs", {}).get(name), where)
    return added


def git_state(folder: Path) -> tuple[str | None, bool | None]:
    """Return the commit checked out at `folder` and whether it has uncommitted changes (None when unknown).

    Outside git both are None; a commit whose dirty state git cannot tell keeps None there, not "clean".
    """
    if not folder.is_dir():
        return None, None
    try:
        commit = git_text(["rev-parse", "HEAD"], folder, timeout=GIT_TIMEOUT_SECONDS)
    except GitError:
        return None, None
    try:
        return commit, bool(git_text(["status", "--porcelain", "--", "."], folder, timeout=GIT_TIMEOUT_SECONDS))
    except GitError:
        return commit, None
