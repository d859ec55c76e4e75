"""Which column holds which field: headers recognized from the shared list, `--map`, `--set` and a mapping file.

A mapping file is YAML, read as strictly as a record (every value text):

    columns:                      # header as written in the spreadsheet → field (empty: ignore the column)
      Zertifikat-Nr.: certificate_number
      Bemerkung: ""
    set:                          # a value for every row whose own cell is empty
      accredited: "true"
      source: https://cb.example/directory
    certification_bodies:         # another name of a certification body → its slug
      Albion Assurance UK: albion-assurance
    standards:                    # another name of a standard → its code
      QMS: ISO 9001

`--map` and `--set` on the command line come after the file and win over it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from certreg.commands.record_text import CERTIFICATE_KEYS, IDENTIFIER_KEYS, ORGANIZATION_KEYS
from certreg.core.headers import header_field, header_key
from certreg.load.document import Document
from certreg.load.strict_yaml import parse_document, read_text

ORGANIZATION_FIELDS = tuple(key for key in ORGANIZATION_KEYS if key != "identifiers") + IDENTIFIER_KEYS
FIELDS = ORGANIZATION_FIELDS + CERTIFICATE_KEYS
# The list check's names for two fields, accepted in --map too.
FIELD_ALIASES = {"certificate": "certificate_number", "standard": "standards"}
MAPPING_SECTIONS = ("columns", "set", "certification_bodies", "standards")


class MappingError(Exception):
    """A --map, --set or mapping file entry that cannot be used."""


@dataclass
class Mapping:
    """What the user said about columns, fixed values and other names of bodies and standards."""

    columns: dict[str, str] = field(default_factory=dict)
    fixed: dict[str, str] = field(default_factory=dict)
    body_names: dict[str, str] = field(default_factory=dict)
    standard_names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Columns:
    """Column index → field, and what was left out and why."""

    fields: dict[int, str]
    ignored: list[str]
    repeated: list[str]
    left_out: list[str] = field(default_factory=list)


def field_name(text: str, where: str) -> str:
    """A field as named in --map, --set or a mapping file (`identifiers.lei` and the check's names too)."""
    name = text.strip().removeprefix("identifiers.")
    name = FIELD_ALIASES.get(name, name)
    if name not in FIELDS:
        raise MappingError(f"{where}: {text!r} is not a field; fields are {', '.join(FIELDS)}")
    return name


def split_pair(text: str, option: str) -> tuple[str, str]:
    """`COLUMN=FIELD` → its two sides; the column may itself hold `=` (the last one splits)."""
    left, equals, right = text.rpartition("=")
    if not equals or not left.strip():
        raise MappingError(f"{option} {text!r}: write it as {'COLUMN=FIELD' if option == '--map' else 'FIELD=VALUE'}")
    return left.strip(), right.strip()


def read_mapping(path: Path | None, maps: list[str], sets: list[str]) -> Mapping:
    """Merge a mapping file (when given) with --map and --set options."""
    mapping = read_mapping_file(path) if path else Mapping()
    for text in maps:
        column, name = split_pair(text, "--map")
        mapping.columns[column] = field_name(name, f"--map {text!r}") if name else ""
    for text in sets:
        # `FIELD=VALUE`: the field is before the first `=`, so a URL value may hold more of them.
        name, equals, value = text.partition("=")
        if not equals:
            raise MappingError(f"--set {text!r}: write it as FIELD=VALUE")
        mapping.fixed[field_name(name, f"--set {text!r}")] = value.strip()
    return mapping


def read_mapping_file(path: Path) -> Mapping:
    """Read a mapping file with the registry's strict YAML reader."""
    try:
        text, problem = read_text(path)
    except OSError as exc:
        raise MappingError(f"cannot read mapping file {path}: {exc.strerror}") from exc
    document = Document(path=path, kind="mapping")
    problems = [problem] if problem else parse_document(document, text or "")
    if problems:
        first = problems[0]
        raise MappingError(f"{path}:{first.line}:{first.column}: {first.message}")
    data = document.data if isinstance(document.data, dict) else None
    if data is None or set(data) - set(MAPPING_SECTIONS):
        raise MappingError(f"{path}: a mapping file holds only the sections {', '.join(MAPPING_SECTIONS)}")
    sections = {}
    for section in MAPPING_SECTIONS:
        entries = data.get(section) or {}
        if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
            raise MappingError(f"{path}: {section}: write one `name: text` line per entry")
        sections[section] = entries
    mapping = Mapping(body_names=sections["certification_bodies"], standard_names=sections["standards"])
    for column, name in sections["columns"].items():
        mapping.columns[column] = field_name(name, f"{path}: columns: {column}") if name.strip() else ""
    for name, value in sections["set"].items():
        mapping.fixed[field_name(name, f"{path}: set")] = value
    return mapping


def recognize(header: list[str], mapping: Mapping) -> Columns:
    """Give each field to its first column: a mapped header first, else a recognized one."""
    mapped = {header_key(column): name for column, name in mapping.columns.items()}
    unknown = [column for column in mapping.columns if header_key(column) not in map(header_key, header)]
    if unknown:
        listed = ", ".join(repr(column) for column in unknown)
        raise MappingError(f"mapped column {listed} is not in the header row: {', '.join(map(repr, header))}")
    fields: dict[int, str] = {}
    ignored, repeated, left_out = [], [], []
    for index, column in enumerate(header):
        key = header_key(column)
        name = mapped[key] if key in mapped else recognized_field(column)
        if key in mapped and not name:
            left_out.append(column)
        elif not name:
            ignored.append(column)
        elif name in fields.values():
            repeated.append(f"{column} ({name} comes from an earlier column)")
        else:
            fields[index] = name
    return Columns(fields=fields, ignored=ignored, repeated=repeated, left_out=left_out)


def recognized_field(column: str) -> str:
    """The import field a header names by the shared list, or ""."""
    found = header_field(column)
    return FIELD_ALIASES.get(found, found)
