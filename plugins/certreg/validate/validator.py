"""Validation: loader problems, then the schema, then the named rules, in one sorted list (never an early exit)."""

from __future__ import annotations

from datetime import date

from certreg.core.problems import ERROR, Problem, sort_problems
from certreg.load.loader import Registry
from certreg.validate.rules.table import run_rules
from certreg.validate.schema import check_schema


def validate(registry: Registry, build_date: date) -> list[Problem]:
    """Every problem of the registry; where a rule and the schema flag the same field, the rule's words win."""
    rule_problems = run_rules(registry, build_date)
    explained = {(p.path, p.field) for p in rule_problems if p.severity == ERROR}
    schema_problems = [p for p in check_schema(registry) if (p.path, p.field) not in explained]
    return sort_problems([*registry.problems, *schema_problems, *rule_problems])
