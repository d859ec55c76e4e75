"""`certreg validate`: check every record and print every problem; exit 1 when any is an error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from certreg.commands.common import EXIT_ERRORS, EXIT_OK, Command, add_registry_options
from certreg.commands.configured import add_config_option, config_problems
from certreg.core.dates import resolve_build_date
from certreg.core.i18n import N_
from certreg.core.problems import has_errors, sort_problems
from certreg.core.progress import Progress
from certreg.load.cache import CachedReader
from certreg.load.loader import load_registry
from certreg.validate.kept import open_validation
from certreg.validate.reporters import REPORTERS
from certreg.validate.validator import validate


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of `certreg validate`."""
    add_registry_options(parser)
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text")
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep parsed files and unchanged records' problems in this folder between runs (default: none)",
    )
    add_config_option(parser)


def command_validate(args: argparse.Namespace) -> int:
    """Check every record; print every problem; exit 1 when any is an error."""
    build_date = resolve_build_date(args.today)
    progress = Progress()
    progress.attach(sys.stderr)
    reader = CachedReader(args.cache, args.registry, progress)  # with no cache folder: the count alone
    registry = load_registry(args.registry, reader)
    progress.stage(N_("validate"))
    kept = open_validation(args.cache) if args.cache else None
    problems = sort_problems([*validate(registry, build_date, kept), *config_problems(args.registry, args.config)])
    if kept is not None:
        reader.save()
        kept.save()
    progress.detach()
    files = sum(1 for _ in registry.documents())
    sys.stdout.write(REPORTERS[args.format](problems, files=files))
    return EXIT_ERRORS if has_errors(problems) else EXIT_OK


COMMAND = Command(
    "validate",
    "check every record and list every problem",
    add_arguments,
    command_validate,
)
