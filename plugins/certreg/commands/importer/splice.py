"""Changing an existing organization file in place: only the values named change, every other byte stays.

The file is parsed into events whose marks give the exact span of each certificate's values. A changed
value replaces its span; a new key is inserted on its own line after the key that precedes it in the
schema's order; a new certificate is appended after the last one with the same indentation. Comments,
key order, quoting and blank lines elsewhere are untouched. The caller parses the result again and
compares it with the intended data, so a layout this module does not expect is refused, not guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from certreg.commands.record_text import CERTIFICATE_KEYS, certificate_lines, value_text

DASH_PREFIX = re.compile(r"( *)- +")


class SpliceError(Exception):
    """The file's layout is not one this module changes safely (flow style, odd indentation)."""


@dataclass
class Item:
    """One certificate of the file: the span of each of its values and where its keys stand."""

    keys: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # key → (key start, value start, value end)
    flow: bool = False


@dataclass
class Layout:
    """Where the certificates stand in the file's text."""

    items: list[Item]
    flow: bool


def node_end(events: Iterator[yaml.Event], first: yaml.Event) -> int:
    """Consume one node; return where its last content ends (block collections end at their last value)."""
    if isinstance(first, yaml.ScalarEvent | yaml.AliasEvent):
        return first.end_mark.index
    end = first.end_mark.index
    for event in events:
        if isinstance(event, yaml.CollectionEndEvent):
            return event.end_mark.index if getattr(first, "flow_style", False) else end
        end = node_end(events, event)
    raise SpliceError("the file ends inside a collection")


def read_item(events: Iterator[yaml.Event], first: yaml.Event) -> Item:
    """Record the spans of one certificate mapping."""
    if not isinstance(first, yaml.MappingStartEvent):
        raise SpliceError("a certificate is not a mapping")
    item = Item(flow=bool(first.flow_style))
    for key in events:
        if isinstance(key, yaml.MappingEndEvent):
            return item
        value = next(events)
        item.keys[str(key.value)] = (key.start_mark.index, value.start_mark.index, node_end(events, value))
    raise SpliceError("the file ends inside a certificate")


def layout(text: str) -> Layout:
    """Find the certificates of an organization file."""
    events = iter(yaml.parse(text, Loader=yaml.SafeLoader))
    for event in events:
        if isinstance(event, yaml.MappingStartEvent):
            break
    for key in events:
        if isinstance(key, yaml.MappingEndEvent):
            break
        value = next(events)
        if getattr(key, "value", None) != "certifications":
            node_end(events, value)
            continue
        if not isinstance(value, yaml.SequenceStartEvent):
            raise SpliceError("certifications is not a list")
        items = []
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                return Layout(items=items, flow=bool(value.flow_style))
            items.append(read_item(events, event))
    raise SpliceError("the file has no certifications list")


def line_end(text: str, position: int) -> int:
    """The start of the line after the one holding `position` (the text's end when it is the last line)."""
    found = text.find("\n", position)
    return len(text) if found < 0 else found + 1


def content_end(text: str, start: int, end: int) -> int:
    """The end of a value's span without the line breaks a block scalar carries."""
    return start + len(text[start:end].rstrip())


def column_of(text: str, position: int) -> int:
    """The column (0-based) of a position."""
    return position - (text.rfind("\n", 0, position) + 1)


def update_certificate(text: str, index: int, changes: dict[str, Any]) -> str:
    """Set the changed values of certificate `index`, inserting keys it did not have."""
    item = layout(text).items[index]
    if item.flow:
        raise SpliceError("the certificate is written in flow style ({…}); change it by hand")
    edits: list[tuple[int, int, str]] = []
    for key in sorted(changes, key=CERTIFICATE_KEYS.index):
        value = changes[key]
        if key in item.keys:
            key_start, start, end = item.keys[key]
            stop = content_end(text, start, end)
            edits.append((start, stop, value_text(key, value, column_of(text, key_start))))
            continue
        before = [k for k in CERTIFICATE_KEYS[: CERTIFICATE_KEYS.index(key)] if k in item.keys]
        if not before:
            raise SpliceError(f"no key to place {key} after")
        key_start, start, end = item.keys[before[-1]]
        indent = column_of(text, key_start)
        at = line_end(text, content_end(text, start, end))
        edits.append((at, at, " " * indent + f"{key}: {value_text(key, value, indent)}\n"))
    # From the end, so earlier spans stay where they are; keys inserted at one place keep the schema's order.
    for _, (start, stop, replacement) in sorted(enumerate(edits), key=lambda edit: (edit[1][0], edit[0]), reverse=True):
        text = text[:start] + replacement + text[stop:]
    return text


def append_certificate(text: str, certificate: dict[str, Any]) -> str:
    """Add a certificate after the last one, indented like the first."""
    found = layout(text)
    if found.flow or not found.items or any(item.flow for item in found.items):
        raise SpliceError("certifications is written in flow style ([…]); add the certificate by hand")
    first_key = min(start for start, _, _ in found.items[0].keys.values())
    prefix = text[text.rfind("\n", 0, first_key) + 1 : first_key]
    match = DASH_PREFIX.fullmatch(prefix)
    if match is None:
        raise SpliceError("the first certificate does not start with `- ` on its own line")
    last_end = max(content_end(text, start, end) for _, start, end in found.items[-1].keys.values())
    at = line_end(text, last_end)
    addition = "\n".join(certificate_lines(certificate, len(match.group(1)))) + "\n"
    if at == len(text) and not text.endswith("\n"):
        addition = "\n" + addition
    return text[:at] + addition + text[at:]
