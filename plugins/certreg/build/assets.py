"""Fingerprinted theme assets: each `theme/css/*.css` and `theme/js/*.js` also as `name.<hash>.ext`.

Pages link the fingerprinted name through the `asset` Jinja filter:
`{{ SITEURL }}/{{ 'css/site.css'|asset }}` → `/theme/css/site.3f9c2a71d0.css`. A fingerprinted file's
bytes never change, so it can be cached for a year as immutable (docs/deploy.md); a changed file gets a
new name. Relative ES module imports between scripts (`from "./fold.js"`) are rewritten to the imported
file's fingerprinted name before hashing, so a change in an imported script renames its importers too.
The plain names stay published as Pelican copies them, for anything that links them directly.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

ASSET_FOLDERS = ("css", "js")
THEME_STATIC_URL = "theme"  # Pelican's THEME_STATIC_DIR: where the theme's static files are published
HASH_LENGTH = 10
RELATIVE_IMPORT = re.compile(r"""(\bfrom\s*|\bimport\s*\(?\s*)(["'])\./([\w.-]+\.js)\2""")


@functools.cache
def fingerprinted(static: Path) -> dict[str, tuple[str, bytes]]:
    """Map each asset (`css/site.css`) to its fingerprinted name (`css/site.<hash>.css`) and bytes."""
    result: dict[str, tuple[str, bytes]] = {}

    def resolve(name: str, chain: tuple[str, ...] = ()) -> str:
        if name in result:
            return result[name][0]
        if name in chain:
            raise ValueError(f"certreg: theme scripts import each other in a cycle: {' → '.join(chain)}")
        data = (static / name).read_bytes()
        if name.endswith(".js"):
            folder = name.rpartition("/")[0]

            def hashed_import(match: re.Match[str]) -> str:
                target = resolve(f"{folder}/{match.group(3)}", (*chain, name)).rpartition("/")[2]
                return f"{match.group(1)}{match.group(2)}./{target}{match.group(2)}"

            data = RELATIVE_IMPORT.sub(hashed_import, data.decode("utf-8")).encode("utf-8")
        digest = hashlib.blake2b(data, digest_size=HASH_LENGTH // 2).hexdigest()
        stem, _, extension = name.rpartition(".")
        result[name] = (f"{stem}.{digest}.{extension}", data)
        return result[name][0]

    for folder in ASSET_FOLDERS:
        for path in sorted((static / folder).glob(f"*.{folder}")):
            resolve(f"{folder}/{path.name}")
    return result


def asset_filter(static: Path) -> functools.partial[str]:
    """Return the `asset` Jinja filter for a theme's static folder."""
    return functools.partial(asset_url, Path(static).resolve())


def asset_url(static: Path, name: str) -> str:
    """Site-relative URL of an asset's fingerprinted copy: `css/site.css` → `theme/css/site.<hash>.css`."""
    assets = fingerprinted(static)
    if name not in assets:
        raise KeyError(f"certreg: no theme asset {name!r} in {static} (one of {', '.join(sorted(assets))})")
    return f"{THEME_STATIC_URL}/{assets[name][0]}"


def write_assets(output: Path, static: Path) -> None:
    """Write every fingerprinted copy under `<output>/theme/`."""
    for hashed, data in fingerprinted(Path(static).resolve()).values():
        path = Path(output) / THEME_STATIC_URL / hashed
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def npm_file(project_root: Path, relative: str, needed_for: str) -> Path:
    """Return a file that `npm ci` installs; FileNotFoundError naming the fix when it is missing."""
    path = Path(project_root) / relative
    if not path.is_file():
        raise FileNotFoundError(
            f"certreg: {path} is missing: {needed_for}. "
            "Run `npm ci` in the project folder (or `make html`, which runs it)."
        )
    return path
