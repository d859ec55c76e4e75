// certreg certificate-document check: the result of one file, as elements (textContent only, so
// nothing from a document is ever markup). Used by verify.js. docs/verify.md.

import { VERDICTS } from "./verify-compare.js";
import { tokenize } from "./fold.js";
import { element as domElement } from "./dom.js";

const ROOT = new URL("../../", import.meta.url);
// Links go to the pages of this page's language: the root, or "de/" on a further language's pages.
const PAGES = new URL(globalThis.document?.documentElement.dataset.languageRoot || "", ROOT);
const STATE_LABELS = { same: "Same", differs: "Differs", missing: "Not compared", unread: "Not compared" };

/** A new element of this page with a class and its text (dom.js: text only, never markup). */
export function element(tag, className, text) {
  return domElement(document, tag, className, text);
}

/** A link to a page of this site (a URL relative to the site root). */
export function siteLink(url, text) {
  const link = element("a", "", text);
  const target = new URL(url, PAGES);
  link.href = target.pathname + target.hash;
  return link;
}

/** What to do with a document that has no text. */
export function noTextSentence(kind) {
  return kind === "image"
    ? "An image has no text this page can read: type the certificate number printed on it in the box “Certificate number”."
    : "This PDF has no text: it is probably a scan. Type the certificate number printed on it in the box “Certificate number”.";
}

export function describeDocument(doc, kind, found, searching) {
  const nodes = [];
  const pages = kind === "pdf" ? `${doc.pageCount} ${doc.pageCount === 1 ? "page" : "pages"}` : "an image";
  const count = found.certificates.length;
  const certs = count ? `${count} ${count === 1 ? "certificate" : "certificates"} of this registry found` : "no certificate of this registry found";
  nodes.push(element("p", "verify-summary", `${kind === "pdf" ? "A PDF of " : "An image: "}${pages}; ${certs}.`));
  if (!found.hasText) nodes.push(element("p", "notice verify-message verify-message--problem", noTextSentence(kind)));
  if (searching) nodes.push(element("p", "verify-note", "Looking for QR codes…"));
  if (found.qrProblem) nodes.push(element("p", "notice verify-message verify-message--problem", found.qrProblem));
  if (!searching && doc.pageCount > doc.qrPages) nodes.push(element("p", "verify-note", `QR codes were looked for on the first ${doc.qrPages} pages only.`));
  const loose = found.codes.filter((code) => !found.certificates.some((c) => c.entry && code.entries.some((e) => e.key === c.entry.key)));
  if (loose.length) nodes.push(qrList(loose, "QR codes in the document"));
  return nodes;
}

export function certificateCard(item, engine) {
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

export function notListedCard(found, engine) {
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

