"""The browser scripts' messages in the site's language: one fingerprinted JSON file for all of them.

The scripts under `theme/static/js/` write every interface string as `_("…")` or
`ngettext("…", "…", n)` (theme/static/js/i18n.js). `make messages` extracts them into the catalogs with
Babel's JavaScript extractor; the build extracts the same calls here, translates exactly those messages
(not the whole catalog) and writes them, with the language's month names and long-date format, to
`theme/js/messages.<hash>.json`. The search page, the list check and the document check name it in a
`<link rel="preload" data-certreg-messages>`. A file of its own rather than `build.json`: every page
fetches `build.json` (status.js), while only those three pages need the messages, and a fingerprinted
name can be cached as immutable like the scripts themselves.

Extracting the messages takes about a second; with the build's cache folder, the list is kept in
`script-messages.pickle` under the digest of the scripts' bytes, the Babel version and the extraction
options, and extracted again only when one of them changes.

A plural message carries its text per CLDR plural category (`one`, `other`, `few`…), which the script
chooses with `Intl.PluralRules`: the browser never evaluates the catalog's plural formula (the CSP forbids
`eval`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

from babel.messages.extract import extract

from certreg.core.i18n import N_, Translator, plural_forms
from certreg.core.pickles import read_pickle, write_pickle

# The calls the scripts use; `make messages` and tests/core/test_i18n.py extract them too.
KEYWORDS = {"_": None, "ngettext": (1, 2)}
FOLDER = "theme/js"  # published with the fingerprinted scripts (build/assets.py)
HASH_LENGTH = 10
CACHE_FILE = "script-messages.pickle"  # in the build's cache folder
# `_()` inside a template literal's `${…}` is extracted too (as `make messages` does: babel.cfg).
OPTIONS = {"parse_template_string": True}


MessageIds = tuple[tuple[str, ...], ...]


@functools.cache
def script_message_ids(js_folder: Path, cache_dir: Path | None = None) -> MessageIds:
    """Each message of the scripts in `js_folder`: `(text,)`, or `(singular, plural)`, sorted, once each.

    With `cache_dir`, the list kept there is used while the scripts and Babel are the same.
    """
    scripts = sorted(Path(js_folder).glob("*.js"))
    if cache_dir is None:
        return extracted(scripts)
    digest = hashlib.blake2b(repr([version("babel"), KEYWORDS, OPTIONS]).encode("utf-8"), digest_size=16)
    for path in scripts:
        digest.update(f"\0{path.name}\0".encode())
        digest.update(path.read_bytes())
    key, kept = digest.hexdigest(), Path(cache_dir) / CACHE_FILE
    stored = read_pickle(kept, dict, N_("extracting the scripts' messages"))
    if stored is not None and stored.get("key") == key and isinstance(stored.get("ids"), tuple):
        return stored["ids"]
    ids = extracted(scripts)
    with contextlib.suppress(OSError):  # not kept: extracted again next build
        write_pickle(kept, {"key": key, "ids": ids})
    return ids


def extracted(scripts: list[Path]) -> MessageIds:
    """The messages Babel's JavaScript extractor finds in these scripts, sorted, once each."""
    found: set[tuple[str, ...]] = set()
    for path in scripts:
        with path.open("rb") as handle:
            for _line, message, *_rest in extract("javascript", handle, keywords=KEYWORDS, options=OPTIONS):
                found.add((message,) if isinstance(message, str) else tuple(message))
    return tuple(sorted(found))


def script_catalog(tr: Translator, js_folder: Path, cache_dir: Path | None = None) -> dict[str, Any]:
    """The scripts' messages in `tr`'s language, with its month names and long-date format."""
    messages: dict[str, str] = {}
    plurals: dict[str, dict[str, str]] = {}
    for ids in script_message_ids(Path(js_folder), cache_dir):
        if len(ids) == 1:
            messages[ids[0]] = tr.gettext(ids[0])
        else:
            plurals[ids[0]] = plural_forms(tr, ids[0], ids[1])
    return {
        "language": tr.language,
        "date_format": tr.date_template(),
        "months": tr.months(),
        "messages": messages,
        "plurals": plurals,
    }


def script_messages_file(tr: Translator, js_folder: Path, cache_dir: Path | None = None) -> tuple[str, bytes]:
    """The file's path under the output folder (`theme/js/messages.<hash>.json`) and its bytes."""
    catalog = script_catalog(tr, js_folder, cache_dir)
    data = json.dumps(catalog, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    body = (data + "\n").encode("utf-8")
    digest = hashlib.blake2b(body, digest_size=HASH_LENGTH // 2).hexdigest()
    return f"{FOLDER}/messages.{digest}.json", body


def write_script_messages(output: Path, tr: Translator, js_folder: Path, cache_dir: Path | None = None) -> None:
    """Write the scripts' messages file under `output`."""
    name, body = script_messages_file(tr, js_folder, cache_dir)
    path = Path(output) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
