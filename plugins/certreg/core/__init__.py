"""The ground every stage stands on: dates, folding and slugs, problems, the progress line, git, words.

Nothing here imports another certreg package.
- `dates`: the build date (the only clock read) and dates written out;
- `fold`: case and accent folding, slugs;
- `problems`: the one `Problem` type every stage reports with;
- `progress`: the operator's status line, created by a command and passed down;
- `git`: the one git runner and its one error, `GitError`;
- `text`: a value shown as written in YAML, and counts with their noun.
"""
