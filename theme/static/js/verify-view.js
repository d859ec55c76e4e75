// certreg certificate-document check: the result of one file, as elements (textContent only, so
// nothing from a document is ever markup). Used by verify.js. docs/verify.md.

import { VERDICTS } from "./verify-compare.js";
import { tokenize } from "./fold.js";
import { element as domElement } from "./dom.js";
import { _, ngettext } from "./i18n.js";

const ROOT = new URL("../../", import.meta.url);
// Links go to the pages of this page's language: the root, or "de/" on a further language's pages.
const PAGES = new URL(globalThis.document?.documentElement.dataset.languageRoot || "", ROOT);
const STATE_LABELS = { same: _("Same"), differs: _("Differs"), missing: _("Not compared"), unread: _("Not compared") };
const QR_CODES = _("QR codes in the document");

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
    ? _("An image has no text this page can read: type the certificate number printed on it in the box “Certificate number”.")
    : _("This PDF has no text: it is probably a scan. Type the certificate number printed on it in the box “Certificate number”.");
}

export function describeDocument(doc, kind, found, searching) {
  const nodes = [];
  const count = found.certificates.length;
  const certs = count ? ngettext("{count} certificate of this registry found", "{count} certificates of this registry found", count) : _("no certificate of this registry found");
  const summary = kind === "pdf" ? ngettext("A PDF of {count} page; {found}.", "A PDF of {count} pages; {found}.", doc.pageCount, { found: certs }) : _("An image; {found}.", { found: certs });
  nodes.push(element("p", "verify-summary", summary));
  if (!found.hasText) nodes.push(element("p", "notice verify-message verify-message--problem", noTextSentence(kind)));
  if (searching) nodes.push(element("p", "verify-note", _("Looking for QR codes…")));
  if (found.qrProblem) nodes.push(element("p", "notice verify-message verify-message--problem", found.qrProblem));
  if (!searching && doc.pageCount > doc.qrPages) nodes.push(element("p", "verify-note", ngettext("QR codes were looked for on the first page only.", "QR codes were looked for on the first {count} pages only.", doc.qrPages)));
  const loose = found.codes.filter((code) => !found.certificates.some((c) => c.entry && code.entries.some((e) => e.key === c.entry.key)));
  if (loose.length) nodes.push(qrList(loose, QR_CODES));
  return nodes;
}

export function certificateCard(item, engine) {
  const { organization, certificate } = item.entry;
  const article = element("article", `verify-result verify-result--${item.verdict}`);
  article.append(element("h3", "", _("Certificate {number}: {name}", { number: certificate.number, name: organization.name })));
  article.append(element("p", "verify-verdict", VERDICTS[item.verdict]));
  if (item.shared) article.append(element("p", "verify-note", _("This number belongs to more than one certificate in the registry; each is shown.")));
  if (item.fromQr) article.append(element("p", "verify-note", _("Found through the document’s QR code. Registry status today: {status}.", { status: item.status.label })));
  if (item.rows.length) article.append(fieldTable(item), caveat(item));
  const own = (item.codes || []).filter((code) => code.entries.some((e) => e.key === item.entry.key) || code.link.kind !== "registry");
  if (own.length && !item.fromQr) article.append(qrList(own, QR_CODES));
  article.append(links(certificate, engine));
  return article;
}

function fieldTable(item) {
  const table = element("table", "list-table verify-table");
  const caption = element("caption", "visually-hidden", _("What the document says and what the registry says about certificate {number}", { number: item.entry.certificate.number }));
  const head = element("tr");
  for (const text of [_("Field"), _("The document says"), _("The registry says"), _("Comparison")]) {
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
  const unread = item.rows.filter((r) => r.state === "missing" || r.state === "unread").map((r) => r.label);
  if (item.verdict === "differs") return element("p", "verify-note", _("A difference does not prove a forgery: the registry may be out of date, or the certificate reissued. Only the certification body can say which document is current."));
  const agrees = _("The document agrees with the registry on every field that could be read.");
  const more = unread.length ? ` ${_("Not compared: {fields}.", { fields: unread.join(", ") })}` : "";
  return element("p", "verify-note", `${agrees}${more} ${_("This does not prove the document genuine: confirm it in the certification body’s directory.")}`);
}

function links(certificate, engine) {
  const ul = element("ul", "verify-links");
  const permalink = element("li");
  permalink.append(siteLink(certificate.url, _("This certificate in the registry ({number})", { number: certificate.number })));
  ul.append(permalink, directoryItem(certificate.body, certificate.source));
  return ul;
}

function directoryItem(body, source) {
  const li = element("li");
  const link = element("a");
  if (source) {
    link.href = source;
    link.textContent = _("{body}: its own record of this certificate", { body: body.name });
  } else if (body.directory) {
    link.href = body.directory;
    link.textContent = _("{body}: its directory of certificates", { body: body.name });
  } else {
    link.href = body.website;
    link.textContent = _("{body}: its website (it has no public directory in this registry)", { body: body.name });
  }
  li.append(link);
  return li;
}

function qrList(codes, title) {
  const div = element("div", "verify-qr");
  div.append(element("p", "verify-qr__title", _("{title}:", { title })));
  const ul = element("ul");
  for (const code of codes) ul.append(qrItem(code));
  div.append(ul);
  return div;
}

function qrItem(code) {
  const li = element("li");
  const { link } = code;
  const page = { page: code.page + 1 };
  if (link.kind === "registry") {
    const named = code.entries.map((e) => e.certificate.number).join(", ");
    const points = named ? _("Page {page}: points to this registry’s page of certificate {number}:", { ...page, number: named }) : _("Page {page}: points to a page of this registry:", page);
    li.append(`${points} `, siteLink(link.url, new URL(link.url).pathname));
  } else if (link.kind === "body") {
    const fields = { ...page, body: link.body.name };
    const points = link.place === "directory" ? _("Page {page}: points to the directory of {body}, a certification body in this registry:", fields) : _("Page {page}: points to the website of {body}, a certification body in this registry:", fields);
    li.append(`${points} `);
    const a = element("a", "", link.url);
    a.href = link.url;
    li.append(a);
  } else if (link.kind === "other") {
    li.append(`${_("Page {page}: a link the registry cannot vouch for (it is neither this registry nor a certification body it lists):", page)} `, element("code", "", link.url));
  } else {
    li.append(`${_("Page {page}: text, not a link:", page)} `, element("code", "", link.text.slice(0, 200)));
  }
  return li;
}

export function notListedCard(found, engine) {
  const article = element("article", "verify-result verify-result--not-listed");
  article.append(element("h3", "", found.notListed.read.length ? _("Certificate number read: {number}", { number: found.notListed.read[0] }) : _("No certificate number of this registry in the document")));
  article.append(element("p", "verify-verdict", VERDICTS.not_listed));
  const p = element("p", "verify-note", `${_("This registry holds only the certificates its contributors have recorded. Check the certificate in the directory of the certification body named on it.")} `);
  p.append(siteLink("check/document/#not-listed", _("What this means")));
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

