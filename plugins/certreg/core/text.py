"""Words for people: a value as written in YAML terms, and a count with its noun."""

from __future__ import annotations

import json
from typing import Any


def show(value: Any) -> str:
    """Show a value as written in YAML terms: text as is, true/false/null, lists and mappings in flow style."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def plural(count: int, word: str) -> str:
    """`1 certificate`, `2 certificates`."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
