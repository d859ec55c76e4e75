"""`certreg new`: write a new organization record from flags, or from answers when run in a terminal.

The record starts with the schema modeline, holds one certificate, and is validated with the whole
registry before the command reports success; a record with errors is not left behind. An existing
file is never overwritten.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from certreg.commands.common import EXIT_ERRORS, EXIT_OK, EXIT_USAGE, Command, add_registry_options
from certreg.commands.new_more import add_more_options, appended, registry_checks
from certreg.commands.record_text import CERTIFICATE_KEYS, IDENTIFIER_KEYS, ORGANIZATION_KEYS, organization_text
from certreg.core.dates import parse_date, resolve_build_date
from certreg.core.fold import slugify
from certreg.core.problems import ERROR, sort_problems
from certreg.load.loader import ORGANIZATIONS_DIR, SLUG_PATTERN, load_registry
from certreg.validate.reporters import text_report
from certreg.validate.rules.values import fold_name
from certreg.validate.validator import validate

ORGANIZATION_FIELDS = frozenset({"name", "country", "city", "website"})


@dataclass(frozen=True)
class Question:
    """One value of the record: its option, its prompt, and how an answer is checked."""

    dest: str
    prompt: str
    check: Callable[[str], str | None] | None = None
    required: bool = True
    many: bool = False


def check_date(text: str) -> str | None:
    """None when `text` is a YYYY-MM-DD date, else what is wrong."""
    return None if parse_date(text) else "write a date as YYYY-MM-DD"


def check_country(text: str) -> str | None:
    """None when `text` looks like an ISO 3166-1 alpha-2 code."""
    return None if re.fullmatch(r"[A-Z]{2}", text) else "write the two-letter country code in capitals, e.g. DE"


def check_url(text: str) -> str | None:
    """None when `text` is an http(s) address."""
    return None if re.match(r"https?://\S+$", text) else "write the full address, starting with https://"


def check_slug(text: str) -> str | None:
    """None when `text` is a valid slug."""
    return None if SLUG_PATTERN.match(text) and len(text) <= 80 else "use lower-case letters, digits and hyphens"


def check_source_or_evidence(text: str) -> str | None:
    """None for an http(s) address (the source) or for text that is plainly no address (the evidence).

    A mistyped address (`htps://…`, `www.…`) is refused rather than recorded as evidence.
    """
    if check_url(text) is None or not re.match(r"(\S*://|www\.|https?:)", text, re.IGNORECASE):
        return None
    return "write the full address, starting with https://, or describe evidence that is not a web page in words"


def check_standard(text: str) -> str | None:
    """None when `text` is written `<code>:<edition>`."""
    return None if re.fullmatch(r".+:[0-9]{4}", text) else "write the standard as <code>:<edition>, e.g. ISO 9001:2015"


def check_yes_no(text: str) -> str | None:
    """None for yes or no."""
    return None if text.lower() in ("yes", "no", "y", "n", "true", "false") else "answer yes or no"


QUESTIONS = (
    Question("name", "Legal name, as printed on the certificate"),
    Question("country", "Country (ISO 3166-1 alpha-2, e.g. DE)", check_country),
    Question("city", "City of the main site"),
    Question("website", "Website (optional)", check_url, required=False),
    Question("certificate_number", "Certificate number, as printed"),
    Question("standard", "Standard with edition, e.g. ISO 9001:2015", check_standard, many=True),
    Question("certification_body", "Certification body slug (a file in certification-bodies/)", check_slug),
    Question("accredited", "Issued under accreditation? (yes/no)", check_yes_no),
    Question("scope", "Scope, as printed on the certificate"),
    Question("issued", "Issue date (YYYY-MM-DD)", check_date),
    Question("expires", "Expiry date (YYYY-MM-DD)", check_date),
    Question(
        "source",
        "Source: the page where you checked the certificate (https://...), or else one line on the evidence "
        "that is not a web page (e.g. a letter from the certification body)",
        check_source_or_evidence,
    ),
)
# A flag is checked more strictly than an answer: --source is only ever an address.
FLAG_CHECKS: dict[str, Callable[[str], str | None]] = {"source": check_url}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of `certreg new`."""
    add_registry_options(parser, today_help="build date YYYY-MM-DD for validation and the default last_verified")
    parser.add_argument("--slug", help="file name without .yaml (default: made from --name)")
    parser.add_argument("--name", help="legal name as printed on the certificate")
    parser.add_argument("--country", help="ISO 3166-1 alpha-2 code of the main site")
    parser.add_argument("--city", help="city of the main site")
    parser.add_argument("--address", help="postal address of the main site")
    parser.add_argument("--website", help="website of the organization")
    parser.add_argument("--trading-name", dest="trading_name", action="append", help="another name (repeatable)")
    parser.add_argument("--certificate-number", dest="certificate_number", help="certificate number as printed")
    parser.add_argument("--standard", action="append", help="standard with edition, e.g. 'ISO 9001:2015' (repeatable)")
    parser.add_argument("--certification-body", dest="certification_body", help="slug of the certification body")
    parser.add_argument("--accredited", choices=["yes", "no"], help="issued under accreditation")
    parser.add_argument("--scope", help="scope as printed on the certificate")
    parser.add_argument("--sector", action="append", help="IAF sector code, e.g. 17 (repeatable)")
    parser.add_argument("--original-issue", dest="original_issue", help="date of first certification")
    parser.add_argument("--issued", help="issue date YYYY-MM-DD")
    parser.add_argument("--expires", help="expiry date YYYY-MM-DD")
    parser.add_argument("--source", help="page where you checked the certificate")
    parser.add_argument(
        "--evidence",
        help="evidence that is not a web page, one line (e.g. 'Written confirmation from the certification body, "
        "letter of 3 November 2026'); with or instead of --source",
    )
    parser.add_argument("--last-verified", dest="last_verified", help="day you checked it (default: the build date)")
    parser.add_argument(
        "--interactive",
        action=argparse.BooleanOptionalAction,
        help="ask for missing values (default: only when standard input is a terminal)",
    )
    add_more_options(parser)


