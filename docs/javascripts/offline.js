// @ts-check
// Register the service worker that keeps the notes and simulations readable offline.
// Its install downloads every page, so it waits until this page has loaded and the browser is
// idle, and it is skipped when the reader has asked the browser to save data. What happened is
// recorded on <html data-offline> ("registered", "failed" or "skipped") for tests.
//
// A reader who runs a simulation at once fetches Pyodide, the wheel and the chart library
// before the service worker controls the page, so its fetch handler never sees them: the page
// names them with keepForOffline, and the worker caches them once it is in control.
const root = new URL("../", import.meta.url);
const vendor = new URL("vendor/", root).href;
const html = document.documentElement;
const supported = "serviceWorker" in navigator && location.protocol !== "file:";
const used = new Set(); // this site's files the page's simulations have used
const told = new Set(); // those the controlling service worker has been told about
let asked = false; // only a reader who used a simulation has anything to keep

function register() {
  navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname })
    .then(() => { html.dataset.offline = "registered"; })
    // No offline copy (e.g. a private window): the site works online all the same.
    .catch(() => { html.dataset.offline = "failed"; });
}

/** @param {() => void} callback run once the page has loaded and the browser is idle */
function whenIdle(callback) {
  const idle = () => (window.requestIdleCallback
    ? window.requestIdleCallback(callback, { timeout: 5000 })
    : setTimeout(callback, 0));
  if (document.readyState === "complete") idle();
  else window.addEventListener("load", idle, { once: true });
}

/** @param {string} name */
function remember(name) {
  let url;
  try {
    url = new URL(name, root);
  } catch {
    return;
  }
  url.hash = "";
  if (url.origin === root.origin && url.href.startsWith(root.href)) used.add(url.href);
}

/**
 * Tell the controlling service worker, in one message, what this page has used and it has not
 * heard of. The page's own timeline is read now, not when a simulation started: the chart
 * library loads after the first result, and whatever finished loading by now is in it.
 */
function tell() {
  const worker = supported && navigator.serviceWorker.controller;
  if (!asked || !worker) return;
  for (const entry of performance.getEntriesByType("resource")) {
    if (entry.name.startsWith(vendor)) remember(entry.name);
  }
  const urls = [...used].filter((url) => !told.has(url));
  if (!urls.length) return;
  for (const url of urls) told.add(url);
  worker.postMessage({ type: "keep", urls });
}

/**
 * Have the service worker keep `urls` (and the chart library this page loaded) for offline
 * use: at once if it controls the page, else as soon as it takes control. Only URLs of this
 * site are kept; nothing is fetched here, and the worker takes what the browser already holds.
 * @param {string[]} urls
 */
export function keepForOffline(urls) {
  asked = true;
  for (const name of urls) remember(name);
  tell();
}

if (!supported || navigator.connection?.saveData) {
  html.dataset.offline = "skipped";
} else {
  whenIdle(register);
}
// Also in data-saver mode: a service worker registered on an earlier visit may take control.
// A new one (a new build, a new cache) has heard of nothing yet.
if (supported) {
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    told.clear();
    tell();
  });
}
