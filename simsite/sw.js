// @ts-check
// The site's service worker: after a first visit the notes and their simulations work offline.
// A template: simsite/offline.py writes it into the built site, filling in BUILD (a digest of every
// file of this build) and PRECACHE (the pages and the theme's small files). Pyodide, the chart
// library and the sims wheel are cached when first used, never fetched ahead on a slow link.
// One cache per build keeps the wasm, the wheel (and a memory snapshot) of one build together.
const BUILD = "__BUILD__";
const PRECACHE = __PRECACHE__;
const PASSTHROUGH = __PASSTHROUGH__; // true under `mkdocs serve`: the preview is never cached
const CACHE = `sims-site-${BUILD}`;
// TypeScript's WebWorker library types `self` as a dedicated worker's scope.
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const SCOPE = new URL("./", sw.location.href);

sw.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(PRECACHE.map((path) => new Request(new URL(path, SCOPE), { cache: "reload" })));
    await sw.skipWaiting();
  })());
});

sw.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("sims-site-") && key !== CACHE) await caches.delete(key);
    }
    await sw.clients.claim();
  })());
});

// The response goes to the page at once (so Pyodide's wasm compiles while it streams in);
// storing the copy finishes in the background.
/**
 * @param {FetchEvent} event
 * @param {Cache} cache
 */
async function fromNetwork(event, cache) {
  const response = await fetch(event.request);
  if (response.ok && response.type === "basic") {
    event.waitUntil(cache.put(event.request, response.clone()));
  }
  return response;
}

sw.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (PASSTHROUGH || request.method !== "GET" || url.origin !== SCOPE.origin || !url.href.startsWith(SCOPE.href)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    if (request.mode === "navigate") {
      // Pages: the network first (a new build shows at once), the cache when offline.
      try {
        return await fromNetwork(event, cache);
      } catch (err) {
        const cached = await cache.match(request, { ignoreSearch: true });
        if (cached) return cached;
        throw err;
      }
    }
    // Everything else belongs to this build: the cache first.
    return (await cache.match(request, { ignoreSearch: true })) ?? fromNetwork(event, cache);
  })());
});
