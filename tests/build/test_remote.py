"""Publishing with real rclone to a local-folder remote: only changed files travel; assets are fingerprinted."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from certreg.build.assets import HASH_LENGTH, THEME_STATIC_URL
from certreg.build.remote import ASSET_HEADER, IMMUTABLE_ASSETS, PAGE_HEADER, rclone_commands
from certreg.build.staging import build_site
from certreg.commands.main import main
from tests.build.test_incremental import NEXT_DAY, changed_registry
from tests.build.test_staging import BUILD_DATE, SITE_FIXTURE, tree_digest

pytestmark = pytest.mark.skipif(
    shutil.which("rclone") is None, reason="needs rclone: make test installs it (scripts/ensure-test-tools)"
)
ASSET_LINK = re.compile(r'(?:href|src)="(/theme/[^"]+\.(?:css|js))"')


def publish(output: Path, remote: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> dict:
    """Run `certreg publish -v`; the files rclone copied and deleted, from its log."""
    monkeypatch.setenv("RCLONE_CONFIG", str(remote.parent / "rclone.conf"))  # no user config is read
    capfd.readouterr()
    assert main(["publish", "--output", str(output), "-v", str(remote)]) == 0
    log = capfd.readouterr().err
    return {
        "copied": set(re.findall(r"INFO  : (\S+): Copied \(", log)),
        "deleted": set(re.findall(r"INFO  : (\S+): Deleted", log)),
    }


def changed_files(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """Files that are new or whose bytes changed."""
    return {name for name, digest in after.items() if before.get(name) != digest}


def test_rclone_sends_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    output, cache, remote = tmp_path / "output", tmp_path / "cache", tmp_path / "bucket"
    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    first = tree_digest(output)
    assert publish(output, remote, monkeypatch, capfd)["copied"] == set(first)
    assert tree_digest(remote) == first

    build_site(SITE_FIXTURE, output, BUILD_DATE, None, cache)
    assert publish(output, remote, monkeypatch, capfd) == {"copied": set(), "deleted": set()}

    build_site(SITE_FIXTURE, output, NEXT_DAY, None, cache)
    next_day = tree_digest(output)
    sent = publish(output, remote, monkeypatch, capfd)
    assert sent == {"copied": changed_files(first, next_day), "deleted": set(first) - set(next_day)}
    assert tree_digest(remote) == next_day

    build_site(changed_registry(tmp_path), output, NEXT_DAY, None, cache)
    changed = tree_digest(output)
    sent = publish(output, remote, monkeypatch, capfd)
    assert sent["copied"] == changed_files(next_day, changed)
    assert sent["deleted"] == set(next_day) - set(changed) != set()
    assert tree_digest(remote) == changed


def test_publish_sends_assets_immutable_and_the_rest_revalidated() -> None:
    copy, sync = rclone_commands(Path("output"), "r2:bucket", ["--dry-run"])
    assert copy[:2] == ["rclone", "copy"] and sync[:2] == ["rclone", "sync"]
    assert "--checksum" in copy and "--checksum" in sync
    assert copy[copy.index("--include") + 1] == IMMUTABLE_ASSETS == sync[sync.index("--exclude") + 1]
    assert copy[copy.index("--header-upload") + 1] == ASSET_HEADER
    assert sync[sync.index("--header-upload") + 1] == PAGE_HEADER
    assert "immutable" in ASSET_HEADER and "max-age=86400" in PAGE_HEADER


def test_rclone_filter_matches_exactly_the_fingerprinted_assets(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_site(SITE_FIXTURE, output, BUILD_DATE)
    listed = subprocess.run(
        ["rclone", "lsf", "-R", "--files-only", "--include", IMMUTABLE_ASSETS, str(output)],
        capture_output=True,
        text=True,
        check=True,
        env={"RCLONE_CONFIG": str(tmp_path / "rclone.conf"), "PATH": "/usr/bin:/bin"},
    ).stdout.split()
    fingerprinted = re.compile(rf"{THEME_STATIC_URL}/(css|js)/[\w-]+\.[0-9a-f]{{{HASH_LENGTH}}}\.(css|js|json)")
    assert listed and all(fingerprinted.fullmatch(name) for name in listed)
    assert any(name.startswith("theme/js/messages.") for name in listed)  # the scripts' messages, fingerprinted
    assert {"theme/css/site.css", "theme/js/status.js"}.isdisjoint(listed)


def test_pages_link_fingerprinted_assets_whose_names_are_their_bytes(tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_site(SITE_FIXTURE, output, BUILD_DATE)
    linked = set()
    for page in output.rglob("*.html"):
        linked |= set(ASSET_LINK.findall(page.read_text(encoding="utf-8")))
    assert {re.sub(r"\.[0-9a-f]+\.", ".", url) for url in linked} >= {"/theme/css/site.css", "/theme/js/status.js"}
    for url in linked:
        path = output / url.lstrip("/")
        digest = re.search(r"\.([0-9a-f]+)\.(css|js)$", url)
        assert digest and path.is_file(), url
        assert hashlib.blake2b(path.read_bytes(), digest_size=HASH_LENGTH // 2).hexdigest() == digest.group(1)
    search = next(url for url in linked if "/search." in url)
    imported = re.findall(r'from "\./([^"]+)"', (output / search.lstrip("/")).read_text(encoding="utf-8"))
    assert imported and all(
        (output / "theme/js" / name).is_file() and re.search(r"\.[0-9a-f]{10}\.js$", name) for name in imported
    )


def test_a_changed_script_changes_its_importers_names(tmp_path: Path) -> None:
    from certreg.build.assets import fingerprinted

    static = tmp_path / "static"
    shutil.copytree(Path(__file__).resolve().parents[2] / "theme" / "static", static)
    before = fingerprinted(static)
    (static / "js" / "fold.js").write_text((static / "js" / "fold.js").read_text() + "\n// changed\n")
    fingerprinted.cache_clear()
    after = fingerprinted(static)
    assert before["js/fold.js"][0] != after["js/fold.js"][0]
    assert before["js/search.js"][0] != after["js/search.js"][0]
    assert before["js/status.js"][0] == after["js/status.js"][0]
    assert before["css/site.css"][0] == after["css/site.css"][0]
    fingerprinted.cache_clear()
