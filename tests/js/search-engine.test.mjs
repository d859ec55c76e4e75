// The search engine (theme/static/js/search-engine.js) under Node's own test runner, on the index
// that the Python build writes for tests/fixtures/search (tests/js/build_fixture.py).
//
//     node --test tests/js/*.test.mjs        (CERTREG_PYTHON: the Python with certreg; default .venv/bin/python)

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import lunr from "lunr";

import {
  createEngine,
  decodeSet,
  exactView,
  NotFound,
  parseQuery,
  resultView,
  stringHash,
} from "../../theme/static/js/search-engine.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PYTHON = process.env.CERTREG_PYTHON || join(ROOT, ".venv", "bin", "python");
const VARIANTS = ["one-shard", "many-shards"];
const NUMBER = {
  letters: "AGENCYAMAZONEW",
  digits: "20250417",
  spaces: "QMS 2024 117 A",
  slashes: "IE/QM/4411",
  dots: "Q.2024.0093",
  mixed: "DE-Q 2024/0815.01",
};
// What users type for each number: other case, punctuation added, dropped or changed.
const TYPED = {
  letters: ["AGENCYAMAZONEW", "agencyamazonew", "AgencyAmazonEW"],
  digits: ["20250417", "2025-04-17", "2025 0417"],
  spaces: ["QMS 2024 117 A", "qms2024117a", "QMS-2024-117-A", "qms/2024/117/a"],
  slashes: ["IE/QM/4411", "ie qm 4411", "IEQM4411", "ie-qm-4411"],
  dots: ["Q.2024.0093", "q20240093", "Q 2024 0093", "q-2024.0093"],
  mixed: ["DE-Q 2024/0815.01", "deq2024081501", "de q-2024-0815-01"],
};

let folder;
let expected;

before(() => {
  folder = mkdtempSync(join(tmpdir(), "certreg-search-"));
  execFileSync(PYTHON, [join(ROOT, "tests", "js", "build_fixture.py"), folder], { stdio: "inherit" });
  expected = JSON.parse(readFileSync(join(folder, "expected.json"), "utf8"));
});

after(() => rmSync(folder, { recursive: true, force: true }));

/** A fetcher over one built index; `fail(path)` makes a path fail as a broken network would. */
function files(variant, fail = () => false) {
  const requested = [];
  const fetchText = async (path) => {
    requested.push(path);
    if (fail(path)) throw new Error(`${path}: network error`);
    try {
      return readFileSync(join(folder, variant, "search", path), "utf8");
    } catch (error) {
      if (error.code === "ENOENT") throw new NotFound(path);
      throw error;
    }
  };
  return { fetchText, requested };
}

function engineOver(variant, fail) {
  const { fetchText, requested } = files(variant, fail);
  return { engine: createEngine({ fetchText, loadLunr: async () => lunr }), requested };
}

async function names(engine, query, filters = {}) {
  const { manifest, ranked } = await engine.search(query, filters);
  return (await engine.rows(ranked, manifest)).map((row) => row[0]);
}

describe("query parsing", () => {
  test("the last word is a prefix unless the query ends in a space", () => {
    const ignore = new Set(["gmbh"]);
    assert.deepEqual(parseQuery("Müller Präz", ignore), [
      { word: "muller", prefix: false },
      { word: "praz", prefix: true },
    ]);
    assert.deepEqual(parseQuery("muller ", ignore), [{ word: "muller", prefix: false }]);
    assert.deepEqual(parseQuery("muller gmbh", ignore), [{ word: "muller", prefix: false }]);
    assert.deepEqual(parseQuery("m", ignore), []);
  });
});

describe("the same encodings as the Python build", () => {
  test("certificate-number hash", () => {
    for (const [text, hash] of Object.entries(expected.hashes)) assert.equal(stringHash(text), hash, text);
  });

  test("document sets in both encodings", () => {
    for (const { ids, count, text } of expected.sets) {
      const { bits } = decodeSet(`${text}\n{}`, count);
      const decoded = [];
      for (let id = 0; id < count; id++) if (bits[id >> 3] & (1 << (id & 7))) decoded.push(id);
      assert.deepEqual(decoded, ids, text);
    }
  });
});

