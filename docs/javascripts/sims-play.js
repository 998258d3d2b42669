// @ts-check
// A ```play block (simsite/play.py): the reader plays the repeated security game move by move
// against a strategy, through the same Python as every other block (sims/play.py, in the
// page's worker). Each move sends the whole game so far; Python's reply is the only state: the
// settings it played with, the reader's moves and every string the block shows.
//
// On a page with a ```strategy block the opponent can be the reader's own strategy: a game
// against it is played against the code of that block as it was when the game began (what its
// editor holds, or kept from a last visit, or the template), which every move's request
// carries; Python checks it as the editor's Run does and says what is wrong in the same words.
//
// Keyboard: the two move buttons, or the keys R and A anywhere in the block but its fields.
// Each round's result is said once by a status region; a round skipped by quick presses (a
// newer request replaced it before it ran) is said with the next one.
//
// Observable from outside: the status line's `data-kind` (busy, live, error, info) and the
// number of rounds on show, `data-round` on the block's root.
import { BootStatus } from "./sims-boot.js";
import { control, el } from "./sims-controls.js";
import { placeUsed } from "./sims-output.js";
import { filesOf, runtime } from "./sims-runtime.js";

/** @typedef {import("./sims-runtime.js").Outcome} Outcome */
/**
 * The block's configuration, written by the build (simsite/play.py).
 * @typedef {{id: string, title: string, params: Record<string, unknown>, example: string,
 *   seed: number, budget: number, spec: import("./sims-controls.js").Param[], yours: string,
 *   wheel: string, stdlib: string, snapshot: string}} Config
 */
/**
 * One round as Python tells it (sims/play.py, view).
 * @typedef {{round: string, you: string, them: string, you_move: string, them_move: string,
 *   you_points: string, them_points: string, sentence: string}} Round
 */
/**
 * @typedef {{rules: string, prompt: string, score: string, columns: string[], rounds: Round[],
 *   last: string, announce: string, done: boolean, explanation: string, moves: string,
 *   used: import("./sims-output.js").UsedPart[]}} PlayView
 */

/** @type {Record<string, string>} */
const KEYS = { r: "R", a: "A" };
/** @type {Record<string, string>} what the status says when no game came back */
const FAILED = {
  stopped: "Stopped.",
  timeout: "Python took too long and was stopped; try again.",
  crashed: "Python failed during this move and was restarted; try again.",
  "boot-failed": "Python could not start in this browser; the game shown was played when the site was built.",
};
const MAX_SEED = 2 ** 32 - 1;

/** @param {HTMLElement} root @param {string} selector */
function find(root, selector) {
  const node = root.querySelector(selector);
  if (!(node instanceof HTMLElement)) throw new Error(`the game has no ${selector}`);
  return node;
}

/** @typedef {() => string | null} CodeSource the reader's own strategy's code, if the page has one */
/**
 * A game so far, as the next request builds on it: the settings, the reader's moves, the seed
 * and the code of the reader's strategy as it was when the game began (null without one).
 * @typedef {{settings: Record<string, unknown>, moves: string, seed: unknown,
 *   source: string | null}} Next
 */

/**
 * The spec without the choice `yours` (the reader's own strategy): a page without an editor
 * block has no code to play. @param {import("./sims-controls.js").Param[]} spec @param {string} yours
 */
function withoutChoice(spec, yours) {
  return spec.map((param) => {
    const i = param.choices?.indexOf(yours) ?? -1;
    if (i < 0) return param;
    /** @param {string[] | undefined} list */
    const drop = (list) => list?.filter((_, j) => j !== i);
    return { ...param, choices: drop(param.choices), choice_labels: drop(param.choice_labels) };
  });
}

/** A fresh seed for a new game: its noise and its coin tosses differ from the last one's. */
function freshSeed() {
  return crypto.getRandomValues(new Uint32Array(1))[0] % MAX_SEED;
}

