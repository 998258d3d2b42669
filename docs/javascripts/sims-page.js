// @ts-check
// Makes every ```sim block on a page live (sims-block.js), again after every instant
// navigation. Nothing here blocks reading: Python starts only when a reader reaches for a
// simulation (a pointer entering a block, a control taking focus: sims-boot.js), or, on a
// fast connection, once a simulation has scrolled into view and the page is idle; on a slow or
// data-saving link, only once the reader has agreed to download it. What the runtime is doing is written on <html> (`data-sims-runtime`, and
// `data-sims-boot-path` once booted) for anyone observing the page.
import { keepForOffline } from "./offline.js";
import { Block } from "./sims-block.js";
import { askFirst, fastConnection } from "./sims-boot.js";
import { mountGames } from "./sims-play.js";
import { mountStrategies, readerCode } from "./sims-strategy.js";
import { runtime } from "./sims-runtime.js";

/** @type {Map<Element, Block>} the blocks of the current page */
const blocks = new Map();

/**
 * @param {() => void} callback
 * @param {number} timeout
 * @param {(callback: () => void) => void} fallback
 */
function whenIdle(callback, timeout, fallback = (fn) => setTimeout(fn, 1500)) {
  if (window.requestIdleCallback) window.requestIdleCallback(callback, { timeout });
  else fallback(callback);
}

function mount() {
  runtime.askFirst = askFirst();
  mountStrategies(); // first: a game offers the code of the page's editor block as an opponent
  mountGames(readerCode);
  for (const block of blocks.values()) block.dispose();
  blocks.clear();
  const roots = /** @type {HTMLElement[]} */ ([...document.querySelectorAll(".sim[data-config]")]);
  if (!roots.length) return;
  const observer = "IntersectionObserver" in window && fastConnection()
    ? new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer?.disconnect();
      const first = blocks.values().next().value;
      whenIdle(() => { if (first) runtime.boot(first.files()).catch(() => {}); }, 3000);
    })
    : null;
  for (const root of roots) {
    try {
      const block = new Block(root, runtime);
      blocks.set(root, block);
      observer?.observe(root);
      block.applyUrl();
    } catch (err) {
      const status = root.querySelector(".sim-status");
      if (status) status.textContent = `This simulation cannot go live: ${err instanceof Error ? err.message : err}`;
    }
  }
}

/**
 * The rule for the memory snapshot (about 6 MB): never on a slow or metered link, never before
 * a reader has used a simulation, never offline. Once Python has booted the normal way on a
 * fast link, fetch the snapshot when the page is idle; the service worker keeps it with this
 * build's wasm and wheel, so the reader's next visit boots from it. Python may have booted
 * before the service worker controls the page (a reader who ran a simulation at once): then
 * the snapshot waits for it, since nothing would keep it before.
 * @param {import("./sims-runtime.js").Files | null} files
 */
function prefetchSnapshot(files) {
  if (!files?.snapshot || !fastConnection() || !navigator.serviceWorker) return;
  if (!navigator.serviceWorker.controller) {
    navigator.serviceWorker.addEventListener("controllerchange", () => prefetchSnapshot(files),
      { once: true });
    return;
  }
  whenIdle(() => {
    if (!navigator.onLine) return;
    fetch(new URL(`../${files.snapshot}`, import.meta.url), { priority: "low" })
      .then((r) => r.arrayBuffer())
      .then(() => { document.documentElement.dataset.simsSnapshotCached = "true"; })
      .catch(() => {});
  }, 5000, (fn) => setTimeout(fn, 2000));
}

runtime.onChange((state, detail) => {
  const root = document.documentElement.dataset;
  root.simsRuntime = state;
  if (detail.path) root.simsBootPath = detail.path;
  if (detail.fallback) root.simsBootFallback = detail.fallback;
  if (detail.bootMs) root.simsBootMs = String(Math.round(detail.bootMs));
  if (state === "ready" && detail.path === "boot") prefetchSnapshot(runtime.files);
  // What the worker downloaded is kept for offline use, also if the service worker did not
  // control the page yet (a reader who ran a simulation at once).
  if (state === "ready") keepForOffline(detail.fetched ?? []);
});

// mkdocs-material's instant navigation swaps pages without reloading this module: document$
// emits for every page. Without it, mount once.
const theme = /** @type {{document$?: {subscribe(fn: () => void): void}}} */ (globalThis);
if (theme.document$) theme.document$.subscribe(mount);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();
