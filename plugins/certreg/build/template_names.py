"""Which context names a template reads: found once per template text, kept between builds.

`jinja2.meta.find_undeclared_variables` compiles a template to find its names, tens of milliseconds
for a large one, and a page template pulls in its base, partials and macros. `TemplateNames` parses
each template file once per build (shared by every page template that includes it) and keeps what it
found in `templates.pickle` in the cache folder, keyed by a digest of the template's source and the
Jinja version: a template whose text did not change is never parsed again, in this build or the next.
A missing or damaged file only means parsing again.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta, nodes

from certreg.core.i18n import ENGLISH, N_, Translator
from certreg.core.pickles import read_pickle, write_pickle

TEMPLATES_FILE = "templates.pickle"
# What one template file reads: the names it does not set itself, every name it loads as
# (name, `name` or `name.attr` when an attribute is read), and the templates it extends, includes or imports.
Found = tuple[frozenset[str], frozenset[tuple[str, str]], tuple[str, ...]]


def analyse(env: jinja2.Environment, source: str) -> Found:
    """What one template's text reads and the templates it refers to (see `Found`)."""
    tree = env.parse(source)
    attributes = {id(node.node): node.attr for node in tree.find_all(nodes.Getattr)}
    uses = set()
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load":
            attr = attributes.get(id(node))
            uses.add((node.name, f"{node.name}.{attr}" if attr else node.name))
    refs = tuple(ref for ref in meta.find_referenced_templates(tree) if ref)
    return frozenset(meta.find_undeclared_variables(tree)), frozenset(uses), refs


def checked_found(stored: Any) -> dict[str, Found]:
    """The kept analyses, when they have their shape (else raise: templates are parsed again)."""
    found = dict(stored)
    for key, (undeclared, uses, refs) in found.items():
        if not all(isinstance(value, kind) for value, kind in ((key, str), (undeclared, frozenset), (uses, frozenset))):
            raise ValueError("not a template analysis")
        if not isinstance(refs, tuple):
            raise ValueError("not a template analysis")
    return found


class TemplateNames:
    """Every context name a template reads, with the templates it extends, includes or imports."""

    def __init__(self, cache_dir: Path | None, tr: Translator = ENGLISH) -> None:
        """Read the analyses kept in `cache_dir` (None: keep nothing between builds); warn in `tr`'s words."""
        self.cache_dir = cache_dir
        self.found: dict[str, Found] = {}
        if cache_dir is not None:
            self.found = read_pickle(cache_dir / TEMPLATES_FILE, checked_found, N_("parsing the templates"), tr) or {}
        self.used: set[str] = set()
        self.jinja = version("jinja2")

    def of_file(self, env: jinja2.Environment, name: str) -> Found:
        """What one template file reads and refers to; parsed only when its text is new."""
        source = env.loader.get_source(env, name)[0] if env.loader else ""
        key = hashlib.blake2b(f"{self.jinja}\0{source}".encode(), digest_size=16).hexdigest()
        if key not in self.found:
            self.found[key] = analyse(env, source)
        self.used.add(key)
        return self.found[key]

    def names(self, env: jinja2.Environment, template: str) -> set[str]:
        """Every context name `template` reads, in it and in the templates it refers to, and the Jinja globals.

        A name used only as `name.attr` is returned as `name.attr`, so a page that reads
        `site.certification_bodies` is keyed by the certification bodies, not by the whole site.
        """
        seen: set[str] = set()
        names: set[str] = set()
        values = {name for name, value in env.globals.items() if not callable(value)}
        pending = [template]
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            undeclared, uses, refs = self.of_file(env, current)
            names.update(dotted for name, dotted in uses if name in undeclared or name in values)
            pending += refs
        return names

    def kept(self) -> dict[str, Found]:
        """The analyses of the templates this build used (an edited template's old one is not among them)."""
        return {key: self.found[key] for key in self.used}

    def keep(self, found: dict[str, Found]) -> None:
        """Take the analyses a forked render process used, so that they are saved too."""
        self.found.update(found)
        self.used.update(found)

    def save(self) -> None:
        """Keep the analyses of the templates this build used, for the next build."""
        if self.cache_dir is not None and self.used:
            write_pickle(self.cache_dir / TEMPLATES_FILE, self.kept())


def lookup(dotted_name: str, context: dict[str, Any], env: jinja2.Environment) -> Any:
    """Return the value of `name` or `name.attr` in a page's context (or the Jinja globals)."""
    name, _, attr = dotted_name.partition(".")
    value = context.get(name, env.globals.get(name))
    if attr:
        value = value.get(attr) if isinstance(value, dict) else getattr(value, attr, None)
    return value
