"""The progress line and the cache warnings an operator sees while a build runs, in the build's language."""

from __future__ import annotations

import io
import logging
import shutil
from pathlib import Path

import pytest

from certreg.build.staging import build_site
from certreg.commands.main import main
from certreg.core.i18n import N_, translator
from certreg.core.progress import PAGES, Progress
from certreg.load.cache import LOAD_CACHE_FILE
from tests.build.test_staging import BUILD_DATE, SITE_FIXTURE

# Every stage name a build shows, in English: none of them may be left in a German build's line.
ENGLISH_STAGES = ["load", "render", "lists, search and open data", "swap in"]


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def shown_stages(shown: str) -> list[str]:
    """The stage names of every line drawn on the terminal, in the order they were drawn."""
    names = []
    for line in shown.split("\r\x1b[K")[1:]:
        name = line.removeprefix("certreg: ").split("  ")[0]
        if line and (not names or names[-1] != name):
            names.append(name)
    return names


def test_progress_shows_stage_count_rate_and_time_left_on_a_terminal() -> None:
    progress, terminal = Progress(), Terminal()
    progress.attach(terminal)
    progress.stage(N_("render"), 41_681, PAGES)
    progress.advance(10_000)
    line = progress.line(progress.started + 4.0)
    assert line == "certreg: render  10,000/41,681 pages  2,500/s  13 s left"
    assert terminal.getvalue().startswith("\r\x1b[Kcertreg: render  0/41,681 pages")
    progress.detach()
    assert terminal.getvalue().endswith("\r\x1b[K")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "certreg: Erstellen (fr)  10.000/41.681 Seiten  2.500/s  noch 13 s"),
        ("fr", "certreg: rendu (fr)  10\u202f000/41\u202f681 pages  2\u202f500/s  13 s restantes"),
    ],
)
def test_the_progress_line_is_worded_and_numbered_in_the_build_language(language: str, expected: str) -> None:
    progress = Progress()
    progress.attach(Terminal(), translator(language))
    progress.stage(N_("render ({language})"), 41_681, PAGES, language="fr")
    progress.advance(10_000)
    assert progress.line(progress.started + 4.0) == expected


def test_a_stage_counting_one_item_says_so_in_the_singular() -> None:
    progress = Progress()
    progress.attach(Terminal(), translator("de"))
    progress.stage(N_("swap in"), 1, PAGES)
    assert progress.line(progress.started + 2.0) == "certreg: Austauschen  0/1 Seite  2 s"


def test_a_build_shows_each_stage_on_the_progress_line_its_caller_gives(tmp_path: Path) -> None:
    progress, terminal = Progress(), Terminal()
    progress.attach(terminal)
    build_site(SITE_FIXTURE, tmp_path / "site", BUILD_DATE, None, tmp_path / "cache", progress)
    shown = terminal.getvalue()
    assert shown_stages(shown) == ENGLISH_STAGES, shown[-400:]
    assert "certreg: render  0/" in shown  # the page count is known when rendering starts


def test_a_german_build_shows_every_stage_in_german(tmp_path: Path) -> None:
    progress, terminal = Progress(), Terminal()
    progress.attach(terminal, translator("de"))
    settings = {"DEFAULT_LANG": "de"}
    build_site(SITE_FIXTURE, tmp_path / "site", BUILD_DATE, settings, tmp_path / "cache", progress)
    shown = terminal.getvalue()
    assert shown_stages(shown) == ["Laden", "Erstellen", "Listen, Suche und offene Daten", "Austauschen"]
    assert " Dateien " in shown and " Seiten " in shown and " files" not in shown and " pages" not in shown


def test_progress_is_silent_when_not_on_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    progress, pipe = Progress(), io.StringIO()
    progress.attach(pipe)
    progress.stage(N_("render"), 10, PAGES)
    progress.advance(5)
    assert pipe.getvalue() == ""
    args = ["build", "--registry", str(SITE_FIXTURE), "--output", str(tmp_path / "site"), "--today", "2026-11-26"]
    assert main(args) == 0
    assert "\r" not in capsys.readouterr().err


def test_a_damaged_cache_is_warned_about_in_the_build_language(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    registry = tmp_path / "registry"
    shutil.copytree(SITE_FIXTURE, registry)
    cache = tmp_path / "cache"
    args = ["build", "--registry", str(registry), "--output", str(tmp_path / "site"), "--cache", str(cache)]
    args += ["--today", "2026-11-26", "--language", "de", "--siteurl", "https://example.org"]
    assert main(args) == 0
    (cache / LOAD_CACHE_FILE).write_bytes(b"not a pickle")
    with caplog.at_level(logging.WARNING):
        assert main(args) == 0
    warnings = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    expected = f"certreg: {cache / LOAD_CACHE_FILE} ist nicht lesbar ("
    assert [w for w in warnings if w.startswith(expected)], warnings
    assert [w for w in warnings if w.endswith("); alle Dateien werden neu eingelesen")], warnings
    assert not [w for w in warnings if "unreadable" in w or "parsing every" in w]
