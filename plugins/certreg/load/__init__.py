"""Stage 1, load: strict YAML into records that remember file, line and column.

- `loader`: `load_registry`, every file of the registry folder read or reported (`Registry`);
- `strict_yaml`: one file's YAML into a `Document`, values as written;
- `document`: the `Document` (values, positions, problems located at a field);
- `provenance`: the source commit and the schema texts used;
- `cache`: parsed files kept by content, for incremental builds;
- `records`: organization records read tolerantly (well-formed certificates, their key, changed fields);
- `history`: what git says about each record over time.
"""
