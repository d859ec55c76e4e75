// certreg supplier-list check: a classic Web Worker that reads an Excel workbook with ExcelJS (the
// build's copy of its browser bundle), so that neither loading the library nor unpacking and parsing
// the workbook ever holds up the page. Receives { buffer, maxRows, maxColumns }; answers with
// { text, sheet, sheets }, { tooBig: { rows, columns } } or { failed: true }. docs/check.md.
/* global ExcelJS */

importScripts("../../check/exceljs.min.js");

/** The text a cell shows: a formula's result, rich text joined, a date as YYYY-MM-DD. */
function cellText(cell) {
  const value = cell.value;
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object" && "result" in value) return value.result instanceof Date ? value.result.toISOString().slice(0, 10) : String(value.result ?? "");
  return String(cell.text ?? value);
}

function quoted(text) {
  return /[\t\n\r"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The first worksheet with data as tab-separated text; a sheet past the limits is not read cell by cell. */
async function read({ buffer, maxRows, maxColumns }) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer);
  const sheets = workbook.worksheets.filter((sheet) => sheet.actualRowCount > 0);
  const sheet = sheets[0];
  if (!sheet) return { text: "", sheet: "", sheets: 0 };
  const width = sheet.columnCount;
  if (width > maxColumns || sheet.actualRowCount > maxRows) return { tooBig: { rows: sheet.actualRowCount, columns: width } };
  const lines = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells = [];
    for (let i = 1; i <= width; i++) cells.push(quoted(cellText(row.getCell(i))));
    lines.push(cells.join("\t"));
  });
  return { text: lines.join("\n") + "\n", sheet: sheet.name, sheets: sheets.length };
}

self.onmessage = async (event) => {
  try {
    self.postMessage(await read(event.data));
  } catch {
    self.postMessage({ failed: true });
  }
};
