// @ts-check
// The search index (the text of every page: the largest file a page of the notes fetches, and
// indexing it is about a fifth of the CPU a page load costs) is fetched when the reader shows
// they want to search, not with every page. The theme asks for it as it starts; this classic
// script, which runs before the theme's bundle, holds that one request back until the pointer
// comes over the search box, it takes focus (a click, Tab, or the theme's "/", "f" and "s"
// keys), or the phone's search toggle opens. A page opened from a search result (?h=)
// highlights its matches from the index, so it asks at once. Instant navigation keeps the
// index it has. <html data-search-index="wanted"> records the release, for tests.
(() => {
  const INDEX = /\/search\/search_index\.json$/;
  const SEARCH = ".md-search, label[for='__search']";
  const INTENT = ["pointerover", "focusin", "change"]; // the events that may show intent
  /** @type {() => void} */
  let release = () => {};
  const wanted = new Promise((resolve) => { release = () => resolve(undefined); });
  let asked = false;
  const want = () => {
    if (asked) return;
    asked = true;
    document.documentElement.dataset.searchIndex = "wanted";
    release();
    for (const type of INTENT) document.removeEventListener(type, onIntent, true);
  };
  /** @param {Event} event */
  function onIntent(event) {
    const target = event.target;
    if (target instanceof Element && (target.id === "__search" || target.closest(SEARCH))) want();
  }
  for (const type of INTENT) {
    document.addEventListener(type, onIntent, { capture: true, passive: true });
  }
  if (new URLSearchParams(location.search).has("h")) want();

  const held = new WeakSet();
  const { open, send } = XMLHttpRequest.prototype;
  /** @this {XMLHttpRequest} @param {string} method @param {string | URL} url @param {any[]} rest */
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (!asked && INDEX.test(new URL(url, location.href).pathname)) held.add(this);
    // @ts-ignore: the rest are open()'s optional async, user and password, passed on as given
    return open.call(this, method, url, ...rest);
  };
  /** @this {XMLHttpRequest} @param {Document | XMLHttpRequestBodyInit | null} [body] */
  XMLHttpRequest.prototype.send = function (body) {
    if (!held.has(this)) return send.call(this, body);
    held.delete(this);
    wanted.then(() => send.call(this, body));
  };
})();
