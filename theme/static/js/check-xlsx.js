// certreg supplier-list check: reading an Excel workbook (.xlsx) with ExcelJS (npm `exceljs`, its
// browser bundle copied by the build to check/exceljs.min.js and loaded only when a workbook is
// opened). The first worksheet with data becomes tab-separated text, read like a paste. docs/check.md.

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
        reject(new Error("the spreadsheet reader could not be loaded"));
      };
      document.head.append(script);
    });
  }
  return ready;
}

/** True for a zip archive (an .xlsx workbook is one). */
export function isZip(bytes) {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** True for an Excel 97-2003 workbook (.xls, an OLE compound file), which is not read. */
export function isOldExcel(bytes) {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

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
  const lines = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells = [];
    for (let i = 1; i <= width; i++) cells.push(quoted(cellText(row.getCell(i))));
    lines.push(cells.join("\t"));
  });
  return { text: lines.join("\n") + "\n", sheet: sheet.name, sheets: sheets.length };
}
