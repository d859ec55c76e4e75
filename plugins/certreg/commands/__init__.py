"""The `certreg` command line, on top of every stage: one module a command.

- `main`: the parser, the list of commands, error handling and `--verbose`;
- `validate`, `rules`, `build`, `new`, `report`, `publish`, `diff/`: one command each, each adding itself
  with `register(subparsers)`;
- `common`: the exit codes and options every command shares.
"""
