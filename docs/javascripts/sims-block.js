// @ts-check
// One ```sim block in the page: its controls, its request slot in the runtime, its output.
//
// Python's reply is the only state. The controls send what the reader set, raw; after every
// reply the block writes the values Python ran with back into the controls and places
// Python's view of the result (sims/view.py) in the output. Nothing here formats a number or
// second-guesses a value. A result that no longer matches the controls (a run on its way, or
// settings Python refused) is marked out of date until a reply matches them again.
//
// What happened is observable without reaching into this module: the status line says it in
// words (`data-kind`: busy, live, error, info; `data-outcome`: the outcome's kind), and every
// settled request dispatches a `sims:outcome` event on the block's root.
import { keepForOffline } from "./offline.js";
import { BootStatus } from "./sims-boot.js";
import { control, el } from "./sims-controls.js";
import { foldControls } from "./sims-fold.js";
import { place } from "./sims-output.js";
import { mountReplay } from "./sims-replay.js";
import { mountPrediction } from "./sims-predict.js";
import { filesOf } from "./sims-runtime.js";

/** @typedef {import("./sims-runtime.js").Runtime} Runtime */
/** @typedef {import("./sims-runtime.js").Outcome} Outcome */
/** @typedef {import("./sims-output.js").View} View */
/** @typedef {import("./sims-controls.js").Control} Control */
/**
 * The block's configuration, written by the build (simsite/fence.py).
 * @typedef {{id: string, model: string, title: string, seed: number,
 *   params: Record<string, unknown>, controls: string[], spec: import("./sims-controls.js").Param[],
 *   presets: {label: string, params: Record<string, unknown>}[], wheel: string, stdlib: string, snapshot: string,
 *   budget: number, csv_name: string, worlds?: number, regime: Regime | null,
 *   predict?: import("./sims-predict.js").Predict | null}} Config
 */
/** The regime of a result (sims/changes.py), sent back with the next request.
 * @typedef {{key: string, name: string}} Regime */

const ANNOUNCE_AFTER_MS = 600; // a screen reader hears a result once the reader stops dragging

const OFFLINE = "You are offline and Python has not been downloaded yet; the result shown was "
  + "computed when the site was built.";
const RESTARTED = "Python has been restarted; try again with smaller settings.";

/** @param {unknown} value how a value is written in a link (Python reads it back) */
function linkText(value) {
  return Array.isArray(value) ? value.join(",") : String(value);
}

export class Block {
  /** @param {HTMLElement} root @param {Runtime} runtime */
  constructor(root, runtime) {
    this.root = root;
    this.runtime = runtime;
    /** @type {Config} */
    this.config = JSON.parse(root.dataset.config ?? "{}");
    this.path = location.pathname;
    this.key = `${this.path}#${this.config.id}`;
    this.spec = new Map(this.config.spec.map((p) => [p.name, p]));
    /** @type {Record<string, unknown>} the values of the result on show */
    this.values = { ...this.config.params };
    /** @type {Record<string, unknown>} what the next request builds on: the newest request
     * while one is on its way (a link's settings, a preset), else the values on show */
    this.base = this.values;
    /** @type {Map<string, Control>} */
    this.controls = new Map();
    this.output = /** @type {HTMLElement} */ (root.querySelector(".sim-output"));
    this.staticOutput = /** @type {HTMLElement} */ (this.output.cloneNode(true));
    /** the summary and the status, kept in view while a control is used (sims.css) */
    this.bar = /** @type {HTMLElement} */ (root.querySelector(".sim-bar"));
    this.summary = /** @type {HTMLElement} */ (root.querySelector(".sim-summary"));
    this.staticSummary = this.summary.textContent ?? "";
    this.status = /** @type {HTMLElement} */ (root.querySelector(".sim-status"));
    /** @type {Regime | null} the regime of the result on show */
    this.regime = this.config.regime ?? null;
    /** what changed from the previous run, in Python's words (sims/changes.py) */
    this.change = el("p", { class: "sim-change" });
    this.summary.after(this.change);
    /** @type {Record<string, unknown> | undefined} the run the result on show was compared
     * with (sims/changes.py): a re-run of the same values is compared with it, not with itself */
    this.comparedWith = undefined;
    /** @type {(name: string) => void} opens "More settings" for a control inside it */
    this.unfold = () => {};
    this.keepHeight(this.bar);
    this.announcer = el("p", { class: "sim-announce", role: "status" });
    this.status.after(this.announcer);
    /** Python's start, as this block shows it (sims-boot.js) */
    this.boot = new BootStatus({ root: this.root, status: this.status, announcer: this.announcer,
      runtime: this.runtime, key: this.key, files: this.files() });
    /** @type {import("./sims-output.js").ChartPlace[]} */
    this.targets = [];
    /** @type {{finalize(): void}[]} */
    this.views = [];
    this.drawing = Promise.resolve();
    /** @type {View | undefined} the live result on show, if any */
    this.view = undefined;
    this.csvUrl = "";
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.announceTimer = undefined;
    /** @type {[HTMLElement, Record<string, unknown>][]} each preset's button and its values */
    this.presets = [];
    /** @type {HTMLButtonElement | undefined} */
    this.stopButton = undefined;
    /** @type {HTMLButtonElement | undefined} */
    this.retryButton = undefined;
    this.disposed = false;
    this.buildForm();
    mountReplay(this.output);
    mountPrediction(root, this.config.predict, this.key, Object.keys(this.fromUrl().raw).length > 0);
  }

