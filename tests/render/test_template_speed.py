"""The quicker gettext, attribute lookup and macro imports give exactly what Jinja's own give."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import DictLoader, Environment

from certreg.core.i18n import translator
from certreg.render.languages import install_translator
from certreg.render.template_speed import speed_up

NASTY = "<script>alert(\"x\")</script> & 100% 'quoted'"


def environments(templates: dict[str, str]) -> tuple[Environment, Environment]:
    """Jinja's environment and certreg's, both in German, with the same templates."""
    tr = translator("de")
    plain = Environment(loader=DictLoader(templates), autoescape=True, extensions=["jinja2.ext.i18n"])
    plain.install_gettext_translations(tr.translations, newstyle=True)  # type: ignore[attr-defined]
    fast = Environment(loader=DictLoader(templates), autoescape=True)
    install_translator(fast, tr)
    speed_up(fast)
    return plain, fast


def both(templates: dict[str, str], name: str, **values: Any) -> tuple[str, str]:
    """The page `name` rendered by both environments, twice each (the second time from the memos)."""
    plain, fast = environments(templates)
    first = (plain.get_template(name).render(**values), fast.get_template(name).render(**values))
    again = (plain.get_template(name).render(**values), fast.get_template(name).render(**values))
    assert first == again
    return first


def test_gettext_translates_escapes_and_formats_as_jinja_does() -> None:
    page = (
        '{{ _("Search") }}|{{ _("Search") }}|{{ _("100%% of %(name)s", name=nasty) }}|{{ _(label) }}|'
        '{{ gettext("Held by") }}|{% trans %}Search{% endtrans %}|{% trans n=nasty %}Hi {{ n }}{% endtrans %}|'
        '{% autoescape false %}{{ _("Search") }}{{ _("%(name)s", name=nasty) }}{% endautoescape %}|{{ _("Search") }}'
    )
    plain, fast = both({"page": page}, "page", nasty=NASTY, label="Organizations")
    assert fast == plain
    assert "Suchen" in fast and "&lt;script&gt;" in fast and '<script>alert("x")</script>' in fast


def test_a_missing_variable_is_the_same_error() -> None:
    plain, fast = environments({"page": '{{ _("Hello %(name)s") }}'})
    with pytest.raises(KeyError):
        plain.get_template("page").render()
    with pytest.raises(KeyError):
        fast.get_template("page").render()


class Record:
    """An object with attributes, as a Site or a Pelican page."""

    name = "object <name>"


class Kept(dict):  # type: ignore[type-arg]
    """A dict subclass with an attribute of its own."""

    name = "attribute wins"


def test_attribute_lookup_gives_what_jinja_gives() -> None:
    page = (
        "{{ d.name }}|{{ d.items is callable }}|{{ d.get is callable }}|{{ d.missing is defined }}|"
        "{{ d.missing }}|{{ o.name }}|{{ o.missing is defined }}|{{ k.name }}|{{ k.other }}|{{ n.name is defined }}|"
        "{{ d['items'] }}|{{ d.values is callable }}|{{ s.upper is callable }}"
    )
    values = {
        "d": {"name": NASTY, "items": "the key", "values": 3},
        "o": Record(),
        "k": Kept(name="the item", other="<other>"),
        "n": None,
        "s": "text",
    }
    plain, fast = both({"page": page}, "page", **values)
    assert fast == plain
    assert fast.startswith("&lt;script&gt;") and "|True|True|False|" in fast and "attribute wins" in fast


MACROS = '{% macro card(c) %}<b>{{ c.name }}</b> {{ SITEURL }} {{ _("Search") }}{% endmacro %}'


def test_imported_macros_read_the_globals_as_with_jinja() -> None:
    templates = {"_macros.html": MACROS, "page": '{% import "_macros.html" as m %}{{ m.card(c) }}'}
    plain, fast = environments(templates)
    for env in (plain, fast):
        env.globals["SITEURL"] = "https://example.org"
    outputs = []
    for env in (plain, fast):
        shared = env.get_template("page").render(c={"name": NASTY})
        # A page loaded with globals of its own: the imported module is made again with them.
        own = env.get_template("page", globals={"EXTRA": 1}).render(c={"name": "second"})
        outputs.append((shared, own))
    assert outputs[0] == outputs[1]
    assert "https://example.org" in outputs[1][0] and "Suchen" in outputs[1][0] and "second" in outputs[1][1]
