"""Compiled templates kept between builds: Jinja's bytecode cache, in the build's cache folder.

Compiling the theme's templates takes about a second in every build and again in each render
process that first needs one. Jinja's `FileSystemBytecodeCache` keeps each compiled template under
the template's name and file, and reloads it only when the source's checksum and the Jinja and
Python versions (its magic header) are the same. What else shapes the compiled code (the
environment's extensions, syntax options and the names of its filters and tests, which Jinja checks
when it compiles) keys the folder, `jinja/<digest>/`: an environment set up otherwise uses another
folder (the old one is left: a few hundred kB, and another generator of the same build may be using
it). An environment whose escaping is chosen per template by a function is not cached. Jinja writes
each file to a temporary name and renames it, so forked render processes can share the folder.
Deleting the folder costs one compile, never a byte.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache

from certreg.build.page_cache import BUILD_SETTING

TEMPLATE_CACHE_DIR = "jinja"


def environment_key(env: Environment) -> str:
    """Digest of what an environment's compiled templates depend on besides their source and versions."""
    shape = [
        sorted(env.extensions),
        [env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string],
        [env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix],
        [env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized],
        [env.autoescape, env.is_async, env.finalize is None],
        sorted(env.filters),
        sorted(env.tests),
    ]
    return hashlib.blake2b(repr(shape).encode("utf-8"), digest_size=12).hexdigest()


def use_bytecode_cache(env: Environment, cache_dir: Path | None) -> None:
    """Keep `env`'s compiled templates under `cache_dir` (None: compile in every build, as Jinja does)."""
    if cache_dir is None or not isinstance(env.autoescape, bool):
        return
    folder = Path(cache_dir) / TEMPLATE_CACHE_DIR / environment_key(env)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # an unwritable cache folder: compile as without one
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))


def build_cache_dir(settings: dict[str, Any]) -> Path | None:
    """The cache folder `certreg build` handed down in the settings; None for plain `pelican` or `--no-cache`."""
    state = settings.get(BUILD_SETTING)
    folder = state.get("cache_dir") if isinstance(state, dict) else None
    return Path(folder) if folder else None
