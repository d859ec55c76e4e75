// Text folding for search, mirroring plugins/certreg/fold.py step by step (see its docstring).
// tests/test_fold.py runs both on the same names and requires identical output.

const SPECIAL = {
  "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ł": "l",
  "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "k", "ə": "e", "ɛ": "e", "ɔ": "o", "ƒ": "f",
  "ς": "σ",
};
const SPECIAL_RE = new RegExp("[" + Object.keys(SPECIAL).join("") + "]", "gu");
const MARKS = /\p{M}/gu;
const APOSTROPHES = /['\u2018\u2019\u02bc\u02bb\u0060\u00b4]/gu;
const JOINED_INITIAL = /(?<![\p{L}\p{N}])(\p{L})[./](?=\p{L}(?![\p{L}\p{N}]))/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;

/** Case- and accent-fold text, exactly like certreg.fold.fold. */
export function fold(text) {
  return String(text)
    .normalize("NFKD")
    .replace(MARKS, "")
    .toLowerCase()
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
