"""Strict loading: registry files into documents that keep every value as written and its position.

PyYAML's defaults turn `NO` into False, `007` into 7 and `2024-05-10` into a date, keep the last of two
duplicate keys and expand aliases. This loader builds values from parser events instead, so that:

- only `true`/`false` become booleans and `null`/`~`/empty become None; every other scalar stays a `str`;
- a CR written as an escape in a quoted value becomes LF, as YAML already does with the file's own
  line ends, so every later stage sees one kind of line break (positions are those of the value);
- duplicate keys, anchors, aliases and explicit tags are problems, not silently accepted;
- every mapping key and sequence item remembers its 1-based line and column;
- every file under the registry is either read or reported; a symbolic link is reported and never
  followed, so no file outside the registry is read, quoted in a message or published.

`load_registry` also records the registry's provenance (source commit and the schema texts to validate
with, see provenance.py), so that every later stage uses and publishes the same schemas.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from certreg.core.problems import ERROR, Problem
from certreg.load.provenance import SCHEMA_DIR, Provenance, SchemaFolderError, read_provenance

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - exercised only where libyaml is missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TRUE_WORDS = frozenset({"true", "True", "TRUE"})
FALSE_WORDS = frozenset({"false", "False", "FALSE"})
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
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

FieldPath = tuple[str | int, ...]
Position = tuple[int, int]


class RegistryError(Exception):
    """The registry folder itself cannot be read (a usage problem, not a record problem)."""


@dataclass(slots=True)
class Document:
    """One registry file: its data as written (None when unreadable) and where each value stands."""

    path: Path
    kind: str
    data: Any = None
    positions: dict[FieldPath, Position] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        """The file name without its extension: an organization's or certification body's slug."""
        return self.path.stem

    def position(self, field_path: FieldPath) -> Position:
        """Line and column of a field, or of its nearest ancestor that has one."""
        for end in range(len(field_path), -1, -1):
            found = self.positions.get(tuple(field_path[:end]))
            if found is not None:
                return found
        return (1, 1)

    def problem(self, field_path: FieldPath, code: str, message: str, hint: str = "", severity: str = ERROR) -> Problem:
        """Make a problem located at a field of this document."""
        line, column = self.position(field_path)
        return Problem(str(self.path), line, column, severity, code, dotted(field_path), message, hint)


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

    def documents(self) -> Iterator[Document]:
        """Every document, shared files first."""
        for shared in (self.standards, self.accreditation_bodies):
            if shared is not None:
                yield shared
        yield from self.certification_bodies
        yield from self.organizations


def dotted(field_path: FieldPath) -> str:
    """`certifications[0].expires` for ("certifications", 0, "expires")."""
    text = ""
    for part in field_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def file_problem(path: Path, code: str, message: str, hint: str, line: int = 1, column: int = 1) -> Problem:
    """Make a problem about a whole file."""
    return Problem(str(path), line, column, ERROR, code, "", message, hint)


class _Builder:
    """Turns one document's parser events into plain values, positions and problems."""

    def __init__(self, document: Document, events: Iterator[yaml.Event]) -> None:
        self.document = document
        self.events = events
        self.problems: list[Problem] = []

    def report(self, event: yaml.Event, code: str, message: str, hint: str, field_path: FieldPath) -> None:
        """Record a problem at the event's position."""
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        where = dotted(field_path)
        self.problems.append(Problem(str(self.document.path), line, column, ERROR, code, where, message, hint))

    def value(self, event: yaml.Event, field_path: FieldPath, depth: int) -> Any:
        """Build the value that starts with `event`."""
        if isinstance(event, yaml.AliasEvent):
            hint = "write the value out in full instead of referring to an anchor"
            self.report(event, "YAML003", f"alias *{event.anchor} is not allowed", hint, field_path)
            return None
        self.check_node(event, field_path)
        if depth > MAX_DEPTH:
            hint = f"records never need more than {MAX_DEPTH} levels"
            self.report(event, "YAML001", "values are nested too deeply", hint, field_path)
            self.skip(event)
            return None
        if isinstance(event, yaml.ScalarEvent):
            return scalar_value(event)
        if isinstance(event, yaml.SequenceStartEvent):
            return self.sequence(field_path, depth)
        return self.mapping(field_path, depth)

    def check_node(self, event: yaml.NodeEvent, field_path: FieldPath) -> None:
        """Report an anchor or an explicit tag on a node."""
        if event.anchor is not None:
            hint = "remove the anchor and write each value out"
            self.report(event, "YAML003", f"anchor &{event.anchor} is not allowed", hint, field_path)
        tag = getattr(event, "tag", None)
        if tag is not None:
            hint = "remove the tag; quote the value if it must stay text"
            self.report(event, "YAML004", f"tag {tag} is not allowed", hint, field_path)

    def skip(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
            return
        level = 1
        while level:
            nested = next(self.events)
            level += isinstance(nested, yaml.CollectionStartEvent)
            level -= isinstance(nested, yaml.CollectionEndEvent)

    def sequence(self, field_path: FieldPath, depth: int) -> list[Any]:
        items: list[Any] = []
        for event in self.events:
            if isinstance(event, yaml.SequenceEndEvent):
                return items
            item_path = (*field_path, len(items))
            self.document.positions[item_path] = (
                event.start_mark.line + 1,
                event.start_mark.column + 1,
            )
            items.append(self.value(event, item_path, depth + 1))
        return items

    def mapping(self, field_path: FieldPath, depth: int) -> dict[str, Any]:
        entries: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        for key_event in self.events:
            if isinstance(key_event, yaml.MappingEndEvent):
                return entries
            key = self.key(key_event, field_path)
            value_event = next(self.events)
            if key is None:
                self.skip(value_event)
                continue
            key_path = (*field_path, key)
            if key in entries:
                line = key_event.start_mark.line + 1
                self.report(
                    key_event,
                    "YAML002",
                    f"duplicate key {key!r} (first on line {key_lines[key]}, again on line {line})",
                    "keep one of the two entries and delete the other",
                    key_path,
                )
                self.skip(value_event)
                continue
            key_lines[key] = key_event.start_mark.line + 1
            self.document.positions[key_path] = (value_event.start_mark.line + 1, value_event.start_mark.column + 1)
            entries[key] = self.value(value_event, key_path, depth + 1)
        return entries

    def key(self, event: yaml.Event, field_path: FieldPath) -> str | None:
        if not isinstance(event, yaml.ScalarEvent):
            self.report(
                event, "YAML008", "a mapping key must be plain text", "use a simple word as the key", field_path
            )
            self.skip(event)
            return None
        self.check_node(event, field_path)
        return event.value


def scalar_value(event: yaml.ScalarEvent) -> str | bool | None:
    """Return a scalar as written: only plain true/false/null words are not text."""
    if not event.style:  # plain (None from the Python parser, "" from libyaml)
        if event.value in TRUE_WORDS:
            return True
        if event.value in FALSE_WORDS:
            return False
        if event.value in NULL_WORDS:
            return None
    return normalize_line_breaks(event.value)


def normalize_line_breaks(text: str) -> str:
    """Turn CRLF and a lone CR into LF (other line separators are left for validation to report)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_text(path: Path) -> tuple[str | None, Problem | None]:
    """Return the file's text, or the problem that stops it being read."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        message = f"file is {size} bytes, over the limit of {MAX_FILE_BYTES}"
        return None, file_problem(path, "YAML006", message, "split the record or remove what it does not need")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"byte {raw[exc.start]:#04x} is not valid UTF-8"
        return None, file_problem(path, "YAML005", message, "save the file as UTF-8", line, column)


def parse_document(document: Document, text: str) -> list[Problem]:
    """Fill `document.data` and `document.positions` from YAML text; return the problems met."""
    loader = _Loader(text)
    try:
        events = _events(loader)
        next(events)  # StreamStartEvent
        start = next(events)
        if isinstance(start, yaml.StreamEndEvent):
            return [file_problem(document.path, "YAML001", "file is empty", "write the record's fields")]
        builder = _Builder(document, events)
        document.positions[()] = (1, 1)
        document.data = builder.value(next(events), (), 0)
        next(events)  # DocumentEndEvent
        extra = next(events)
        if not isinstance(extra, yaml.StreamEndEvent):
            hint = "keep one record per file and remove the extra `---` section"
            builder.report(extra, "YAML001", "file holds more than one YAML document", hint, ())
        return builder.problems
    except yaml.MarkedYAMLError as exc:
        document.data = None
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(part for part in (exc.context, exc.problem) if part)
        hint = "fix the syntax at this position (check indentation and quoting)"
        return [file_problem(document.path, "YAML001", f"YAML syntax error: {message}", hint, line, column)]
    except yaml.YAMLError as exc:
        document.data = None
        return [file_problem(document.path, "YAML001", f"YAML error: {exc}", "fix the file's syntax")]
    finally:
        loader.dispose()


def _events(loader: Any) -> Iterator[yaml.Event]:
    while loader.check_event():
        yield loader.get_event()


def load_document(path: Path, kind: str) -> tuple[Document, list[Problem]]:
    """Read and parse one file."""
    document = Document(path=path, kind=kind)
    text, problem = read_text(path)
    if problem is not None:
        return document, [problem]
    return document, parse_document(document, text or "")


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
    for path in sorted(folder.iterdir()):
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
