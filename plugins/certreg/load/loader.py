"""Strict loading: a registry folder into documents, every file either read or reported.

Each file is parsed by `strict_yaml` (values as written, with their positions). Every file under the
registry is either read or reported; a symbolic link is reported and never followed, so no file outside
the registry is read, quoted in a message or published.

`load_registry` also records the registry's provenance (source commit and the schema texts to validate
with, see provenance.py), so that every later stage uses and publishes the same schemas.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from certreg.core.problems import Problem
from certreg.load.document import Document, file_problem
from certreg.load.provenance import SCHEMA_DIR, Provenance, SchemaFolderError, read_provenance
from certreg.load.strict_yaml import MAX_FILE_BYTES, load_document

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DOC_FILES = frozenset({"README.md", "LICENSE", "LICENSE.md"})
# Every registry has these two files (`certreg init` copies certreg's); the hint says where to get them.
SHARED_FILE_HINTS = {
    "standards.yaml": "create it with the standards, editions and transition dates certificates cite; "
    "`certreg init NEW-FOLDER` writes the one certreg ships, to copy from",
    "accreditation-bodies.yaml": "create it with the accreditation bodies certification bodies cite; "
    "`certreg init NEW-FOLDER` writes the one certreg ships, to copy from",
}

STANDARDS_FILE = "standards.yaml"
ACCREDITATION_BODIES_FILE = "accreditation-bodies.yaml"
ORGANIZATIONS_DIR = "organizations"
CERTIFICATION_BODIES_DIR = "certification-bodies"

# Codes of the problems the loader itself reports; CONTRIBUTING.md lists them with the rules.
LOAD_CODES: dict[str, str] = {
    "YAML001": "A file must be well-formed YAML holding exactly one document.",
    "YAML002": "A mapping must not repeat a key.",
    "YAML003": "Anchors and aliases are not allowed; write each value out.",
    "YAML004": "Explicit tags are not allowed; quote a value to keep it as text.",
    "YAML005": "Files must be UTF-8 (a byte-order mark and CRLF line endings are accepted).",
    "YAML006": f"A file must not be larger than {MAX_FILE_BYTES} bytes.",
    "YAML007": "Every file in the registry folder must be one the registry reads.",
    "YAML008": "Mapping keys must be plain text.",
    "YAML009": "No file or folder of the registry is a symbolic link: the registry reads only what it holds.",
}


class RegistryError(Exception):
    """The registry folder itself cannot be read (a usage problem, not a record problem)."""


@dataclass(slots=True)
class Registry:
    """Every document of a registry folder, and the problems met while reading them."""

    root: Path
    organizations: list[Document] = field(default_factory=list)
    certification_bodies: list[Document] = field(default_factory=list)
    accreditation_bodies: Document | None = None
    standards: Document | None = None
    problems: list[Problem] = field(default_factory=list)
    provenance: Provenance | None = None

    def release_positions(self) -> None:
        """Drop every position (about half the memory of a loaded registry) once problems are reported."""
        for document in self.documents():
            document.positions.clear()
            document.packed_positions = b""

    def documents(self) -> Iterator[Document]:
        """Every document, shared files first."""
        for shared in (self.standards, self.accreditation_bodies):
            if shared is not None:
                yield shared
        yield from self.certification_bodies
        yield from self.organizations


# Reads one file into a document and its problems: `load_document`, or a cache in front of it.
DocumentReader = Callable[[Path, str], tuple[Document, list[Problem]]]


def _stray(path: Path, hint: str) -> Problem:
    kind = "folder" if path.is_dir() else "file"
    return file_problem(path, "YAML007", f"{kind} is not part of the registry layout and would not be read", hint)


def _link(path: Path) -> Problem:
    """Report a symbolic link, without following it."""
    hint = "replace the link with the file or folder itself, or remove it"
    return file_problem(path, "YAML009", "is a symbolic link; the registry does not follow links", hint)


def _load_folder(registry: Registry, folder: Path, kind: str, read: DocumentReader) -> list[Document]:
    documents: list[Document] = []
    if folder.is_symlink():
        registry.problems.append(_link(folder))
        return documents
    if not folder.is_dir():
        hint = f"create {folder.name}/ with one .yaml file per record"
        registry.problems.append(file_problem(folder, "YAML007", f"folder {folder.name}/ is missing", hint))
        return documents
    for path in sorted(folder.iterdir(), key=lambda path: path.name):  # one folder: the order of the paths
        if path.is_symlink():
            registry.problems.append(_link(path))
        elif path.is_file() and path.suffix == ".yaml" and not path.name.startswith("."):
            document, problems = read(path, kind)
            documents.append(document)
            registry.problems.extend(problems)
        elif path.name not in DOC_FILES:
            registry.problems.append(_stray(path, f"rename it to <slug>.yaml or move it out of {folder.name}/"))
    return documents


def _load_shared(registry: Registry, name: str, kind: str, read: DocumentReader) -> Document | None:
    path = registry.root / name
    if path.is_symlink():
        registry.problems.append(_link(path))
        return None
    if not path.is_file():
        registry.problems.append(file_problem(path, "YAML007", f"{name} is missing", SHARED_FILE_HINTS[name]))
        return None
    document, problems = read(path, kind)
    registry.problems.extend(problems)
    return document


KNOWN_TOP_LEVEL = DOC_FILES | {
    STANDARDS_FILE,
    ACCREDITATION_BODIES_FILE,
    ORGANIZATIONS_DIR,
    CERTIFICATION_BODIES_DIR,
    SCHEMA_DIR,
    "locale",  # the registry's own interface catalogs (certreg.core.i18n): read by the build, not validated
}


def _check_top_level(registry: Registry) -> None:
    for path in sorted(registry.root.iterdir()):
        if path.name not in KNOWN_TOP_LEVEL:
            registry.problems.append(_stray(path, "move it out of the registry folder or delete it"))
    schema_dir = registry.root / SCHEMA_DIR
    if schema_dir.is_dir():
        for path in sorted(schema_dir.iterdir()):
            if not (path.is_file() and path.suffix == ".json") and path.name not in DOC_FILES:
                registry.problems.append(_stray(path, "schema/ holds only the .json schema files"))


def load_registry(root: Path, read: DocumentReader = load_document) -> Registry:
    """Read every file of a registry folder with `read`; raise RegistryError only when the folder is unusable."""
    root = Path(root)
    if not root.is_dir():
        raise RegistryError(f"registry folder {root} does not exist or is not a folder")
    try:
        provenance = read_provenance(root)
    except SchemaFolderError as exc:
        raise RegistryError(str(exc)) from exc
    registry = Registry(root=root, provenance=provenance)
    _check_top_level(registry)
    registry.standards = _load_shared(registry, STANDARDS_FILE, "standards", read)
    registry.accreditation_bodies = _load_shared(registry, ACCREDITATION_BODIES_FILE, "accreditation_bodies", read)
    bodies = _load_folder(registry, root / CERTIFICATION_BODIES_DIR, "certification_body", read)
    registry.certification_bodies = bodies
    registry.organizations = _load_folder(registry, root / ORGANIZATIONS_DIR, "organization", read)
    return registry
