// Text folding for search, mirroring plugins/certreg/core/fold.py step by step (see its docstring).
// tests/core/test_fold.py runs both on real names, tests/core/test_fold_table.py on every code point.

const SPECIAL = {
  "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ł": "l",
  "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "k", "ə": "e", "ɛ": "e", "ɔ": "o", "ƒ": "f",
  "ς": "σ",
};
const SPECIAL_RE = new RegExp("[" + Object.keys(SPECIAL).join("") + "]", "gu");
// What Python's str.casefold does beyond toLowerCase, after NFKD (tests/core/test_fold_table.py finds
// every such code point): Cherokee folds to its capitals, the old Cyrillic letter variants
// U+1C80–1C88 to their ordinary letters (ß and ς are in SPECIAL).
const CASEFOLD_VARIANTS = { "ᲀ": "в", "ᲁ": "д", "ᲂ": "о", "ᲃ": "с", "ᲄ": "т", "ᲅ": "т", "ᲆ": "ъ", "ᲇ": "ѣ", "ᲈ": "ꙋ" };
const CASEFOLD_RE = /[\u1c80-\u1c88\u13f8-\u13fd\uab70-\uabbf]/gu;
function casefoldRest(c) {
  const code = c.codePointAt(0);
  if (code >= 0xab70) return String.fromCodePoint(code - 0xab70 + 0x13a0);
  if (code <= 0x13fd) return String.fromCodePoint(code - 8);
  return CASEFOLD_VARIANTS[c];
}
const MARKS = /\p{M}/gu;
const APOSTROPHES = /['\u2018\u2019\u02bc\u02bb\u0060\u00b4]/gu;
// Python's [^\W\d_]: letters and the numbers that are not decimal digits (Roman numerals, ...).
const JOINED_INITIAL = /(?<![\p{L}\p{N}])([\p{L}\p{Nl}\p{No}])[./](?=[\p{L}\p{Nl}\p{No}](?![\p{L}\p{N}]))/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;

/** Case- and accent-fold text, exactly like certreg.fold.fold. */
export function fold(text) {
  return String(text)
    .normalize("NFKD")
    .replace(MARKS, "")
    .toLowerCase()
    .replace(CASEFOLD_RE, casefoldRest)
    .replace(SPECIAL_RE, (c) => SPECIAL[c])
    .replace(APOSTROPHES, "")
    .replace(JOINED_INITIAL, "$1");
}

/** Fold text and split it into words on every non-alphanumeric character. */
export function tokenize(text) {
  return fold(text).match(WORD) || [];
}

/** Fold a certificate number and drop spaces, dashes, slashes, dots and other punctuation. */
export function normalizeCertificateNumber(text) {
  return fold(text).replace(NOT_ALNUM, "");
}
