"""Python's fold and the browser's fold.js agree on every code point, generated, not sampled.

Every code point but the surrogates is folded alone, as an initial before a dot (`X.b`), after a slash
(`a/X`) and tokenized, in blocks of 256 joined by a separator that folding leaves alone (tokenized joined by line breaks), by both
`certreg.core.fold` and `theme/static/js/fold.js` under Node. A code point that only one side's Unicode
database assigns (Python 3.11 has Unicode 14, Node and the browsers newer ones) cannot be folded alike
by tables that do not know it; those are counted, and every other one must agree exactly.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

from certreg.core.fold import fold, tokenize

FOLD_JS = Path(__file__).resolve().parents[2] / "theme" / "static" / "js" / "fold.js"
BLOCK = 256
CONTEXTS = ("{}", "{}.b", "a/{}")
# Between line breaks, so that no code point, whatever it folds to, can be mistaken for it.
SEPARATOR = "\n|\n"

NODE_SCRIPT = """
import { fold, tokenize } from %s;
import { readFileSync } from "node:fs";
const [block, contexts, separator] = [%d, %s, %s];
const skew = new Set(JSON.parse(readFileSync(0, "utf8")));
const out = [];
for (let start = 0; start < 0x110000; start += block) {
  const chars = [];
  for (let c = start; c < start + block; c++) if (c < 0xd800 || c > 0xdfff) chars.push(String.fromCodePoint(c));
  const row = contexts.map((form) => fold(chars.map((ch) => form.replace("{}", ch)).join(separator)));
  const unassigned = chars.filter((ch) => /\\p{Cn}/u.test(ch)).map((ch) => ch.codePointAt(0));
  for (const c of unassigned) skew.add(c);
  row.push(tokenize(chars.filter((ch) => !skew.has(ch.codePointAt(0))).join("\\n")));
  row.push(unassigned);
  out.push(row);
}
process.stdout.write(JSON.stringify(out));
"""


def python_table(skew: set[int]) -> list[list[object]]:
    """The same rows as NODE_SCRIPT, from Python: each context folded, the known characters tokenized."""
    table = []
    for start in range(0, 0x110000, BLOCK):
        chars = [chr(c) for c in range(start, start + BLOCK) if not 0xD800 <= c <= 0xDFFF]
        row: list[object] = [fold(SEPARATOR.join(form.format(ch) for ch in chars)) for form in CONTEXTS]
        row.append(tokenize("\n".join(ch for ch in chars if ord(ch) not in skew)))
        table.append(row)
    return table


def node_table(unassigned: set[int]) -> list[list[object]]:
    """Run fold.js on every block under Node, telling it which code points Python does not know."""
    node = shutil.which("node")
    assert node, "Node.js is required (it also runs `npm ci`)"
    script = NODE_SCRIPT % (json.dumps(FOLD_JS.as_uri()), BLOCK, json.dumps(list(CONTEXTS)), json.dumps(SEPARATOR))
    result = subprocess.run(
        [node, "--input-type=module", "-e", script],
        input=json.dumps(sorted(unassigned)).encode(),
        capture_output=True,
        check=True,
    )
    return json.loads(result.stdout)


def unassigned_in_python() -> set[int]:
    """Code points that Python's Unicode database does not assign."""
    return {c for c in range(0x110000) if unicodedata.category(chr(c)) == "Cn"}


def disagreements(python_row: list[object], node_row: list[object], start: int, skew: set[int]) -> list[str]:
    """Code points of one block folded or tokenized differently, known to both Unicode databases."""
    chars = [c for c in range(start, start + BLOCK) if not 0xD800 <= c <= 0xDFFF]
    found: list[str] = []
    if not chars:  # the surrogates
        return found
    for index, form in enumerate(CONTEXTS):
        ours, theirs = str(python_row[index]).split(SEPARATOR), str(node_row[index]).split(SEPARATOR)
        assert len(ours) == len(theirs) == len(chars), f"block {start:#x}: the separator was folded"
        found += [
            f"U+{c:04X} in {form!r}: Python {a!r}, JavaScript {b!r}"
            for c, a, b in zip(chars, ours, theirs, strict=True)
            if a != b and c not in skew
        ]
    if python_row[3] != node_row[3]:
        found.append(f"block {start:#x}: tokens differ: Python {python_row[3]!r}, JavaScript {node_row[3]!r}")
    return found


def test_python_and_javascript_fold_every_code_point_alike() -> None:
    python_unknown = unassigned_in_python()
    theirs = node_table(python_unknown)
    node_unknown = {c for row in theirs for c in row[-1]}
    skew = python_unknown ^ node_unknown
    ours = python_table(skew)
    assert len(ours) == len(theirs) == 0x110000 // BLOCK
    problems = [line for i, row in enumerate(ours) for line in disagreements(row, theirs[i], i * BLOCK, skew)]
    assert problems == []
    # Unicode 15 to 17 assigned about 14,000 code points; the skew must be no more than such versions.
    assert len(skew) < 30000


def test_cherokee_and_old_cyrillic_variants_fold_to_one_form() -> None:
    assert fold("ᏣᎳᎩ") == fold("ꮳꮃꭹ") == "ᏣᎳᎩ"
    assert fold("ᲀᲁᲂᲃᲄᲅᲆᲇᲈ") == "вдосттъѣꙋ"
    assert tokenize("Ᏸ.Ᏹ") == ["ᏸᏹ".upper()]
