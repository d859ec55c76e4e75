// certreg certificate-document check page (/check/document/): opens PDFs and images in the browser,
// finds the certificate numbers the registry holds, compares each certificate field by field and says
// plainly what that means. Nothing opened or typed is sent anywhere: lookups read the list check's
// static files by bucket and block number. DOM APIs and textContent only. docs/verify.md.

import { documentFields, numberKeys, segments } from "./verify-extract.js";
import { VERDICTS, classifyLink, compare } from "./verify-compare.js";
import { Registry } from "./verify-lookup.js";
import { longDate, todayUTC } from "./check-engine.js";
import { normalizeCertificateNumber, tokenize } from "./fold.js";

const ROOT = new URL("../../", import.meta.url);
const INDEX = new URL("check/", ROOT);
const STATE_LABELS = { same: "Same", differs: "Differs", missing: "Not compared", unread: "Not compared" };

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

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function siteLink(url, text) {
  const link = element("a", "", text);
  const target = new URL(url, ROOT);
  link.href = target.pathname + target.hash;
  return link;
}

function say(text, kind = "info") {
  messages.append(element("p", `notice verify-message verify-message--${kind}`, text));
}

async function getRegistry() {
  if (!registry) {
    const loading = new Registry(async (path) => {
      const response = await fetch(new URL(path, INDEX));
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

async function openFiles(files) {
  const ticket = ++run;
  const started = performance.now();
  messages.replaceChildren();
  results.replaceChildren();
  delete results.dataset.ready;
  if (!files.length) return;
  announce(`Reading ${files.length === 1 ? `“${files[0].name}”` : `${files.length} files`}…`);
  let engine;
  try {
    engine = await getRegistry();
  } catch (error) {
    say(`The registry index could not be loaded (${error.message}). Nothing was checked.`, "problem");
    return;
  }
  const spoken = [];
  for (const file of files) {
    const section = await checkFile(file, engine);
    if (ticket !== run) return;
    results.append(section.node);
    spoken.push(section.spoken);
  }
  finish(spoken, started, ticket);
}

function finish(spoken, started, ticket) {
  if (ticket !== run) return;
  announce(spoken.join(" "));
  results.dataset.ready = "true";
  results.dispatchEvent(new CustomEvent("certreg:verified", { detail: { ms: performance.now() - started } }));
}

async function checkFile(file, engine) {
  const section = element("section", "verify-file");
  section.append(element("h2", "", `“${file.name}”`));
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { kindOf, readPdf, readImage } = await import("./verify-read.js");
  const kind = kindOf(bytes, file.type);
  if (!kind) return problem(section, `“${file.name}” is neither a PDF nor an image: nothing was read.`);
  let doc;
  try {
    doc = kind === "pdf" ? await readPdf(bytes.buffer) : await readImage(file);
  } catch (error) {
    return problem(section, `“${file.name}” could not be read: ${error.message}.`);
  }
  const found = await analyse(doc, engine);
  const spoken = [`“${file.name}”:`];
  section.append(...describeDocument(doc, kind, found));
  for (const item of found.certificates) {
    section.append(certificateCard(item, engine));
    spoken.push(`${item.entry.certificate.number}: ${VERDICTS[item.verdict]}.`);
  }
  if (found.notListed) {
    section.append(notListedCard(found, engine));
    spoken.push(`${VERDICTS.not_listed}.`);
  }
  if (!found.certificates.length && !found.notListed) spoken.push(noTextSentence(kind));
  return { node: section, spoken: spoken.join(" ") };
}

function problem(section, text) {
  section.append(element("p", "notice verify-message verify-message--problem", text));
  return { node: section, spoken: text };
}

function noTextSentence(kind) {
  return kind === "image"
    ? "An image has no text this page can read: type the certificate number printed on it in the box “Certificate number”."
    : "This PDF has no text: it is probably a scan. Type the certificate number printed on it in the box “Certificate number”.";
}

// --- reading a document -------------------------------------------------------------------------------

/** The certificates of a document: numbers found in its text or named by its QR codes, compared. */
async function analyse(doc, engine) {
  const today = todayUTC();
  const lines = doc.pages.flat();
  const pageOf = doc.pages.flatMap((page, p) => page.map((_, line) => ({ page: p, line })));
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
      certificates.push({ entry, fields, ...compare(fields, entry, today, engine), shared: entries.length > 1 });
    }
  }
  const codes = await Promise.all(doc.qr.map((code) => qrCode(code, engine)));
  await addQrCertificates(codes, certificates, engine, today);
  const hasText = lines.some((line) => line.trim());
  const labelled = keys.filter((k) => k.labelled && /\d/.test(k.text)).map((k) => k.text);
  const notListed = hasText && !certificates.length ? { read: [...new Set(labelled)].slice(0, 3), words: documentFields(lines).words } : null;
  return { certificates, codes, hasText, notListed };
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
      certificates.push({ entry, fields: null, verdict: status.is_current ? "match" : "differs", rows: [], status, fromQr: true });
    }
  }
  for (const item of certificates) item.codes = codes;
}

