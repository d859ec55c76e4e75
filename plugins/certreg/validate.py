"""Validation: loader problems, then the schema, then the named rules, in one sorted list (never an early exit)."""

from __future__ import annotations

from datetime import date

from .load import Registry
from .problems import ERROR, Problem, sort_problems
from .rules import run_rules
from .schema import check_schema


def validate(registry: Registry, build_date: date) -> list[Problem]:
    """Every problem of the registry; a field the schema rejects is not reported again by a rule."""
    schema_problems = check_schema(registry)
    rejected = {(p.path, p.field) for p in schema_problems if p.severity == ERROR}
    rule_problems = [p for p in run_rules(registry, build_date) if (p.path, p.field) not in rejected]
    return sort_problems([*registry.problems, *schema_problems, *rule_problems])
