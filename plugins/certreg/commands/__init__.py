"""The `certreg` command line, on top of every stage: one module a command.

- `main`: the parser, the list of commands, error handling and `--verbose`;
- `validate`, `rules`, `build`, `new`, `report`, `publish`, `diff/`: one command each, each declaring
  itself as a `COMMAND` (name, help, its arguments, the function that runs it);
- `common`: the `Command` type, the exit codes and the options every command shares.
"""
