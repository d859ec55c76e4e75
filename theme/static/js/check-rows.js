// certreg supplier-list check: one result row as table cells (DOM APIs and textContent only, so markup
// in a list or a record is shown as text). docs/check.md.

import { rowValues, FIELDS, FIELD_LABELS } from "./check-parse.js";
import { longDate } from "./check-engine.js";

const ROOT = new URL("../../", import.meta.url);

/** A new element with a class and its text. */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** A link to a page of this site, by its path. */
export function siteLink(url, text) {
  const link = element("a", "", text);
  const target = new URL(url, ROOT);
  link.href = target.pathname + target.hash;
  return link;
}

function inputSummary(read, i) {
  const values = rowValues(read.rows[i], read.fields);
  const parts = FIELDS.filter((f) => values[f]).map((f) => (f === "name" ? values[f] : `${FIELD_LABELS[f]}: ${values[f]}`));
  return parts.length ? parts.join(" · ") : read.rows[i].join(" · ");
}

/** The table row of one checked list row: its number, what it said, and what was found. */
export function resultRow(read, i, r) {
  const tr = element("tr", r.attention ? "check-row check-row--attention" : "check-row");
  tr.dataset.outcome = r.outcome;
  const th = element("th", "", String(i + 1));
  th.scope = "row";
  tr.append(th, element("td", "check-input", inputSummary(read, i)), outcomeCell(r), organizationCell(r), certificatesCell(r), notesCell(r));
  return tr;
}

function outcomeCell(r) {
  const td = element("td", `check-outcome check-outcome--${r.outcome.replace("_", "-")}`);
  const score = r.outcome === "name" ? ` (${Math.round(r.score * 100)}%)` : "";
  td.append(element("strong", "", r.label + score));
  if (r.outcome === "not_listed") {
    td.append(" ");
    td.append(siteLink("check/#not-listed", "What this means"));
  }
  return td;
}

function organizationCell(r) {
  const td = element("td", "check-organization");
  if (r.organization) {
    td.append(siteLink(r.organization.url, r.organization.name));
    if (r.organization.country) td.append(element("span", "check-country", ` (${r.organization.country})`));
  } else if (r.candidates.length) {
    td.append(element("span", "", "Possible matches:"));
    const ol = element("ol", "check-candidates");
    for (const c of r.candidates) {
      const li = element("li");
      li.append(siteLink(c.organization.url, c.organization.name), ` (${c.organization.country}), ${Math.round(c.score * 100)}%`);
      ol.append(li);
    }
    td.append(ol);
  }
  return td;
}

function badge(status) {
  const span = element("span", `status status--${status.slug}`);
  span.append(element("span", "status__label", status.label));
  return span;
}

function certificatesCell(r) {
  const td = element("td", "check-certificates");
  if (r.missing.length) td.append(element("p", "check-flag", `No valid ${r.missing.join(", ")} certificate.`));
  if (!r.certificates.length) return td;
  const ul = element("ul", "check-certificate-list");
  for (const c of r.certificates) {
    const li = element("li");
    li.append(siteLink(c.url, c.number), ` ${c.standards.join(", ")} `, badge(c.status));
    if (c.expires !== null) li.append(element("span", "check-expires", ` Expires ${longDate(c.expires)}.`));
    ul.append(li);
  }
  td.append(ul);
  return td;
}

function notesCell(r) {
  const td = element("td", "check-notes");
  for (const note of r.notes) td.append(element("p", "", note));
  return td;
}
