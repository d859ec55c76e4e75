"""The `certreg` command line, on top of every stage: one module a command.

- `main`: the parser, exit codes and error handling;
- `new`, `report`, `diff/`: the maintainer commands; `common`: their shared options.
"""