  // ----- controls ------------------------------------------------------------------------
  buildForm() {
    const { id, title, controls, presets } = this.config;
    const form = el("form", { class: "sim-form", "aria-label": `Settings for ${title}` });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.touch(); // Enter in a field: its `input` has already asked for these values
    });
    for (const name of controls) {
      const param = this.spec.get(name);
      if (!param) continue;
      const c = control(param, `${id}-${name}`, () => this.touch());
      c.write(this.values[name]);
      this.controls.set(name, c);
      form.append(c.element);
    }
    this.unfold = foldControls(form, this.controls);
    if (presets.length) {
      const group = el("div", { class: "sim-presets", role: "group", "aria-label": "Try this" },
        el("span", { class: "sim-presets-label", text: "Try this:" }));
      for (const preset of presets) {
        const button = el("button", { type: "button", class: "md-button sim-preset", text: preset.label });
        const values = { ...this.config.params, ...preset.params };
        button.addEventListener("click", () => this.request(values));
        this.presets.push([button, values]);
        group.append(button);
      }
      form.append(group);
      this.markPresets();
    }
    const buttons = el("div", { class: "sim-buttons" });
    /** @param {string} label @param {string} cls @param {(() => void) | null} handler */
    const add = (label, cls, handler, type = "button") => {
      const button = /** @type {HTMLButtonElement} */ (el("button", { type, class: `md-button ${cls}`, text: label }));
      if (handler) button.addEventListener("click", handler);
      buttons.append(button);
      return button;
    };
    add("Run", "md-button--primary sim-run", null, "submit");
    add("Reset", "sim-reset", () => this.reset());
    this.stopButton = add("Stop", "sim-stop", () => this.stop());
    this.retryButton = add("Retry starting Python", "sim-retry", () => this.retry());
    this.retryButton.hidden = true;
    add("Copy link", "sim-copy", () => this.copyLink());
    form.append(buttons);
    const box = /** @type {HTMLElement} */ (this.root.querySelector(".sim-controls"));
    box.append(form);
    box.hidden = false;
    this.updateButtons();
  }

  /** A control changed, or Run was pressed: run the controls' values, unless exactly these
   * are already on their way (a field's `input`, then its `change` and the Enter that submits
   * the form, all carry the same value). */
  touch() {
    const values = this.readControls();
    if (this.runtime.busy(this.key) && JSON.stringify(values) === JSON.stringify(this.base)) return;
    this.request(values);
  }

  /**
   * The values to run: those of the newest request (or of the result on show), with what the
   * reader has changed in the controls since Python's values were written into them.
   */
  readControls() {
    const values = { ...this.base };
    for (const [name, c] of this.controls) if (c.changed()) values[name] = c.read();
    return values;
  }

  /** @param {Record<string, unknown>} values */
  writeControls(values) {
    for (const [name, c] of this.controls) if (name in values) c.write(values[name]);
  }

  /** Press the button of the preset on show, if one is: the reader sees which it is, even
   * when pressing it changes nothing. */
  markPresets() {
    for (const [button, values] of this.presets) {
      const same = Object.entries(values)
        .every(([name, value]) => JSON.stringify(value) === JSON.stringify(this.values[name]));
      button.setAttribute("aria-pressed", String(same));
    }
  }

  /** Whether the reader changed a control since Python's values were written into it. */
  touched() {
    return [...this.controls.values()].some((c) => c.changed());
  }

  /** @param {{param: string | null, message: string} | null} error */
  showError(error) {
    if (error?.param) this.unfold(error.param);
    for (const [name, c] of this.controls) c.showError(error && error.param === name ? error.message : null);
  }

  files() {
    return filesOf(this.config);
  }

  /**
   * Let `element` grow but never shrink back while its width stays the same: a shorter summary
   * or status line would pull the charts below it up, and the next longer one push them down.
   * @param {HTMLElement} element
   */
  keepHeight(element) {
    let width = 0;
    let tallest = 0;
    new ResizeObserver(() => {
      if (element.offsetWidth !== width) {
        width = element.offsetWidth;
        tallest = 0;
        element.style.minHeight = "";
      }
      if (element.offsetHeight > tallest) {
        tallest = element.offsetHeight;
        element.style.minHeight = `${tallest}px`;
      }
    }).observe(element);
  }

  // ----- status --------------------------------------------------------------------------
  /**
   * @param {string} text
   * @param {"info" | "busy" | "live" | "error"} kind
   * @param {string} [outcome]
   */
  say(text, kind, outcome) {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
    if (outcome) this.status.dataset.outcome = outcome;
    else delete this.status.dataset.outcome;
    // The visible line changes with every frame of a drag; a screen reader hears only what
    // settles, once.
    clearTimeout(this.announceTimer);
    if (kind !== "busy") {
      const spoken = kind === "live" && this.view
        ? [this.view.summary, this.change.textContent, text].filter(Boolean).join(" ") : text;
      this.announceTimer = setTimeout(() => { this.announcer.textContent = spoken; }, ANNOUNCE_AFTER_MS);
    }
  }

  /** @param {boolean} stale */
  markStale(stale) {
    for (const part of [this.bar, this.output]) {
      if (stale) part.dataset.stale = "true";
      else delete part.dataset.stale;
    }
  }

  updateButtons() {
    const busy = this.runtime.busy(this.key);
    if (this.stopButton) this.stopButton.disabled = !busy;
    if (busy) this.root.setAttribute("aria-busy", "true");
    else this.root.removeAttribute("aria-busy");
  }

  // ----- running -------------------------------------------------------------------------
  /**
   * Ask Python to run `params` (raw: Python validates them); show what came of it.
   * @param {Record<string, unknown>} params
   * @returns {Promise<Outcome>}
   */
  async request(params) {
    this.base = params;
    this.markStale(true);
    if (this.retryButton) this.retryButton.hidden = true;
    if (this.runtime.state === "ready") this.say("Running…", "busy");
    else this.boot.waiting();
    const started = performance.now();
    // What changed, and the line charts' ghost of the run on show (sims/changes.py); a block
    // of many worlds (`worlds:`) asks for the ensemble of its seeds (sims/ensemble.py).
    const shown = { values: this.values, regime: this.regime, charts: this.view?.charts };
    const previous = { ...shown, before: this.comparedWith };
    const extra = this.config.worlds === undefined ? { previous } : { worlds: this.config.worlds };
    const pending = this.runtime.submit(this.key, { model: this.config.model, params, seed: this.config.seed, ...extra },
      { files: this.files(), budgetMs: this.config.budget * 1000 });
    this.updateButtons();
    const outcome = await pending;
    if (this.gone()) return outcome;
    if (outcome.kind === "reply" && outcome.reply.ok) {
      const again = JSON.stringify(outcome.reply.values) === JSON.stringify(shown.values);
      this.comparedWith = again ? previous.before : shown;
    }
    this.updateButtons();
    const timing = await this.show(outcome, started);
    this.root.dispatchEvent(new CustomEvent("sims:outcome", { detail: { kind: outcome.kind, ...timing } }));
    return outcome;
  }

  /**
   * @param {Outcome} outcome
   * @param {number} started
   * @returns {Promise<Record<string, number>>} timings of a live result, for the benchmarks
   */
  async show(outcome, started) {
    const stillBusy = this.runtime.busy(this.key);
    // Settled with nothing newer on its way: later requests build on what is on show.
    if (!stillBusy && outcome.kind !== "superseded") this.base = this.values;
    switch (outcome.kind) {
      case "superseded":
        return {};
      case "reply": {
        const { reply, ms } = outcome;
        if (!reply.ok) {
          this.showError(reply.error);
          const text = reply.error.kind === "model"
            ? `The model failed on these settings, so no result is shown for them: ${reply.error.message}`
            : `Not run: ${reply.error.message}`;
          if (!stillBusy) this.say(text, "error", reply.error.kind === "model" ? "model-error" : "refused");
          // Out of date only if the reader's settings differ from what ran (a refused link
          // leaves the controls on the result shown).
          this.markStale(stillBusy || this.touched());
          return {};
        }
        this.showError(null);
        this.values = { ...reply.values };
        // With a newer request on its way (a drag goes on), the controls keep what the reader
        // is setting; that request's reply writes them.
        if (!stillBusy) {
          this.base = this.values;
          this.writeControls(this.values);
          this.writeUrl(this.values);
        }
        this.markPresets();
        this.view = reply.view;
        this.regime = reply.regime;
        this.change.textContent = reply.change ?? "";
        const drawn = this.render(reply.view, !stillBusy);
        this.markStale(stillBusy);
        if (!stillBusy) this.say(`Live result, computed in your browser in ${Math.max(1, Math.round(ms))} ms.`, "live", "live");
        const shown = performance.now() - started;
        await drawn;
        return { python: ms, shown, drawn: performance.now() - started };
      }
      case "stopped":
        this.markStale(stillBusy || this.touched());
        if (!stillBusy) this.say("Stopped. The result shown is the last one that ran; change a setting to run again.", "error", "stopped");
        return {};
      case "timeout":
        this.say(`Stopped after ${outcome.seconds} s, this simulation's time limit. ${
          outcome.restarted ? RESTARTED : "Try again with smaller settings."}`, "error", "timeout");
        return {};
      case "crashed":
        this.say(`Python failed during this run (${outcome.message}). ${RESTARTED}`, "error", "crashed");
        return {};
      case "boot-failed":
        if (outcome.offline) {
          this.say(OFFLINE, "error", "offline");
        } else {
          this.say(`Python could not start in this browser (${outcome.message}). The result shown was computed when the site was built.`, "error", "boot-failed");
          if (this.retryButton) this.retryButton.hidden = false;
        }
        return {};
    }
    return {};
  }

  stop() {
    this.runtime.stop(this.key);
    this.updateButtons();
  }

  retry() {
    this.runtime.retry();
    this.request(this.readControls());
  }

  reset() {
    this.runtime.stop(this.key);
    this.updateButtons();
    this.showError(null);
    this.values = this.base = { ...this.config.params };
    this.writeControls(this.values);
    this.writeUrl(this.values);
    this.markPresets();
    this.finalizeCharts();
    this.targets = [];
    this.view = undefined;
    this.output.replaceWith((this.output = /** @type {HTMLElement} */ (this.staticOutput.cloneNode(true))));
    mountReplay(this.output);
    this.summary.textContent = this.staticSummary;
    this.regime = this.config.regime ?? null;
    this.comparedWith = undefined;
    this.change.textContent = "";
    this.markStale(false);
    this.say("Reset to this page's settings (the result computed when the page was built).", "info", "reset");
  }

  // ----- output --------------------------------------------------------------------------
  /** @param {View} view @param {boolean} settled whether no newer request is on its way */
  render(view, settled) {
    if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
    this.csvUrl = URL.createObjectURL(new Blob([view.csv], { type: "text/csv" }));
    this.summary.textContent = view.summary;
    this.targets = place(this.output, view, this.csvUrl, settled);
    return this.drawCharts();
  }

  finalizeCharts() {
    for (const view of this.views) view.finalize();
    this.views = [];
  }

  /** Draw (or redraw) the live charts; the newest drawing wins. */
  drawCharts() {
    const targets = this.targets;
    this.drawing = this.drawing.then(async () => {
      if (targets !== this.targets) return; // a newer result is on its way to be drawn
      const { drawLayouts } = await import("./sims-charts.js");
      this.finalizeCharts();
      for (const chart of targets) this.views.push(...await drawLayouts(chart));
      this.output.dataset.charts = "drawn";
      keepForOffline([]); // the chart library, now that it has loaded
    });
    return this.drawing;
  }

  // ----- links ---------------------------------------------------------------------------
  /** Values for this block in the page URL (`?ID.NAME=VALUE`), raw: Python validates them. */
  fromUrl() {
    const prefix = `${this.config.id}.`;
    /** @type {Record<string, string>} */
    const raw = Object.create(null); // a plain {} would swallow `ID.__proto__=…` without a word
    const repeated = [];
    for (const [key, value] of new URLSearchParams(location.search)) {
      if (!key.startsWith(prefix)) continue;
      const name = key.slice(prefix.length);
      if (Object.hasOwn(raw, name)) repeated.push(name);
      raw[name] = value;
    }
    return { raw, repeated };
  }

  /** This page's address with this block's values that differ from the page's own. */
  /** @param {Record<string, unknown>} values */
  linkFor(values) {
    const url = new URL(location.href);
    const prefix = `${this.config.id}.`;
    for (const key of [...url.searchParams.keys()]) if (key.startsWith(prefix)) url.searchParams.delete(key);
    for (const [name, value] of Object.entries(values)) {
      if (JSON.stringify(value) !== JSON.stringify(this.config.params[name])) {
        url.searchParams.set(prefix + name, linkText(value));
      }
    }
    return url;
  }

  /** @param {Record<string, unknown>} values */
  writeUrl(values) {
    if (this.gone()) return; // never write this block's settings into the next page's address
    history.replaceState(history.state, "", this.linkFor(values));
  }

  async copyLink() {
    const url = this.linkFor(this.values);
    url.hash = this.config.id;
    try {
      await navigator.clipboard.writeText(url.href);
      this.say("Link copied: it opens this simulation with these settings.", "info", "copied");
    } catch {
      this.say(`Copy this link: ${url.href}`, "info", "copied");
    }
  }

  /** A link that set values for this block: run them. */
  async applyUrl() {
    const { raw, repeated } = this.fromUrl();
    if (!Object.keys(raw).length) return;
    for (const name of Object.keys(raw)) this.unfold(name);
    await this.request({ ...this.config.params, ...raw });
    // The outcome replaced the status: add the note to it, unless the reader has moved on.
    if (repeated.length && !this.runtime.busy(this.key)) {
      this.status.append(` The link sets ${repeated.join(", ")} more than once; the last value is used.`);
    }
  }

  /** Whether the reader has left this block's page: instant navigation changes the address
   * and the article before the page script disposes of the old blocks. */
  gone() {
    return this.disposed || !this.root.isConnected || location.pathname !== this.path;
  }

  /** The page is being left (instant navigation): leave its runs, free its charts. */
  dispose() {
    this.disposed = true;
    this.runtime.leave(this.key);
    this.boot.dispose();
    this.finalizeCharts();
    clearTimeout(this.announceTimer);
    if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
  }
}
