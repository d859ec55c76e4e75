"""The documentation of every problem code, read from the rule table and the rules' docstrings.

A rule's docstring is its user documentation, like yamllint's rules: a title line, paragraphs saying what
it checks and why, then examples, each a header line `Passes in `path`::` or `Fails in `path`::` followed
by the YAML indented four spaces. In a failing example, `# <- [CODE] field` ends each line where a
problem is reported (`examples` says what an example stands for). `certreg rules` and
CONTRIBUTING.md print what this module renders.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

from certreg.core.problems import ERROR
from certreg.load.loader import LOAD_CODES
from certreg.validate.rules.examples import EXAMPLE_BUILD_DATE, EXAMPLE_ORGANIZATION, EXAMPLE_REGISTRY
from certreg.validate.rules.table import RULES, Rule

SCHEMA_CODES = {
    "SCH001": "Every value has the type, form and range its JSON Schema gives.",
    "SCH002": "A record holds only the fields its schema defines.",
    "SCH003": "A record holds every field its schema requires (a certificate: `source`, `evidence` or both).",
}
EXAMPLE_HEADER = re.compile(r"^(?P<verdict>Passes|Fails) in `(?P<path>[^`]+)`::$")
INDENT = "    "


@dataclass(frozen=True, slots=True)
class Example:
    """One documented example: whether it passes, the file it is in, and its YAML as shown."""

    passes: bool
    path: str
    text: str


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """A rule's documentation: its title, explanation paragraphs and examples."""

    title: str
    paragraphs: list[str]
    examples: list[Example]


def literal_block(lines: list[str], start: int) -> tuple[str, int]:
    """Read the indented block from `start` (after blank lines); return its dedented text and where it ends."""
    end = start
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith(INDENT)):
        end += 1
    block = [line.removeprefix(INDENT) for line in lines[start:end]]
    return "\n".join(block).strip("\n") + "\n", end


def parse_doc(docstring: str | None) -> RuleDoc:
    """Split a rule's docstring into title, paragraphs and examples."""
    lines = inspect.cleandoc(docstring or "").splitlines()
    paragraphs: list[list[str]] = [[]]
    examples: list[Example] = []
    index = 1
    while index < len(lines):
        line, index = lines[index], index + 1
        header = EXAMPLE_HEADER.match(line)
        if header:
            text, index = literal_block(lines, index)
            examples.append(Example(header["verdict"] == "Passes", header["path"], text))
        elif line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    title = lines[0].rstrip(".") if lines else ""
    return RuleDoc(title, ["\n".join(p) for p in paragraphs if p], examples)


def every_code() -> list[tuple[str, str, str]]:
    """Return (code, severity, statement) for every code the validator can report, in table order."""
    rows = [(code, ERROR, statement) for code, statement in {**LOAD_CODES, **SCHEMA_CODES}.items()]
    return rows + [(rule.code, rule.severity, rule.statement) for rule in RULES]


def rules_table(markdown: bool = True) -> str:
    """Render every code with its severity and one-line statement, as Markdown (linking each rule) or text."""
    rows = every_code()
    if not markdown:
        return "".join(f"{code}  {severity:<7}  {statement}\n" for code, severity, statement in rows)
    anchors = {rule.code: anchor(rule_heading(rule)) for rule in RULES}
    linked = {code: f"[{code}](#{anchors[code]})" if code in anchors else code for code, _, _ in rows}
    lines = ["| code | severity | rule |", "| --- | --- | --- |"]
    lines += [f"| {linked[code]} | {severity} | {statement} |" for code, severity, statement in rows]
    return "\n".join(lines) + "\n"


def rule_heading(rule: Rule) -> str:
    """Return a rule's section heading: `REG008: Certificate number used twice`."""
    return f"{rule.code}: {parse_doc(rule.check.__doc__).title}"


def anchor(heading: str) -> str:
    """Return the link target GitHub gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def example_heading(example: Example, markdown: bool) -> str:
    """Return `Passes in `path`:` (Markdown) or `Passes in path:` (text)."""
    path = f"`{example.path}`" if markdown else example.path
    return f"{'Passes' if example.passes else 'Fails'} in {path}:"


def rule_text(rule: Rule) -> str:
    """Render one rule's full documentation for a terminal."""
    doc = parse_doc(rule.check.__doc__)
    parts = [f"{rule.code} ({rule.severity}): {doc.title}\n{rule.statement}", *doc.paragraphs]
    for example in doc.examples:
        parts.append(example_heading(example, markdown=False))
        parts.append("".join(f"{INDENT}{line}\n" if line else "\n" for line in example.text.splitlines()).rstrip())
    return "\n\n".join(parts) + "\n"


def rule_markdown(rule: Rule) -> str:
    """Render one rule's full documentation as a Markdown section."""
    doc = parse_doc(rule.check.__doc__)
    parts = [f"### {rule_heading(rule)}", f"**{rule.severity}**: {rule.statement}", *doc.paragraphs]
    for example in doc.examples:
        parts += [example_heading(example, markdown=True), f"```yaml\n{example.text}```"]
    return "\n\n".join(parts) + "\n"


def examples_intro() -> str:
    """Say, in Markdown, what the examples in the rule sections stand for."""
    return (
        "### How to read the examples\n\n"
        "Each rule shows a file, or the part of it that matters, that passes and one that fails;\n"
        "`# <- [CODE] field` marks each line where `certreg validate` reports the problem. A file under\n"
        "`organizations/` has every field of the record below that the example does not show, and so\n"
        "does each certificate it lists; a file under `certification-bodies/` likewise has a name,\n"
        f"country, website, directory and accreditations. The other files form a small registry: {EXAMPLE_REGISTRY}.\n"
        f"Dates are checked at the build date {EXAMPLE_BUILD_DATE.isoformat()}. A test checks every example.\n\n"
        f"```yaml\n{EXAMPLE_ORGANIZATION}```\n"
    )


def rules_markdown() -> str:
    """Render what CONTRIBUTING.md shows: the table of every code, then each rule's documentation."""
    sections = [rules_table(markdown=True), examples_intro(), *(rule_markdown(rule) for rule in RULES)]
    return "\n".join(sections)


def code_documentation(code: str, markdown: bool = False) -> str | None:
    """Render one code's documentation (a loader or schema code has only its statement); None if unknown."""
    rule = next((rule for rule in RULES if rule.code == code), None)
    if rule is not None:
        return rule_markdown(rule) if markdown else rule_text(rule)
    row = next((row for row in every_code() if row[0] == code), None)
    return None if row is None else f"{row[0]} ({row[1]}): {row[2]}\n"