def ask(question: Question, read: Callable[[str], str], extra: Callable[[str], str | None] | None = None) -> Any:
    """Ask until the answer passes the question's check (and `extra`); '' for a skipped optional value."""
    values: list[str] = []
    while True:
        suffix = " (empty line to finish)" if question.many and values else ""
        answer = read(f"{question.prompt}{suffix}: ").strip()
        if not answer:
            if question.many and values:
                return values
            if not question.required:
                return ""
            print("certreg: this value is required", file=sys.stderr)
            continue
        problem = (question.check(answer) if question.check else None) or (extra(answer) if extra else None)
        if problem:
            print(f"certreg: {problem}", file=sys.stderr)
            continue
        if not question.many:
            return answer
        values.append(answer)


def fill_in(args: argparse.Namespace, read: Callable[[str], str] | None) -> list[str]:
    """Ask for the missing values when `read` is given; return the flags still missing."""
    missing = []
    extra = registry_checks(args.registry)
    for question in QUESTIONS:
        if is_given(args, question.dest):
            continue
        if read is not None:
            setattr(args, *answered(question.dest, ask(question, read, extra.get(question.dest)) or None))
        elif question.required:
            flag = "--" + question.dest.replace("_", "-")
            missing.append("--source (or --evidence)" if question.dest == "source" else flag)
    return missing


def is_given(args: argparse.Namespace, dest: str) -> bool:
    """Whether a value is already there: its flag, --evidence for the source, the organization for --add-to."""
    if dest == "source" and args.evidence:
        return True
    return bool(getattr(args, dest) or (args.add_to and dest in ORGANIZATION_FIELDS))


def answered(dest: str, answer: str | None) -> tuple[str, str | None]:
    """The option an answer fills: the source prompt's answer is the evidence when it is no address."""
    if dest == "source" and answer and check_url(answer) is not None:
        return "evidence", answer
    return dest, answer


def flag_problems(args: argparse.Namespace) -> list[str]:
    """Return what is wrong with values given as flags (before anything is written)."""
    checks = [(q.dest, FLAG_CHECKS.get(q.dest, q.check)) for q in QUESTIONS if q.check] + [
        ("slug", check_slug),
        ("original_issue", check_date),
        ("today", check_date),
        ("last_verified", check_date),
        ("status_date", check_date),
        *registry_checks(args.registry).items(),
    ]
    found = []
    for dest, check in checks:
        value = getattr(args, dest, None)
        for item in value if isinstance(value, list) else [value]:
            problem = check(item) if item else None
            if problem:
                found.append(f"--{dest.replace('_', '-')} {item!r}: {problem}")
    return found


def record_text(args: argparse.Namespace, last_verified: str) -> str:
    """Write the YAML text of the new record, modeline first."""
    record = {key: getattr(args, key, None) for key in ORGANIZATION_KEYS if key != "identifiers"}
    record |= {"trading_names": args.trading_name, "certifications": [certificate_of(args, last_verified)]}
    record["identifiers"] = {key: getattr(args, key) for key in IDENTIFIER_KEYS if getattr(args, key, None)}
    return organization_text(record)


