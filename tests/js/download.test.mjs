// The worker's counting fetch (docs/javascripts/sims-download.js) under node, with a fake
// fetch: it counts the bodies it is told to, hands on the same status, headers and bytes,
// reports at most once per interval while bytes arrive, and says which total is on the wire.
import assert from "node:assert/strict";
import { test } from "node:test";

import { countingFetch } from "../../docs/javascripts/sims-download.js";

const SIZE = { raw: 10, gzip: 4 };

/**
 * A fetch answering every URL with `chunks` as its body.
 * @param {Uint8Array[]} chunks @param {Record<string, string>} headers
 */
function fakeFetch(chunks, headers = { "content-type": "application/wasm" }) {
  return /** @type {typeof fetch} */ (async (input) => {
    const body = new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = new Response(body, { status: 200, statusText: "OK", headers });
    Object.defineProperty(response, "url", { value: String(input) });
    return response;
  });
}

/** @param {typeof fetch} fetcher @param {{everyMs?: number, now?: () => number}} [options] */
function counting(fetcher, options) {
  /** @type {import("../../docs/javascripts/sims-download.js").Progress[]} */
  const reports = [];
  const fetch = countingFetch(fetcher, (url) => url.includes("/vendor/"), SIZE,
    (p) => reports.push(p), options);
  return { fetch, reports };
}

test("a counted response keeps its status, headers and bytes, and its bytes are counted", async () => {
  const { fetch, reports } = counting(fakeFetch([new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])]),
    { everyMs: 0 });
  const response = await fetch("https://x.test/vendor/pyodide/pyodide.asm.wasm");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/wasm");
  assert.deepEqual([...new Uint8Array(await response.arrayBuffer())], [1, 2, 3, 4, 5]);
  assert.deepEqual(reports.map((r) => [r.loaded, r.downloading]),
    [[0, true], [3, true], [5, true], [5, false]]);
  assert.ok(reports.every((r) => r.total === SIZE.raw && r.wire === SIZE.raw)); // not compressed
});

test("reports are throttled while bytes arrive, but a body's start and end are always said", async () => {
  const chunks = Array.from({ length: 5 }, () => new Uint8Array([0]));
  const { fetch, reports } = counting(fakeFetch(chunks), { everyMs: 100, now: () => 0 });
  await (await fetch("https://x.test/vendor/wheels/sims.whl")).arrayBuffer();
  assert.deepEqual(reports.map((r) => [r.loaded, r.downloading]), [[0, true], [5, false]]);
});

test("a compressed response makes the gzipped total the one on the wire", async () => {
  const { fetch, reports } = counting(fakeFetch([new Uint8Array(4)], { "content-encoding": "gzip" }));
  await (await fetch("https://x.test/vendor/pyodide/python_stdlib.zip")).arrayBuffer();
  assert.equal(reports.at(-1)?.wire, SIZE.gzip);
});

test("other responses are handed on untouched and not counted", async () => {
  const { fetch, reports } = counting(fakeFetch([new Uint8Array(3)]));
  const response = await fetch("https://x.test/search/search_index.json");
  assert.equal((await response.arrayBuffer()).byteLength, 3);
  assert.deepEqual(reports, []);
});
