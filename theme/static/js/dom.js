// certreg DOM helpers shared by the search and list-check pages: text only, never innerHTML, so a
// value from the registry or from a visitor's list is always shown as text.

/** A new `tag` element of `doc` with an optional class and text. */
export function element(doc, tag, className, text) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** A status badge as the pages' status macro writes it: `status status--<slug>` with its label. */
export function statusBadge(doc, status) {
  const span = element(doc, "span", `status status--${status.slug}`);
  span.append(element(doc, "span", "status__label", status.label));
  return span;
}
