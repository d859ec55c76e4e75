"""`certreg build --language`: a language certreg cannot speak stops the build before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from certreg.commands.common import EXIT_ERRORS
from certreg.commands.main import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("language", "reason"), [("xx-nowhere", "unknown language"), ("nl", "no catalog")])
def test_a_language_without_a_catalog_stops_the_build_before_it_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str, reason: str
) -> None:
    output = tmp_path / "output"
    argv = ["build", "--registry", str(ROOT / "registry"), "--output", str(output), "--no-cache"]
    assert main([*argv, "--language", language]) == EXIT_ERRORS
    err = capsys.readouterr().err
    assert reason in err
    assert err.rstrip().endswith("certreg: build stopped: nothing was written")
    assert "no --siteurl" not in err  # stopped before the build's own warnings
    assert not output.exists()
