"""Template names: what a template reads, through what it extends and includes, parsed once per text."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

import certreg.build.template_names as template_names
from certreg.build.template_names import TEMPLATES_FILE, TemplateNames

TEMPLATES = {
    "base.html": "<title>{{ SITENAME }}</title>{% block content %}{% endblock %}{% include '_foot.html' %}",
    "_foot.html": "{{ site.certification_bodies|length }} bodies; {% for x in items %}{{ x }}{% endfor %}",
    "page.html": "{% extends 'base.html' %}{% block content %}{{ organization.name }}{{ LANG }}{% endblock %}",
}


def environment(templates: dict[str, str]) -> jinja2.Environment:
    """An environment with these templates and one plain and one callable global."""
    env = jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True)
    env.globals.update(LANG="en", helper=len)
    return env


def test_names_come_from_the_template_and_every_template_it_extends_or_includes() -> None:
    names = TemplateNames(None).names(environment(TEMPLATES), "page.html")
    assert names == {"SITENAME", "site.certification_bodies", "items", "organization.name", "LANG"}


def test_a_kept_analysis_is_not_parsed_again_and_an_edited_template_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = TemplateNames(tmp_path)
    expected = first.names(environment(TEMPLATES), "page.html")
    first.save()
    real, parsed = template_names.analyse, []

    def counting(env: jinja2.Environment, source: str) -> template_names.Found:
        parsed.append(source)
        return real(env, source)

    monkeypatch.setattr(template_names, "analyse", counting)
    assert TemplateNames(tmp_path).names(environment(TEMPLATES), "page.html") == expected
    assert parsed == []
    edited = {**TEMPLATES, "_foot.html": "{{ site.standards }}"}
    names = TemplateNames(tmp_path).names(environment(edited), "page.html")
    assert parsed == ["{{ site.standards }}"]
    assert "site.standards" in names and "items" not in names


def test_a_damaged_kept_analysis_only_means_parsing_again(tmp_path: Path) -> None:
    (tmp_path / TEMPLATES_FILE).write_bytes(b"\x80\x05\x95 truncated")
    names = TemplateNames(tmp_path).names(environment(TEMPLATES), "page.html")
    assert names == TemplateNames(None).names(environment(TEMPLATES), "page.html")
