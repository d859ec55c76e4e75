"""Put the site into the wheel: theme, default pages, default settings, seed files and the npm browser files.

The repository keeps them at its top level (theme/, content/, pelicanconf.py, registry/, node_modules/);
this build step copies them under `certreg/site/` of the built package, so an installed certreg builds a
site with no source tree, no npm and no network. The list of files is `certreg.build.bundle.BUNDLE`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from certreg.build.bundle import BUNDLE, BUNDLE_FOLDER, missing_sources  # noqa: E402


def bundled_files() -> list[tuple[Path, str]]:
    """Every (source file, path under certreg/site/) the wheel carries; SystemExit naming the fix if one is missing."""
    missing = missing_sources(ROOT)
    if missing:
        raise SystemExit(
            "certreg: cannot build the package, missing: "
            + ", ".join(missing)
            + ". Run `npm ci` in the repository first (the site's browser files come from npm)."
        )
    files = []
    for source, target in BUNDLE:
        path = ROOT / source
        if path.is_dir():
            for item in sorted(path.rglob("*")):
                if item.is_file() and "__pycache__" not in item.parts:
                    files.append((item, f"{target}/{item.relative_to(path).as_posix()}"))
        else:
            files.append((path, target))
    return files


class BuildPyWithSite(build_py):
    """build_py that also copies the site's files under certreg/site/ in the build folder."""

    def run(self) -> None:
        """Build the Python modules, then copy the site's files beside them."""
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install reads the source tree itself
            return
        for source, target in bundled_files():
            destination = Path(self.build_lib) / "certreg" / BUNDLE_FOLDER / target
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)


class SdistWithSite(sdist):
    """sdist that carries the same files, so a wheel built from the sdist has them too."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        """Copy the source tree, then the site's files at their repository paths."""
        super().make_release_tree(base_dir, files)
        for source, _ in bundled_files():
            destination = Path(base_dir) / source.relative_to(ROOT)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)


setup(cmdclass={"build_py": BuildPyWithSite, "sdist": SdistWithSite})
