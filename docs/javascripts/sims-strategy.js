// @ts-check
// A ```strategy block (simsite/strategy.py): the reader writes a strategy in Python and Run
// enters it into the tournament and the evolving population beside the built-ins, through the
// page's worker (sims/custom_strategy.py). Python's reply is the only state: the settings it
// ran with and every string shown; this module places them.
//
// The editor (CodeMirror, vendor/codemirror/editor.mjs, bundled at build) loads only when the
// block is near the screen or used; until then, and without JavaScript, the code shows as text.
// The code is kept per block in localStorage; Copy link puts it, compressed, in the address's
// fragment (never sent to a server), which restores it and runs it; Download saves the .py file
// that `sims run iterated --strategy-file` takes.
//
// Safety: the code runs only in the worker. One that never returns is stopped by the block's
// budget (the runtime terminates the worker and starts Python again), and said so here; the
// page's other blocks keep their own requests.
//
// Observable from outside: the status line's `data-kind` (busy, live, error, info), the rank
// on the block's root (`data-rank`) and `data-editor="ready"` once the editor is in place.
import { BootStatus } from "./sims-boot.js";
import { el, control } from "./sims-controls.js";
import { place } from "./sims-output.js";
import { filesOf, runtime } from "./sims-runtime.js";

/** @typedef {import("./sims-runtime.js").Outcome} Outcome */
/** @typedef {import("./sims-output.js").View} View */
/**
 * The block's configuration, written by the build (simsite/strategy.py).
 * @typedef {{id: string, title: string, params: Record<string, unknown>,
 *   tournament: Record<string, unknown>, evolution: Record<string, unknown>, seed: number,
 *   budget: number, spec: import("./sims-controls.js").Param[], template: string,
 *   file_name: string, wheel: string, stdlib: string, snapshot: string, csv_names: string[]}} Config
 */
/**
 * What Python returns for a run (sims/custom_strategy.py, reply).
 * @typedef {{standing: string, rank: number, of: number,
 *   duel: {columns: string[], rows: string[][]}, tournament: View, evolution: View,
 *   commands: string[]}} StrategyView
 */
/** @typedef {import("../../simsite/editor.js").Editor} Editor */
/** @typedef {typeof import("../../simsite/editor.js")} EditorModule */

const EDITOR_URL = new URL("../vendor/codemirror/editor.mjs", import.meta.url);
const EDITOR_CSS = new URL("../stylesheets/editor.css", import.meta.url);
const PARTS = /** @type {const} */ (["tournament", "evolution"]);
const LABEL = "Your strategy, in Python. Tab indents; press Escape then Tab to leave the editor; Ctrl+Enter runs.";

/** @param {ParentNode} root @param {string} selector */
function find(root, selector) {
  const node = root.querySelector(selector);
  if (!(node instanceof HTMLElement)) throw new Error(`the editor block has no ${selector}`);
  return node;
}

