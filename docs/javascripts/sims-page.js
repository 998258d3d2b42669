// Makes every ```sim block on a page live: controls from the model's spec, runs in Pyodide,
// live output in place of the pre-rendered one, permalinks, CSV download.
// Nothing here blocks reading: Python starts only when a reader reaches for a simulation
// (or, on a fast connection, once a simulation has scrolled into view and the page is idle).
import { runtime, Stopped } from "./sims-runtime.js";
import { keepForOffline } from "./offline.js";

const DEBOUNCE_MS = 300;
const blocks = new Map(); // element -> Block, for the current page only

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children);
  return node;
}

function formatValue(value) {
  if (typeof value === "boolean") return value ? "on" : "off";
  if (Array.isArray(value)) return value.length ? value.join(", ") : "none";
  if (typeof value === "number") return String(Number(value.toPrecision(6)));
  return String(value);
}

/** A value in the reader's words: choices by their labels, not their ids. */
function shownValue(param, value) {
  if (!param?.choice_labels) return formatValue(value);
  const label = (id) => param.choice_labels[param.choices.indexOf(id)] ?? id;
  return Array.isArray(value) ? formatValue(value.map(label)) : label(value);
}

function csvCell(value) {
  const text = value == null ? "" : Array.isArray(value) ? value.join(",") : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function fastConnection() {
  const c = navigator.connection;
  return Boolean(c) && !c.saveData && c.effectiveType === "4g";
}

class Block {
  constructor(root) {
    this.root = root;
    this.config = JSON.parse(root.dataset.config);
    this.spec = new Map(this.config.spec.map((p) => [p.name, p]));
    this.values = { ...this.config.params };
    this.inputs = new Map(); // name -> {read(), write(value), error element}
    this.output = root.querySelector(".sim-output");
    this.staticOutput = this.output.cloneNode(true);
    this.status = root.querySelector(".sim-status");
    this.views = [];
    this.timer = null;
    this.lastResult = null;
    this.runToken = 0;
    this.buildControls();
    this.readUrl();
  }

  // ----- controls -------------------------------------------------------------------------
  buildControls() {
    const id = this.config.id;
    const box = this.root.querySelector(".sim-controls");
    const form = el("form", { class: "sim-form", "aria-label": `Settings for ${this.config.title}` });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.run();
    });
    for (const name of this.config.controls) form.append(this.control(this.spec.get(name), `${id}-${name}`));
    if (this.config.presets.length) {
      const presets = el("div", { class: "sim-presets", role: "group", "aria-label": "Try this" },
        el("span", { class: "sim-presets-label", text: "Try this:" }));
      for (const preset of this.config.presets) {
        const button = el("button", { type: "button", class: "md-button sim-preset", text: preset.label });
        button.addEventListener("click", () => {
          this.setValues({ ...this.config.params, ...preset.params });
          this.run();
        });
        presets.append(button);
      }
      form.append(presets);
    }
    const buttons = el("div", { class: "sim-buttons" });
    const add = (label, cls, handler, type = "button") => {
      const b = el("button", { type, class: `md-button ${cls}`, text: label });
      if (handler) b.addEventListener("click", handler);
      buttons.append(b);
      return b;
    };
    add("Run", "md-button--primary sim-run", null, "submit");
    add("Reset", "sim-reset", () => this.reset());
    this.stopButton = add("Stop", "sim-stop", () => this.stop());
    this.stopButton.disabled = true;
    add("Copy link", "sim-copy", () => this.copyLink());
    add("Download CSV", "sim-csv", () => this.downloadCsv());
    form.append(buttons);
    box.append(form);
    box.hidden = false;
    form.addEventListener("focusin", () => this.warm(), { once: true });
    form.addEventListener("pointerdown", () => this.warm(), { once: true });
  }

  control(param, inputId) {
    const help = el("p", { class: "sim-help", id: `${inputId}-help`, text: param.help });
    const error = el("p", { class: "sim-error", id: `${inputId}-error`, hidden: true, "aria-live": "polite" });
    const wrap = el("div", { class: `sim-control sim-${param.kind}` });
    const describedBy = `${inputId}-help ${inputId}-error`;
    let read;
    let write;
    if (param.kind === "number" || param.kind === "integer") {
      const common = { min: param.min, max: param.max, step: param.step, "aria-describedby": describedBy };
      const slider = el("input", { type: "range", id: inputId, ...common });
      const field = el("input", {
        type: "number", id: `${inputId}-value`, class: "sim-number", ...common,
        "aria-label": `${param.label} (exact value)`,
      });
      slider.addEventListener("input", () => {
        field.value = field.dataset.committed = slider.value;
        slider.setAttribute("aria-valuetext", formatValue(Number(slider.value)));
        this.changed();
      });
      field.addEventListener("change", () => {
        if (field.value === field.dataset.committed) return; // e.g. a second change on blur
        field.dataset.committed = field.value;
        if (field.value !== "" && Number(field.value) >= param.min && Number(field.value) <= param.max) {
          slider.value = field.value;
          slider.setAttribute("aria-valuetext", formatValue(Number(field.value)));
        }
        this.changed();
      });
      read = () => (field.value.trim() === "" ? field.value : Number(field.value));
      write = (value) => {
        field.value = field.dataset.committed = String(value);
        slider.value = String(value);
        slider.setAttribute("aria-valuetext", formatValue(value));
      };
      wrap.append(el("label", { for: inputId, text: param.label }), el("div", { class: "sim-slider" }, slider, field));
    } else if (param.kind === "boolean") {
      const box = el("input", { type: "checkbox", id: inputId, "aria-describedby": describedBy });
      box.addEventListener("change", () => this.changed());
      read = () => box.checked;
      write = (value) => {
        box.checked = value === true || value === "true";
      };
      wrap.append(el("div", { class: "sim-check" }, box, el("label", { for: inputId, text: param.label })));
    } else if (param.kind === "choice") {
      const select = el("select", { id: inputId, "aria-describedby": describedBy });
      param.choices.forEach((value, i) => select.append(el("option", { value, text: param.choice_labels[i] })));
      select.addEventListener("change", () => this.changed());
      read = () => select.value;
      write = (value) => {
        select.value = String(value);
      };
      wrap.append(el("label", { for: inputId, text: param.label }), select);
    } else {
      const fieldset = el("fieldset", { "aria-describedby": describedBy }, el("legend", { text: param.label }));
      const boxes = param.choices.map((value, i) => {
        const box = el("input", { type: "checkbox", id: `${inputId}-${value}`, value });
        box.addEventListener("change", () => this.changed());
        fieldset.append(el("div", { class: "sim-check" }, box,
          el("label", { for: `${inputId}-${value}`, text: param.choice_labels[i] })));
        return box;
      });
      read = () => boxes.filter((b) => b.checked).map((b) => b.value);
      write = (value) => {
        const chosen = Array.isArray(value) ? value : String(value).split(",");
        for (const b of boxes) b.checked = chosen.includes(b.value);
      };
      wrap.append(fieldset);
    }
    wrap.append(help, error);
    write(this.values[param.name]);
    this.inputs.set(param.name, { read, write, error, wrap });
    return wrap;
  }

  setValues(values) {
    this.values = { ...values };
    for (const [name, input] of this.inputs) input.write(values[name]);
  }

  readControls() {
    const values = { ...this.values };
    for (const [name, input] of this.inputs) values[name] = input.read();
    return values;
  }

  showErrors(error) {
    for (const input of this.inputs.values()) {
      input.error.hidden = true;
      input.error.textContent = "";
      for (const field of input.wrap.querySelectorAll("input, select")) field.removeAttribute("aria-invalid");
    }
    if (!error) return;
    const input = this.inputs.get(error.param);
    if (input) {
      input.error.textContent = error.message;
      input.error.hidden = false;
      for (const field of input.wrap.querySelectorAll("input, select")) field.setAttribute("aria-invalid", "true");
    }
    this.say(`Not run: ${error.message}`, "error");
  }

  // ----- URL -------------------------------------------------------------------------------
  /** Values for this block in the page URL (`?ID.NAME=VALUE`), kept raw: Python validates. */
  readUrl() {
    const prefix = `${this.config.id}.`;
    const raw = Object.create(null); // a plain {} would swallow `ID.__proto__=…` without a word
    const repeated = [];
    for (const [key, value] of new URLSearchParams(location.search)) {
      if (!key.startsWith(prefix)) continue;
      const name = key.slice(prefix.length);
      if (Object.hasOwn(raw, name)) repeated.push(name);
      raw[name] = value;
    }
    this.fromUrl = Object.keys(raw).length ? raw : null;
    this.urlRepeated = repeated;
  }

  /** This page's address with this block's values that differ from its defaults. */
  linkFor(values) {
    const url = new URL(location.href);
    const prefix = `${this.config.id}.`;
    for (const key of [...url.searchParams.keys()]) if (key.startsWith(prefix)) url.searchParams.delete(key);
    for (const [name, value] of Object.entries(values)) {
      if (JSON.stringify(value) !== JSON.stringify(this.config.params[name])) {
        url.searchParams.set(prefix + name, Array.isArray(value) ? value.join(",") : String(value));
      }
    }
    return url;
  }

  writeUrl(values) {
    history.replaceState(history.state, "", this.linkFor(values));
  }

  // ----- running ---------------------------------------------------------------------------
  say(text, kind = "info") {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  files() {
    return { wheel: this.config.wheel, snapshot: this.config.snapshot };
  }

  warm() {
    if (runtime.state === "idle") runtime.boot(this.files()).catch(() => {});
  }

  changed() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), DEBOUNCE_MS);
  }

  async run(values = this.readControls()) {
    clearTimeout(this.timer);
    const token = ++this.runToken;
    const started = performance.now();
    if (runtime.state !== "ready") this.say("Starting Python in your browser (first time only)…");
    else this.say("Running…");
    this.stopButton.disabled = false;
    this.root.setAttribute("aria-busy", "true");
    let response;
    try {
      response = await runtime.run(
        { model: this.config.model, params: values, seed: this.config.seed },
        { files: this.files(), budgetMs: this.config.budget * 1000 },
      );
    } catch (err) {
      if (token !== this.runToken) return;
      this.finish();
      if (err instanceof Stopped) this.say("Stopped. The last result is kept; change a setting to run again.", "error");
      else this.say(`The simulation could not run: ${err.message}. Python has been restarted; try again with smaller settings.`, "error");
      return;
    }
    if (token !== this.runToken) return;
    this.finish();
    if (!response.ok) {
      this.showErrors(response.error);
      return;
    }
    this.showErrors(null);
    this.values = { ...response.result.params };
    this.writeUrl(this.values);
    // The summary and table first, the status next, the charts last: a reader (and a screen
    // reader) has the result before the chart library has drawn it.
    const charts = this.render(response.result);
    this.say(`Live result, computed in your browser in ${Math.max(1, Math.round(response.ms))} ms.`, "live");
    const shown = performance.now();
    await charts;
    this.timing = { python: response.ms, shown: shown - started, drawn: performance.now() - started };
  }

  finish() {
    this.stopButton.disabled = true;
    this.root.removeAttribute("aria-busy");
  }

  stop() {
    this.runToken++;
    this.finish();
    runtime.restart();
    this.say("Stopped. The last result is kept; change a setting to run again.", "error");
  }

  reset() {
    this.runToken++;
    this.finish();
    this.showErrors(null);
    this.setValues(this.config.params);
    this.writeUrl(this.config.params);
    this.clearViews();
    this.targets = null;
    this.output.replaceWith((this.output = this.staticOutput.cloneNode(true)));
    this.lastResult = null;
    this.say("Reset to this page's settings (the result computed when the page was built).");
  }

  clearViews() {
    for (const view of this.views) view.finalize();
    this.views = [];
  }

  /** Show a live result at once; resolves when its charts are drawn. */
  render(result) {
    this.lastResult = result;
    const out = el("div", { class: "sim-output", "data-live": "true" });
    out.append(el("p", { class: "sim-summary", text: result.summary }));
    const charts = el("div", { class: "sim-charts" });
    const targets = result.charts.map((spec) => {
      const target = el("div", { class: "sim-svg", role: "img", "aria-label": spec.title ?? "Chart" });
      charts.append(el("figure", { class: "sim-chart" }, target, el("figcaption", { text: spec.description ?? "" })));
      return [target, spec];
    });
    out.append(charts, this.tableElement(result.tables[0]), this.paramsElement(result));
    this.output.replaceWith(out);
    this.output = out;
    this.targets = targets;
    return this.drawCharts();
  }

  /** Draw (or redraw, e.g. after the palette changes) the live charts. */
  async drawCharts() {
    this.clearViews();
    const { draw } = await import("./sims-charts.js");
    for (const [target, spec] of this.targets ?? []) {
      target.replaceChildren();
      try {
        this.views.push(await draw(target, spec));
      } catch (err) {
        target.textContent = `The chart could not be drawn (${err.message}); the table below has its data.`;
      }
    }
    this.output.dataset.charts = "drawn";
    keepForOffline([]); // the chart library, now that it has loaded
  }

  tableElement(table) {
    const head = el("tr", {}, ...table.columns.map((c) => el("th", { scope: "col", text: String(c) })));
    const body = table.rows.map((row) => el("tr", {}, ...row.map((v) => el("td", { text: v == null ? "" : formatValue(v) }))));
    return el("details", { class: "sim-table" }, el("summary", { text: `Table: ${table.title}` }),
      el("div", { class: "sim-table-scroll", tabindex: "0", role: "region", "aria-label": table.title },
        el("table", {}, el("thead", {}, head), el("tbody", {}, ...body))));
  }

  paramsElement(result) {
    const p = el("p", { class: "sim-used" }, "Parameters used: ");
    const entries = Object.entries(result.params);
    entries.forEach(([name, value], i) => {
      const param = this.spec.get(name);
      p.append(el("span", { class: "sim-param" }, `${param?.label ?? name} = `,
        el("code", { text: shownValue(param, value) })), i < entries.length - 1 ? "; " : "");
    });
    p.append("; seed ", el("code", { text: String(result.seed) }), ".");
    return p;
  }

  // ----- sharing ---------------------------------------------------------------------------
  async copyLink() {
    const url = this.linkFor(this.values);
    url.hash = this.config.id;
    try {
      await navigator.clipboard.writeText(url.href);
      this.say("Link copied: it opens this simulation with these settings.");
    } catch {
      this.say(`Copy this link: ${url.href}`);
    }
  }

  downloadCsv() {
    let rows;
    if (this.lastResult) {
      const t = this.lastResult.tables[0];
      rows = [t.columns, ...t.rows];
    } else {
      rows = [...this.output.querySelectorAll(".sim-table tr")].map((tr) => [...tr.children].map((c) => c.textContent));
    }
    const text = rows.map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
    const link = el("a", { href: URL.createObjectURL(new Blob([text], { type: "text/csv" })), download: `${this.config.model}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  /** A link that set values for this block: run them (Python validates them). */
  applyUrl() {
    if (!this.fromUrl) return Promise.resolve();
    const values = { ...this.config.params, ...this.fromUrl };
    for (const [name, input] of this.inputs) if (name in this.fromUrl) input.write(this.fromUrl[name]);
    const running = this.run(values);
    const token = this.runToken;
    // run() replaces the status at once, so a note said before it was never seen: add it to
    // the outcome (the result or the error), unless the reader has already run it again.
    return running.then(() => {
      if (this.urlRepeated.length && token === this.runToken) {
        this.status.append(` The link sets ${this.urlRepeated.join(", ")} more than once; the last value is used.`);
      }
    });
  }
}

function mount() {
  for (const block of blocks.values()) block.clearViews();
  blocks.clear();
  const roots = document.querySelectorAll(".sim");
  if (!roots.length) return;
  const observer = "IntersectionObserver" in window && fastConnection()
    ? new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      const idle = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 1500));
      idle(() => blocks.values().next().value?.warm(), { timeout: 3000 });
    })
    : null;
  for (const root of roots) {
    try {
      const block = new Block(root);
      blocks.set(root, block);
      observer?.observe(root);
      block.applyUrl();
    } catch (err) {
      root.querySelector(".sim-status").textContent = `This simulation cannot go live: ${err.message}`;
    }
  }
}

/**
 * The rule for the memory snapshot (about 6 MB): never on a slow or metered link, never before
 * a reader has used a simulation. Once Python has booted the normal way on a fast link, fetch
 * the snapshot when the page is idle; the service worker keeps it with this build's wasm and
 * wheel, so the reader's next visit boots from it.
 */
function prefetchSnapshot(files) {
  if (!files?.snapshot || !fastConnection() || !navigator.serviceWorker?.controller) return;
  const idle = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 2000));
  idle(() => {
    fetch(new URL(`../${files.snapshot}`, import.meta.url), { priority: "low" })
      .then((r) => r.arrayBuffer())
      .then(() => { document.documentElement.dataset.simsSnapshotCached = "true"; })
      .catch(() => {});
  }, { timeout: 5000 });
}

runtime.onChange((state, detail) => {
  const root = document.documentElement.dataset;
  root.simsRuntime = state;
  if (detail.path) root.simsBootPath = detail.path;
  if (detail.fallback) root.simsBootFallback = detail.fallback;
  if (detail.bootMs) root.simsBootMs = Math.round(detail.bootMs);
  if (state === "ready" && detail.path === "boot") prefetchSnapshot(runtime.files);
  if (state === "ready") keepForOffline(detail.fetched ?? []);
  if (state === "failed") {
    for (const block of blocks.values()) block.say(`Python could not start in this browser: ${detail.error}. The results shown were computed when the page was built.`, "error");
  }
});

// Live charts follow the light/dark palette toggle.
new MutationObserver(() => {
  for (const block of blocks.values()) if (block.targets) block.drawCharts();
}).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

// mkdocs-material's instant navigation swaps pages without reloading this module: document$
// emits for every page. Without it, mount once.
if (globalThis.document$) globalThis.document$.subscribe(mount);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
else mount();

// For tests and the curious reader's console: the blocks of the current page and the runtime.
globalThis.__sims = { blocks, runtime };
