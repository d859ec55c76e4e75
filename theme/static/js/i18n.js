// certreg: the browser scripts' words in the site's language. Every interface string of the scripts is
// written `_("English text with {fields}")` or `ngettext("{count} row", "{count} rows", n)`, which
// `make messages` extracts (Babel's JavaScript extractor) into the same gettext catalogs as the pages.
// The build writes the site language's translations of exactly those messages to a fingerprinted
// `theme/js/messages.<hash>.json` (certreg.render.script_messages), which the page names in
// `<link rel="preload" data-certreg-messages>`; this module reads it once, before the scripts that
// import it run (a top-level await), so the lookups are plain synchronous calls. Plural forms come as
// the text per CLDR plural category, chosen with `Intl.PluralRules` (no plural formula is evaluated:
// the CSP forbids eval). Without the file (no page, as under Node, or a failed fetch) the scripts speak
// English, the text written in them.

import { ENGLISH as ENGLISH_WORDS, format, longDate } from "./status-rules.js";

export const ENGLISH = { language: "en", months: ENGLISH_WORDS.months, date_format: ENGLISH_WORDS.dateFormat, messages: {}, plurals: {} };

/** The catalog named by the page's `link[data-certreg-messages]`, or ENGLISH when there is none or it fails. */
export async function loadCatalog(doc = globalThis.document, fetchJSON = (url) => fetch(url).then(okJSON)) {
  const link = doc?.querySelector?.("link[data-certreg-messages]");
  if (!link) return ENGLISH;
  try {
    return { ...ENGLISH, ...(await fetchJSON(link.href)) };
  } catch (error) {
    console.warn("certreg: the interface messages could not be loaded; the scripts speak English:", error);
    return ENGLISH;
  }
}

function okJSON(response) {
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/** `message` in the catalog's language (the English text when it has none), its `{fields}` filled. */
export function translate(catalog, message, fields = {}) {
  return format(Object.hasOwn(catalog.messages, message) ? catalog.messages[message] : message, fields);
}

/** The form of a plural message for `count` by the language's CLDR plural rule; `{count}` is the grouped number. */
export function translatePlural(catalog, singular, plural, count, fields = {}) {
  const forms = Object.hasOwn(catalog.plurals, singular) ? catalog.plurals[singular] : null;
  const category = new Intl.PluralRules(catalog.language).select(count);
  const text = forms ? (forms[category] ?? forms.other) : category === "one" ? singular : plural;
  return format(text, { count: formatNumber(catalog, count), ...fields });
}

/** `12,345` / `12.345` / `12 345`: a number grouped the language's way. */
export function formatNumber(catalog, value) {
  return new Intl.NumberFormat(catalog.language).format(value);
}

/** `9 May 2027`, `9. Mai 2027`: a UTC date (milliseconds) written as the build writes long dates; "" for none. */
export function formatDate(catalog, time) {
  return longDate(time, { months: catalog.months, dateFormat: catalog.date_format });
}

const CATALOG = await loadCatalog();

export const _ = (message, fields) => translate(CATALOG, message, fields);
export const ngettext = (singular, plural, count, fields) => translatePlural(CATALOG, singular, plural, count, fields);
export const number = (value) => formatNumber(CATALOG, value);
export const date = (time) => formatDate(CATALOG, time);
/** `85%`, `85 %`: a fraction as a whole percentage, the language's way. */
export const percent = (fraction) => new Intl.NumberFormat(CATALOG.language, { style: "percent" }).format(Math.round(fraction * 100) / 100);
