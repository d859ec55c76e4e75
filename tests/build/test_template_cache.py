"""Compiled templates and the scripts' messages kept in the build's cache folder: the same bytes, less work."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

import certreg.render.script_messages as script_messages
from certreg.build.page_cache import BUILD_SETTING
from certreg.build.template_cache import TEMPLATE_CACHE_DIR, build_cache_dir, environment_key, use_bytecode_cache
from certreg.core.i18n import translator

JS = Path(__file__).parents[2] / "theme/static/js"


def environment(folder: Path, cache: Path | None) -> Environment:
    """An autoescaping environment reading templates from `folder`, compiled ones kept in `cache`."""
    env = Environment(loader=FileSystemLoader(folder), autoescape=True)
    use_bytecode_cache(env, cache)
    return env


def test_a_template_is_compiled_once_and_again_when_its_text_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ name }}</p>", encoding="utf-8")
    assert environment(templates, cache).get_template("page.html").render(name="<a>") == "<p>&lt;a&gt;</p>"
    assert list((cache / TEMPLATE_CACHE_DIR).glob("*/*.cache"))

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled although its compiled code is kept")

    kept = environment(templates, cache)
    monkeypatch.setattr(kept, "compile", no_compiling)
    assert kept.get_template("page.html").render(name="<a>") == "<p>&lt;a&gt;</p>"
    monkeypatch.undo()
    (templates / "page.html").write_text("<div>{{ name }}</div>", encoding="utf-8")
    assert environment(templates, cache).get_template("page.html").render(name="x") == "<div>x</div>"


def test_an_environment_set_up_otherwise_keeps_its_templates_apart(tmp_path: Path) -> None:
    plain = Environment(autoescape=True)
    other = Environment(autoescape=True)
    other.filters["longdate"] = str
    assert environment_key(plain) != environment_key(other)
    assert environment_key(plain) != environment_key(Environment(autoescape=False))
    assert environment_key(plain) == environment_key(Environment(autoescape=True))


def test_without_a_cache_folder_templates_are_compiled_as_jinja_does(tmp_path: Path) -> None:
    assert environment(tmp_path, None).bytecode_cache is None
    assert build_cache_dir({}) is None and build_cache_dir({BUILD_SETTING: {"cache_dir": None}}) is None
    assert build_cache_dir({BUILD_SETTING: {"cache_dir": tmp_path}}) == tmp_path


def test_the_scripts_messages_are_kept_until_a_script_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scripts, cache = tmp_path / "js", tmp_path / "cache"
    scripts.mkdir()
    for path in JS.glob("*.js"):
        (scripts / path.name).write_bytes(path.read_bytes())
    tr = translator("de")
    script_messages.script_message_ids.cache_clear()
    extracted, written = script_messages.script_message_ids(scripts), script_messages.script_messages_file(tr, scripts)
    script_messages.script_message_ids.cache_clear()
    assert script_messages.script_message_ids(scripts, cache) == extracted
    script_messages.script_message_ids.cache_clear()

    def no_extracting(*args: object, **kwargs: object) -> None:
        raise AssertionError("extracted although the scripts did not change")

    monkeypatch.setattr(script_messages, "extract", no_extracting)
    assert script_messages.script_messages_file(tr, scripts, cache) == written
    monkeypatch.undo()
    script_messages.script_message_ids.cache_clear()
    (scripts / "new.js").write_text('const label = _("A message <new> & \\"quoted\\"");\n', encoding="utf-8")
    assert ('A message <new> & "quoted"',) in script_messages.script_message_ids(scripts, cache)
    script_messages.script_message_ids.cache_clear()


def test_a_damaged_list_of_messages_is_extracted_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / script_messages.CACHE_FILE).write_bytes(b"not a pickle")
    script_messages.script_message_ids.cache_clear()
    kept = script_messages.script_message_ids(JS, cache)
    script_messages.script_message_ids.cache_clear()
    assert kept == script_messages.script_message_ids(JS)
    script_messages.script_message_ids.cache_clear()