// --- showing ----------------------------------------------------------------------------------------

function describeDocument(doc, kind, found) {
  const nodes = [];
  const pages = kind === "pdf" ? `${doc.pageCount} ${doc.pageCount === 1 ? "page" : "pages"}` : "an image";
  const count = found.certificates.length;
  const certs = count ? `${count} ${count === 1 ? "certificate" : "certificates"} of this registry found` : "no certificate of this registry found";
  nodes.push(element("p", "verify-summary", `${kind === "pdf" ? "A PDF of " : "An image: "}${pages}; ${certs}.`));
  if (!found.hasText) nodes.push(element("p", "notice verify-message verify-message--problem", noTextSentence(kind)));
  if (doc.pageCount > doc.qrPages) nodes.push(element("p", "verify-note", `QR codes were looked for on the first ${doc.qrPages} pages only.`));
  const loose = found.codes.filter((code) => !found.certificates.some((c) => c.entry && code.entries.some((e) => e.key === c.entry.key)));
  if (loose.length) nodes.push(qrList(loose, "QR codes in the document"));
  return nodes;
}

function certificateCard(item, engine) {
  const { organization, certificate } = item.entry;
  const article = element("article", `verify-result verify-result--${item.verdict}`);
  article.append(element("h3", "", `Certificate ${certificate.number}: ${organization.name}`));
  article.append(element("p", "verify-verdict", VERDICTS[item.verdict]));
  if (item.shared) article.append(element("p", "verify-note", "This number belongs to more than one certificate in the registry; each is shown."));
  if (item.fromQr) article.append(element("p", "verify-note", `Found through the document’s QR code. Registry status today: ${item.status.label}.`));
  if (item.rows.length) article.append(fieldTable(item), caveat(item));
  const own = (item.codes || []).filter((code) => code.entries.some((e) => e.key === item.entry.key) || code.link.kind !== "registry");
  if (own.length && !item.fromQr) article.append(qrList(own, "QR codes in the document"));
  article.append(links(certificate, engine));
  return article;
}

function fieldTable(item) {
  const table = element("table", "list-table verify-table");
  const caption = element("caption", "visually-hidden", `What the document says and what the registry says about certificate ${item.entry.certificate.number}`);
  const head = element("tr");
  for (const text of ["Field", "The document says", "The registry says", "Comparison"]) {
    const th = element("th", "", text);
    th.scope = "col";
    head.append(th);
  }
  const thead = element("thead");
  thead.append(head);
  const tbody = element("tbody");
  for (const row of item.rows) {
    const tr = element("tr", `verify-row verify-row--${row.state}`);
    tr.dataset.field = row.id;
    tr.dataset.state = row.state;
    const th = element("th", "", row.label);
    th.scope = "row";
    tr.append(th, element("td", "", row.document), element("td", "", row.registry), element("td", "verify-state", STATE_LABELS[row.state]));
    tbody.append(tr);
  }
  table.append(caption, thead, tbody);
  const wrap = element("div", "table-scroll");
  wrap.append(table);
  return wrap;
}

function caveat(item) {
  const unread = item.rows.filter((r) => r.state === "missing" || r.state === "unread").map((r) => r.label.toLowerCase());
  if (item.verdict === "differs") return element("p", "verify-note", "A difference does not prove a forgery: the registry may be out of date, or the certificate reissued. Only the certification body can say which document is current.");
  const more = unread.length ? ` Not compared: ${unread.join(", ")}.` : "";
  return element("p", "verify-note", `The document agrees with the registry on every field that could be read.${more} This does not prove the document genuine: confirm it in the certification body’s directory.`);
}

function links(certificate, engine) {
  const ul = element("ul", "verify-links");
  const permalink = element("li");
  permalink.append(siteLink(certificate.url, `This certificate in the registry (${certificate.number})`));
  ul.append(permalink, directoryItem(certificate.body, certificate.source));
  return ul;
}