/** @param {Uint8Array} bytes */
function base64url(bytes) {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The code, deflated, as URL-safe text. @param {string} code */
export async function pack(code) {
  const stream = new Blob([code]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return base64url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** @param {string} packed */
export async function unpack(packed) {
  const text = atob(packed.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Response(stream).text();
}

export class StrategyBlock {
  /** @param {HTMLElement} root @param {import("./sims-runtime.js").Runtime} python */
  constructor(root, python) {
    this.root = root;
    this.runtime = python;
    /** @type {Config} */
    this.config = JSON.parse(root.dataset.strategy ?? "{}");
    this.path = location.pathname;
    this.key = `${this.path}#${this.config.id}`;
    this.storageKey = `sims-strategy:${this.key}`;
    this.linkPrefix = `${this.config.id}.code=`;
    /** @type {Editor | null} */
    this.editor = null;
    /** @type {Promise<Editor | null> | null} */
    this.loading = null;
    /** the code, while the editor is not loaded yet */
    this.source = this.stored() ?? this.config.template;
    /** @type {Map<string, import("./sims-controls.js").Control>} */
    this.controls = new Map();
    /** @type {string[]} object URLs of the CSV downloads on show */
    this.csvUrls = [];
    /** @type {import("vega").View[]} */
    this.views = [];
    this.disposed = false;
    this.status = find(root, ".sim-status");
    this.error = find(root, ".strategy-error");
    this.announcer = el("p", { class: "sim-announce", role: "status" });
    this.status.after(this.announcer);
    /** Python's start, as this block shows it (sims-boot.js) */
    this.boot = new BootStatus({ root: this.root, status: this.status, announcer: this.announcer,
      runtime: this.runtime, key: this.key, files: this.files() });
    this.code = /** @type {HTMLElement} */ (find(root, ".strategy-code code"));
    this.code.textContent = this.source;
    this.stopButton = this.build();
  }

  /** The settings, the buttons and the editor's loading; returns the Stop button. */
  build() {
    const { id, title, spec, params } = this.config;
    const form = el("form", { class: "sim-form", "aria-label": `Settings for ${title}` });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.run();
    });
    for (const param of spec) {
      const c = control(param, `${id}-${param.name}`, () => {});
      c.write(params[param.name]);
      this.controls.set(param.name, c);
      form.append(c.element);
    }
    /** @param {string} text @param {string} cls @param {() => void} handler */
    const button = (text, cls, handler) => {
      const b = el("button", { type: "button", class: `md-button ${cls}`, text });
      b.addEventListener("click", handler);
      return b;
    };
    const stop = button("Stop", "strategy-stop", () => this.stop());
    stop.hidden = true;
    const buttons = el("div", { class: "sim-buttons" },
      button("Run", "md-button--primary strategy-run", () => this.run()), stop,
      button("Reset to template", "strategy-reset", () => this.reset()),
      button("Copy link", "strategy-copy", () => this.copyLink()),
      button("Download", "strategy-download", () => this.download()));
    const settings = find(this.root, ".strategy-settings");
    settings.append(buttons, form);
    settings.hidden = false;
    find(this.root, ".strategy-keys").hidden = false;
    const box = find(this.root, ".strategy-editor");
    const load = () => { this.loadEditor(); };
    box.addEventListener("pointerdown", load, { once: true });
    this.root.addEventListener("focusin", load, { once: true });
    if ("IntersectionObserver" in window) {
      this.observer = new IntersectionObserver((entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        this.observer?.disconnect();
        load();
      }, { rootMargin: "600px 0px" });
      this.observer.observe(box);
    } else {
      load();
    }
    if (this.source !== this.config.template) {
      this.say("Your strategy from your last visit is in the editor; the result shown is the template's until you press Run.", "info");
    }
    return stop;
  }

  files() {
    return filesOf(this.config);
  }

  /** Put the code editor in place of the code's text (once). */
  loadEditor() {
    this.loading ??= (async () => {
      try {
        const { createEditor, editorStylesheet } = /** @type {EditorModule} */ (await import(EDITOR_URL.href));
        const stylesheet = await editorStylesheet(EDITOR_CSS.href);
        if (this.disposed) return null;
        const host = el("div", { class: "strategy-host" });
        const editor = createEditor({
          host, doc: this.text(), label: LABEL, stylesheet,
          onChange: (text) => this.keep(text), onRun: () => this.run(),
        });
        find(this.root, ".strategy-code").replaceWith(host);
        this.editor = editor;
        this.root.dataset.editor = "ready";
        return editor;
      } catch (err) {
        this.say(`The code editor could not load (${err instanceof Error ? err.message : err}).`, "error");
        return null;
      }
    })();
    return this.loading;
  }

  /** The code in the editor (or shown, before it loads). */
  text() {
    return this.editor ? this.editor.text() : this.source;
  }

  /** @param {string} text */
  setText(text) {
    this.source = text;
    this.code.textContent = text;
    this.editor?.set(text);
  }

  stored() {
    try {
      return localStorage.getItem(this.storageKey);
    } catch {
      return null; // storage refused (a private window's policy): the template it is
    }
  }

  /** Keep the reader's code for their next visit. @param {string} text */
  keep(text) {
    this.source = text;
    try {
      if (text === this.config.template) localStorage.removeItem(this.storageKey);
      else localStorage.setItem(this.storageKey, text);
    } catch {
      // storage full or refused: the code stays in the editor for this visit
    }
  }

  /** @param {string} text @param {"info" | "busy" | "live" | "error"} kind */
  say(text, kind) {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  /** @param {string | null} message */
  showError(message) {
    this.error.replaceChildren(...(message ? [el("p", { text: message })] : []));
    this.error.hidden = !message;
  }

  readSettings() {
    /** @type {Record<string, unknown>} */
    const settings = {};
    for (const [name, c] of this.controls) settings[name] = c.read();
    return settings;
  }

  async run() {
    const source = this.text();
    this.keep(source);
    this.showError(null);
    this.editor?.mark(null);
    for (const c of this.controls.values()) c.showError(null);
    this.stopButton.hidden = false;
    if (this.runtime.state === "ready") this.say("Running your strategy…", "busy");
    else this.boot.waiting();
    const { tournament, evolution, seed, budget } = this.config;
    /** @type {import("./sims-runtime.js").RunRequest} */
    const request = { kind: "strategy", model: "strategy", params: this.readSettings(), seed,
      source, tournament, evolution };
    const outcome = await this.runtime.submit(this.key, request,
      { files: this.files(), budgetMs: budget * 1000 });
    if (this.gone()) return;
    if (!this.runtime.busy(this.key)) this.stopButton.hidden = true;
    this.show(outcome);
  }

  stop() {
    this.runtime.stop(this.key);
  }

  /** @param {Outcome} outcome */
  show(outcome) {
    const seconds = this.config.budget;
    switch (outcome.kind) {
      case "superseded":
        return;
      case "stopped":
        this.say("Stopped.", "info");
        return;
      case "timeout":
        this.fail(`Your strategy was stopped after ${seconds} s, the time this block allows: does a loop in it never end? The rest of the page keeps working.`);
        return;
      case "crashed":
        this.fail("Python stopped while running your strategy (it may have used too much memory) and was restarted; the rest of the page keeps working.");
        return;
      case "boot-failed":
        this.fail("Python could not start in this browser; the result shown is the template's, computed when the site was built.");
        return;
    }
    const { reply } = outcome;
    if (!reply.ok) {
      const { kind, param, message, line, column } = reply.error;
      if (kind === "param" && param && this.controls.has(param)) {
        this.controls.get(param)?.showError(message);
        this.fail(`Not run: ${message}`);
        return;
      }
      if (kind === "strategy" && line) this.editor?.mark({ line, column });
      this.fail(`Not run: ${message}`);
      return;
    }
    /** @type {StrategyView} */
    const view = reply.view;
    this.render(view);
    for (const [name, c] of this.controls) c.write(reply.values[name]);
    this.root.dataset.rank = String(view.rank);
    this.announcer.textContent = view.standing;
    this.say(`Your strategy ran in your browser in ${Math.round(outcome.ms)} ms.`, "live");
  }

  /** @param {string} message */
  fail(message) {
    this.showError(message);
    this.say(message, "error");
  }

  /** @param {StrategyView} view */
  render(view) {
    find(this.root, ".strategy-standing").textContent = view.standing;
    const duel = find(this.root, ".strategy-duel");
    find(duel, "thead").replaceChildren(
      el("tr", {}, ...view.duel.columns.map((c) => el("th", { scope: "col", text: c }))));
    find(duel, "tbody").replaceChildren(...view.duel.rows.map(([name, ...cells]) =>
      el("tr", {}, el("th", { scope: "row", text: name }), ...cells.map((c) => el("td", { text: c })))));
    find(this.root, ".strategy-commands").replaceChildren(
      "The same runs on the command line, with the file that Download saves: ",
      ...view.commands.map((c) => el("code", { text: c })));
    for (const url of this.csvUrls) URL.revokeObjectURL(url);
    this.csvUrls = [];
    const places = PARTS.flatMap((part) => {
      const section = find(this.root, `.strategy-part[data-part=${part}]`);
      const shown = view[part];
      const url = URL.createObjectURL(new Blob([shown.csv], { type: "text/csv" }));
      this.csvUrls.push(url);
      find(section, ".sim-summary").textContent = shown.summary;
      return place(find(section, ".sim-output"), shown, url, !this.runtime.busy(this.key));
    });
    this.drawing = (async () => {
      const { drawLayouts } = await import("./sims-charts.js");
      for (const v of this.views) v.finalize();
      this.views = [];
      for (const p of places) this.views.push(...await drawLayouts(p));
      for (const part of PARTS) find(this.root, `.strategy-part[data-part=${part}] .sim-output`).dataset.charts = "drawn";
    })();
  }

  reset() {
    this.setText(this.config.template);
    this.keep(this.config.template);
    this.showError(null);
    this.editor?.mark(null);
    this.say("The template is back in the editor.", "info");
  }

  /** This page's address holding the code, compressed, in its fragment. */
  async link() {
    const url = new URL(location.href);
    url.hash = this.linkPrefix + await pack(this.text());
    return url;
  }

  async copyLink() {
    const url = await this.link();
    try {
      await navigator.clipboard.writeText(url.href);
      this.say("Link copied: it opens this page with your strategy in the editor, and runs it.", "info");
    } catch {
      this.say(`Copy this link: ${url.href}`, "info");
    }
    this.root.dataset.link = url.href;
  }

  download() {
    const url = URL.createObjectURL(new Blob([this.text()], { type: "text/x-python" }));
    const a = el("a", { href: url, download: this.config.file_name, hidden: true });
    this.root.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    this.say(`Saved ${this.config.file_name}: run it with sims run iterated --strategy-file ${this.config.file_name} (the commands below give this block's settings).`, "info");
  }

  /** A link that holds code for this block: put it in the editor and run it. */
  async applyLink() {
    const hash = decodeURIComponent(location.hash.slice(1));
    if (!hash.startsWith(this.linkPrefix)) return;
    let code;
    try {
      code = await unpack(hash.slice(this.linkPrefix.length));
    } catch {
      this.say("This link's code could not be read (is it cut short?); the editor holds your last code.", "error");
      return;
    }
    if (this.gone()) return;
    this.setText(code);
    this.keep(code);
    this.root.scrollIntoView({ block: "start" });
    await this.run();
  }

  gone() {
    return this.disposed || !this.root.isConnected || location.pathname !== this.path;
  }

  dispose() {
    this.disposed = true;
    this.observer?.disconnect();
    for (const v of this.views) v.finalize();
    this.editor?.destroy();
    this.runtime.leave(this.key);
    this.boot.dispose();
  }
}

/** @type {StrategyBlock[]} the editor blocks of the current page */
let blocks = [];

/**
 * The code of the page's first editor block as its Run would send it now: what its editor
 * holds, else what was kept from the reader's last visit, else the template; null on a page
 * without one. The page's play blocks offer it as an opponent (sims-play.js).
 * @returns {string | null}
 */
export function readerCode() {
  const block = blocks[0];
  return block && !block.gone() ? block.text() : null;
}

/** Make every ```strategy block of the page live (called by sims-page.js on every page). */
export function mountStrategies() {
  for (const block of blocks) block.dispose();
  blocks = [];
  for (const root of /** @type {HTMLElement[]} */ ([...document.querySelectorAll(".sim-strategy[data-strategy]")])) {
    try {
      const block = new StrategyBlock(root, runtime);
      blocks.push(block);
      block.applyLink();
    } catch (err) {
      const status = root.querySelector(".sim-status");
      if (status) status.textContent = `This editor cannot go live: ${err instanceof Error ? err.message : err}`;
    }
  }
}
