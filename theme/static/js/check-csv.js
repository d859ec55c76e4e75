// certreg supplier-list check: the result as CSV (pure functions). Cells a spreadsheet would run as
// a formula are neutralized as OWASP's CSV-injection guidance says: every cell is quoted, and one
// starting with =, +, -, @, tab or carriage return gets a leading apostrophe.

import { _, percent } from "./i18n.js";

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

/** The result as rows for toCSV: every input column, then what was found; `absolute` makes a link absolute. */
export function resultRows({ list: read, results: found, today }, buildDate, absolute) {
  const head = [...read.header, _("Outcome"), _("Score"), _("Organization"), _("Organization permalink"), _("Certificates"),
    _("Standards"), _("Status"), _("Expires"), _("Certificate permalinks"), _("No valid certificate to"), _("Notes"), _("Registry data from"), _("Checked on")];
  const rows = found.map((r, i) => {
    const certs = r.certificates;
    const orgs = r.organization ? [r.organization] : r.candidates.map((c) => c.organization);
    return [
      ...read.rows[i],
      r.label,
      r.score === null || r.score === undefined ? "" : percent(r.score),
      orgs.map((o) => o.name).join("; "),
      orgs.map((o) => absolute(o.url)).join("; "),
      certs.map((c) => c.number).join("; "),
      certs.map((c) => c.standards.join(", ")).join("; "),
      certs.map((c) => c.status.label).join("; "),
      certs.map((c) => (c.expires === null ? "" : new Date(c.expires).toISOString().slice(0, 10))).join("; "),
      certs.map((c) => absolute(c.url)).join("; "),
      r.missing.join("; "),
      r.notes.join(" "),
      buildDate,
      new Date(today).toISOString().slice(0, 10),
    ];
  });
  return [head, ...rows];
}
