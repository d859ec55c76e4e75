"""Strict YAML: one file's text into a document that keeps every value as written and its position.

PyYAML's defaults turn `NO` into False, `007` into 7 and `2024-05-10` into a date, keep the last of two
duplicate keys and expand aliases. This module builds values from parser events instead, so that:

- only `true`/`false` become booleans and `null`/`~`/empty become None; every other scalar stays a `str`;
- a CR written as an escape in a quoted value becomes LF, as YAML already does with the file's own
  line ends, so every later stage sees one kind of line break (positions are those of the value);
- duplicate keys, anchors, aliases and explicit tags are problems, not silently accepted;
- every mapping key and sequence item remembers its 1-based line and column.

Mapping keys and short values are interned (`sys.intern`): a registry repeats them in every record
(field names, dates, country codes, slugs, standard references), and one shared string per value keeps
a large registry's memory down, also when a cache gives the values back (`marshal` keeps interning).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from certreg.core.problems import ERROR, Problem
from certreg.load.document import Document, FieldPath, dotted, file_problem

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - exercised only where libyaml is missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32
TRUE_WORDS = frozenset({"true", "True", "TRUE"})
FALSE_WORDS = frozenset({"false", "False", "FALSE"})
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
# Values up to this length are interned: they are the ones records repeat; longer text is mostly unique.
INTERN_MAX = 32


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
        return sys.intern(event.value)


def scalar_value(event: yaml.ScalarEvent) -> str | bool | None:
    """Return a scalar as written: only plain true/false/null words are not text."""
    if not event.style:  # plain (None from the Python parser, "" from libyaml)
        if event.value in TRUE_WORDS:
            return True
        if event.value in FALSE_WORDS:
            return False
        if event.value in NULL_WORDS:
            return None
    text = normalize_line_breaks(event.value)
    return sys.intern(text) if len(text) <= INTERN_MAX else text


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
