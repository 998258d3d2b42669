// @ts-check
// What a block shows and does about Python's start, the same for every kind of block (a
// simulation, a game, the strategy editor): one place for the reader's link, starting on
// intent, the question asked on a slow link and the progress of the download.
//
// - On a link that is not slow or data-saving, Python starts booting when the reader's pointer
//   enters a block or a control takes focus: by the time they change a setting, part of the
//   download is done.
// - On a slow or data-saving link nothing is fetched until the reader agrees: a block's first
//   run asks, with the size, and a button. The answer holds for the page session.
// - While Python downloads and starts, a block waiting for it shows a progress bar and what is
//   happening ("Downloading Python: 2.1 of 4.3 MB"); a screen reader hears once that the
//   download started, and once that Python is ready, not every step.
import { el } from "./sims-controls.js";

/** @typedef {import("./sims-runtime.js").Runtime} Runtime */
/** @typedef {import("./sims-runtime.js").Files} Files */
/** @typedef {import("./sims-download.js").Progress} Progress */

const AGREED_KEY = "sims-download-agreed";
const STARTING = "Starting Python in your browser (first time only)…";

/** @returns {{saveData?: boolean, effectiveType?: string} | undefined} */
function connection() {
  return /** @type {any} */ (navigator).connection;
}

/** A fast link that does not save data: Python may start before the reader asks for it. */
export function fastConnection() {
  const c = connection();
  return Boolean(c) && !c?.saveData && c?.effectiveType === "4g";
}

/** A slow or data-saving link: Python is downloaded only once the reader agrees. */
export function slowConnection() {
  const c = connection();
  return Boolean(c?.saveData) || ["slow-2g", "2g", "3g"].includes(c?.effectiveType ?? "");
}

/** Whether the reader agreed to download Python earlier in this page session. */
function agreedBefore() {
  try {
    return sessionStorage.getItem(AGREED_KEY) === "yes";
  } catch {
    return false; // storage refused: ask again on each page
  }
}

/** Whether the reader must be asked before Python is downloaded on this link. */
export function askFirst() {
  return slowConnection() && !agreedBefore();
}

/** Bytes in megabytes (10^6 bytes), to one decimal: the one place a size is written. */
const inMegabytes = (/** @type {number} */ bytes) => (bytes / 1e6).toFixed(1);

/** @param {number} bytes a size, with a non-breaking space: "4.6 MB" never splits over lines */
export function megabytes(bytes) {
  return `${inMegabytes(bytes)}\u00a0MB`;
}

/**
 * What the download bar says. `loaded` of `total` counts decoded bytes; the reader is told
 * the same share of what crosses the wire.
 * @param {Progress} progress
 */
function progressText({ loaded, total, wire, downloading }) {
  if (!downloading) return "Starting Python…";
  return `Downloading Python: ${inMegabytes(wire * loaded / total)} of ${megabytes(wire)}`;
}

export class BootStatus {
  /**
   * @param {{root: HTMLElement, status: HTMLElement, announcer: HTMLElement, runtime: Runtime,
   *   key: string, files: Files}} block the block's root, status line, announcer
   *   (role=status), runtime, request slot and Python files
   */
  constructor({ root, status, announcer, runtime, key, files }) {
    this.status = status;
    this.announcer = announcer;
    this.runtime = runtime;
    this.key = key;
    this.files = files;
    /** @type {HTMLProgressElement | null} the bar on show, if any */
    this.bar = null;
    this.announced = false; // that the download started, in this boot
    /** @type {Progress | null} the download's newest progress, in this boot */
    this.last = null;
    this.unlisten = runtime.onChange((state, detail) => this.update(state, detail));
    const intent = () => {
      if (!runtime.askFirst) runtime.boot(files).catch(() => {});
    };
    root.addEventListener("pointerenter", intent, { once: true });
    root.addEventListener("focusin", intent, { once: true });
  }

  /** The block's run waits for Python: say how far its start is. */
  waiting() {
    const { state } = this.runtime;
    if (state === "asking") this.ask();
    else if (state === "booting" && this.last) this.progress(this.last);
    else this.line(STARTING);
  }

  /**
   * @param {import("./sims-runtime.js").RuntimeState} state
   * @param {Record<string, any>} detail
   */
  update(state, detail) {
    if (state !== "booting") {
      this.announced = false;
      this.last = null;
    } else if (detail.progress) {
      this.last = detail.progress;
    }
    if (!this.runtime.busy(this.key)) return;
    if (state === "asking") this.ask();
    else if (state === "booting" && detail.progress) this.progress(detail.progress);
    else if (state === "ready" && this.bar) {
      this.line("Python is ready. Running…");
      this.announcer.textContent = "Python is ready.";
    }
  }

  /** @param {Progress} progress */
  progress(progress) {
    if (!this.announced) {
      this.announced = true;
      this.announcer.textContent = `Downloading Python, ${megabytes(progress.wire)}…`;
    }
    this.showBar(progress.loaded, progress.total, progressText(progress));
  }

  /** @param {number} value @param {number} max @param {string} text what is happening */
  showBar(value, max, text) {
    const bar = this.bar?.isConnected ? this.bar : /** @type {HTMLProgressElement} */ (
      el("progress", { class: "sim-progress", "aria-label": "Python's download" }));
    bar.max = max;
    bar.value = value;
    bar.setAttribute("aria-valuetext", text);
    this.line(text, bar);
    this.bar = bar;
  }

  /** Ask before downloading, with the size; the button lets every waiting block go on. */
  ask() {
    // Short enough for one line of a phone's status bar, the button on the next.
    const size = this.files.download ? ` (${megabytes(this.files.download.gzip)})` : "";
    const question = `Needs a one-time download of Python${size}.`;
    const button = el("button", { type: "button", class: "md-button sim-agree", text: "Download and run" });
    button.addEventListener("click", () => {
      try {
        sessionStorage.setItem(AGREED_KEY, "yes");
      } catch {
        // storage refused: the choice holds for this page
      }
      this.runtime.agree();
    });
    this.line(`${question} `, button);
    this.announcer.textContent = `${question} Press Download and run to go on.`;
  }

  /**
   * Write the status line: `text`, then `extra` if given (the bar goes unless it is `extra`).
   * @param {string} text @param {HTMLElement} [extra]
   */
  line(text, extra) {
    if (extra !== this.bar) this.bar = null;
    this.status.replaceChildren(el("span", { class: "sim-boot", text }), ...(extra ? [extra] : []));
    this.status.dataset.kind = "busy";
    delete this.status.dataset.outcome;
  }

  /** The block has left the page. */
  dispose() {
    this.unlisten();
  }
}
