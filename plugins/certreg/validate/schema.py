"""The schema step: JSON Schema (draft 2020-12) validation of each document, as located problems.

jsonschema-rs answers "is this document valid?" about forty times faster than jsonschema; only the
documents it rejects go through jsonschema, whose errors carry the paths that become problems.
The schemas are the texts `load` recorded in the registry's provenance: this module reads no file.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from certreg.core.problems import Problem
from certreg.load.document import Document, FieldPath, dotted
from certreg.load.loader import Registry

if TYPE_CHECKING:  # jsonschema is imported only when a document is invalid: it takes 0.2 s to import
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

JSON_TYPES = {
    dict: "a mapping",
    list: "a list",
    str: "text",
    bool: "true/false",
    type(None): "empty",
}


@cache
def validator_for(schema_text: str) -> Draft202012Validator:
    """Compile a schema text into a jsonschema validator (cached per text)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema_text), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def fast_validator_for(schema_text: str) -> jsonschema_rs.Validator:
    """Compile the same schema text with jsonschema-rs, for the quick yes/no."""
    return jsonschema_rs.validator_for(json.loads(schema_text), validate_formats=True)


def check_schema(registry: Registry) -> list[Problem]:
    """Return every schema violation of every readable document."""
    provenance = registry.provenance
    if provenance is None:
        raise ValueError("certreg: the registry has no provenance; read it with load_registry()")
    problems: list[Problem] = []
    for document in registry.documents():
        text = provenance.schema_text(document.kind)
        if document.data is not None and not fast_validator_for(text).is_valid(document.data):
            problems.extend(check_document(document, validator_for(text)))
    return problems


def check_document(document: Document, validator: Draft202012Validator) -> Iterator[Problem]:
    """Yield the problems one document has against its schema."""
    for error in validator.iter_errors(document.data):
        yield from error_problems(document, error)


def error_problems(document: Document, error: ValidationError) -> Iterator[Problem]:
    """One jsonschema error as one or more located problems."""
    where: FieldPath = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(known)):
            yield unknown_field(document, (*where, key), key, known)
    elif error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        example = property_example(error.schema, missing)
        hint = f"add `{missing}: {example}`" if example else f"add `{missing}`"
        line, column = document.position(where)
        yield Problem(
            str(document.path),
            line,
            column,
            "error",
            "SCH003",
            dotted((*where, missing)),
            f"required field `{missing}` is missing",
            hint,
        )
    elif alternatives := required_alternatives(error):
        yield document.problem(where, "SCH003", one_of_missing(alternatives), one_of_hint(error.schema, alternatives))
    else:
        yield document.problem(where, "SCH001", describe(error), hint_for(error))


def required_alternatives(error: ValidationError) -> list[str]:
    """The fields of an `anyOf` whose every branch only requires one field (give at least one), else []."""
    if error.validator != "anyOf":
        return []
    branches = error.validator_value
    if not all(set(branch) == {"required"} and len(branch["required"]) == 1 for branch in branches):
        return []
    return [branch["required"][0] for branch in branches]


def one_of_missing(fields: list[str]) -> str:
    """Say that none of `fields` is given, e.g. "neither `source` nor `evidence` is given"."""
    named = [f"`{field}`" for field in fields]
    if len(named) == 2:
        return f"neither {named[0]} nor {named[1]} is given"
    return f"none of {', '.join(named)} is given"


def one_of_hint(schema: dict[str, Any], fields: list[str]) -> str:
    """Say which fields to add, each with the schema's first example when it has one."""
    options = []
    for field in fields:
        example = property_example(schema, field)
        options.append(f"`{field}: {example}`" if example else f"`{field}`")
    return f"add {' or '.join(options)} (or both)"


def unknown_field(document: Document, where: FieldPath, key: str, known: list[str]) -> Problem:
    """Report an unexpected key, with a suggestion when it is close to a known one."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"did you mean `{close[0]}`?" if close else f"known fields: {', '.join(known)}"
    return document.problem(where, "SCH002", f"unknown field `{key}`", hint)


def property_example(schema: dict[str, Any], name: str) -> str:
    """Return the first example the schema gives for a property, as YAML-ish text."""
    examples = schema.get("properties", {}).get(name, {}).get("examples") or []
    if not examples or isinstance(examples[0], dict | list):
        return ""
    example = examples[0]
    return str(example).lower() if isinstance(example, bool) else str(example)


def describe(error: ValidationError) -> str:
    """Word a schema error in plain language."""
    value = _short(error.instance)
    match error.validator:
        case "type":
            got = JSON_TYPES.get(type(error.instance), type(error.instance).__name__)
            return f"expected {_expected_type(error.validator_value)}, got {got} {value}"
        case "format":
            return f"{value} is not a valid {error.validator_value}"
        case "pattern":
            return f"{value} does not have the expected form"
        case "enum":
            return f"{value} is not one of: {', '.join(map(str, error.validator_value))}"
        case "minItems":
            return f"needs at least {error.validator_value} item(s)"
        case "minLength":
            return "must not be empty"
        case "maxLength":
            return f"{value} is longer than {error.validator_value} characters"
    return error.message


def hint_for(error: ValidationError) -> str:
    """Say what to write instead, from the schema's own description and examples."""
    if error.validator == "format" and error.validator_value == "date":
        return "write a real calendar date as YYYY-MM-DD, e.g. 2026-03-01"
    examples = error.schema.get("examples") or []
    shown = next((e for e in examples if not isinstance(e, dict | list)), None)
    if isinstance(shown, bool):
        shown = str(shown).lower()
    description = error.schema.get("description", "")
    if shown is not None:
        return f"{description} For example: {shown}".strip()
    return description or "see the JSON Schema of this file: schema/ in the registry, else the one in certreg"


def _expected_type(expected: str | list[str]) -> str:
    names = {
        "object": "a mapping",
        "array": "a list",
        "string": "text",
        "boolean": "true or false",
        "null": "empty",
        "integer": "a whole number",
        "number": "a number",
    }
    kinds = [expected] if isinstance(expected, str) else expected
    return " or ".join(names.get(kind, kind) for kind in kinds)


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    return text if len(text) <= 60 else text[:57] + "..."
