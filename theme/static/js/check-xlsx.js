// certreg supplier-list check: reading an Excel workbook (.xlsx) with ExcelJS (npm `exceljs`, its
// browser bundle copied by the build to check/exceljs.min.js and loaded only when a workbook is
// opened). The first worksheet with data becomes tab-separated text, read like a paste; a sheet past
// the row or column limit is refused before its cells are read. docs/check.md.

import { sheetTooBig } from "./check-limits.js";

const SCRIPT = new URL("../../check/exceljs.min.js", import.meta.url);

let ready = null;
function loadExcelJS() {
  if (!ready) {
    ready = new Promise((resolve, reject) => {
      if (window.ExcelJS) return resolve(window.ExcelJS);
      const script = document.createElement("script");
      script.src = SCRIPT.href;
      script.onload = () => resolve(window.ExcelJS);
      script.onerror = () => {
        ready = null;
        reject(new ReaderUnavailable("The spreadsheet reader could not be loaded: check the connection and open the file again."));
      };
      document.head.append(script);
    });
  }
  return ready;
}

/** A worksheet with more rows or columns than the page reads; the message says so. */
export class SheetTooBig extends Error {}

/** The spreadsheet reader's script could not be fetched; the message says so. */
export class ReaderUnavailable extends Error {}

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

/** The first worksheet with data as tab-separated text, with its name and the number of sheets. */
export async function readWorkbook(buffer) {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer);
  const sheets = workbook.worksheets.filter((sheet) => sheet.actualRowCount > 0);
  const sheet = sheets[0];
  if (!sheet) return { text: "", sheet: "", sheets: 0 };
  const width = sheet.columnCount;
  const tooBig = sheetTooBig(sheet.actualRowCount, width);
  if (tooBig) throw new SheetTooBig(tooBig);
  const lines = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells = [];
    for (let i = 1; i <= width; i++) cells.push(quoted(cellText(row.getCell(i))));
    lines.push(cells.join("\t"));
  });
  return { text: lines.join("\n") + "\n", sheet: sheet.name, sheets: sheets.length };
}
