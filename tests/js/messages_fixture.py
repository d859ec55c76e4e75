"""Print the scripts' messages file and Python's wording of plural and plain messages, for i18n.test.js.

    .venv/bin/python tests/js/messages_fixture.py

prints one JSON object per language (en, de, fr): `catalog`, what the build writes to
`theme/js/messages.<hash>.json` (certreg.render.script_messages), and `cases`, each a message with a
count and the text gettext gives for it in Python, with `{count}` grouped as the build groups numbers.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from certreg.core.i18n import translator
from certreg.render.script_messages import script_catalog, script_message_ids

JS = Path(__file__).resolve().parents[2] / "theme" / "static" / "js"
COUNTS = (0, 1, 2, 5, 21, 1000, 12345, 10**6)


def language_fixture(language: str) -> dict:
    """The catalog of one language and the Python wording of every plural message at each count."""
    tr = translator(language)
    plurals = [ids for ids in script_message_ids(JS) if len(ids) == 2]
    cases = [
        {"singular": s, "plural": p, "count": n, "expected": tr.ngettext(s, p, n).replace("{count}", tr.number(n))}
        for s, p in plurals
        for n in COUNTS
    ]
    plain = [{"message": ids[0], "expected": tr.gettext(ids[0])} for ids in script_message_ids(JS) if len(ids) == 1]
    return {
        "catalog": script_catalog(tr, JS),
        "cases": cases,
        "plain": plain,
        "date": tr.long_date(date(2027, 5, 9)),
    }


json.dump({language: language_fixture(language) for language in ("en", "de", "fr")}, sys.stdout, ensure_ascii=False)
