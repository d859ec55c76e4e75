"""`certreg rules`: every problem code with its rule, or one code's documentation with its examples."""

from __future__ import annotations

import argparse
import sys

from certreg.commands.common import EXIT_OK, EXIT_USAGE, Command
from certreg.validate.rules.docs import code_documentation, rules_markdown, rules_table


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of `certreg rules`."""
    parser.add_argument("code", metavar="CODE", nargs="?", help="a code to document, e.g. REG008")
    parser.add_argument("--format", choices=["text", "markdown"], default="text")


def command_rules(args: argparse.Namespace) -> int:
    """Print every problem code with its statement, or one code's documentation with its examples."""
    markdown = args.format == "markdown"
    if args.code is None:
        sys.stdout.write(rules_markdown() if markdown else rules_table(markdown=False))
        return EXIT_OK
    documentation = code_documentation(args.code.upper(), markdown=markdown)
    if documentation is None:
        print(f"certreg: unknown code {args.code!r}; `certreg rules` lists every code", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(documentation)
    return EXIT_OK


COMMAND = Command(
    "rules",
    "list every problem code and its rule, or show one rule's documentation",
    add_arguments,
    command_rules,
)
