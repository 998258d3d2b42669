// The page's link to Python: one module worker running Pyodide, shared by every block on the
// page and kept across instant navigation. Runs are queued one at a time; a run longer than its
// budget, or a press on Stop, terminates the worker (interrupting Python would need cross-origin
// isolation, which GitHub Pages cannot give). So that the next run need not wait for a new boot,
// a run that is still going after SPARE_AFTER_MS starts a spare worker booting beside it; a stop
// then promotes the spare, and only a page without one boots afresh.

const WORKER_URL = new URL("sims-worker.js", import.meta.url);
const BOOT_TIMEOUT_MS = 120_000;
const SPARE_AFTER_MS = 1000; // the models' runs at their defaults take well under 0.1 s

export class Stopped extends Error {}

/** One worker and the requests it has not answered yet. */
class PythonWorker {
  constructor() {
    this.worker = new Worker(WORKER_URL, { type: "module" });
    this.pending = new Map(); // id -> {resolve, reject, timer}
    this.worker.onmessage = ({ data }) => this.settle(data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.failAll(new Error(event.message || "the Python worker could not start"));
    };
    this.ready = null; // the boot's promise of {bootMs, path, fallback}
  }

  settle(data) {
    const entry = this.pending.get(data.id);
    if (!entry) return;
    this.pending.delete(data.id);
    clearTimeout(entry.timer);
    if (data.ok) entry.resolve(data);
    else entry.reject(new Error(data.error));
  }

  failAll(error) {
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      entry.reject(error);
      this.pending.delete(id);
    }
  }

  terminate() {
    this.worker.terminate();
    this.failAll(new Stopped("stopped"));
  }
}

export class Runtime {
  constructor() {
    this.files = null; // {wheel, snapshot}: this build's URLs, relative to the site root
    this.nextId = 1;
    this.queue = Promise.resolve();
    this.state = "idle"; // idle | booting | ready | failed
    this.listeners = new Set();
    this.active = null; // the PythonWorker that runs the page's simulations
    this.spare = null; // one booting (or booted) beside it during a long run
  }

  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setState(state, detail = {}) {
    this.state = state;
    for (const listener of this.listeners) listener(state, detail);
  }

  spawn() {
    const python = new PythonWorker();
    python.ready = this.send(python, { type: "boot" }, BOOT_TIMEOUT_MS);
    python.ready.catch(() => {}); // reported through the state, by whoever awaits it
    return python;
  }

  /** The active worker, started (or promoted from the spare) if there is none. */
  activate(files) {
    this.files ??= files;
    if (this.active) return this.active;
    const python = this.spare ?? this.spawn();
    this.spare = null;
    this.active = python;
    this.setState("booting");
    python.ready.then(
      (info) => { if (this.active === python) this.setState("ready", info); },
      (err) => {
        if (this.active === python && !(err instanceof Stopped)) {
          this.setState("failed", { error: err.message });
        }
      },
    );
    return python;
  }

  /** Start Pyodide if it is not started yet; resolves when Python can run. */
  boot(files) {
    return this.activate(files).ready;
  }

  send(python, message, timeoutMs) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry = { resolve, reject, timer: null };
      if (timeoutMs) {
        entry.timer = setTimeout(() => {
          python.pending.delete(id);
          reject(new Error(`timed out after ${Math.round(timeoutMs / 1000)} s`));
          this.retire(python);
        }, timeoutMs);
      }
      python.pending.set(id, entry);
      python.worker.postMessage({ ...message, id, ...this.files });
    });
  }

  /** Terminate a worker; if it was the active one, go on with the spare or a fresh boot. */
  retire(python) {
    python.terminate();
    if (python === this.spare) this.spare = null;
    if (python !== this.active) return;
    this.active = null;
    this.setState("idle");
    if (this.files) this.boot(this.files).catch(() => {});
  }

  /** Stop whatever runs now (the reader pressed Stop). */
  restart() {
    if (this.active) this.retire(this.active);
  }

  warmSpare() {
    if (!this.spare && this.files) this.spare = this.spawn();
  }

  /**
   * Run a model: {model, params, seed} -> the parsed response {ok, result | error}.
   * Runs wait their turn; the budget counts only the run's own time, not the boot.
   */
  run(request, { files, budgetMs }) {
    const task = this.queue.then(async () => {
      const python = this.activate(files);
      await python.ready;
      if (python !== this.active) throw new Stopped("stopped");
      const warm = setTimeout(() => this.warmSpare(), SPARE_AFTER_MS);
      try {
        const reply = await this.send(python, { type: "run", request }, budgetMs);
        return { ...JSON.parse(reply.response), ms: reply.ms };
      } finally {
        clearTimeout(warm);
      }
    });
    this.queue = task.catch(() => {});
    return task;
  }
}

// One runtime per page load; instant navigation keeps this module, so it is never duplicated.
export const runtime = (globalThis.__simsRuntime ??= new Runtime());
