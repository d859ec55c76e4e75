"""What an operator sees while a long command runs: one status line on a terminal, nothing elsewhere.

    certreg: render  12,400/41,681 pages  2,310/s  13 s left

A command creates one `Progress`, turns it on with `attach(sys.stderr, tr)` (silent unless stderr is a
terminal, so CI logs stay clean; worded and numbered in the build's language by `tr`) and passes it
down, as it passes the load cache: the reader counts files, the generator pages and the output swap
files, each on the object it was given. A `Progress()` nobody attached stays silent (plain `pelican`
runs); `stage()` and `advance()` then cost next to nothing. The standard library is enough for one
line, so there is no dependency (tqdm or rich would add one for a feature this small).
"""

from __future__ import annotations

import time
from typing import TextIO

from certreg.core.i18n import ENGLISH, N_plural, Translator

REFRESH_SECONDS = 0.25
# What a stage counts, by the plural forms of its noun; stage names are marked with N_ where they start.
PAGES = N_plural("page", "pages")
FILES = N_plural("file", "files")


class Progress:
    """A single, throttled, self-erasing status line: stage, count done, rate and time left."""

    def __init__(self) -> None:
        """Start silent, until `attach` gives it a terminal."""
        self.stream: TextIO | None = None
        self.tr: Translator = ENGLISH
        self.name = ""
        self.unit: tuple[str, str] | None = None
        self.total: int | None = None
        self.done = 0
        self.started = 0.0
        self.shown = 0.0
        self.scale = 1

    def attach(self, stream: TextIO, tr: Translator = ENGLISH) -> None:
        """Show progress on `stream` when it is a terminal, worded by `tr`; stay silent otherwise."""
        self.stream = stream if stream.isatty() else None
        self.tr = tr

    def detach(self) -> None:
        """Erase the line and go silent (at the end of a command)."""
        self.erase()
        self.stream = None

    def erase(self) -> None:
        """Erase the line, so that someone else's message starts on a clean one; the next update redraws it."""
        if self.stream is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def follow_share(self, share: int, shares: int) -> None:
        """In forked worker `share` of `shares`: the first one counts for all of them, the others are silent."""
        if share:
            self.stream = None
        self.scale = shares

    def stage(self, name: str, total: int | None = None, unit: tuple[str, str] | None = None, **fields: str) -> None:
        """Start stage `name` (a catalog message, its `{fields}` filled from `fields`), counting `unit`s.

        `total`: the number of items it will handle, when known.
        """
        self.name = self.tr.gettext(name).format(**fields) if fields else self.tr.gettext(name)
        self.total, self.unit, self.done, self.scale = total, unit, 0, 1
        self.started = time.monotonic()
        self.shown = 0.0
        self._show(force=True)

    def advance(self, count: int = 1) -> None:
        """Count `count` more items done."""
        self.done += count * self.scale
        if self.stream is not None:
            self._show()

    def line(self, now: float) -> str:
        """Return the status line as of `now` (a `time.monotonic()` value)."""
        elapsed, number = max(now - self.started, 1e-9), self.tr.number
        parts = [f"certreg: {self.name}"]
        if self.unit and (self.total or self.done):
            noun = self.tr.ngettext(*self.unit, self.total or self.done)
            counted = f"{number(self.done)}/{number(self.total)}" if self.total else number(self.done)
            parts.append(f"{counted} {noun}")
        if self.done and self.unit:
            rate = self.done / elapsed
            parts.append(f"{number(round(rate))}/s")
            if self.total and self.total > self.done:
                left = round((self.total - self.done) / rate)
                parts.append(self.tr.gettext("{seconds} s left").format(seconds=number(left)))
        else:
            parts.append(f"{number(round(elapsed))} s")
        return "  ".join(parts)

    def _show(self, force: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if not force and now - self.shown < REFRESH_SECONDS:
            return
        self.shown = now
        self.stream.write("\r\x1b[K" + self.line(now))
        self.stream.flush()
