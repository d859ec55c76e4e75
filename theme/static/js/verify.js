// certreg certificate-document check page (/check/document/): opens PDFs and images in the browser,
// finds the certificate numbers the registry holds, compares each certificate field by field and says
// plainly what that means. Nothing opened or typed is sent anywhere: lookups read the list check's
// static files by bucket and block number. DOM APIs and textContent only. docs/verify.md.

import { documentFields, numberKeys, segments } from "./verify-extract.js";
import { VERDICTS, classifyLink, compare } from "./verify-compare.js";
import { Registry } from "./verify-lookup.js";
import { todayUTC } from "./status-rules.js";
import { dropZone } from "./dom.js";
import { normalizeCertificateNumber } from "./fold.js";
import { certificateCard, describeDocument, element, noTextSentence, notListedCard } from "./verify-view.js";
import { _, ngettext } from "./i18n.js";

const ROOT = new URL("../../", import.meta.url);
const INDEX = new URL("check/", ROOT);
// The pages of this page's language: the root, or "de/" on a further language's pages (base.html), with
// their own build.json (the status table and labels in that language); the index is shared.
const PAGES = new URL(document.documentElement.dataset.languageRoot || "", ROOT);

const $ = (id) => document.getElementById(id);
const form = $("verify-form");
const fileInput = $("verify-file");
const drop = $("verify-drop");
const numberForm = $("verify-number-form");
const numberInput = $("verify-number");
const messages = $("verify-messages");
const announcer = $("verify-announce");
const results = $("verify-results");

let registry = null;
let run = 0;

function say(text, kind = "info") {
  messages.append(element("p", `notice verify-message verify-message--${kind}`, text));
}

async function getRegistry() {
  if (!registry) {
    const loading = new Registry(async (path) => {
      const response = await fetch(path === "../build.json" ? new URL("build.json", PAGES) : new URL(path, INDEX));
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return response.json();
    });
    registry = loading.load().catch((error) => {
      registry = null;
      throw error;
    });
  }
  return registry;
}