function directoryItem(body, source) {
  const li = element("li");
  const link = element("a");
  if (source) {
    link.href = source;
    link.textContent = `${body.name}: its own record of this certificate`;
  } else if (body.directory) {
    link.href = body.directory;
    link.textContent = `${body.name}: its directory of certificates`;
  } else {
    link.href = body.website;
    link.textContent = `${body.name}: its website (it has no public directory in this registry)`;
  }
  li.append(link);
  return li;
}

function qrList(codes, title) {
  const div = element("div", "verify-qr");
  div.append(element("p", "verify-qr__title", `${title}:`));
  const ul = element("ul");
  for (const code of codes) ul.append(qrItem(code));
  div.append(ul);
  return div;
}

function qrItem(code) {
  const li = element("li");
  const { link } = code;
  const page = `Page ${code.page + 1}: `;
  if (link.kind === "registry") {
    const named = code.entries.map((e) => e.certificate.number).join(", ");
    li.append(page + (named ? `points to this registry’s page of certificate ${named}: ` : "points to a page of this registry: "));
    li.append(siteLink(link.url, new URL(link.url).pathname));
  } else if (link.kind === "body") {
    li.append(`${page}points to the ${link.place} of ${link.body.name}, a certification body in this registry: `);
    const a = element("a", "", link.url);
    a.href = link.url;
    li.append(a);
  } else if (link.kind === "other") {
    li.append(`${page}a link the registry cannot vouch for (it is neither this registry nor a certification body it lists): `, element("code", "", link.url));
  } else {
    li.append(`${page}text, not a link: `, element("code", "", link.text.slice(0, 200)));
  }
  return li;
}

function notListedCard(found, engine) {
  const article = element("article", "verify-result verify-result--not-listed");
  article.append(element("h3", "", found.notListed.read.length ? `Certificate number read: ${found.notListed.read[0]}` : "No certificate number of this registry in the document"));
  article.append(element("p", "verify-verdict", VERDICTS.not_listed));
  const p = element("p", "verify-note", "This registry holds only the certificates its contributors have recorded. Check the certificate in the directory of the certification body named on it. ");
  p.append(siteLink("check/document/#not-listed", "What this means"));
  article.append(p);
  const text = ` ${found.notListed.words.join(" ")} `;
  const bodies = engine.bodies.filter((b) => text.includes(` ${tokenize(b.name).join(" ")} `));
  if (bodies.length) {
    const ul = element("ul", "verify-links");
    for (const body of bodies) ul.append(directoryItem(body, ""));
    article.append(ul);
  }
  return article;
}

// --- the number box -----------------------------------------------------------------------------------

async function checkNumber(event) {
  event.preventDefault();
  const ticket = ++run;
  const started = performance.now();
  const text = numberInput.value.trim();
  messages.replaceChildren();
  results.replaceChildren();
  delete results.dataset.ready;
  if (!normalizeCertificateNumber(text)) {
    say("Type the certificate number printed on the document.", "problem");
    return;
  }
  const engine = await getRegistry();
  const today = todayUTC();
  const entries = await engine.byNumber(text);
  const section = element("section", "verify-file");
  section.append(element("h2", "", `Certificate number “${text}”`));
  const spoken = [];
  for (const entry of entries) {
    const status = engine.status(entry.certificate, today);
    section.append(certificateCard({ entry, rows: [], verdict: status.is_current ? "match" : "differs", status, fromQr: false, codes: [] }, engine));
    section.lastChild.querySelector(".verify-verdict").after(element("p", "verify-note", `Registry status today: ${status.label}. Compare the document’s dates, standard and scope with the registry’s page.`));
    spoken.push(`${entry.certificate.number}: ${status.label}.`);
  }
  if (!entries.length) {
    section.append(notListedCard({ notListed: { read: [text], words: [] } }, engine));
    spoken.push(VERDICTS.not_listed + ".");
  }
  results.append(section);
  finish(spoken, started, ticket);
}

function announce(text) {
  announcer.textContent = text;
}

// --- wiring -----------------------------------------------------------------------------------------

function start() {
  fileInput.addEventListener("change", () => openFiles([...fileInput.files]));
  for (const name of ["dragenter", "dragover"]) {
    drop.addEventListener(name, (event) => {
      event.preventDefault();
      drop.classList.add("verify-drop--over");
    });
  }
  drop.addEventListener("dragleave", () => drop.classList.remove("verify-drop--over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("verify-drop--over");
    openFiles([...event.dataTransfer.files]);
  });
  numberForm.addEventListener("submit", checkNumber);
  form.hidden = false;
  numberForm.hidden = false;
  form.dataset.ready = "true";
}

start();
