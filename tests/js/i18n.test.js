// Unit tests of theme/static/js/i18n.js: the scripts' message lookup, plural forms chosen by
// Intl.PluralRules from the build's per-category forms, numbers and dates, against Python's gettext and
// Babel wording of the same catalogs (tests/js/messages_fixture.py).
//     CERTREG_PYTHON=.venv/bin/python node --test tests/js/
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { _, ENGLISH, formatDate, formatNumber, loadCatalog, ngettext, translate, translatePlural } from "../../theme/static/js/i18n.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PYTHON = process.env.CERTREG_PYTHON || join(ROOT, ".venv", "bin", "python");
const fixture = JSON.parse(execFileSync(PYTHON, [join(ROOT, "tests", "js", "messages_fixture.py")], { encoding: "utf8", maxBuffer: 1 << 26 }));

for (const language of ["en", "de", "fr"]) {
  const { catalog, cases, plain, date } = fixture[language];

  test(`${language}: every plural message has the form gettext gives, at every count`, () => {
    assert.ok(cases.length > 20);
    for (const { singular, plural, count, expected } of cases) {
      assert.equal(translatePlural(catalog, singular, plural, count), expected, `${singular} × ${count}`);
    }
  });

  test(`${language}: every plain message is the catalog's, and fields are filled once`, () => {
    for (const { message, expected } of plain) assert.equal(translate(catalog, message), expected);
    const text = translate(catalog, "No organization matches “{query}”.", { query: "{query} {count}" });
    assert.ok(text.includes("{query} {count}"), text); // a visitor's text is never read as a field
  });

  test(`${language}: dates and numbers as the build writes them`, () => {
    assert.equal(formatDate(catalog, Date.UTC(2027, 4, 9)), date);
    assert.equal(formatDate(catalog, null), "");
  });
}

test("French and German plurals: the singular for 0 and 1 in French only; grouped numbers", () => {
  const { de, fr } = fixture;
  const rows = ["Checked {count} row.", "Checked {count} rows."];
  assert.equal(translatePlural(fr.catalog, ...rows, 0), "0 ligne vérifiée.");
  assert.equal(translatePlural(de.catalog, ...rows, 0), "0 Zeilen geprüft.");
  assert.equal(translatePlural(de.catalog, ...rows, 12345), "12.345 Zeilen geprüft.");
  assert.equal(formatNumber(fr.catalog, 12345), "12\u202f345");
});

test("a message the catalog lacks is the English text; plurals by the English rule", () => {
  const catalog = { ...ENGLISH, language: "de" };
  assert.equal(translate(catalog, "Unknown {x}", { x: 1 }), "Unknown 1");
  assert.equal(translatePlural(catalog, "{count} thing", "{count} things", 1), "1 thing");
  assert.equal(translatePlural(catalog, "{count} thing", "{count} things", 1000), "1.000 things");
});

test("without a page (Node) the scripts speak English", async () => {
  assert.equal(await loadCatalog(undefined), ENGLISH);
  assert.equal(_("Checking…"), "Checking…");
  assert.equal(ngettext("{count} row", "{count} rows", 1234), "1,234 rows");
});

test("the page's messages file is read; a failed one falls back to English", async () => {
  const doc = { querySelector: () => ({ href: "https://x.example/theme/js/messages.1.json" }) };
  const loaded = await loadCatalog(doc, async () => fixture.de.catalog);
  assert.equal(translate(loaded, "Checking…"), "Wird geprüft …");
  const warn = console.warn;
  console.warn = () => {};
  try {
    assert.equal(await loadCatalog(doc, async () => Promise.reject(new Error("HTTP 404"))), ENGLISH);
  } finally {
    console.warn = warn;
  }
});
