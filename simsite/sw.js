// @ts-check
// The site's service worker: after a first visit the notes and their simulations work offline.
// A template: simsite/offline.py writes it into the built site, filling in BUILD (a digest of every
// file of this build) and PRECACHE (the pages and the theme's small files). Pyodide, the chart
// library and the sims wheel are cached when first used, never fetched ahead on a slow link:
// through the fetch handler, or, when the page used them before this worker controlled it,
// through a "keep" message from the page (docs/javascripts/offline.js).
// One cache per build keeps the wasm, the wheel (and a memory snapshot) of one build together.
// Every response it serves carries the cross-origin isolation headers GitHub Pages cannot send
// (the site loads nothing from other hosts), so that a page it controls can interrupt Python
// instead of terminating its worker (docs/javascripts/sims-runtime.js).
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

const ISOLATION = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/**
 * The response with the isolation headers added; a redirect or an error, which has no body
 * or headers to copy, as it is.
 * @param {Response} response
 */
function isolated(response) {
  if (response.type !== "basic" && response.type !== "default") return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** @param {URL} url */
function inScope(url) {
  return url.origin === SCOPE.origin && url.href.startsWith(SCOPE.href);
}

sw.addEventListener("fetch", (event) => {
  const { request } = event;
  if (PASSTHROUGH || request.method !== "GET" || !inScope(new URL(request.url))) return;
  event.respondWith(served(event).then(isolated));
});

/** @param {FetchEvent} event */
async function served(event) {
  const { request } = event;
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
}

// A page names the files its simulations fetched before this worker controlled it (a reader who
// ran one at once): keep those this build's cache lacks. The browser's HTTP cache answers where
// it still holds them; in data-saver mode it is the only source, so nothing is downloaded again.
/** @param {unknown[]} urls */
async function keep(urls) {
  const cache = await caches.open(CACHE);
  const connection = /** @type {{saveData?: boolean} | undefined} */ (
    /** @type {any} */ (sw.navigator).connection);
  const saveData = Boolean(connection?.saveData);
  await Promise.all(urls.map(async (href) => {
    try {
      const url = new URL(String(href));
      if (!inScope(url) || await cache.match(url.href, { ignoreSearch: true })) return;
      const response = await fetch(url, saveData
        ? { cache: "only-if-cached", mode: "same-origin" }
        : { cache: "force-cache" });
      if (response.ok && response.type === "basic") await cache.put(url.href, response);
    } catch {
      // Not a URL, gone from the HTTP cache, or offline: the next use online caches it instead.
    }
  }));
}

sw.addEventListener("message", (event) => {
  const { type, urls } = event.data ?? {};
  if (PASSTHROUGH || type !== "keep" || !Array.isArray(urls)) return;
  event.waitUntil(keep(urls));
});
