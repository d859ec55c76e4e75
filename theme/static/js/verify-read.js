// certreg certificate-document check: reading a PDF or an image in the browser. pdf.js (npm
// `pdfjs-dist`, copied by the build to check/document/pdf.min.js with its worker) gives each page's
// text; each page is also drawn on a canvas and searched for QR codes with jsQR (npm `jsqr`, copied
// to check/document/jsqr.min.js). Both are loaded only when a file is opened, from this site, and the
// file never leaves the browser. docs/verify.md.

import { linesFromItems } from "./verify-extract.js";

const FILES = new URL("../../check/document/", import.meta.url);
export const QR_PAGES = 10; // pages drawn and searched for QR codes, at most
export const QR_SCALE = 1.5; // 108 dots per inch: a printed code 2 cm wide still decodes
const QR_PER_PAGE = 2; // each search of a page takes about as long as drawing it
const MAX_PIXELS = 16e6; // a larger image is scaled down before it is searched

let pdfjs = null;
let jsqr = null;

async function loadPdfjs() {
  if (!pdfjs) {
    pdfjs = import(new URL("pdf.min.js", FILES).href).then((module) => {
      module.GlobalWorkerOptions.workerSrc = new URL("pdf.worker.min.js", FILES).href;
      return module;
    });
    pdfjs.catch(() => (pdfjs = null));
  }
  return pdfjs;
}

function loadJsqr() {
  if (!jsqr) {
    jsqr = new Promise((resolve, reject) => {
      if (window.jsQR) return resolve(window.jsQR);
      const script = document.createElement("script");
      script.src = new URL("jsqr.min.js", FILES).href;
      script.onload = () => resolve(window.jsQR);
      script.onerror = () => {
        jsqr = null;
        reject(new Error("the QR code reader could not be loaded"));
      };
      document.head.append(script);
    });
  }
  return jsqr;
}

/** What kind of file the bytes are: "pdf", "image" or null. */
export function kindOf(bytes, type) {
  const head = String.fromCharCode(...bytes.slice(0, 1024));
  if (head.includes("%PDF-")) return "pdf";
  if (/^image\/(png|jpeg|gif|webp|bmp)$/.test(type) || /^(\x89PNG|\xff\xd8\xff|GIF8|RIFF)/.test(head)) return "image";
  return null;
}

/** A PDF as {pages: [lines…], qr: [{page, text}], qrPages, pageCount}; throws a readable Error. */
export async function readPdf(buffer) {
  const lib = await loadPdfjs();
  const task = lib.getDocument({ data: new Uint8Array(buffer), isEvalSupported: false, disableFontFace: true, enableXfa: false, stopAtErrors: false });
  let doc;
  try {
    doc = await task.promise;
  } catch (error) {
    if (error && error.name === "PasswordException") throw new Error("it is protected by a password");
    throw new Error("it is not a PDF this page can read, or it is damaged");
  }
  try {
    const pages = [];
    const qr = [];
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      const content = await page.getTextContent();
      pages.push(linesFromItems(content.items.map(textItem)));
      if (number <= QR_PAGES) for (const text of await pageCodes(page)) qr.push({ page: number - 1, text });
      page.cleanup();
    }
    return { pages, qr, pageCount: doc.numPages, qrPages: Math.min(QR_PAGES, doc.numPages) };
  } finally {
    await doc.destroy();
  }
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

/** An image file as a document with no text: {pages: [[]], qr, pageCount: 1}. */
export async function readImage(blob) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new Error("it is not an image this page can read, or it is damaged");
  }
  const shrink = Math.min(1, Math.sqrt(MAX_PIXELS / (bitmap.width * bitmap.height)));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * shrink));
  canvas.height = Math.max(1, Math.round(bitmap.height * shrink));
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const qr = (await decodeCodes(context, canvas.width, canvas.height)).map((text) => ({ page: 0, text }));
  return { pages: [[]], qr, pageCount: 1, qrPages: 1 };
}

/** Every QR code on a canvas: after each one is found it is painted over, and the search goes on. */
async function decodeCodes(context, width, height) {
  const decode = await loadJsqr();
  const found = [];
  for (let i = 0; i < QR_PER_PAGE; i++) {
    const image = context.getImageData(0, 0, width, height);
    const code = decode(image.data, width, height, { inversionAttempts: "dontInvert" });
    if (!code) break;
    found.push(code.data);
    const xs = [code.location.topLeftCorner.x, code.location.topRightCorner.x, code.location.bottomLeftCorner.x, code.location.bottomRightCorner.x];
    const ys = [code.location.topLeftCorner.y, code.location.topRightCorner.y, code.location.bottomLeftCorner.y, code.location.bottomRightCorner.y];
    const pad = (Math.max(...xs) - Math.min(...xs)) / 10;
    context.fillStyle = "#ffffff";
    context.fillRect(Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) - Math.min(...xs) + 2 * pad, Math.max(...ys) - Math.min(...ys) + 2 * pad);
  }
  return found;
}
