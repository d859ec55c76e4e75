"""What an operator sees while a long command runs: one status line on a terminal, nothing elsewhere.

    certreg: render  12,400/41,681 pages  2,310/s  13 s left

A command creates one `Progress`, turns it on with `attach(sys.stderr)` (silent unless stderr is a
terminal, so CI logs stay clean) and passes it down, as it passes the load cache: the reader counts
files, the generator pages and the output swap files, each on the object it was given. A `Progress()`
nobody attached stays silent (plain `pelican` runs); `stage()` and `advance()` then cost next to
nothing. The standard library is enough for one line, so there is no dependency (tqdm or rich would
add one for a feature this small).
"""

from __future__ import annotations

import time
from typing import TextIO

REFRESH_SECONDS = 0.25


class Progress:
    """A single, throttled, self-erasing status line: stage, count done, rate and time left."""

    def __init__(self) -> None:
        """Start silent, until `attach` gives it a terminal."""
        self.stream: TextIO | None = None
        self.name = ""
        self.unit = ""
        self.total: int | None = None
        self.done = 0
        self.started = 0.0
        self.shown = 0.0
        self.scale = 1

    def attach(self, stream: TextIO) -> None:
        """Show progress on `stream` when it is a terminal; stay silent otherwise."""
        self.stream = stream if stream.isatty() else None

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

    def stage(self, name: str, total: int | None = None, unit: str = "") -> None:
        """Start a stage, with the number of items it will handle when known."""
        self.name, self.total, self.unit, self.done, self.scale = name, total, unit, 0, 1
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
        elapsed = max(now - self.started, 1e-9)
        parts = [f"certreg: {self.name}"]
        if self.total:
            parts.append(f"{self.done:,}/{self.total:,} {self.unit}".rstrip())
        elif self.done and self.unit:
            parts.append(f"{self.done:,} {self.unit}".rstrip())
        if self.done and self.unit:
            rate = self.done / elapsed
            parts.append(f"{rate:,.0f}/s")
            if self.total and self.total > self.done:
                parts.append(f"{(self.total - self.done) / rate:,.0f} s left")
        else:
            parts.append(f"{elapsed:.0f} s")
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
