// certreg supplier-list check: reading an Excel workbook (.xlsx) with ExcelJS (npm `exceljs`, its
// browser bundle copied by the build to check/exceljs.min.js), in a Web Worker started only when a
// workbook is opened (check-xlsx-worker.js): the library's 860 KB and the workbook's parsing never run
// on the page's thread. The first worksheet with data becomes tab-separated text, read like a paste;
// a sheet past the row or column limit is refused before its cells are read. docs/check.md.

import { MAX_COLUMNS, MAX_ROWS, sheetTooBig } from "./check-limits.js";
import { _ } from "./i18n.js";

const WORKER = new URL("./check-xlsx-worker.js", import.meta.url);

/** A worksheet with more rows or columns than the page reads; the message says so. */
export class SheetTooBig extends Error {}

/** The spreadsheet reader's script could not be fetched; the message says so. */
export class ReaderUnavailable extends Error {}

/** The workbook could not be read (damaged, encrypted, not really a workbook). */
export class WorkbookUnreadable extends Error {}

function inWorker(buffer) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER);
    const done = (settle, value) => {
      worker.terminate();
      settle(value);
    };
    worker.onmessage = (event) => done(resolve, event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      done(reject, new ReaderUnavailable(_("The spreadsheet reader could not be loaded: check the connection and open the file again.")));
    };
    worker.postMessage({ buffer, maxRows: MAX_ROWS + 1, maxColumns: MAX_COLUMNS }, [buffer]);
  });
}

/** The first worksheet with data as tab-separated text, with its name and the number of sheets. */
export async function readWorkbook(buffer) {
  const answer = await inWorker(buffer);
  if (answer.failed) throw new WorkbookUnreadable("unreadable");
  if (answer.tooBig) throw new SheetTooBig(sheetTooBig(answer.tooBig.rows, answer.tooBig.columns));
  return answer;
}