for (const variant of VARIANTS) {
  describe(`exact certificate match, ${variant}`, () => {
    for (const [shape, typings] of Object.entries(TYPED)) {
      for (const typed of typings) {
        test(`${shape}: "${typed}" finds ${NUMBER[shape]}`, async () => {
          const { engine } = engineOver(variant);
          const { exact, manifest } = await engine.search(typed, {});
          assert.equal(exact.length, 1, `exact matches of ${typed}`);
          assert.equal(exactView(exact[0], manifest).number, NUMBER[shape]);
        });
      }
    }

    test("a name or a number that is no certificate has no exact match", async () => {
      const { engine } = engineOver(variant);
      for (const query of ["kestrel", "Kestrel Calibration", "NC-99999", "calibration", "cork"]) {
        assert.deepEqual((await engine.search(query, {})).exact, [], query);
      }
    });

    test("words still find the organization of a letters-only number", async () => {
      const { engine } = engineOver(variant);
      assert.deepEqual(await names(engine, "AGENCYAMAZONEW"), ["Kestrel Calibration Works Ltd"]);
      assert.deepEqual(await names(engine, "kestrel calib"), ["Kestrel Calibration Works Ltd"]);
      // typed with spaces a letters-only number is no set of words, yet it finds its organization
      assert.deepEqual(await names(engine, "agency amazon-ew"), ["Kestrel Calibration Works Ltd"]);
      assert.equal((await engine.search("agency amazon-ew", {})).exact.length, 1);
    });
  });
}

describe("results", () => {
  test("a result without a city shows the country alone, with no stray comma", async () => {
    const { engine } = engineOver("one-shard");
    const { manifest } = await engine.search("kestrel", {});
    const row = ["Kestrel Calibration Works Ltd", "", "IE", "organizations/kestrel/", [[0, 0]]];
    assert.equal(resultView(row, manifest).place, "Ireland");
    assert.equal(resultView(["X", "Cork", "IE", "o/", []], manifest).place, "Cork, Ireland");
  });

  test("status words are the build's, from the manifest", async () => {
    const { engine } = engineOver("one-shard");
    const { manifest, ranked } = await engine.search("aeble", {});
    const [row] = await engine.rows(ranked, manifest);
    const { status } = resultView(row, manifest).certificates[0];
    assert.deepEqual(status, { id: "suspended", label: "Suspended", slug: "suspended" });
    assert.deepEqual(manifest.statuses[0], ["valid", "Valid", "valid"]);
  });

  test("a filter value without a set matches nothing; it is not an error", async () => {
    const { engine } = engineOver("many-shards");
    assert.deepEqual(await names(engine, "muller", { country: "ZZ" }), []);
    assert.deepEqual(await names(engine, "muller", { country: "DE" }).then((n) => n.length), 2);
  });
});

describe("errors", () => {
  test("an index that cannot be fetched is an error, not an empty result", async () => {
    const { engine } = engineOver("one-shard", (path) => path === "manifest.json");
    await assert.rejects(engine.search("muller", {}), /manifest.json: network error/);
  });

  test("a shard that cannot be fetched is an error, and a retry fetches it again", async () => {
    const state = { broken: true };
    const { engine, requested } = engineOver("many-shards", (path) => state.broken && path.startsWith("shards/"));
    await assert.rejects(engine.search("muller", {}));
    state.broken = false;
    assert.equal((await names(engine, "muller")).length, 2);
    const shardRequests = requested.filter((path) => path.startsWith("shards/"));
    assert.ok(shardRequests.length >= 2, "the failed shard is fetched again");
  });

  test("lunr.js that cannot be loaded is an error", async () => {
    const { fetchText } = files("one-shard");
    const engine = createEngine({ fetchText, loadLunr: () => Promise.reject(new Error("lunr.min.js could not be loaded")) });
    await assert.rejects(engine.search("muller", {}), /lunr/);
  });

  test("two engines share nothing", async () => {
    const first = engineOver("one-shard");
    const second = engineOver("one-shard");
    await first.engine.search("muller", {});
    assert.deepEqual(second.requested, []);
    await second.engine.search("muller", {});
    assert.ok(second.requested.includes("manifest.json"));
  });
});
