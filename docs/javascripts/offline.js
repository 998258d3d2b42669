// @ts-check
// Register the service worker that keeps the notes and simulations readable offline.
// Its install downloads every page, so it waits until this page has loaded and the browser is
// idle, and it is skipped when the reader has asked the browser to save data. What happened is
// recorded on <html data-offline> ("registered", "failed" or "skipped") for tests.
const root = new URL("../", import.meta.url);
const html = document.documentElement;

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

const supported = "serviceWorker" in navigator && location.protocol !== "file:";
if (!supported || navigator.connection?.saveData) {
  html.dataset.offline = "skipped";
} else {
  whenIdle(register);
}