export class Game {
  /**
   * @param {HTMLElement} root @param {import("./sims-runtime.js").Runtime} python
   * @param {CodeSource} code the reader's own strategy's code, or null on a page without one
   */
  constructor(root, python, code = () => null) {
    this.root = root;
    this.runtime = python;
    this.code = code;
    /** @type {Config} */
    this.config = JSON.parse(root.dataset.play ?? "{}");
    /** the setting whose choice `yours` is the reader's own strategy */
    this.opponent = this.config.spec.find((p) => p.choices?.includes(this.config.yours))?.name;
    this.path = location.pathname;
    this.key = `${this.path}#${this.config.id}`;
    /** @type {Record<string, unknown>} the settings of the game on show (Python's) */
    this.values = { ...this.config.params };
    /** the reader's moves (R/A letters) and the seed of the game on show; the example game's
     * moves are not the reader's */
    this.shown = { moves: "", seed: /** @type {unknown} */ (this.config.seed),
      source: /** @type {string | null} */ (null) };
    /** @type {Next} what the next move builds on: the newest request (while one is on its
     * way), else the game on show */
    this.next = { settings: this.values, ...this.shown };
    this.done = false;
    this.announced = 0; // rounds of this game said so far
    /** @type {Map<string, import("./sims-controls.js").Control>} */
    this.controls = new Map();
    this.status = find(root, ".sim-status");
    this.announcer = el("p", { class: "sim-announce", role: "status" });
    this.status.after(this.announcer);
    /** Python's start, as this block shows it (sims-boot.js) */
    this.boot = new BootStatus({ root: this.root, status: this.status, announcer: this.announcer,
      runtime: this.runtime, key: this.key, files: this.files() });
    this.disposed = false;
    this.build();
  }

  build() {
    const { id, title, yours } = this.config;
    const spec = this.code() === null ? withoutChoice(this.config.spec, yours) : this.config.spec;
    const form = el("form", { class: "sim-form", "aria-label": `Settings for ${title}` });
    form.addEventListener("submit", (event) => event.preventDefault());
    for (const param of spec) {
      const c = control(param, `${id}-${param.name}`, () => this.start(this.readSettings(), this.next.seed));
      c.write(this.values[param.name]);
      this.controls.set(param.name, c);
      form.append(c.element);
    }
    /** @param {string} text @param {string} cls @param {() => void} handler @param {Record<string, string>} [attrs] */
    const button = (text, cls, handler, attrs = {}) => {
      const b = el("button", { type: "button", class: `md-button ${cls}`, text, ...attrs });
      b.addEventListener("click", handler);
      return b;
    };
    const moves = el("div", { class: "play-moves", role: "group", "aria-label": "Your move" },
      button("Restrain", "md-button--primary play-move", () => this.move("R"),
        { "data-move": "R", "aria-keyshortcuts": "R", "aria-describedby": `${id}-keys` }),
      button("Arm", "md-button--primary play-move", () => this.move("A"),
        { "data-move": "A", "aria-keyshortcuts": "A", "aria-describedby": `${id}-keys` }));
    const keys = el("p", { class: "sim-help", id: `${id}-keys`, text: "Keys: R to restrain, A to arm." });
    const others = el("div", { class: "sim-buttons" },
      button("New game", "play-new", () => this.start(this.readSettings(), freshSeed())),
      button("Copy link", "sim-copy", () => this.copyLink()));
    const settings = find(this.root, ".play-settings");
    settings.append(form, others);
    const box = find(this.root, ".play-controls");
    box.append(moves, keys);
    settings.hidden = box.hidden = false;
    this.root.addEventListener("keydown", (event) => this.onKey(event));
    this.say("An example game: its moves were chosen in advance. Press Restrain or Arm to play your own.", "info");
  }

  /** @param {KeyboardEvent} event */
  onKey(event) {
    const target = /** @type {HTMLElement} */ (event.target);
    if (event.ctrlKey || event.metaKey || event.altKey || target.closest("input, select, textarea")) return;
    const letter = KEYS[event.key.toLowerCase()];
    if (!letter) return;
    event.preventDefault();
    this.move(letter);
  }

  files() {
    return filesOf(this.config);
  }

