"""Validation: loader problems, then the schema, then the named rules, in one sorted list (never an early exit)."""

from __future__ import annotations

from datetime import date

from certreg.core.kept import Kept
from certreg.core.problems import ERROR, Problem, sort_problems
from certreg.load.loader import Registry
from certreg.validate.kept import kept_problems
from certreg.validate.rules.table import run_rules
from certreg.validate.schema import check_schema


def validate(registry: Registry, build_date: date, kept: Kept | None = None) -> list[Problem]:
    """Every problem of the registry; where a rule and the schema flag the same field, the rule's words win.

    With `kept` (`kept.open_validation`), unchanged organizations' problems are looked up, not found again.
    """
    if kept is None:
        rule_problems, schema_problems = run_rules(registry, build_date), check_schema(registry)
    else:
        schema_problems, rule_problems = kept_problems(registry, build_date, kept)
    explained = {(p.path, p.field) for p in rule_problems if p.severity == ERROR}
    kept_schema = [p for p in schema_problems if (p.path, p.field) not in explained]
    return sort_problems([*registry.problems, *kept_schema, *rule_problems])
