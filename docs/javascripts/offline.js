// Register the service worker that keeps the notes and simulations readable offline.
if ("serviceWorker" in navigator && location.protocol !== "file:") {
  const root = new URL("../", import.meta.url);
  navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname }).catch(() => {
    // No offline copy (e.g. a private window): the site works online all the same.
  });
}
