"""Validation kept between builds: an unchanged organization's problems are looked up, not found again.

An organization's schema problems and its findings of the rules that read only the record and the
shared files (`RECORD` in the rule table) are kept under a key naming everything they depend on: the
file's path and bytes (the digest `load/cache.py` gives each document it reads), the organization
schema's text, the bytes of standards.yaml and accreditation-bodies.yaml, and those of each
certification body file the record cites (or that it has none). The code that finds them is the kept
file's version: with other code, nothing is trusted. The rules that read the build date or compare
records with each other (`DATED`, `ACROSS_RECORDS`) run on every record in every build; they are cheap,
and REG012's costly reduction of each name is kept by the name. The shared files and the certification
bodies are few and checked in full every build. A record read without a digest is checked in full.

What `validator.validate` makes of these is exactly what it makes of a run without them: the same
problems, the same precedence of a rule's words over the schema's, the same order (tested).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from certreg.core.i18n import ENGLISH, N_, Translator
from certreg.core.kept import Kept
from certreg.core.pickles import source_digest
from certreg.core.problems import Problem
from certreg.load.document import Document
from certreg.load.loader import Registry
from certreg.validate.rules.table import RECORD, RULES, run_rules
from certreg.validate.rules.values import name_keys
from certreg.validate.schema import check_schema

VALIDATION_FILE = "validation.sqlite"
# The packages whose code decides a record's problems: the loader, the rules, the schema step.
VALIDATION_CODE = ("core", "load", "validate")
RECORD_RULES = tuple(rule for rule in RULES if rule.reads == RECORD)
WHOLE_REGISTRY_RULES = tuple(rule for rule in RULES if rule.reads != RECORD)
Kept_Problems = tuple[tuple[Problem, ...], tuple[Problem, ...]]  # schema problems, record rules' problems


def open_validation(cache_dir: Path | None, tr: Translator = ENGLISH) -> Kept:
    """The validation kept in `cache_dir` by the last build with this code (None: keep nothing).

    `tr` words the warning about a damaged store.
    """
    path = cache_dir / VALIDATION_FILE if cache_dir is not None else None
    return Kept(path, source_digest(*VALIDATION_CODE), N_("validating every record"), tr)


def shared_parts(registry: Registry) -> list[str] | None:
    """What every organization's kept problems depend on; None when a shared file was read without a digest."""
    assert registry.provenance is not None  # load_registry always records it
    schema = registry.provenance.schema_text("organization").encode()
    parts = [hashlib.blake2b(schema, digest_size=16).hexdigest()]
    for document in (registry.standards, registry.accreditation_bodies):
        if document is not None and not document.digest:
            return None
        parts.append(document.digest if document is not None else "-")
    return parts


def cited_bodies(data: Any) -> list[str]:
    """The certification body slugs a record's certificates cite (whatever else they hold), sorted."""
    listed = data.get("certifications") if isinstance(data, dict) else None
    slugs = {c.get("certification_body") for c in listed if isinstance(c, dict)} if isinstance(listed, list) else set()
    return sorted(slug for slug in slugs if isinstance(slug, str))


def record_key(document: Document, shared: list[str] | None, bodies: dict[str, str]) -> str | None:
    """The key of an organization's kept problems; None when one of its inputs has no digest."""
    if shared is None or not document.digest:
        return None
    parts = [str(document.path), document.digest, *shared]
    for slug in cited_bodies(document.data):
        digest = bodies.get(slug, "-")  # "-": no such body, which REG003 reports
        if not digest:
            return None
        parts += [slug, digest]
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def kept_name_keys(kept: Kept) -> Callable[[str], tuple[str, ...]]:
    """REG012's keys of a name, looked up in `kept` first."""

    def keys(name: str) -> tuple[str, ...]:
        found = kept.get(("name", name), tuple)
        if found is None:
            found = name_keys(name)
            kept.put(("name", name), found)
        return found

    return keys


def by_path(problems: list[Problem]) -> dict[str, list[Problem]]:
    """Group problems by the file they are in."""
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.path, []).append(problem)
    return grouped


def kept_problems(registry: Registry, build_date: date, kept: Kept) -> tuple[list[Problem], list[Problem]]:
    """Return (schema problems, rule problems) of the registry, looking unchanged organizations' up in `kept`."""
    shared = shared_parts(registry)
    bodies = {document.slug: document.digest for document in registry.certification_bodies}
    schema: list[Problem] = []
    rules: list[Problem] = []
    fresh: list[tuple[Document, str | None]] = []
    keys = [record_key(document, shared, bodies) for document in registry.organizations]
    kept.prefetch(key for key in keys if key is not None)
    for document, key in zip(registry.organizations, keys, strict=True):
        hit: Kept_Problems | None = kept.get(key, tuple) if key is not None else None
        if hit is None or len(hit) != 2:
            fresh.append((document, key))
        else:
            schema.extend(hit[0])
            rules.extend(hit[1])
    part = replace(registry, organizations=[document for document, _ in fresh], problems=[])
    fresh_schema, fresh_rules = check_schema(part), run_rules(part, build_date, RECORD_RULES)
    schema_of, rules_of = by_path(fresh_schema), by_path(fresh_rules)
    for document, key in fresh:
        if key is not None:
            path = str(document.path)
            kept.put(key, (tuple(schema_of.get(path, ())), tuple(rules_of.get(path, ()))))
    whole = run_rules(registry, build_date, WHOLE_REGISTRY_RULES, kept_name_keys(kept))
    return [*schema, *fresh_schema], [*rules, *fresh_rules, *whole]