function origins() {
  const list = [new URL(ROOT)];
  const configured = form.dataset.siteurl;
  if (/^https?:\/\//.test(configured || "")) list.push(new URL(configured.replace(/\/?$/, "/")));
  return list;
}

// --- opening files ------------------------------------------------------------------------------------

/**
 * Two passes: every file's text is read and its verdicts shown and announced first (the
 * `certreg:verified` event); then each file's pages are searched for QR codes, which are added to
 * its result (and decide it when the text named no certificate). `data-ready` is set after both.
 */
async function openFiles(files) {
  const ticket = ++run;
  const started = performance.now();
  messages.replaceChildren();
  results.replaceChildren();
  delete results.dataset.ready;
  if (!files.length) return;
  announce(files.length === 1 ? _("Reading “{name}”…", { name: files[0].name }) : ngettext("Reading {count} file…", "Reading {count} files…", files.length));
  const reader = import("./verify-read.js");
  reader.then((module) => module.prepare()).catch(() => {});
  let engine;
  try {
    engine = await getRegistry();
  } catch (error) {
    say(_("The registry index could not be loaded ({error}). Nothing was checked.", { error: error.message }), "problem");
    return;
  }
  const opened = [];
  for (const file of files) {
    const item = await readText(file, engine, await reader);
    if (ticket !== run) return item.doc?.close();
    results.append(item.section);
    opened.push(item);
  }
  const waiting = opened.filter((item) => item.doc && item.found.certificates.length);
  announce(opened.map((item) => item.spoken).join(" "));
  if (waiting.length) results.dispatchEvent(new CustomEvent("certreg:verified", { detail: { ms: performance.now() - started } }));
  for (const item of opened.filter((i) => i.doc)) {
    await readCodes(item, engine);
    if (ticket !== run) return;
  }
  if (!waiting.length) results.dispatchEvent(new CustomEvent("certreg:verified", { detail: { ms: performance.now() - started } }));
  finish(opened.map((item) => item.spoken), ticket);
  results.dispatchEvent(new CustomEvent("certreg:read", { detail: { ms: performance.now() - started } }));
}

function finish(spoken, ticket) {
  if (ticket !== run) return;
  announce(spoken.join(" "));
  results.dataset.ready = "true";
}

/** Read one file's text and show its verdicts: {section, spoken, doc, kind, found}. */
async function readText(file, engine, { kindOf, readPdf, readImage }) {
  const section = element("section", "verify-file");
  const item = { section, name: file.name, doc: null };
  const bytes = new Uint8Array(await file.arrayBuffer());
  item.kind = kindOf(bytes, file.type);
  if (!item.kind) return problem(item, _("“{name}” is neither a PDF nor an image: nothing was read.", { name: file.name }));
  try {
    item.doc = item.kind === "pdf" ? await readPdf(bytes.buffer) : await readImage(file);
  } catch (error) {
    return problem(item, _("“{name}” could not be read: {reason}.", { name: file.name, reason: error.message }));
  }
  item.found = await analyse(item.doc, engine);
  show(item, engine, true);
  return item;
}

/** Search a file's pages for QR codes, name where they point, and show its result again. */
async function readCodes(item, engine) {
  try {
    const found = await item.doc.codes();
    const codes = await Promise.all(found.map((code) => qrCode(code, engine)));
    await addQrCertificates(codes, item.found.certificates, engine, todayUTC());
    item.found.codes = codes;
    if (item.found.certificates.length) item.found.notListed = null;
  } catch (error) {
    item.found.qrProblem = _("QR codes could not be looked for ({error}).", { error: error.message });
  } finally {
    await item.doc.close();
  }
  show(item, engine, false);
}

function show(item, engine, searching) {
  const { found, kind, doc } = item;
  const spoken = [_("“{name}”:", { name: item.name })];
  item.section.replaceChildren(element("h2", "", _("“{name}”", { name: item.name })), ...describeDocument(doc, kind, found, searching));
  for (const certificate of found.certificates) {
    item.section.append(certificateCard(certificate, engine));
    spoken.push(`${certificate.entry.certificate.number}: ${VERDICTS[certificate.verdict]}.`);
  }
  if (found.notListed) {
    item.section.append(notListedCard(found, engine));
    spoken.push(`${VERDICTS.not_listed}.`);
  }
  if (!found.certificates.length && !found.notListed) spoken.push(searching ? _("Looking for QR codes…") : noTextSentence(kind));
  item.spoken = spoken.join(" ");
}

function problem(item, text) {
  item.section.replaceChildren(element("h2", "", _("“{name}”", { name: item.name })), element("p", "notice verify-message verify-message--problem", text));
  item.spoken = text;
  return item;
}

// --- reading a document -------------------------------------------------------------------------------

/** The certificates a document's text names, compared; QR codes come later (readCodes). */
async function analyse(doc, engine) {
  const today = todayUTC();
  const lines = doc.pages.flat();
  const pageOf = doc.pages.flatMap((page, p) => page.map((text, line) => ({ page: p, line })));
  const keys = numberKeys(lines);
  let hits = await engine.find(keys.filter((k) => k.labelled));
  if (!hits.length) hits = await engine.find(keys.filter((k) => !k.labelled));
  const occurrences = longest(hits).map((k) => ({ ...k, ...pageOf[k.line] }));
  const parts = segments(doc.pages, occurrences);
  const certificates = [];
  for (const [i, occurrence] of occurrences.entries()) {
    const fields = { ...documentFields(parts[i]), number: occurrence.text };
    const entries = await Promise.all(occurrence.hits.map(([org, cert]) => engine.entry(org, cert)));
    for (const entry of chooseEntries(entries, fields, engine, today)) {
      if (certificates.some((c) => c.entry.key === entry.key)) continue;
      certificates.push({ entry, fields, ...compare(fields, entry, today, engine), shared: entries.length > 1, codes: [] });
    }
  }
  const hasText = lines.some((line) => line.trim());
  const labelled = keys.filter((k) => k.labelled && /\d/.test(k.text)).map((k) => k.text);
  const notListed = hasText && !certificates.length ? { read: [...new Set(labelled)].slice(0, 3), words: documentFields(lines).words } : null;
  return { certificates, codes: [], hasText, notListed };
}

/** Of keys found on the same line, the one whose text holds another's is kept (not both). */
function longest(found) {
  const kept = found.filter((k) => !found.some((o) => o !== k && o.line === k.line && o.text.length > k.text.length && o.text.includes(k.text)));
  const seen = new Set();
  return kept.filter((k) => {
    const id = k.hits.map((h) => h.join(":")).join(",");
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** A number several organizations share: the ones the document names, or all of them. */
function chooseEntries(entries, fields, engine, today) {
  if (entries.length < 2) return entries;
  const named = entries.filter((e) => compare(fields, e, today, engine).rows.find((r) => r.id === "organization").state === "same");
  return named.length ? named : entries;
}

async function qrCode(code, engine) {
  const link = classifyLink(code.text, { origins: origins(), bodies: engine.bodies });
  if (link.kind !== "registry") return { ...code, link, entries: [] };
  const match = /^certificates\/[^/]+\/([^/]+)\/?$/.exec(link.path);
  const entries = match ? (await engine.byNumber(match[1])).filter((e) => new URL(e.certificate.url, ROOT).pathname === new URL(link.url).pathname) : [];
  return { ...code, link, entries };
}

async function addQrCertificates(codes, certificates, engine, today) {
  for (const code of codes) {
    for (const entry of code.entries) {
      if (certificates.some((c) => c.entry.key === entry.key)) continue;
      const status = engine.status(entry.certificate, today);
      certificates.push({ entry, fields: null, verdict: status.is_current ? "listed" : "differs", rows: [], status, fromQr: true });
    }
  }
  for (const item of certificates) item.codes = codes;
}

// --- the number box -----------------------------------------------------------------------------------

async function checkNumber(event) {
  event.preventDefault();
  const ticket = ++run;
  const text = numberInput.value.trim();
  messages.replaceChildren();
  results.replaceChildren();
  delete results.dataset.ready;
  if (!normalizeCertificateNumber(text)) {
    say(_("Type the certificate number printed on the document."), "problem");
    return;
  }
  const engine = await getRegistry();
  const today = todayUTC();
  const entries = await engine.byNumber(text);
  const section = element("section", "verify-file");
  section.append(element("h2", "", _("Certificate number “{number}”", { number: text })));
  const spoken = [];
  for (const entry of entries) {
    const status = engine.status(entry.certificate, today);
    section.append(certificateCard({ entry, rows: [], verdict: status.is_current ? "listed" : "differs", status, fromQr: false, codes: [] }, engine));
    section.lastChild.querySelector(".verify-verdict").after(element("p", "verify-note", _("Registry status today: {status}. Compare the document’s dates, standard and scope with the registry’s page.", { status: status.label })));
    spoken.push(`${entry.certificate.number}: ${status.label}.`);
  }
  if (!entries.length) {
    section.append(notListedCard({ notListed: { read: [text], words: [] } }, engine));
    spoken.push(VERDICTS.not_listed + ".");
  }
  results.append(section);
  finish(spoken, ticket);
}

function announce(text) {
  announcer.textContent = text;
}

// --- wiring -----------------------------------------------------------------------------------------

function start() {
  fileInput.addEventListener("change", () => openFiles([...fileInput.files]));
  dropZone(drop, "verify-drop--over", openFiles);
  numberForm.addEventListener("submit", checkNumber);
  form.hidden = false;
  numberForm.hidden = false;
  form.dataset.ready = "true";
}

start();
