"""Stage 2, validate: the JSON Schemas plus the named rules, producing problems, never an early exit.

- `validator`: `validate(registry, build_date)`, every problem of a registry;
- `schema`: JSON Schema problems located at file, line and column;
- `rules/`: the `REGnnn` rules, their table and their documentation;
- `reporters`: problems as text, JSON or GitHub annotations.
"""
