// certreg certificate-document check: the registry's side (no DOM). Certificate-number keys are looked
// up in the list check's hash buckets (check/c/), entries read from its organization blocks (check/o/)
// and the document check's details (check/d/). Every URL holds a bucket or block number, never a
// value from the document. Layout: plugins/certreg/render/document_check.py; docs/verify.md.

import { Checker } from "./check-engine.js";
import { normalizeCertificateNumber } from "./fold.js";

export class Registry {
  /** `fetchJSON(path)` reads a file relative to check/ ("index.json", "c/3.json", "../build.json"). */
  constructor(fetchJSON) {
    this.checker = new Checker(fetchJSON);
  }

  /** Read the check manifest, the build data and the certification bodies. */
  async load() {
    await this.checker.load();
    this.manifest = this.checker.manifest;
    this.bodies = (await this.checker.get("d/bodies.json")).map(([name, url, website, directory, country]) => ({ name, url, website, directory, country }));
    return this;
  }

  /** The keys that are certificate numbers here: each with `hits`, [[organization id, certificate index]…]. */
  async find(keys) {
    const hits = await Promise.all(keys.map((k) => this.checker.lookup("c", k.key)));
    return keys.map((k, i) => ({ ...k, hits: hits[i] })).filter((k) => k.hits);
  }

  /** The certificates a number names, as entries ([] when it is not a number here). */
  async byNumber(text) {
    const key = normalizeCertificateNumber(text);
    const hits = key ? await this.checker.lookup("c", key) : null;
    return hits ? Promise.all(hits.map(([org, cert]) => this.entry(org, cert))) : [];
  }

  /** One certificate with its organization and certification body: everything the comparison reads. */
  async entry(orgId, certIndex) {
    const organization = await this.checker.organization(orgId);
    const details = await this.checker.get(`d/${Math.floor(orgId / this.manifest.block)}.json`);
    const [refs, scope, source, originalIssue, statusDate, body, transitionEdition] = details[orgId % this.manifest.block][certIndex];
    const certificate = {
      ...organization.certificates[certIndex],
      standards: organization.certificates[certIndex].standardIndexes.map((i) => this.manifest.standards[i]),
      refs,
      scope,
      source,
      originalIssue,
      statusDate,
      transitionEdition,
      body: this.bodies[body],
    };
    return { key: `${orgId}:${certIndex}`, organization, certificate };
  }

  /** Index of a standard named by its number ("9001" → ISO 9001), or undefined. */
  standardIndex(number) {
    return this.checker.standardByNumber.get(number);
  }

  /** A certificate's effective status on `today`, with its row of the status table. */
  status(certificate, today) {
    return this.checker.status(certificate, today);
  }
}
