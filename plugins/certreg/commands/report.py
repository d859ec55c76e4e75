"""`certreg report`: what needs a maintainer's attention at a build date, in Markdown or JSON.

Three lists: certificates that expire within the window (`--within`, else `expiring_soon_days` of
certreg.yaml, as the site uses); certificates still listed although expired or
certified to an edition whose transition has ended; certificates whose source was last checked more
than REVERIFY_AFTER_DAYS ago (leaving out those already in the second list and withdrawn ones). The
command exits 0 unless it is called wrongly (2) or needs the window from a certreg.yaml that has errors
(1), so a scheduled job can publish its output.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from certreg.commands.common import EXIT_ERRORS, EXIT_OK, Command, add_registry_options
from certreg.commands.configured import ConfigError, add_config_option, configured_expiring_soon_days
from certreg.core.dates import long_date, parse_date, resolve_build_date
from certreg.core.escape import markdown_code, markdown_url
from certreg.core.text import plural
from certreg.enrich.pipeline import check_and_enrich
from certreg.enrich.status import REVERIFY_AFTER_DAYS, STATUS_BY_ID
from certreg.load.loader import ORGANIZATIONS_DIR, load_registry
from certreg.validate.reporters import display_path

STALE_STATUSES = ("expired", "edition_withdrawn")


def non_negative(text: str) -> int:
    """Parse a whole number of days, 0 or more (an argparse type)."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days")
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of `certreg report`."""
    add_registry_options(parser)
    add_config_option(parser)
    parser.add_argument(
        "--within",
        type=non_negative,
        help="expiry window in days (default: `expiring_soon_days` of the configuration file, as the site uses)",
    )
    parser.add_argument("--format", choices=["markdown", "json"], default="markdown")


def command_report(args: argparse.Namespace) -> int:
    """Print the attention report."""
    build_date = resolve_build_date(args.today)
    try:
        within = args.within if args.within is not None else configured_expiring_soon_days(args.registry, args.config)
    except ConfigError as exc:
        print(f"{exc}\ncertreg: report stopped: fix the configuration file, or give --within", file=sys.stderr)
        return EXIT_ERRORS
    registry = load_registry(args.registry)
    checked = check_and_enrich(registry, build_date, expiring_soon_days=within)
    certificates = checked.site.certificates if checked.site else []
    report = build_report(certificates, args.registry, build_date, within, checked.notes)
    sys.stdout.write(markdown(report) if args.format == "markdown" else json.dumps(report, indent=2) + "\n")
    return EXIT_OK


def item(certificate: dict[str, Any], registry: Path, build_date: date) -> dict[str, Any]:
    """Return the fields of one certificate that a maintainer needs to act on it."""
    verified, expires = parse_date(certificate["last_verified"]), parse_date(certificate["expires"])
    return {
        "certification_body": certificate["certification_body"],
        "certificate_number": certificate["certificate_number"],
        "organization": certificate["organization_slug"],
        "organization_name": certificate["organization_name"],
        "effective_status": certificate["effective_status"],
        "expires": certificate["expires"],
        "days_to_expiry": (expires - build_date).days if expires else None,
        "last_verified": certificate["last_verified"],
        "days_since_verified": (build_date - verified).days if verified else None,
        "transition_ends": certificate["transition_ends"],
        "source": certificate.get("source"),
        "evidence": certificate.get("evidence"),
        "path": display_path(str(registry / ORGANIZATIONS_DIR / f"{certificate['organization_slug']}.yaml")),
    }


def build_report(
    certificates: list[dict[str, Any]], registry: Path, build_date: date, within: int, notes: list[str]
) -> dict[str, Any]:
    """Return the three attention lists, each sorted by its most urgent first."""
    items = [(c, item(c, registry, build_date)) for c in certificates]
    expiring = [i for c, i in items if c["effective_status"] == "expiring_soon"]
    stale = [i for c, i in items if c["effective_status"] in STALE_STATUSES]
    reverify = [
        i for c, i in items if c["needs_reverification"] and c["effective_status"] not in (*STALE_STATUSES, "withdrawn")
    ]
    order = ("certification_body", "certificate_number")
    return {
        "build_date": build_date.isoformat(),
        "within_days": within,
        "reverify_after_days": REVERIFY_AFTER_DAYS,
        "expiring": sorted(expiring, key=lambda i: (i["expires"], *(i[k] for k in order))),
        "expired_or_edition_withdrawn": sorted(stale, key=lambda i: (stale_since(i), *(i[k] for k in order))),
        "needs_reverification": sorted(reverify, key=lambda i: (i["last_verified"], *(i[k] for k in order))),
        "notes": notes,
    }


def who(entry: dict[str, Any]) -> str:
    """`NC-2022-0325` (nordcert) · Ærø Vindenergi ApS (`registry/organizations/aero-vindenergi.yaml`).

    Record text is written as code spans: literal text in which GitHub also makes no mention, issue
    reference or link (the certification body's slug is validated to hold only `a-z`, `0-9` and `-`).
    """
    return (
        f"{markdown_code(entry['certificate_number'], in_table=True)} ({entry['certification_body']}) | "
        f"{markdown_code(entry['organization_name'], in_table=True)} ({markdown_code(entry['path'], in_table=True)})"
    )


def markdown(report: dict[str, Any]) -> str:
    """Render the report as Markdown, fit for an issue body."""
    expiring, stale = report["expiring"], report["expired_or_edition_withdrawn"]
    reverify, within = report["needs_reverification"], report["within_days"]
    lines = [
        f"# Registry attention report, {long_date(report['build_date'])}",
        "",
        f"- {plural(len(expiring), 'certificate')} expiring within {within} days",
        f"- {plural(len(stale), 'certificate')} expired or edition-withdrawn and still listed",
        f"- {plural(len(reverify), 'certificate')} needing re-verification "
        f"(last checked more than {report['reverify_after_days']} days ago)",
        "",
        f"## Expiring within {within} days",
        "",
    ]
    lines += rows(
        ["expires", "in", "certificate", "organization"],
        [f"{e['expires']} | {plural(e['days_to_expiry'], 'day')} | {who(e)}" for e in expiring],
    )
    lines += ["## Expired or edition withdrawn, still listed", ""]
    lines += rows(
        ["status", "since", "certificate", "organization"],
        [f"{STATUS_BY_ID[e['effective_status']].label} | {stale_since(e)} | {who(e)}" for e in stale],
    )
    lines += ["## Needing re-verification", ""]
    lines += rows(
        ["last verified", "days ago", "certificate", "organization", "source"],
        [f"{e['last_verified']} | {e['days_since_verified']} | {who(e)} | {checked_at(e)}" for e in reverify],
    )
    if report["notes"]:
        lines += ["## Notes", "", *(f"- {note}" for note in report["notes"]), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def checked_at(entry: dict[str, Any]) -> str:
    """The source link and the evidence text of a certificate, whichever it has (evidence as a code span)."""
    parts = [markdown_url(entry["source"])] if entry["source"] else []
    if entry["evidence"]:
        parts.append(f"evidence: {markdown_code(entry['evidence'], in_table=True)}")
    return "; ".join(parts)


def stale_since(entry: dict[str, Any]) -> str:
    """Return the date a stale certificate stopped being valid: its expiry, or the end of its edition's transition."""
    if entry["effective_status"] == "edition_withdrawn" and entry["transition_ends"]:
        return entry["transition_ends"]
    return entry["expires"]


def rows(header: list[str], body: list[str]) -> list[str]:
    """Render a Markdown table, or `None.` when there is nothing to list."""
    if not body:
        return ["None.", ""]
    return ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header), *(f"| {line} |" for line in body), ""]


COMMAND = Command(
    "report",
    "list what needs a maintainer's attention",
    add_arguments,
    command_report,
    description="List certificates expiring within --within days, certificates still listed although expired "
    "or edition-withdrawn, and certificates due for re-verification.",
)
