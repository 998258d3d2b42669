// @ts-check
// The module worker that runs Python: one Pyodide per page (Pyodide 314 refuses classic workers).
// Messages carry an id; every reply names it. The page stops a run by setting the interrupt
// buffer it sent with "boot" (a KeyboardInterrupt in Python), where the page is cross-origin
// isolated, and otherwise by terminating this worker. "ping" is answered once the run before it
// has ended: the page's way to learn that an interrupt landed.
//
// Two ways to boot. A returning reader whose service worker already holds this build's memory
// snapshot boots from it (sims installed, every model imported: about 0.4 s); anyone else, and
// any failure of the snapshot (missing, corrupt, made for another wasm), takes the normal boot
// (Pyodide, then the sims wheel). Which path ran is reported to the page. Both boot with the
// build's own standard library (the part of Pyodide's that the site's Python imports, made by
// simsite/stdlib.py), which the snapshot was made with: its zipimport directory is in memory.
import { loadPyodide } from "../vendor/pyodide/pyodide.mjs";
import { countingFetch } from "./sims-download.js";
import { installWheel } from "./sims-install.js";

const ROOT = new URL("../", import.meta.url);
const INDEX_URL = new URL("vendor/pyodide/", ROOT).href;
const SNAPSHOT_TIMEOUT_MS = 20_000;
const quiet = { stdout: () => {}, stderr: () => {} };
/** @typedef {{handle: (request: string) => string, bootMs: number, path: string, fallback?: string | null}} Booted */
/** @typedef {import("../vendor/pyodide/pyodide.mjs").PyodideAPI} Pyodide */
/** @type {Promise<Booted> | null} */
let booting = null;

/** @param {unknown} err */
const messageOf = (err) => String(err instanceof Error ? err.message : err);

/**
 * Report the bytes of Python's download to the page as they arrive: messages without an id
 * (sims-download.js). Before loadPyodide, which fetches through the global fetch.
 * @param {import("./sims-download.js").Size | undefined} size the build's, if the page sent it
 */
function reportDownload(size) {
  if (!size?.raw) return;
  const vendor = new URL("vendor/", ROOT).href;
  globalThis.fetch = countingFetch(globalThis.fetch.bind(globalThis), (url) => url.startsWith(vendor),
    size, (progress) => postMessage({ progress }));
}

/** @param {string | undefined} url @returns {Promise<Uint8Array | null>} */
async function cachedSnapshot(url) {
  // Only a snapshot already in this site's cache is worth it; fetching 6 MB first is not.
  if (!url || !globalThis.caches) return null;
  const response = await caches.match(new URL(url, ROOT).href);
  if (!response?.body) return null;
  // Decompressed in full before Pyodide starts: a bad file then fails here, not halfway
  // through loadPyodide (which would leave its own wasm download dangling).
  const raw = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(raw).arrayBuffer());
}

/** @param {string} url */
async function forget(url) {
  const key = new URL(url, ROOT).href;
  for (const name of await caches.keys()) await (await caches.open(name)).delete(key);
}

/**
 * @template T
 * @param {Promise<T>} promise @param {number} ms @param {string} what
 * @returns {Promise<T>}
 */
function withTimeout(promise, ms, what) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {Promise<never>} */
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** @param {Uint8Array} bytes @param {string} stdLibURL */
async function fromSnapshot(bytes, stdLibURL) {
  const pyodide = await withTimeout(
    loadPyodide({ indexURL: INDEX_URL, stdLibURL, _loadSnapshot: bytes, ...quiet }),
    SNAPSHOT_TIMEOUT_MS, "booting from the snapshot");
  JSON.parse(pyodide.pyimport("sims.web").describe("arms_race")); // it really holds working sims
  return pyodide;
}

/**
 * Settles only if the server refuses Python's download (an HTTP error): loadPyodide itself then
 * waits out the whole boot timeout. Without an answer (offline: the service worker serves the
 * download itself) it never settles, and loadPyodide goes on as usual.
 * @returns {Promise<never>}
 */
function refusedDownload() {
  const wasm = new URL("pyodide.asm.wasm", INDEX_URL).href;
  /** @type {Promise<never>} */
  const never = new Promise(() => {});
  return fetch(wasm, { method: "HEAD" }).then((response) => {
    if (!response.ok) throw new Error(`downloading Python failed (HTTP ${response.status})`);
    return never;
  }, () => never);
}

/** @param {string} url */
async function wheelBytes(url) {
  const response = await fetch(new URL(url, ROOT).href);
  if (!response.ok) throw new Error(`could not load the simulations (HTTP ${response.status})`);
  return new Uint8Array(await response.arrayBuffer());
}

/** @param {string} wheel @param {string} stdLibURL */
async function fromScratch(wheel, stdLibURL) {
  const bytes = wheelBytes(wheel); // beside Python's own files; its failure told once they are in
  bytes.catch(() => {});
  const pyodide = await Promise.race([loadPyodide({ indexURL: INDEX_URL, stdLibURL, ...quiet }),
    refusedDownload()]);
  installWheel(pyodide, await bytes);
  return pyodide;
}

/**
 * The booted Python, ready for requests; Stop's interrupt buffer set, if the page sent one.
 * @param {Pyodide} pyodide @param {Int32Array | null | undefined} interruptBuffer
 */
function simulations(pyodide, interruptBuffer) {
  if (interruptBuffer) pyodide.setInterruptBuffer(interruptBuffer);
  return pyodide.pyimport("sims.web");
}

/**
 * @param {{wheel: string, stdlib: string, snapshot?: string, interruptBuffer?: Int32Array | null,
 *   download?: import("./sims-download.js").Size}} message
 * @returns {Promise<Booted>}
 */
async function boot({ wheel, stdlib, snapshot, interruptBuffer, download }) {
  const started = performance.now();
  const stdLibURL = new URL(stdlib, ROOT).href;
  reportDownload(download);
  /** @type {string | null} */
  let fallback = null;
  try {
    const bytes = await cachedSnapshot(snapshot);
    if (bytes) {
      const web = simulations(await fromSnapshot(bytes, stdLibURL), interruptBuffer);
      return { handle: web.handle, bootMs: performance.now() - started, path: "snapshot" };
    }
  } catch (err) {
    fallback = messageOf(err); // never worse off: boot the normal way
    if (snapshot) await forget(snapshot); // and let the page fetch a good copy for next time
  }
  const web = simulations(await fromScratch(wheel, stdLibURL), interruptBuffer);
  return { handle: web.handle, bootMs: performance.now() - started, path: "boot", fallback };
}

/**
 * @param {MessageEvent<{id: number, type: string, wheel: string, stdlib: string, snapshot?: string,
 *   interruptBuffer?: Int32Array | null, request?: unknown}>} event
 */
self.onmessage = async ({ data }) => {
  const { id, type } = data;
  try {
    booting ??= boot(data);
    const runtime = await booting;
    if (type === "boot") {
      const { bootMs, path, fallback } = runtime;
      // What this worker downloaded, so the page can ask the service worker to keep it even if
      // it did not control the page yet (a reader who ran a simulation at once).
      const fetched = performance.getEntriesByType("resource").map((e) => e.name);
      postMessage({ id, ok: true, bootMs, path, fallback, fetched });
    } else if (type === "ping") {
      postMessage({ id, ok: true });
    } else if (type === "run") {
      const started = performance.now();
      const response = runtime.handle(JSON.stringify(data.request));
      postMessage({ id, ok: true, response, ms: performance.now() - started });
    }
  } catch (err) {
    postMessage({ id, ok: false, error: messageOf(err) });
  }
};
