"""The `certreg` command line: the same load → validate → enrich stages as the Pelican build."""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from certreg.build.remote import register as register_publish
from certreg.commands.common import add_registry_options
from certreg.commands.diff.command import register as register_diff
from certreg.commands.new import register as register_new
from certreg.commands.report import register as register_report
from certreg.core.dates import BuildDateError, resolve_build_date
from certreg.core.problems import has_errors
from certreg.core.progress import Progress
from certreg.load.cache import CachedReader
from certreg.load.loader import RegistryError, load_registry
from certreg.validate.reporters import REPORTERS
from certreg.validate.rules.docs import code_documentation, rules_markdown, rules_table
from certreg.validate.validator import validate

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
NO_SITEURL_WARNING = (
    "certreg: warning: no --siteurl (SITEURL): links are site-relative, pages carry no canonical link and "
    "robots.txt names no sitemap; pass --siteurl https://… when building the published site"
)


def command_validate(args: argparse.Namespace) -> int:
    """Check every record; print every problem; exit 1 when any is an error."""
    build_date = resolve_build_date(args.today)
    progress = Progress()
    progress.attach(sys.stderr)
    registry = load_registry(args.registry, CachedReader(None, args.registry, progress))  # no cache: the count
    progress.stage("validate")
    problems = validate(registry, build_date)
    progress.detach()
    files = sum(1 for _ in registry.documents())
    sys.stdout.write(REPORTERS[args.format](problems, files=files))
    return EXIT_ERRORS if has_errors(problems) else EXIT_OK


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


def command_build(args: argparse.Namespace) -> int:
    """Build the static site with Pelican into --output, atomically."""
    from certreg.build.staging import BuildError, build_site, default_cache_dir

    if not args.siteurl:
        print(NO_SITEURL_WARNING, file=sys.stderr)
    progress = Progress()
    try:
        overrides = {"SITEURL": args.siteurl.rstrip("/")} if args.siteurl else None
        progress.attach(sys.stderr)
        cache = None if args.no_cache else (args.cache or default_cache_dir(args.output))
        report = build_site(args.registry, args.output, resolve_build_date(args.today), overrides, cache, progress)
    except BuildError as exc:
        if getattr(args, "verbose", False):
            traceback.print_exception(exc.__cause__ or exc)
        print(f"certreg: build failed: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    finally:
        progress.detach()
    print(report.summary(), file=sys.stderr)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with one subcommand per command."""
    parser = argparse.ArgumentParser(
        prog="certreg", description="Validate and build a registry of certified organizations."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate_parser = commands.add_parser("validate", help="check every record and list every problem")
    add_registry_options(validate_parser)
    validate_parser.add_argument("--format", choices=sorted(REPORTERS), default="text")
    validate_parser.set_defaults(run=command_validate)

    rules_parser = commands.add_parser(
        "rules", help="list every problem code and its rule, or show one rule's documentation"
    )
    rules_parser.add_argument("code", metavar="CODE", nargs="?", help="a code to document, e.g. REG008")
    rules_parser.add_argument("--format", choices=["text", "markdown"], default="text")
    rules_parser.set_defaults(run=command_rules)

    build_parser_ = commands.add_parser("build", help="build the static site with Pelican")
    add_registry_options(build_parser_)
    build_parser_.add_argument("--output", type=Path, default=Path("output"), help="output folder (default: output)")
    build_parser_.add_argument(
        "--siteurl",
        help="absolute URL the site is served from (default: site-relative links)",
    )
    build_parser_.add_argument(
        "--cache", type=Path, help="render cache folder (default: .certreg-cache/<output name> beside the output)"
    )
    build_parser_.add_argument("--no-cache", action="store_true", help="render every page; keep no render cache")
    build_parser_.set_defaults(run=command_build)

    for register in EXTRA_COMMANDS:
        register(commands)
    for command in commands.choices.values():
        add_verbose_option(command)
    return parser


def add_verbose_option(parser: argparse.ArgumentParser) -> None:
    """`--verbose` on a command: debug logging, and the traceback of any failure."""
    if not any("--verbose" in action.option_strings for action in parser._actions):
        parser.add_argument("--verbose", action="store_true", help="log every step; show the traceback of a failure")


# Modules with more commands add their `register(subparsers)` here: the maintainer commands of maintain_*.py.
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    register_new,
    register_diff,
    register_report,
    register_publish,
]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `certreg` console script."""
    args = build_parser().parse_args(argv)
    verbose = bool(getattr(args, "verbose", False))
    if verbose:
        logging.basicConfig(level=logging.DEBUG, format="%(message)s")
    try:
        return args.run(args)
    except (RegistryError, BuildDateError) as exc:
        if verbose:
            traceback.print_exc()
        print(f"certreg: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
