"""`certreg init DIR`: write a new registry repository that validates and builds at once.

It writes the registry folders (the standards and accreditation bodies certreg ships, one example
certification body and one example organization, both marked as examples), certreg.yaml, the
workflows, the pre-commit hook, a README and a CONTRIBUTING generated from the rules. Answers come
from flags, or from prompts in a terminal. An existing file is never overwritten; every file is named
as written or kept.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from certreg.build.bundle import seed_file
from certreg.commands import init_files as files
from certreg.commands.common import EXIT_OK, EXIT_USAGE, Command
from certreg.core.dates import resolve_build_date
from certreg.load.schema_versions import SCHEMA_VERSION
from certreg.validate.config import CONFIG_NAME
from certreg.validate.rules.docs import rules_markdown

URL = re.compile(r"https://[^\s\"'<>]+[^/\s\"'<>]$")
CONTACT = re.compile(r"(https?://|mailto:)[^\s\"'<>]+$")
# (answer, flag help / prompt, check, required)
QUESTIONS: tuple[tuple[str, str, re.Pattern[str] | None, bool], ...] = (
    ("name", "site name, e.g. Example Association Member Registry", None, True),
    ("description", "one sentence describing the registry (optional)", None, False),
    ("operator", "who runs the registry, e.g. Example Association", None, True),
    ("contact", "how to reach the operator: https://… or mailto:…", CONTACT, True),
    ("repository", "the registry's own repository, e.g. https://github.com/example/registry", URL, True),
    ("report_error", "where 'Report an error' goes (default: <repository>/issues/new)", CONTACT, False),
    ("url", "the site's address, e.g. https://registry.example.org (optional)", URL, False),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of `certreg init`."""
    parser.add_argument("directory", type=Path, metavar="DIR", help="folder to write into (created if missing)")
    for dest, text, _, _ in QUESTIONS:
        parser.add_argument(f"--{dest.replace('_', '-')}", dest=dest, help=text)
    parser.add_argument("--today", help="date the example records are checked on, YYYY-MM-DD (default: today in UTC)")
    parser.add_argument("--no-input", action="store_true", help="never prompt; every required answer is a flag")


def command_init(args: argparse.Namespace, read: Callable[[str], str] | None = None) -> int:
    """Ask what is missing, then write every file that is not there yet."""
    interactive = read is not None or (not args.no_input and sys.stdin.isatty())
    try:
        answers = collect(args, (read or input) if interactive else None)
    except (EOFError, KeyboardInterrupt):
        print("\ncertreg: init stopped; nothing was written", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:
        print(f"certreg: {exc}", file=sys.stderr)
        return EXIT_USAGE
    answers["today"] = resolve_build_date(args.today)
    for line in write_all(Path(args.directory), answers):
        print(line)
    print(f"certreg: next: cd {args.directory} && certreg validate && certreg build (see README.md)")
    return EXIT_OK


def collect(args: argparse.Namespace, read: Callable[[str], str] | None) -> dict[str, Any]:
    """Every answer, checked; ValueError naming the flag and fix when one is missing or malformed."""
    answers: dict[str, Any] = {}
    for dest, text, pattern, required in QUESTIONS:
        value = (getattr(args, dest, None) or "").strip()
        while not value and read is not None and (required or dest != "report_error"):
            value = read(f"{text}: ").strip()
            if value and pattern is not None and not pattern.match(value):
                print(f"  not accepted: {text}", file=sys.stderr)
                value = ""
            if not required:
                break
        if not value and required:
            raise ValueError(f"--{dest.replace('_', '-')} is required ({text})")
        if value and pattern is not None and not pattern.match(value):
            raise ValueError(f"--{dest.replace('_', '-')} {value!r} is not accepted: give {text}")
        answers[dest] = value
    if not answers["report_error"]:
        answers["report_error"] = answers["repository"].rstrip("/") + "/issues/new"
    return answers


def planned(answers: dict[str, Any]) -> dict[str, str | Path]:
    """Every file to write, relative to the new repository: its text, or a file to copy."""
    today = answers["today"]
    return {
        CONFIG_NAME: files.config_text(answers, SCHEMA_VERSION),
        "registry/standards.yaml": seed_file("standards.yaml"),
        "registry/accreditation-bodies.yaml": seed_file("accreditation-bodies.yaml"),
        "registry/certification-bodies/example-certification.yaml": files.example_body_text(),
        "registry/organizations/example-manufacturing.yaml": files.example_organization_text(today),
        ".github/workflows/check.yml": files.check_workflow_text(),
        ".github/workflows/publish.yml": files.publish_workflow_text(),
        ".pre-commit-config.yaml": files.pre_commit_text(),
        ".gitignore": files.GITIGNORE,
        "README.md": files.readme_text(answers),
        "CONTRIBUTING.md": files.contributing_text(answers, rules_markdown()),
    }


def write_all(directory: Path, answers: dict[str, Any]) -> list[str]:
    """Write each planned file that does not exist; one line per file saying what happened."""
    lines = []
    for relative, content in planned(answers).items():
        path = directory / relative
        if path.exists():
            lines.append(f"kept    {path} (it exists; not overwritten)")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, path)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
        lines.append(f"wrote   {path}")
    return lines


COMMAND = Command(
    "init",
    "write a new registry repository that validates and builds",
    add_arguments,
    command_init,
    description="Write a registry repository into DIR: registry folders with the standards and one example of "
    "each record, certreg.yaml, workflows, the pre-commit hook, README and CONTRIBUTING. Answers come from the "
    "flags, else from prompts in a terminal. An existing file is never overwritten.",
)
