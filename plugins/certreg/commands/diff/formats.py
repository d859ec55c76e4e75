"""How `certreg diff` shows its result: plain text for a terminal, Markdown for a pull request, or JSON.

In Markdown every value a record wrote is a code span (`escape.markdown_code`): literal text in which
GitHub also makes no mention, issue reference or link.

Status words come from the one status table (`certreg.enrich.status`).
"""

from __future__ import annotations

import json
from typing import Any

from certreg.commands.diff.model import Change, Diff
from certreg.core.escape import markdown_code
from certreg.core.text import plural, show
from certreg.enrich.status import STATUS_BY_ID


def summary_counts(diff: Diff) -> str:
    """`1 organization added, 0 removed · 2 certificates added, 1 removed · 3 fields changed · 1 status change`."""
    return " · ".join(
        (
            f"{plural(len(diff.organizations_added), 'organization')} added, {len(diff.organizations_removed)} removed",
            f"{plural(len(diff.certificates_added), 'certificate')} added, {len(diff.certificates_removed)} removed",
            f"{plural(len(diff.changes), 'field')} changed",
            f"{plural(len(diff.status_changes), 'status change')}",
        )
    )


def label(status: str | None) -> str:
    """Return the reader's words for an effective status; `unknown` when it could not be computed."""
    return STATUS_BY_ID[status].label if status in STATUS_BY_ID else "unknown"


def code(text: str) -> str:
    """Quote text as a Markdown code span that survives backticks, line breaks and table pipes."""
    return markdown_code(text, in_table=True)


