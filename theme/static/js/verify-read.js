// certreg certificate-document check: reading a PDF or an image in the browser. pdf.js (npm
// `pdfjs-dist`, copied by the build to check/document/pdf.min.js with its worker) gives each page's
// text; each page is also drawn on a canvas and searched for QR codes by verify-qr-worker.js with jsQR
// (npm `jsqr`, copied to check/document/jsqr.min.js). Both are loaded only when a file is opened, from
// this site, and the file never leaves the browser. docs/verify.md.

import { linesFromItems } from "./verify-extract.js";
import { _ } from "./i18n.js";

const FILES = new URL("../../check/document/", import.meta.url);
export const QR_PAGES = 10; // pages drawn and searched for QR codes, at most
export const QR_SCALE = 1.5; // 108 dots per inch: a printed code 2 cm wide still decodes
const MAX_PIXELS = 16e6; // a larger image is scaled down before it is searched

let pdfjs = null;
let worker = null;

async function loadPdfjs() {
  if (!pdfjs) {
    pdfjs = import(new URL("pdf.min.js", FILES).href).then((module) => {
      module.GlobalWorkerOptions.workerSrc = new URL("pdf.worker.min.js", FILES).href;
      return { module, worker: new module.PDFWorker() }; // one worker for every file, started now
    });
    pdfjs.catch(() => (pdfjs = null));
  }
  return pdfjs;
}

/** Start loading pdf.js and its worker while the registry's index is read (errors come with the file). */
export function prepare() {
  loadPdfjs().catch(() => {});
}

/** The QR worker (verify-qr-worker.js), started on first use; it decodes one page's pixels at a time. */
function qrWorker() {
  if (!worker) {
    const started = new Worker(new URL("./verify-qr-worker.js", import.meta.url));
    const pending = new Map();
    let next = 0;
    started.onmessage = (event) => {
      const { id, found, error } = event.data;
      const { resolve, reject } = pending.get(id);
      pending.delete(id);
      if (error) reject(new Error(error));
      else resolve(found);
    };
    started.onerror = (event) => {
      event.preventDefault();
      for (const { reject } of pending.values()) reject(new Error(_("the QR code reader could not be loaded")));
      pending.clear();
      worker = null;
    };
    const decode = (image) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        started.postMessage({ id, pixels: image.data.buffer, width: image.width, height: image.height }, [image.data.buffer]);
      });
    worker = { decode };
  }
  return worker;
}

/** What kind of file the bytes are: "pdf", "image" or null. */
export function kindOf(bytes, type) {
  const head = String.fromCharCode(...bytes.slice(0, 1024));
  if (head.includes("%PDF-")) return "pdf";
  if (/^image\/(png|jpeg|gif|webp|bmp)$/.test(type) || /^(\x89PNG|\xff\xd8\xff|GIF8|RIFF)/.test(head)) return "image";
  return null;
}

/**
 * A PDF's text, page by page, as {pages: [lines…], pageCount, qrPages, codes(), close()}: `codes()`
 * then draws the first QR_PAGES pages and finds their QR codes ([{page, text}]); `close()` frees the
 * document. Throws a readable Error when the file cannot be read.
 */
export async function readPdf(buffer) {
  const { module, worker } = await loadPdfjs();
  const options = { data: new Uint8Array(buffer), worker, isEvalSupported: false, disableFontFace: true, enableXfa: false, stopAtErrors: false };
  const task = module.getDocument(options);
  let doc;
  try {
    doc = await task.promise;
  } catch (error) {
    if (error && error.name === "PasswordException") throw new Error(_("it is protected by a password"));
    throw new Error(_("it is not a PDF this page can read, or it is damaged"));
  }
  const pages = [];
  try {
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      pages.push(linesFromItems((await page.getTextContent()).items.map(textItem)));
    }
  } catch (error) {
    await doc.destroy();
    throw new Error(_("its text could not be read ({error})", { error: error.message }));
  }
  const qrPages = Math.min(QR_PAGES, doc.numPages);
  const codes = async () => {
    const qr = [];
    for (let number = 1; number <= qrPages; number++) {
      const page = await doc.getPage(number);
      for (const text of await pageCodes(page)) qr.push({ page: number - 1, text });
      page.cleanup();
    }
    return qr;
  };
  return { pages, pageCount: doc.numPages, qrPages, codes, close: () => doc.destroy() };
}

function textItem(item) {
  const [, , , scale, x, y] = item.transform;
  return { str: item.str, x, y, width: item.width, height: item.height || Math.abs(scale), hasEOL: item.hasEOL };
}

async function pageCodes(page) {
  const viewport = page.getViewport({ scale: QR_SCALE });
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(viewport.width);
  canvas.height = Math.ceil(viewport.height);
  const context = canvas.getContext("2d", { willReadFrequently: true });
  await page.render({ canvas, canvasContext: context, viewport, background: "#ffffff" }).promise;
  return decodeCodes(context, canvas.width, canvas.height);
}

/** An image file as a document with no text: {pages: [[]], pageCount: 1, qrPages: 1, codes(), close()}. */
export async function readImage(blob) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new Error(_("it is not an image this page can read, or it is damaged"));
  }
  const codes = async () => {
    const shrink = Math.min(1, Math.sqrt(MAX_PIXELS / (bitmap.width * bitmap.height)));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * shrink));
    canvas.height = Math.max(1, Math.round(bitmap.height * shrink));
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return (await decodeCodes(context, canvas.width, canvas.height)).map((text) => ({ page: 0, text }));
  };
  return { pages: [[]], pageCount: 1, qrPages: 1, codes, close: async () => bitmap.close() };
}

/** Every QR code on a canvas, found by the worker. */
function decodeCodes(context, width, height) {
  return qrWorker().decode(context.getImageData(0, 0, width, height));
}
