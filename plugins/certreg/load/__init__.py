"""Stage 1, load: strict YAML into records that remember file, line and column.

- `loader`: the strict loader and `load_registry` (`Registry`, `Document`);
- `provenance`: the source commit and the schema texts used;
- `cache`: parsed files kept by content, for incremental builds;
- `records`: organization records read tolerantly (well-formed certificates, their key, changed fields);
- `history`: what git says about each record over time.
"""
