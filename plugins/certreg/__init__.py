"""certreg: an open registry of certified organizations, as a Pelican plugin."""

from __future__ import annotations

__version__ = "0.2.0"  # the one source of the version: pyproject.toml reads it; CHANGELOG.md says what changed


def register() -> None:
    """Connect certreg to Pelican: its generator, and its Jinja filters on every generator."""
    from pelican import signals

    from certreg.render.generator import get_generators, setup_jinja

    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(setup_jinja)
