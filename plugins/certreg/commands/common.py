"""What every command shares: its exit codes and the options of a command that reads a registry."""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
TODAY_HELP = "build date YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today in UTC)"


def add_registry_options(parser: argparse.ArgumentParser, today_help: str = TODAY_HELP) -> None:
    """--registry and --today, shared by every command that reads a registry."""
    parser.add_argument("--registry", type=Path, default=Path("registry"), help="registry folder (default: registry)")
    parser.add_argument("--today", help=today_help)
