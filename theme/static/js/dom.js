// certreg DOM helpers shared by the search, list-check and document-check pages: text only, never innerHTML, so a
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

/**
 * Make `zone` take dropped files: marked with `overClass` while files are dragged over it, and the
 * dropped files handed to `onFiles` as an array.
 */
export function dropZone(zone, overClass, onFiles) {
  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add(overClass);
    });
  }
  zone.addEventListener("dragleave", () => zone.classList.remove(overClass));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove(overClass);
    onFiles([...event.dataTransfer.files]);
  });
}