def certificate_of(args: argparse.Namespace, last_verified: str) -> dict[str, Any]:
    """The new certificate's values, by key."""
    certificate = {key: getattr(args, key, None) for key in CERTIFICATE_KEYS}
    certificate |= {"standards": args.standard, "sectors": args.sector, "last_verified": last_verified}
    certificate["accredited"] = args.accredited.lower() in ("yes", "y", "true")
    return certificate


def is_interactive(args: argparse.Namespace) -> bool:
    """--interactive / --no-interactive, else whether standard input is a terminal."""
    return args.interactive if args.interactive is not None else sys.stdin.isatty()


def command_new(args: argparse.Namespace, read: Callable[[str], str] | None = None) -> int:
    """Create the record; exit 1 when it exists already or does not validate, 2 on missing values."""
    read = read or (input if is_interactive(args) else None)
    try:
        missing = fill_in(args, read)
    except (EOFError, KeyboardInterrupt):
        print("\ncertreg: new stopped before the last answer; nothing was written", file=sys.stderr)
        return EXIT_USAGE
    if missing:
        print(f"certreg: missing values: {' '.join(missing)} (or run in a terminal to be asked)", file=sys.stderr)
        return EXIT_USAGE
    found = flag_problems(args)
    if found:
        print("".join(f"certreg: {problem}\n" for problem in found), end="", file=sys.stderr)
        return EXIT_USAGE
    build_date = resolve_build_date(args.today)
    if args.add_to:
        return add_certificate(args, build_date)
    slug = args.slug or default_slug(args.name)
    path = args.registry / ORGANIZATIONS_DIR / f"{slug}.yaml"
    if path.exists():
        print(f"certreg: {path} already exists; edit it instead, or choose another --slug", file=sys.stderr)
        return EXIT_ERRORS
    if not path.parent.is_dir():
        print(f"certreg: {path.parent} is not a folder; is --registry right?", file=sys.stderr)
        return EXIT_USAGE
    return write_checked(path, record_text(args, args.last_verified or build_date.isoformat()), build_date)


def add_certificate(args: argparse.Namespace, build_date: date) -> int:
    """Append the certificate to an existing organization's record, validated like a new record."""
    path = args.registry / ORGANIZATIONS_DIR / f"{args.add_to}.yaml"
    if not path.is_file():
        print(f"certreg: {path} does not exist; leave out --add-to to create the organization", file=sys.stderr)
        return EXIT_USAGE
    old = path.read_text(encoding="utf-8")
    new = appended(old, certificate_of(args, args.last_verified or build_date.isoformat()))
    if new is None:
        print(f"certreg: {path}: `certifications:` is not the last key; add the certificate by hand", file=sys.stderr)
        return EXIT_ERRORS
    return write_checked(path, new, build_date, previous=old)


def default_slug(name: str) -> str:
    """Make a slug from the name without its legal form: `Kvitfjell Verksted AS` → `kvitfjell-verksted`."""
    slug = slugify(fold_name(name) or name)[:80]
    return slug.rsplit("-", 1)[0] if len(slug) == 80 and "-" in slug else slug


def write_checked(path: Path, text: str, build_date: date, previous: str | None = None) -> int:
    """Write the record; restore the previous state if the registry has errors it did not have before."""
    registry_root = path.parents[1]
    before = set(validate(load_registry(registry_root), build_date))
    with path.open("x" if previous is None else "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    added = sort_problems(set(validate(load_registry(registry_root), build_date)) - before)
    if any(problem.severity == ERROR for problem in added):
        if previous is None:
            path.unlink()
        else:
            path.write_text(previous, encoding="utf-8", newline="\n")
        sys.stderr.write(text_report(added))
        verb = "created" if previous is None else "changed"
        print(f"certreg: {path} was not {verb}: fix the values above and run again", file=sys.stderr)
        return EXIT_ERRORS
    if added:
        sys.stderr.write(text_report(added))
    print(f"certreg: {'created' if previous is None else 'added the certificate to'} {path}", file=sys.stderr)
    return EXIT_OK


COMMAND = Command(
    "new",
    "create an organization record (asks for missing values in a terminal)",
    add_arguments,
    command_new,
    description="Create registry/organizations/<slug>.yaml with one certificate. Values come from the "
    "flags; in a terminal, missing ones are asked for. An existing file is never overwritten.",
)
