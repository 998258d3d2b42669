// @ts-check
// The page's link to Python: one module worker running Pyodide, shared by every block on the
// page and kept across instant navigation.
//
// Each block has one request slot: at most one run in flight and one waiting (the newest
// settings; a newer request replaces the waiting one before it reaches Python). Python is
// single-threaded, so the page runs one request at a time, taking the blocks in the order they
// asked. Stop acts on its own block only: a waiting request is dropped; a running one ends in
// one of two ways. Where the page is cross-origin isolated (GitHub Pages sends no such headers,
// but the site's service worker adds them to what it serves: simsite/sw.js), Stop interrupts
// Python (a KeyboardInterrupt, through a shared interrupt buffer) and the same warm worker runs
// the next request; only if Python does not answer within `interruptGraceMs` (a reader's code
// that catches the interrupt) is the worker terminated. Elsewhere (a first visit, before the
// service worker controls the page) Stop terminates the worker, and Python is booted again at
// once, or a spare worker takes over: a run still going after `spareAfterMs` starts one booting
// beside it. A run past its budget ends the same way as a Stop.
//
// Every request ends in one Outcome, never an exception, so a block can say exactly what
// happened. A failed boot is retried once automatically, then reported, and the failure stands
// (no request downloads Python again behind the reader's back, not even after a boot the page
// started on its own) until the reader asks to retry or the browser comes back online; it is
// never kept for the life of the page.

const WORKER_URL = new URL("sims-worker.js", import.meta.url);
const SITE_ROOT = new URL("../", import.meta.url);
const BOOT_TIMEOUT_MS = 120_000;
const SPARE_AFTER_MS = 5000; // runs at the defaults take well under 0.1 s, a cold first one under 1 s
const BOOT_ATTEMPTS = 2; // the first, and one automatic retry
const LEAVE_GRACE_MS = 2000; // a run a page left behind may finish if it is quick
const INTERRUPT_GRACE_MS = 1000; // Python checks for an interrupt between bytecodes: at once
const SIGINT = 2; // what Pyodide's interrupt buffer is set to for a KeyboardInterrupt

/** @typedef {{wheel: string, stdlib: string, snapshot: string, download?: import("./sims-download.js").Size}} Files */
/**
 * A block's Python files, from its config (the build writes them: simsite/fence.py, files).
 * @param {Files} config
 * @returns {Files}
 */
export function filesOf({ wheel, stdlib, snapshot, download }) {
  return { wheel, stdlib, snapshot, download };
}
/**
 * @typedef {{model: string, params: Record<string, unknown>, seed: unknown,
 *   kind?: "play" | "strategy", worlds?: number, previous?: unknown, source?: string,
 *   tournament?: Record<string, unknown>, evolution?: Record<string, unknown>}} RunRequest
 */
/**
 * What became of a request.
 * @typedef {{kind: "reply", reply: any, ms: number}
 *   | {kind: "superseded"}
 *   | {kind: "stopped"}
 *   | {kind: "timeout", seconds: number, restarted: boolean}
 *   | {kind: "crashed", message: string}
 *   | {kind: "boot-failed", message: string, offline: boolean}} Outcome
 */
/**
 * "asking": the reader is asked before Python is downloaded (a slow or data-saving link), and
 * nothing is fetched until they agree (`agree`).
 * @typedef {"idle" | "asking" | "booting" | "ready" | "failed" | "offline"} RuntimeState
 */
/** @typedef {(state: RuntimeState, detail: Record<string, any>) => void} Listener */
/**
 * The part of a Worker the runtime uses (a fake one in the node tests).
 * @typedef {{postMessage(message: any): void, terminate(): void,
 *   onmessage: ((event: {data: any}) => void) | null,
 *   onerror: ((event: {message?: string, preventDefault?: () => void}) => void) | null}} WorkerLike
 */
/**
 * @typedef {{key: string, request: RunRequest, budgetMs: number,
 *   resolve: (outcome: Outcome) => void, sent: boolean, cancelled: boolean,
 *   python: PythonWorker | null}} Job
 */

