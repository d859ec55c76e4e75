"""Where the site's own files are: the theme, the default pages, the default settings and the npm files.

In a source checkout they are at the repository's top level (`theme/`, `content/`, `pelicanconf.py`,
`node_modules/`). An installed wheel carries copies under `certreg/site/` (setup.py copies them when the
wheel is built), laid out the same way, so every caller asks `site_root()` and joins the same relative
paths. The installed copy wins when it exists: an installed certreg never reads a source tree.
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

BUNDLE_FOLDER = "site"
SETTINGS_NAME = "pelicanconf.py"
# (path in the repository, path under certreg/site/): everything a build and `certreg init` read.
BUNDLE: tuple[tuple[str, str], ...] = (
    ("pelicanconf.py", SETTINGS_NAME),
    ("theme", "theme"),
    ("content", "content"),
    ("node_modules/lunr/lunr.min.js", "node_modules/lunr/lunr.min.js"),
    ("node_modules/exceljs/dist/exceljs.bare.min.js", "node_modules/exceljs/dist/exceljs.bare.min.js"),
    ("node_modules/pdfjs-dist/build/pdf.min.mjs", "node_modules/pdfjs-dist/build/pdf.min.mjs"),
    ("node_modules/pdfjs-dist/build/pdf.worker.min.mjs", "node_modules/pdfjs-dist/build/pdf.worker.min.mjs"),
    ("node_modules/jsqr/dist/jsQR.js", "node_modules/jsqr/dist/jsQR.js"),
    ("registry/standards.yaml", "seed/standards.yaml"),
    ("registry/accreditation-bodies.yaml", "seed/accreditation-bodies.yaml"),
)
SOURCE_ROOT = Path(__file__).resolve().parents[3]  # plugins/certreg/build/bundle.py → the repository


def missing_sources(root: Path) -> list[str]:
    """The bundle's repository paths that are missing under `root` (empty when the wheel can be built)."""
    return [source for source, _ in BUNDLE if not (Path(root) / source).exists()]


@functools.cache
def site_root() -> Path:
    """The folder holding `pelicanconf.py`, `theme/`, `content/` and `node_modules/` for a build."""
    installed = Path(str(resources.files("certreg"))) / BUNDLE_FOLDER
    if (installed / SETTINGS_NAME).is_file():
        return installed
    if (SOURCE_ROOT / SETTINGS_NAME).is_file():
        return SOURCE_ROOT
    raise FileNotFoundError(
        f"certreg: the site files are missing: neither {installed} nor {SOURCE_ROOT} holds {SETTINGS_NAME}. "
        "Reinstall certreg from its wheel (`pip install --force-reinstall certreg`)."
    )


def settings_file() -> Path:
    """The default Pelican settings every build starts from."""
    return site_root() / SETTINGS_NAME


def seed_file(name: str) -> Path:
    """A file `certreg init` copies into a new registry: `standards.yaml` or `accreditation-bodies.yaml`."""
    root = site_root()
    if root == SOURCE_ROOT:
        return SOURCE_ROOT / "registry" / name
    return root / "seed" / name
