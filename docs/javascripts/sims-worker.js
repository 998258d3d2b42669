// The module worker that runs Python: one Pyodide per page (Pyodide 314 refuses classic workers).
// Messages carry an id; every reply names it. The page terminates this worker to stop a run.
//
// Two ways to boot. A returning reader whose service worker already holds this build's memory
// snapshot boots from it (sims installed, every model imported: about 0.4 s); anyone else, and
// any failure of the snapshot (missing, corrupt, made for another wasm), takes the normal boot
// (Pyodide, then the sims wheel). Which path ran is reported to the page.
import { loadPyodide } from "../vendor/pyodide/pyodide.mjs";

const ROOT = new URL("../", import.meta.url);
const INDEX_URL = new URL("vendor/pyodide/", ROOT).href;
const SNAPSHOT_TIMEOUT_MS = 20_000;
const quiet = { stdout: () => {}, stderr: () => {} };
let booting = null;

async function cachedSnapshot(url) {
  // Only a snapshot already in this site's cache is worth it; fetching 6 MB first is not.
  if (!url || !globalThis.caches) return null;
  const response = await caches.match(new URL(url, ROOT).href);
  if (!response) return null;
  // Decompressed in full before Pyodide starts: a bad file then fails here, not halfway
  // through loadPyodide (which would leave its own wasm download dangling).
  const raw = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(raw).arrayBuffer());
}

async function forget(url) {
  const key = new URL(url, ROOT).href;
  for (const name of await caches.keys()) await (await caches.open(name)).delete(key);
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function fromSnapshot(bytes) {
  const pyodide = await withTimeout(
    loadPyodide({ indexURL: INDEX_URL, _loadSnapshot: bytes, ...quiet }),
    SNAPSHOT_TIMEOUT_MS, "booting from the snapshot");
  const web = pyodide.pyimport("sims.web");
  JSON.parse(web.describe("arms_race")); // the snapshot really holds working sims
  return web;
}

async function fromScratch(wheel) {
  const pyodide = await loadPyodide({ indexURL: INDEX_URL, ...quiet });
  // loadPackage reports failures through errorCallback and resolves anyway: collect and check.
  const errors = [];
  await pyodide.loadPackage(new URL(wheel, ROOT).href, {
    messageCallback: () => {},
    errorCallback: (message) => errors.push(message),
  });
  if (errors.length) throw new Error(`could not load the simulations: ${errors.join("; ")}`);
  return pyodide.pyimport("sims.web");
}

async function boot({ wheel, snapshot }) {
  const started = performance.now();
  let fallback = null;
  try {
    const bytes = await cachedSnapshot(snapshot);
    if (bytes) {
      const web = await fromSnapshot(bytes);
      return { handle: web.handle, bootMs: performance.now() - started, path: "snapshot" };
    }
  } catch (err) {
    fallback = String(err?.message ?? err); // never worse off: boot the normal way
    await forget(snapshot); // and let the page fetch a good copy for next time
  }
  const web = await fromScratch(wheel);
  return { handle: web.handle, bootMs: performance.now() - started, path: "boot", fallback };
}

self.onmessage = async ({ data }) => {
  const { id, type } = data;
  try {
    booting ??= boot(data);
    const runtime = await booting;
    if (type === "boot") {
      const { bootMs, path, fallback } = runtime;
      // What this worker fetched (Pyodide, the wheel): the page has it kept for offline use.
      const fetched = performance.getEntriesByType("resource").map((e) => e.name);
      postMessage({ id, ok: true, bootMs, path, fallback, fetched });
    } else if (type === "run") {
      const started = performance.now();
      const response = runtime.handle(JSON.stringify(data.request));
      postMessage({ id, ok: true, response, ms: performance.now() - started });
    }
  } catch (err) {
    postMessage({ id, ok: false, error: String(err?.message ?? err) });
  }
};
