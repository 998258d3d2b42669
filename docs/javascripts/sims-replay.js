// @ts-check
// Watch time pass: a replay's play button and scrubber. The frames come from Python
// (sims/frames, in the view); this module only moves the step and sets a frame's values on the
// marks, which are drawn in the order of the stage's marks (pre-rendered by simsite/replay.py at
// the last step, or drawn here for a live result). No Python runs per frame.
import { el } from "./sims-controls.js";

/**
 * A replay's stage, as sims/frames/stage.py makes it (`marks` only in a live view).
 * @typedef {{tag: string, attrs: Record<string, string | number>, text?: string}} Mark
 * @typedef {{label: string, text: string, values: (string | number)[]}} Step
 * @typedef {{title: string, description: string, step: string, width: number, height: number,
 *   legend: {class: string, text: string}[], marks?: Mark[], vary: [number, string][],
 *   steps: Step[]}} Stage
 */

const SVG = "http://www.w3.org/2000/svg";
const PLAY_MS = 6000; // a whole replay, unless a step would then be shorter than MIN_MS
const MIN_MS = 80;
const MAX_MS = 400;

/** @type {WeakMap<Element, Player>} */
const players = new WeakMap();

function reducedMotion() {
  return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/**
 * @param {string} tag @param {Record<string, string | number>} attrs @param {string} [text]
 * @returns {SVGElement}
 */
function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A legend's sample of a class's colour. @param {string} cls */
function swatch(cls) {
  const box = svg("svg", { class: "sim-swatch", viewBox: "0 0 12 12", "aria-hidden": "true" });
  box.append(svg("circle", { cx: 6, cy: 6, r: 5, class: cls }));
  return box;
}

class Player {
  /** @param {HTMLElement} figure @param {Stage} stage */
  constructor(figure, stage) {
    this.figure = figure;
    this.stage = stage;
    /** @type {ReturnType<typeof setInterval> | undefined} */
    this.timer = undefined;
    const id = `${figure.closest(".sim")?.id ?? "sim"}-replay`;
    this.range = /** @type {HTMLInputElement} */ (el("input", { type: "range", id, min: 0, step: 1 }));
    this.button = /** @type {HTMLButtonElement} */ (
      el("button", { type: "button", class: "md-button sim-replay-play", text: "Play" }));
    this.label = el("label", { for: id });
    this.now = /** @type {HTMLElement} */ (figure.querySelector(".sim-replay-now"));
    this.state = /** @type {HTMLElement} */ (figure.querySelector(".sim-replay-state"));
    /** @type {Element[]} the marks, in the stage's order */
    this.marks = [];
    this.range.addEventListener("input", () => { this.pause(); this.show(Number(this.range.value)); });
    this.button.addEventListener("click", () => (this.timer ? this.pause() : this.play()));
    figure.querySelector("figcaption")?.before(
      el("div", { class: "sim-replay-controls" }, this.button, this.label, this.range));
    this.load(stage);
  }

  /** A stage (a new one after a live run): the scrubber's range, the caption's room. @param {Stage} stage */
  load(stage) {
    this.pause();
    this.stage = stage;
    this.marks = [...this.figure.querySelectorAll(".sim-marks > *")];
    this.range.max = String(stage.steps.length - 1);
    this.label.textContent = stage.step;
    this.reserve();
    this.show(stage.steps.length - 1);
  }

  /** Keep the caption as tall as its tallest step, so that scrubbing moves nothing below it;
   * it never shrinks back (a new result with shorter words does not pull the page up). Every
   * step's words are measured in one layout, in hidden copies of the line at its width (one
   * layout per step made a page of many replays lay itself out dozens of times as it loaded). */
  reserve() {
    const width = this.state.getBoundingClientRect().width;
    const copies = this.stage.steps.map((step) => {
      const copy = el("span", { class: "sim-replay-state", "aria-hidden": "true", text: step.text });
      Object.assign(copy.style, { position: "absolute", visibility: "hidden", width: `${width}px` });
      return copy;
    });
    this.state.after(...copies);
    const tallest = Math.max(0, ...copies.map((copy) => copy.offsetHeight));
    for (const copy of copies) copy.remove();
    if (tallest) this.state.style.minHeight = `${tallest}px`;
  }

  get step() {
    return Number(this.range.value);
  }

  /** Show step `t`: its values on the marks, its label and its state in words. @param {number} t */
  show(t) {
    const step = this.stage.steps[t];
    for (const [i, [mark, name]] of this.stage.vary.entries()) {
      const node = this.marks[mark];
      if (!node) continue;
      if (name === "text") node.textContent = String(step.values[i]);
      else node.setAttribute(name, String(step.values[i]));
    }
    this.range.value = String(t);
    this.range.setAttribute("aria-valuetext", step.label);
    this.now.textContent = step.label;
    this.state.textContent = step.text;
    this.figure.dataset.step = String(t);
  }

  /** Play from the current step (from the start if at the end) to the end. @param {boolean} [fromStart] */
  play(fromStart = false) {
    const last = this.stage.steps.length - 1;
    if (fromStart || this.step >= last) this.show(0);
    const ms = Math.min(MAX_MS, Math.max(MIN_MS, Math.round(PLAY_MS / Math.max(1, last))));
    this.figure.dataset.playing = "true";
    this.button.textContent = "Pause";
    this.state.setAttribute("aria-live", "off"); // a reader hears the step they stop at
    this.timer = setInterval(() => {
      if (!this.figure.isConnected) return this.pause();
      this.show(this.step + 1);
      if (this.step >= last) this.pause();
    }, ms);
  }

  pause() {
    clearInterval(this.timer);
    this.timer = undefined;
    delete this.figure.dataset.playing;
    this.button.textContent = "Play";
    this.state.setAttribute("aria-live", "polite");
  }
}

/**
 * Make the pre-rendered replay of a block's output playable (its frames in data-replay).
 * @param {HTMLElement} output
 */
export function mountReplay(output) {
  const figure = /** @type {HTMLElement | null} */ (output.querySelector("figure.sim-replay[data-replay]"));
  if (!figure || players.has(figure)) return;
  players.set(figure, new Player(figure, JSON.parse(figure.dataset.replay ?? "{}")));
}

/**
 * Draw a stage's marks into the figure's svg: on the marks on show when there are as many of
 * the same tags (a drag's results usually differ only in values), else as new ones.
 * @param {SVGElement} box @param {Mark[]} marks
 */
function drawMarks(box, marks) {
  const group = box.querySelector(".sim-marks");
  const shown = group ? [...group.children] : [];
  if (!group || shown.length !== marks.length
      || shown.some((node, i) => node.tagName !== marks[i].tag)) {
    box.replaceChildren(svg("g", { class: "sim-marks" }));
    box.firstElementChild?.append(...marks.map((m) => svg(m.tag, m.attrs, m.text)));
    return;
  }
  for (const [i, node] of shown.entries()) {
    const { attrs, text } = marks[i];
    for (const name of node.getAttributeNames()) if (!(name in attrs)) node.removeAttribute(name);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    node.textContent = text ?? "";
  }
}

/**
 * The figure of a live result's replay, drawn from its stage (the markup simsite/replay.py
 * gives), in place of the one on show; none for a model without one. A settled result (no
 * newer request on its way) plays once from the start, unless the reader asked for reduced
 * motion; a result that a drag is already replacing, like one under reduced motion, shows its
 * last step.
 * @param {HTMLElement} output @param {Stage | null | undefined} stage @param {boolean} settled
 */
export function placeReplay(output, stage, settled) {
  let figure = /** @type {HTMLElement | null} */ (output.querySelector("figure.sim-replay"));
  if (!stage) {
    figure?.remove();
    return;
  }
  if (!figure) {
    figure = el("figure", { class: "sim-replay", "data-search-exclude": true },
      el("p", { class: "sim-replay-title" }),
      svg("svg", { class: "sim-replay-svg", role: "img" }),
      el("ul", { class: "sim-replay-legend" }),
      el("figcaption", {}, el("span", { class: "sim-replay-now" }), " ",
        el("span", { class: "sim-replay-state" }), " ", el("span", { class: "sim-replay-about" })));
    output.prepend(figure);
  }
  const box = /** @type {SVGElement} */ (figure.querySelector(".sim-replay-svg"));
  box.setAttribute("viewBox", `0 0 ${stage.width} ${stage.height}`);
  box.setAttribute("aria-label", stage.title);
  drawMarks(box, stage.marks ?? []);
  /** @type {HTMLElement} */ (figure.querySelector(".sim-replay-title")).textContent = stage.title;
  /** @type {HTMLElement} */ (figure.querySelector(".sim-replay-about")).textContent = stage.description;
  /** @type {HTMLElement} */ (figure.querySelector(".sim-replay-legend")).replaceChildren(
    ...stage.legend.map((item) => el("li", {}, swatch(item.class), item.text)));
  const player = players.get(figure);
  if (player) player.load(stage);
  else players.set(figure, new Player(figure, stage));
  if (settled && !reducedMotion()) players.get(figure)?.play(true);
}
