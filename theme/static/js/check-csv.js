// certreg supplier-list check: the result as CSV (pure functions). Cells a spreadsheet would run as
// a formula are neutralized as OWASP's CSV-injection guidance says: every cell is quoted, and one
// starting with =, +, -, @, tab or carriage return gets a leading apostrophe.

export const FORMULA_START = ["=", "+", "-", "@", "\t", "\r"];

/** A cell as written to the CSV: quoted, with a leading ' when it could run as a formula. */
export function csvCell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (FORMULA_START.some((start) => text.startsWith(start))) text = "'" + text;
  return '"' + text.replace(/"/g, '""') + '"';
}

/** Rows (arrays of cells) as CSV text: UTF-8 byte-order mark for Excel, CRLF line ends. */
export function toCSV(rows) {
  return "\uFEFF" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
