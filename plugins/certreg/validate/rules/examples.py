"""The files a rule's documented example stands for: the example completed with the example record.

A rule's docstring shows only the part of a file that matters (see `docs`). An example in an
organization's or certification body's file is completed with the fields of the example record that it
does not show, and each certificate it lists with the fields of the example certificate; an example of
`standards.yaml` is the whole file. The other files are those of a small registry (the test suite's
`tests/fixtures/core`), described by `EXAMPLE_REGISTRY`. The tests drop each completed example into that
registry and check that it gives exactly the problems its `# <- [CODE] field` markers promise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

EXAMPLE_BUILD_DATE = date(2026, 11, 26)
EXAMPLE_REGISTRY = (
    "one certification body,\n"
    "`test-cert` (Test Cert GmbH, accredited by DAkkS for ISO 9001, ISO 14001 and ISO/IEC 27001),\n"
    "one organization, `acme-gmbh.yaml` (Acme Präzision GmbH, certificate TC-0001 from `test-cert`),\n"
    "and the project's `standards.yaml` and `accreditation-bodies.yaml`"
)
EXAMPLE_CERTIFICATE = """\
certificate_number: TC-0002
standards: [ISO 9001:2015]
certification_body: test-cert
accredited: true
scope: Machining of precision parts
issued: 2025-03-01
expires: 2028-02-28
source: https://test-cert.example/directory/TC-0002
last_verified: 2026-10-01
"""
EXAMPLE_ORGANIZATION = "name: Beta Werke GmbH\ncountry: DE\ncity: Köln\ncertifications:\n" + "".join(
    ("  - " if index == 0 else "    ") + line + "\n" for index, line in enumerate(EXAMPLE_CERTIFICATE.splitlines())
)
EXAMPLE_CERTIFICATION_BODY = """\
name: Nordcert AS
country: NO
website: https://nordcert.example
directory: https://nordcert.example/sertifikater
accreditations:
  - accreditation_body: norsk-akkreditering
    number: NA-C-0042
    standards: [ISO 9001]
    status: active
"""
TEMPLATES = {"organizations/": EXAMPLE_ORGANIZATION, "certification-bodies/": EXAMPLE_CERTIFICATION_BODY}
MARKER = re.compile(r"\s+# <- \[(?P<code>[A-Z]+[0-9]{3})\](?: (?P<field>\S+))?$")
ITEM_KEY = re.compile(r"^(?:  - |    )[A-Za-z_]")  # a key of a listed certificate, not of a nested value
KEY = re.compile(r"^(?:- )?([A-Za-z_][A-Za-z0-9_]*):")
Lines = list[tuple[int | None, str]]  # (line index in the example, or None for a completed line; text)


@dataclass(frozen=True, slots=True)
class ExampleFile:
    """A completed example: where it goes in the registry, its text, and the problems it promises."""

    path: str
    text: str
    expected: list[tuple[str, int, str]]  # (code, 1-based line, field)


def blocks(lines: Lines, starts: re.Pattern[str]) -> list[Lines]:
    """Split lines into blocks, each starting at a line that `starts` matches."""
    found: list[Lines] = []
    for line in lines:
        if starts.match(line[1]) or not found:
            found.append([])
        found[-1].append(line)
    return found


def key_of(line: str) -> str:
    """Return the mapping key a line starts with, after indentation and a list dash ('' when none)."""
    found = KEY.match(line.lstrip())
    return found.group(1) if found else ""


def complete_certificate(item: Lines) -> Lines:
    """Add the example certificate's fields that a listed certificate (`  - …` block) lacks."""
    present = {key_of(text) for _, text in item if ITEM_KEY.match(text)}
    missing = [line for line in EXAMPLE_CERTIFICATE.splitlines() if key_of(line) not in present]
    return item + [(None, "    " + line) for line in missing]


def complete(example: Lines, template: str) -> Lines:
    """Add the template's top-level fields the example lacks; complete each certificate it lists."""
    top = re.compile(r"^[^ #-]")
    given = blocks(example, top)
    out: Lines = []
    for block in given:
        if key_of(block[0][1]) != "certifications":
            out += block
            continue
        out.append(block[0])
        for item in blocks(block[1:], re.compile(r"^  - ")):
            out += complete_certificate(item)
    keys = {key_of(block[0][1]) for block in given}
    for block in blocks([(None, line) for line in template.splitlines()], top):
        if key_of(block[0][1]) not in keys:
            out += block
    return out


def example_file(path: str, text: str) -> ExampleFile:
    """Complete an example shown as `text` in `path` and read its markers."""
    lines: Lines = list(enumerate(text.splitlines()))
    template = next((t for prefix, t in TEMPLATES.items() if path.startswith(prefix)), None)
    completed = complete(lines, template) if template is not None else lines
    expected = []
    for number, (index, line) in enumerate(completed, start=1):
        marker = MARKER.search(line) if index is not None else None
        if marker:
            expected.append((marker["code"], number, marker["field"] or ""))
    return ExampleFile(path, "".join(line + "\n" for _, line in completed), expected)
