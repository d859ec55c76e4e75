"""`certreg import`: certificates from a CSV, TSV or .xlsx file into the registry, every row accounted for.

read (the file) → columns (which column is which field) → rows and values (each row's record values)
→ plan (which file each row goes to, and whether it is new, unchanged or a conflict) → check (the
registry's validator on the texts to write) → output (per-row lines, the CSV report, atomic writes);
`command` runs them, `splice` changes an existing file in place.
"""