def value_cell(value: Any) -> str:
    """Show a field value in a table cell; *absent* when the field is not there."""
    return "*absent*" if value is None else code(show(value))


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Render a Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def markdown(diff: Diff) -> str:
    """Render the summary for a pull-request comment or a job summary."""
    lines = [f"## Registry changes: {code(diff.base)} → {code(diff.head)}", ""]
    if diff.empty:
        lines += ["No changes to organizations, certificates or certification bodies.", ""]
    else:
        lines += [f"Statuses at {diff.build_date.isoformat()}. {summary_counts(diff)}.", ""]
    sections = [
        ("Organizations added", organization_table(diff.organizations_added)),
        ("Organizations removed", organization_table(diff.organizations_removed)),
        ("Certificates added", certificate_table(diff.certificates_added, "status")),
        ("Certificates removed", certificate_table(diff.certificates_removed, "status before")),
        ("Certification bodies added", [f"- {code(slug)}" for slug in diff.certification_bodies_added]),
        ("Certification bodies removed", [f"- {code(slug)}" for slug in diff.certification_bodies_removed]),
        ("Fields changed", changes_table(diff.changes)),
        ("Sources of the changed certificates", sources_table(diff.changed_sources)),
        (f"Status changes at {diff.build_date.isoformat()}", status_table(diff.status_changes)),
        ("Notes", [f"- {note}" for note in diff.notes]),
    ]
    for title, body in sections:
        if body:
            lines += [f"### {title}", "", *body, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def organization_table(rows: list[dict[str, Any]]) -> list[str]:
    """Organizations added or removed."""
    if not rows:
        return []
    body = [[code(r["slug"]), code(r["name"]), code(r["country"]), str(r["certificates"])] for r in rows]
    return table(["organization", "name", "country", "certificates"], body)


def certificate_table(rows: list[dict[str, Any]], status_header: str) -> list[str]:
    """Certificates added or removed."""
    if not rows:
        return []
    body = [
        [
            code(r["certification_body"]),
            code(r["certificate_number"]),
            code(r["organization"]),
            code(", ".join(r["standards"])),
            label(r["effective_status"]),
            *checked_cells(r, rows),
        ]
        for r in rows
    ]
    header = ["certification body", "certificate", "organization", "standards", status_header]
    return table([*header, *checked_header(rows)], body)


def sources_table(rows: list[dict[str, Any]]) -> list[str]:
    """The source (and evidence) of each changed certificate: what to check the change against."""
    body = [[f"{code(r['certification_body'])} {code(r['certificate_number'])}", *checked_cells(r, rows)] for r in rows]
    return table(["certificate", *checked_header(rows)], body) if rows else []


def checked_header(rows: list[dict[str, Any]]) -> list[str]:
    """`source`, and `evidence` when a row of the table has evidence (most registries never use it)."""
    return ["source", "evidence"] if any(r["evidence"] is not None for r in rows) else ["source"]


def checked_cells(row: dict[str, Any], rows: list[dict[str, Any]]) -> list[str]:
    """The cells under checked_header(rows) for one row."""
    return [value_cell(row[name]) for name in checked_header(rows)]


def changes_table(changes: list[Change]) -> list[str]:
    """Every changed field with its old and new value."""
    if not changes:
        return []
    body = [[f"{c.record} {code(c.key)}", code(c.field), value_cell(c.old), value_cell(c.new)] for c in changes]
    return table(["record", "field", "old", "new"], body)


def status_table(rows: list[dict[str, Any]]) -> list[str]:
    """Effective-status changes."""
    if not rows:
        return []
    body = [
        [
            f"{code(r['certification_body'])} {code(r['certificate_number'])}",
            code(r["organization"]),
            label(r["before"]),
            label(r["after"]),
        ]
        for r in rows
    ]
    return table(["certificate", "organization", "before", "after"], body)


def text(diff: Diff) -> str:
    """One line per difference, for a terminal."""
    lines = [f"certreg diff {diff.base} → {diff.head} (statuses at {diff.build_date.isoformat()})"]
    lines += [f"+ organization {r['slug']}: {r['name']}" for r in diff.organizations_added]
    lines += [f"- organization {r['slug']}: {r['name']}" for r in diff.organizations_removed]
    for sign, rows in (("+", diff.certificates_added), ("-", diff.certificates_removed)):
        lines += [
            f"{sign} certificate {r['certification_body']} {r['certificate_number']} ({r['organization']})"
            f"{'' if r['source'] is None else ', source ' + r['source']}"
            f"{'' if r['evidence'] is None else ', evidence ' + r['evidence']}"
            for r in rows
        ]
    lines += [f"+ certification body {slug}" for slug in diff.certification_bodies_added]
    lines += [f"- certification body {slug}" for slug in diff.certification_bodies_removed]
    lines += [
        f"~ {c.record} {c.key}: {c.field}: {'(absent)' if c.old is None else show(c.old)} → "
        f"{'(absent)' if c.new is None else show(c.new)}"
        for c in diff.changes
    ]
    lines += [
        f"  source of {r['certification_body']} {r['certificate_number']}: {r['source'] or '(absent)'}"
        f"{'' if r['evidence'] is None else '; evidence: ' + r['evidence']}"
        for r in diff.changed_sources
    ]
    lines += [
        f"~ status {r['certification_body']} {r['certificate_number']}: {r['before']} → {r['after']}"
        for r in diff.status_changes
    ]
    lines += [f"note: {note}" for note in diff.notes]
    lines.append("certreg: no changes" if diff.empty else f"certreg: {summary_counts(diff)}")
    return "\n".join(lines) + "\n"


def as_json(diff: Diff) -> str:
    """Render the differences as one JSON document."""
    document = {
        "base": diff.base,
        "head": diff.head,
        "build_date": diff.build_date.isoformat(),
        "organizations": {"added": diff.organizations_added, "removed": diff.organizations_removed},
        "certificates": {"added": diff.certificates_added, "removed": diff.certificates_removed},
        "certification_bodies": {
            "added": diff.certification_bodies_added,
            "removed": diff.certification_bodies_removed,
        },
        "changes": [
            {"record": c.record, "key": c.key, "field": c.field, "old": c.old, "new": c.new} for c in diff.changes
        ],
        "status_changes": diff.status_changes,
        "changed_sources": diff.changed_sources,
        "notes": diff.notes,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": text, "markdown": markdown, "json": as_json}
