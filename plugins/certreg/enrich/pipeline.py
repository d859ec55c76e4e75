"""The pipeline every command and the Pelican build share: load → validate → enrich.

Two ways through it, here side by side:
- `load_site`, strict, for the site: any validation error stops the build before anything is written;
- `check_and_enrich`, tolerant, for the maintainer commands (`report`, `diff`): records with errors are
  left out, the rest is enriched, and notes say what was left out.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from certreg.core.heap import collector_paused
from certreg.core.i18n import ENGLISH, Translator
from certreg.core.problems import ERROR, Problem, has_errors
from certreg.core.text import plural
from certreg.enrich.events import window_start
from certreg.enrich.kept import KeptOrganizations, open_enrichment
from certreg.enrich.site import Site, enrich
from certreg.enrich.status import EXPIRING_SOON_DAYS
from certreg.load.cache import CachedReader
from certreg.load.document import Document
from certreg.load.history import History, open_kept_blobs, read_history
from certreg.load.loader import DocumentReader, Registry, load_registry
from certreg.load.strict_yaml import load_document
from certreg.validate.kept import open_validation
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
    tr: Translator = ENGLISH,
    *,
    history: bool = False,
    commit_url: str = "",
    cache_dir: Path | None = None,
) -> Site:
    """Load (each file with `read`), validate and enrich (worded by `tr`); print the report and raise on errors.

    With `history` (the REGISTRY_HISTORY setting), the registry's git history is read, each commit linked
    as `commit_url` + its id; the site's events are computed from the records and that history. With
    `cache_dir`, what is unchanged is kept between builds (`load_sites`).
    """
    options = {"history": history, "commit_url": commit_url, "cache_dir": cache_dir}
    return load_sites(registry_path, build_date, expiring_soon_days, read, (tr,), **options)[0]


def load_sites(
    registry_path: Path,
    build_date: date,
    expiring_soon_days: int,
    read: DocumentReader,
    translators: tuple[Translator, ...],
    *,
    history: bool = False,
    commit_url: str = "",
    cache_dir: Path | None = None,
) -> list[Site]:
    """`load_site` once, enriched once per translator (a site of several languages); the history is read once.

    Each language's `Site` words statuses, summaries, country names and events in its own language;
    loading, validation and the git history are shared, so a second language costs one more enrich.
    With `cache_dir` (the build's cache folder), unchanged records' problems, parsed past versions and
    enriched records are kept there between builds (validate/kept.py, load/history.py, enrich/kept.py).
    """
    with collector_paused():
        registry, past = _load_checked(registry_path, build_date, read, translators[0], history, commit_url, cache_dir)
        kept = open_enrichment(cache_dir, translators[0])  # one for every language: the language is in each key
        sites = []
        for language in translators:
            organizations = KeptOrganizations(kept, registry, past)
            site = enrich(registry, build_date, expiring_soon_days, language, organizations)
            site.history = past
            site.events = organizations.all_events()
            sites.append(site)
        kept.save()
        return sites


def _load_checked(
    registry_path: Path,
    build_date: date,
    read: DocumentReader,
    tr: Translator,
    history: bool,
    commit_url: str,
    cache_dir: Path | None,
) -> tuple[Registry, History]:
    """Load and validate the registry (worded by `tr`, the default language) and read its history."""
    registry = load_registry(registry_path, read)
    if isinstance(read, CachedReader):  # keep the parses now: they need not stay in memory through the build
        read.save()
    kept = open_validation(cache_dir, tr)
    problems = validate(registry, build_date, kept)
    kept.save()  # before stopping on errors too: the next attempt re-checks only what was fixed
    report(problems, registry_path, tr)
    registry.release_positions()
    return registry, registry_history(registry_path, build_date, tr, commit_url, cache_dir, read=history)


def report(problems: list[Problem], registry_path: Path, tr: Translator) -> None:
    """Print the problems and raise RegistryInvalidError when one is an error; log warnings alone."""
    if has_errors(problems):
        print(text_report(problems), file=sys.stderr)
        errors = sum(1 for problem in problems if problem.severity == ERROR)
        message = tr.ngettext(
            "{registry} has {count} error; nothing was written",
            "{registry} has {count} errors; nothing was written",
            errors,
        )
        raise RegistryInvalidError(f"certreg: {message.format(registry=registry_path, count=tr.number(errors))}")
    if problems:
        heading = tr.ngettext("{count} warning:", "{count} warnings:", len(problems)).format(
            count=tr.number(len(problems))
        )
        logger.warning("certreg: %s\n%s", heading, text_report(problems))


def registry_history(
    registry_path: Path, build_date: date, tr: Translator, commit_url: str, cache_dir: Path | None, *, read: bool
) -> History:
    """Read the registry's git history (`read`: the REGISTRY_HISTORY setting), past versions kept in `cache_dir`."""
    if not read:
        return History(available=False, reason="the REGISTRY_HISTORY setting is off")
    blobs = open_kept_blobs(cache_dir, tr)
    past = read_history(registry_path, commit_url, window_start(build_date), tr, blobs)
    blobs.save()
    return past


@dataclass
class Checked:
    """A registry enriched as far as its valid records allow, with notes about what was left out."""

    site: Site | None
    problems: list[Problem]
    skipped: list[Document] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _usable(document: Document | None, bad_paths: set[str]) -> Document | None:
    if document is None or str(document.path) in bad_paths or document.data is None:
        return None
    return document


def valid_part(registry: Registry, problems: list[Problem]) -> tuple[Registry, list[Document]]:
    """Return the registry without the documents that have errors, and the documents left out."""
    bad_paths = {problem.path for problem in problems if problem.severity == ERROR}
    kept = Registry(
        root=registry.root,
        standards=_usable(registry.standards, bad_paths),
        accreditation_bodies=_usable(registry.accreditation_bodies, bad_paths),
        certification_bodies=[d for d in registry.certification_bodies if _usable(d, bad_paths)],
        organizations=[d for d in registry.organizations if _usable(d, bad_paths)],
        provenance=registry.provenance,
    )
    skipped = [d for d in registry.documents() if str(d.path) in bad_paths or d.data is None]
    return kept, skipped


def check_and_enrich(registry: Registry, build_date: date, expiring_soon_days: int = EXPIRING_SOON_DAYS) -> Checked:
    """Validate, then enrich only the records without errors; never raise on a broken registry."""
    problems = validate(registry, build_date)
    kept, skipped = valid_part(registry, problems)
    errors = [problem for problem in problems if problem.severity == ERROR]
    notes = []
    if errors:
        files = len({problem.path for problem in errors})  # a refused link or stray file is no document
        notes.append(
            f"the registry has {plural(len(errors), 'error')} in {plural(files, 'file')} "
            "(run `certreg validate`); effective statuses leave those files out"
        )
    # Only records without errors are enriched, so enrich cannot fail on input: an exception is a bug and shows.
    return Checked(site=enrich(kept, build_date, expiring_soon_days), problems=problems, skipped=skipped, notes=notes)
