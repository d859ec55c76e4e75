"""certreg: an open registry of certified organizations, as a Pelican plugin."""

from __future__ import annotations


def register() -> None:
    """Connect certreg to Pelican: its generator, and its Jinja filters on every generator."""
    from pelican import signals

    from certreg.render.generator import get_generators, setup_jinja

    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(setup_jinja)
