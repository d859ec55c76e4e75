"""The named rules: one short pure function per `REGnnn` code, registered in one table.

- `table`: the table (code, severity, statement, function) and `run_rules`;
- `base`: the context rules read and the iterators they share;
- `references`, `dates`, `values`: the rules themselves, by what they look at;
- `docs`, `examples`: the user documentation and tested examples, from the rules' docstrings.
"""