  /** The settings in the controls, raw: Python validates them. */
  readSettings() {
    /** @type {Record<string, unknown>} */
    const settings = {};
    for (const [name, c] of this.controls) settings[name] = c.read();
    return settings;
  }

  /** @param {string} letter R or A */
  move(letter) {
    if (this.done) {
      this.say("The game is over. Press New game to play again.", "info");
      return;
    }
    const { settings, moves, seed, source } = this.next;
    this.request({ settings, moves: moves + letter, seed, source });
  }

  /** A new game: these settings, no moves yet, the reader's code as it is now. @param {Record<string, unknown>} settings @param {unknown} seed */
  start(settings, seed) {
    this.done = false;
    this.announced = 0;
    this.request({ settings, moves: "", seed, source: this.code() });
  }

  /** Whether these settings play the reader's own strategy. @param {Record<string, unknown>} settings */
  againstYours(settings) {
    return this.opponent !== undefined && settings[this.opponent] === this.config.yours;
  }

  /**
   * @param {string} text
   * @param {"info" | "busy" | "live" | "error"} kind
   */
  say(text, kind) {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  /**
   * Ask Python for the game after `next.moves`; show what came of it.
   * @param {Next} next
   */
  async request(next) {
    this.next = next;
    const { settings, moves, seed, source } = next;
    const yours = this.againstYours(settings);
    if (this.runtime.state === "ready") this.say("Playing…", "busy");
    else this.boot.waiting();
    /** @type {import("./sims-runtime.js").RunRequest} */
    const request = { kind: "play", model: "play", params: { ...settings, moves }, seed,
      ...(yours && source !== null ? { source } : {}) };
    const outcome = await this.runtime.submit(this.key, request,
      { files: this.files(), budgetMs: this.config.budget * 1000 });
    if (!this.gone()) this.show(outcome, next);
  }

  /** @param {Outcome} outcome @param {Next} asked what the request was */
  show(outcome, asked) {
    if (outcome.kind === "superseded") return;
    const busy = this.runtime.busy(this.key);
    // Settled with nothing newer on its way: the next move builds on the game on show.
    if (!busy) this.next = { settings: this.values, ...this.shown };
    const yours = this.againstYours(asked.settings);
    if (outcome.kind !== "reply") {
      this.say(yours && outcome.kind === "timeout"
        ? `Your strategy was stopped after ${this.config.budget} s, the time this block allows: does a loop in it never end? The game on show is the one before.`
        : FAILED[outcome.kind], "error");
      if (yours && !busy) this.writeControls(this.values);
      return;
    }
    const { reply } = outcome;
    if (!reply.ok) {
      if (busy) return;
      this.say(`Not played: ${reply.error.message}`, "error");
      // The code cannot play: the settings go back to the game on show, which still plays, and
      // choosing the reader's strategy again, once it is mended, tries it again.
      if (reply.error.kind === "strategy") this.writeControls(this.values);
      return;
    }
    const { seed, moves, ...values } = reply.values;
    /** @type {PlayView} */
    const view = reply.view;
    this.place(view);
    if (busy) return; // a newer move is on its way: its reply writes the settings and is said
    this.values = values;
    this.shown = { moves, seed, source: asked.source };
    this.next = { settings: values, ...this.shown };
    this.done = view.done;
    for (const b of this.root.querySelectorAll(".play-move")) b.setAttribute("aria-disabled", String(view.done));
    this.writeControls(values);
    this.writeUrl();
    this.announce(view);
    this.say(view.done ? "Game over: how your opponent reasoned is below the table."
      : yours && !view.rounds.length ? "Your move. Your strategy plays the editor's code as it was when this game began; New game plays it as it is now."
        : "Your move.", "live");
  }

  /** @param {Record<string, unknown>} values */
  writeControls(values) {
    for (const [name, c] of this.controls) c.write(values[name]);
  }

  /** @param {PlayView} view */
  place(view) {
    const { root } = this;
    find(root, ".play-prompt").textContent = view.prompt;
    find(root, ".play-last").textContent = view.last;
    find(root, ".play-score").textContent = view.score;
    find(root, ".play-explanation").textContent = view.explanation;
    find(root, ".play-rounds thead").replaceChildren(
      el("tr", {}, ...view.columns.map((c) => el("th", { scope: "col", text: c }))));
    find(root, ".play-rounds tbody").replaceChildren(...view.rounds.map((r) => el("tr", {},
      el("th", { scope: "row", text: r.round }),
      el("td", { "data-move": r.you_move, text: r.you }),
      el("td", { "data-move": r.them_move, text: r.them }),
      el("td", { text: r.you_points }), el("td", { text: r.them_points }))));
    placeUsed(find(root, ".sim-used"), view.used);
    root.dataset.round = String(view.rounds.length);
  }

  /** Say each round once: any that quicker presses left unsaid, then the newest with the
   * score (a new game says its first question). @param {PlayView} view */
  announce(view) {
    const n = view.rounds.length;
    const skipped = view.rounds.slice(Math.min(this.announced, n - 1), n - 1).map((r) => r.sentence);
    this.announcer.textContent = n ? [...skipped, view.announce].join(" ") : view.prompt;
    this.announced = n;
  }

  /** This page's address with the game on show: its settings that differ from the page's, its moves, its seed. */
  link() {
    const url = new URL(location.href);
    const prefix = `${this.config.id}.`;
    for (const key of [...url.searchParams.keys()]) if (key.startsWith(prefix)) url.searchParams.delete(key);
    for (const [name, value] of Object.entries(this.values)) {
      if (JSON.stringify(value) !== JSON.stringify(this.config.params[name])) url.searchParams.set(prefix + name, String(value));
    }
    if (this.shown.moves) url.searchParams.set(`${prefix}moves`, this.shown.moves);
    if (this.shown.seed !== this.config.seed) url.searchParams.set(`${prefix}seed`, String(this.shown.seed));
    return url;
  }

  writeUrl() {
    if (!this.gone()) history.replaceState(history.state, "", this.link());
  }

  async copyLink() {
    const url = this.link();
    url.hash = this.config.id;
    const copied = this.againstYours(this.values)
      ? "Link copied: it opens this game as it stands, against the code in the editor of whoever opens it (the editor's own Copy link carries your code)."
      : "Link copied: it opens this game as it stands.";
    try {
      await navigator.clipboard.writeText(url.href);
      this.say(copied, "info");
    } catch {
      this.say(`Copy this link: ${url.href}`, "info");
    }
  }

  /** A link that holds a game for this block: play it again. */
  applyUrl() {
    const prefix = `${this.config.id}.`;
    /** @type {Record<string, string>} */
    const raw = Object.create(null);
    for (const [key, value] of new URLSearchParams(location.search)) {
      if (key.startsWith(prefix)) raw[key.slice(prefix.length)] = value;
    }
    if (!Object.keys(raw).length) return;
    const { moves = "", seed = this.config.seed, ...settings } = raw;
    this.request({ settings: { ...this.config.params, ...settings }, moves, seed, source: this.code() });
  }

  gone() {
    return this.disposed || !this.root.isConnected || location.pathname !== this.path;
  }

  dispose() {
    this.disposed = true;
    this.runtime.leave(this.key);
    this.boot.dispose();
  }
}

/** @type {Game[]} the games of the current page */
let games = [];

/**
 * Make every play block of the page live (called by sims-page.js on every page, after the
 * editor blocks).
 * @param {CodeSource} [code] the code of the page's editor block, if any
 */
export function mountGames(code) {
  for (const game of games) game.dispose();
  games = [];
  for (const root of /** @type {HTMLElement[]} */ ([...document.querySelectorAll(".sim-play[data-play]")])) {
    try {
      const game = new Game(root, runtime, code);
      games.push(game);
      game.applyUrl();
    } catch (err) {
      const status = root.querySelector(".sim-status");
      if (status) status.textContent = `This game cannot go live: ${err instanceof Error ? err.message : err}`;
    }
  }
}
