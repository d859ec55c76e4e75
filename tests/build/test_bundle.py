"""The files the wheel carries: every npm file a renderer copies, and the site files, are in the bundle list."""

from __future__ import annotations

from pathlib import Path

import certreg.render.document_check as document_check
import certreg.render.list_check as list_check
import certreg.render.search.index as search_index
from certreg.build.bundle import BUNDLE, SOURCE_ROOT, missing_sources, site_root


def test_every_npm_file_a_renderer_copies_goes_into_the_wheel() -> None:
    bundled = {source for source, _ in BUNDLE}
    read = {search_index.LUNR_JS, list_check.EXCELJS, *(path for _, path in document_check.SCRIPTS)}
    assert read <= bundled
    assert all(source == target for source, target in BUNDLE if source.startswith("node_modules/"))


def test_the_source_checkout_has_every_bundled_file_and_is_the_site_root() -> None:
    assert missing_sources(SOURCE_ROOT) == []
    assert site_root() == SOURCE_ROOT  # no certreg/site/ next to the source modules


def test_a_checkout_without_npm_files_names_them(tmp_path: Path) -> None:
    assert "node_modules/lunr/lunr.min.js" in missing_sources(tmp_path)
