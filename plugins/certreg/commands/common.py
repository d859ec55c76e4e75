"""What every command shares: the `Command` it declares, the exit codes, and the options for a registry."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
TODAY_HELP = "build date YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today in UTC)"


@dataclass(frozen=True, slots=True)
class Command:
    """One `certreg` subcommand, as each command module declares it and `main` adds it to the command line."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str | None = None


def add_registry_options(parser: argparse.ArgumentParser, today_help: str = TODAY_HELP) -> None:
    """--registry and --today, shared by every command that reads a registry."""
    parser.add_argument("--registry", type=Path, default=Path("registry"), help="registry folder (default: registry)")
    parser.add_argument("--today", help=today_help)
