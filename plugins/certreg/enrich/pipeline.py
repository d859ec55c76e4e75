"""The pipeline every command and the Pelican build share: load → validate → enrich."""

from __future__ import annotations

import logging
import sys
from datetime import date
from pathlib import Path

from certreg.core.problems import has_errors
from certreg.enrich.events import all_events, window_start
from certreg.enrich.site import Site, enrich
from certreg.load.history import History, read_history
from certreg.load.loader import DocumentReader, load_document, load_registry
from certreg.validate.reporters import text_report
from certreg.validate.validator import validate

logger = logging.getLogger(__name__)


class RegistryInvalidError(RuntimeError):
    """The registry has validation errors: the build stops before writing anything."""

    exitcode = 1


def load_site(
    registry_path: Path,
    build_date: date,
    expiring_soon_days: int,
    read: DocumentReader = load_document,
    *,
    history: bool = False,
    commit_url: str = "",
) -> Site:
    """Load (each file with `read`), validate and enrich; print the report and raise on validation errors.

    With `history` (the REGISTRY_HISTORY setting), the registry's git history is read, each commit linked
    as `commit_url` + its id; the site's events are computed from the records and that history.
    """
    registry = load_registry(registry_path, read)
    problems = validate(registry, build_date)
    if has_errors(problems):
        print(text_report(problems), file=sys.stderr)
        errors = sum(1 for problem in problems if problem.severity == "error")
        raise RegistryInvalidError(f"certreg: {registry_path} has {errors} error(s); nothing was written")
    if problems:
        logger.warning("certreg: %d warning(s):\n%s", len(problems), text_report(problems))
    registry.release_positions()
    site = enrich(registry, build_date, expiring_soon_days)
    if history:
        site.history = read_history(registry_path, commit_url, window_start(build_date))
    else:
        site.history = History(available=False, reason="the REGISTRY_HISTORY setting is off")
    site.events = all_events(site, site.history)
    return site