/** Why a worker request failed. */
class WorkerError extends Error {
  /**
   * @param {"timeout" | "died" | "error" | "terminated"} kind
   * @param {string} message
   */
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

/** Python could not start. */
export class BootError extends Error {
  /** @param {string} message @param {boolean} offline */
  constructor(message, offline) {
    super(message);
    this.offline = offline;
  }
}

/**
 * A buffer through which the page can interrupt Python, where the page is cross-origin
 * isolated (a SharedArrayBuffer can then be shared with the worker); else null.
 * @returns {Int32Array | null}
 */
function sharedInterruptBuffer() {
  if (!globalThis.crossOriginIsolated || typeof SharedArrayBuffer !== "function") return null;
  return new Int32Array(new SharedArrayBuffer(4));
}

/** One worker and the requests it has not answered yet. */
class PythonWorker {
  /** @param {WorkerLike} worker @param {Int32Array | null} interruptBuffer */
  constructor(worker, interruptBuffer) {
    this.worker = worker;
    /** @type {Int32Array | null} shared with the worker's Python (pyodide.setInterruptBuffer) */
    this.interruptBuffer = interruptBuffer;
    /** @type {Map<number, {resolve: (data: any) => void, reject: (err: WorkerError) => void, timer: any}>} */
    this.pending = new Map();
    this.nextId = 1;
    /** @type {Set<string>} the models it has imported (a model's first run also imports it) */
    this.models = new Set();
    /** @type {Promise<Record<string, any>>} */
    this.ready = Promise.resolve({});
    /** @type {(progress: import("./sims-download.js").Progress) => void} the download's */
    this.onProgress = () => {};
    worker.onmessage = ({ data }) => (data.id === undefined ? this.onProgress(data.progress) : this.settle(data));
    worker.onerror = (event) => {
      event.preventDefault?.();
      this.failAll(new WorkerError("died", event.message || "the Python worker stopped"));
    };
  }

