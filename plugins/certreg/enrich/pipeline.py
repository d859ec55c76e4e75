"""The pipeline every command and the Pelican build share: load → validate → enrich."""

from __future__ import annotations

import logging
import sys
from datetime import date
from pathlib import Path

from certreg.core.problems import has_errors
from certreg.enrich.site import Site, enrich
from certreg.load.loader import DocumentReader, load_document, load_registry
from certreg.validate.reporters import text_report
from certreg.validate.validator import validate

logger = logging.getLogger(__name__)


class RegistryInvalidError(RuntimeError):
    """The registry has validation errors: the build stops before writing anything."""

    exitcode = 1


def load_site(
    registry_path: Path, build_date: date, expiring_soon_days: int, read: DocumentReader = load_document
) -> Site:
    """Load (each file with `read`), validate and enrich; print the report and raise on validation errors."""
    registry = load_registry(registry_path, read)
    problems = validate(registry, build_date)
    if has_errors(problems):
        print(text_report(problems), file=sys.stderr)
        errors = sum(1 for problem in problems if problem.severity == "error")
        raise RegistryInvalidError(f"certreg: {registry_path} has {errors} error(s); nothing was written")
    if problems:
        logger.warning("certreg: %d warning(s):\n%s", len(problems), text_report(problems))
    registry.release_positions()
    return enrich(registry, build_date, expiring_soon_days)