  /**
   * Send a message; resolves with the worker's reply, rejects with a WorkerError.
   * @param {Record<string, unknown>} message
   * @param {number} timeoutMs
   * @returns {Promise<any>}
   */
  request(message, timeoutMs) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new WorkerError("timeout", `no reply after ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({ ...message, id });
    });
  }

  /** @param {{id: number, ok: boolean, error?: string}} data */
  settle(data) {
    const entry = this.pending.get(data.id);
    if (!entry) return;
    this.pending.delete(data.id);
    clearTimeout(entry.timer);
    if (data.ok) entry.resolve(data);
    else entry.reject(new WorkerError("error", String(data.error)));
  }

  /** @param {WorkerError} error */
  failAll(error) {
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(error);
      this.pending.delete(id);
    }
  }

  terminate() {
    this.worker.terminate();
    this.failAll(new WorkerError("terminated", "stopped"));
  }

  /** Whether Python can be interrupted without terminating the worker. */
  get interruptible() {
    return this.interruptBuffer !== null;
  }

  /** Raise KeyboardInterrupt in the Python code running now; false if it cannot be done. */
  interrupt() {
    if (!this.interruptBuffer) return false;
    Atomics.store(this.interruptBuffer, 0, SIGINT);
    return true;
  }

  /** Forget an interrupt that arrived after its run had ended, before the next run is sent. */
  clearInterrupt() {
    if (this.interruptBuffer) Atomics.store(this.interruptBuffer, 0, 0);
  }
}

/** @returns {WorkerLike} */
function moduleWorker() {
  // Pyodide 314 refuses classic workers.
  return /** @type {WorkerLike} */ (/** @type {unknown} */ (new Worker(WORKER_URL, { type: "module" })));
}

/** Whether this browser has a copy of Python for offline use (the service worker's cache). */
async function offlineCopy() {
  if (!globalThis.caches) return false;
  return Boolean(await caches.match(new URL("vendor/pyodide/pyodide.asm.wasm", SITE_ROOT).href));
}

export class Runtime {
  /**
   * @param {{createWorker?: () => WorkerLike, createInterruptBuffer?: () => Int32Array | null,
   *   bootTimeoutMs?: number, spareAfterMs?: number, leaveGraceMs?: number,
   *   interruptGraceMs?: number, online?: () => boolean,
   *   hasOfflineCopy?: () => Promise<boolean>}} [options]
   */
  constructor({
    createWorker = moduleWorker,
    createInterruptBuffer = sharedInterruptBuffer,
    bootTimeoutMs = BOOT_TIMEOUT_MS,
    spareAfterMs = SPARE_AFTER_MS,
    leaveGraceMs = LEAVE_GRACE_MS,
    interruptGraceMs = INTERRUPT_GRACE_MS,
    online = () => globalThis.navigator?.onLine !== false,
    hasOfflineCopy = offlineCopy,
  } = {}) {
    this.createWorker = createWorker;
    this.createInterruptBuffer = createInterruptBuffer;
    this.interruptGraceMs = interruptGraceMs;
    this.bootTimeoutMs = bootTimeoutMs;
    this.spareAfterMs = spareAfterMs;
    this.leaveGraceMs = leaveGraceMs;
    this.online = online;
    this.hasOfflineCopy = hasOfflineCopy;
    /** @type {Files | null} this build's URLs, relative to the site root */
    this.files = null;
    /** @type {RuntimeState} */
    this.state = "idle";
    /** @type {Set<Listener>} */
    this.listeners = new Set();
    /** @type {PythonWorker | null} the worker that runs the page's simulations */
    this.active = null;
    /** @type {PythonWorker | null} one booting (or booted) beside it during a long run */
    this.spare = null;
    /** @type {Promise<PythonWorker> | null} the active worker once booted */
    this.booted = null;
    /** @type {Map<string, {waiting: Job | null, running: Job | null}>} */
    this.slots = new Map();
    /** @type {string[]} the slots with a waiting job, in the order they asked */
    this.queue = [];
    /** @type {Job | null} */
    this.running = null;
    /** @type {BootError | null} how the last boot failed, until a retry */
    this.failure = null;
    /** whether the reader is asked before Python is downloaded (set by the page) */
    this.askFirst = false;
    /** @type {() => void} lets a boot waiting for the reader's agreement go on */
    this.agreed = () => {};
    globalThis.addEventListener?.("online", () => this.retry());
  }

  /** Let the next request start Python afresh after a failed boot. */
  retry() {
    this.failure = null;
  }

  /** The reader agreed to download Python: boot now, and never ask again on this page. */
  agree() {
    this.askFirst = false;
    this.agreed();
  }

  /** @param {Listener} listener */
  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** @param {RuntimeState} state @param {Record<string, any>} [detail] */
  setState(state, detail = {}) {
    this.state = state;
    for (const listener of this.listeners) listener(state, detail);
  }

  /** A new worker, booting. */
  spawn() {
    const python = new PythonWorker(this.createWorker(), this.createInterruptBuffer());
    const { interruptBuffer } = python;
    python.ready = python.request({ type: "boot", ...this.files, interruptBuffer }, this.bootTimeoutMs);
    python.ready.catch(() => {}); // reported by whoever awaits it
    python.onProgress = (progress) => {
      if (python === this.active && this.state === "booting") this.setState("booting", { progress });
    };
    return python;
  }

  /**
   * Start Python if it is not started (or starting) yet; resolves with the booted worker.
   * @param {Files} [files]
   * @returns {Promise<PythonWorker>}
   */
  boot(files) {
    if (files) this.files ??= files;
    if (this.failure) return Promise.reject(this.failure);
    if (!this.booted) {
      const booted = this.startPython();
      this.booted = booted;
      booted.catch(() => {
        if (this.booted === booted) this.booted = null; // a failed boot is not kept
      });
    }
    return this.booted;
  }

  /** @returns {Promise<PythonWorker>} */
  async startPython() {
    if (!this.online() && !(await this.hasOfflineCopy())) {
      this.setState("offline");
      throw new BootError("offline", true);
    }
    if (this.askFirst && !(await this.hasOfflineCopy())) {
      const agreed = new Promise((resolve) => { this.agreed = () => resolve(undefined); });
      this.setState("asking", { download: this.files?.download });
      await agreed;
    }
    this.setState("booting");
    for (let attempt = 1; ; attempt++) {
      const python = this.active ?? this.spawn();
      this.active = python;
      try {
        const info = await python.ready;
        if (python === this.active) {
          this.setState("ready", info);
          return python;
        }
      } catch (err) {
        if (this.active === python) this.active = null;
        python.terminate();
        const offline = !this.online();
        if (attempt >= BOOT_ATTEMPTS || offline) {
          const message = err instanceof Error ? err.message : String(err);
          this.setState(offline ? "offline" : "failed", { error: message });
          this.failure = new BootError(message, offline);
          throw this.failure;
        }
      }
    }
  }

  /**
   * Terminate a worker that was running a job; Python comes back at once (the spare, if one
   * is ready or booting, or a fresh boot).
   * @param {PythonWorker} python
   */
  restart(python) {
    python.terminate();
    if (python === this.spare) this.spare = null;
    if (python !== this.active) return;
    this.active = this.spare;
    this.spare = null;
    this.booted = null;
    this.boot().catch(() => {});
  }

  warmSpare() {
    if (!this.spare && this.files) this.spare = this.spawn();
  }

  /**
   * End the run in flight on `python`: interrupt it and keep the worker if Python answers
   * within the grace period, else terminate it (see `restart`). Never rejects.
   * @param {PythonWorker} python
   * @returns {Promise<"interrupted" | "restarted">}
   */
  async halt(python) {
    if (python.interrupt()) {
      try {
        // Answered only once the interrupted run has ended: the worker takes messages in turn.
        await python.request({ type: "ping" }, this.interruptGraceMs);
        return "interrupted";
      } catch {
        // The run caught the KeyboardInterrupt and went on, or the worker died.
      }
    }
    this.restart(python);
    return "restarted";
  }

  /** @param {string} key */
  slot(key) {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { waiting: null, running: null };
      this.slots.set(key, slot);
    }
    return slot;
  }

  /**
   * Ask for a run in the block's slot `key`. The newest request replaces the one waiting
   * (which ends as "superseded"); the budget counts only the run's own time, not the boot.
   * @param {string} key
   * @param {RunRequest} request
   * @param {{files: Files, budgetMs: number}} options
   * @returns {Promise<Outcome>}
   */
  submit(key, request, { files, budgetMs }) {
    this.files ??= files;
    const slot = this.slot(key);
    if (slot.waiting) slot.waiting.resolve({ kind: "superseded" });
    else this.queue.push(key);
    return new Promise((resolve) => {
      slot.waiting = { key, request, budgetMs, resolve, sent: false, cancelled: false, python: null };
      this.pump();
    });
  }

  /** Whether the block's slot has a run waiting or in flight. */
  busy(/** @type {string} */ key) {
    const slot = this.slots.get(key);
    return Boolean(slot && (slot.waiting || (slot.running && !slot.running.cancelled)));
  }

  /**
   * The reader pressed Stop on block `key`: drop its waiting request and end its own run, if
   * one is in flight; nothing else is touched. Returns whether anything was stopped.
   * @param {string} key
   */
  stop(key) {
    const dropped = this.drop(key);
    const job = this.slots.get(key)?.running;
    if (!job || job.cancelled) return dropped;
    job.cancelled = true;
    job.resolve({ kind: "stopped" });
    if (job.sent && job.python) this.halt(job.python);
    return true;
  }

  /**
   * Block `key` has left the page (instant navigation): drop its waiting request, and let a
   * run in flight finish unseen if it is quick; one still going after `leaveGraceMs` is
   * stopped, so that it cannot hold up the next page. Ending a quick run would throw away a
   * booted Python for nothing.
   * @param {string} key
   */
  leave(key) {
    this.drop(key);
    const job = this.slots.get(key)?.running;
    if (!job || job.cancelled) return;
    job.resolve({ kind: "stopped" });
    if (!job.sent) {
      job.cancelled = true;
      return;
    }
    setTimeout(() => {
      if (this.running === job && !job.cancelled) this.stop(key);
    }, this.leaveGraceMs);
  }

  /**
   * Drop block `key`'s waiting request, if it has one (it ends as "stopped").
   * @param {string} key
   */
  drop(key) {
    const slot = this.slots.get(key);
    if (!slot?.waiting) return false;
    slot.waiting.resolve({ kind: "stopped" });
    slot.waiting = null;
    this.queue = this.queue.filter((k) => k !== key);
    return true;
  }

  /** @returns {void} */
  pump() {
    if (this.running) return;
    const key = this.queue.shift();
    if (key === undefined) return;
    const slot = this.slot(key);
    const job = slot.waiting;
    if (!job) return this.pump();
    slot.waiting = null;
    slot.running = job;
    this.running = job;
    this.execute(job).then((outcome) => {
      slot.running = null;
      this.running = null;
      job.resolve(outcome); // ignored if Stop already settled it
      this.pump();
    });
  }

  /**
   * @param {Job} job
   * @returns {Promise<Outcome>}
   */
  async execute(job) {
    let python;
    try {
      python = await this.boot();
    } catch (err) {
      const offline = err instanceof BootError && err.offline;
      return { kind: "boot-failed", message: err instanceof Error ? err.message : String(err), offline };
    }
    if (job.cancelled) return { kind: "stopped" }; // stopped while Python was starting
    job.sent = true;
    job.python = python;
    // Where Python cannot be interrupted, a spare boots beside a long run of a model this
    // worker has run before (a model's first run also imports it, which on a busy machine can
    // take seconds), so that a Stop finds the next Python ready.
    const imported = python.models.has(job.request.model);
    python.models.add(job.request.model);
    const warm = imported && !python.interruptible
      ? setTimeout(() => this.warmSpare(), this.spareAfterMs) : undefined;
    python.clearInterrupt();
    try {
      const reply = await python.request({ type: "run", request: job.request }, job.budgetMs);
      return { kind: "reply", reply: JSON.parse(reply.response), ms: reply.ms };
    } catch (err) {
      if (job.cancelled) return { kind: "stopped" };
      if (err instanceof WorkerError && err.kind === "timeout") {
        const ended = await this.halt(python);
        return { kind: "timeout", seconds: job.budgetMs / 1000, restarted: ended === "restarted" };
      }
      this.restart(python); // Python broke: this worker is done for
      return { kind: "crashed", message: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(warm);
    }
  }
}

// One runtime per page load; instant navigation keeps this module, so it is never duplicated.
export const runtime = new Runtime();
