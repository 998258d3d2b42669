// The page's link to Python: one module worker running Pyodide, shared by every block on the
// page and kept across instant navigation. Runs are queued one at a time; a run longer than its
// budget, or a press on Stop, terminates the worker and starts a fresh one (interrupting Python
// would need cross-origin isolation, which GitHub Pages cannot give).

const WORKER_URL = new URL("sims-worker.js", import.meta.url);
const BOOT_TIMEOUT_MS = 120_000;

export class Stopped extends Error {}

export class Runtime {
  constructor() {
    this.worker = null;
    this.files = null; // {wheel, snapshot}: this build's URLs, relative to the site root
    this.nextId = 1;
    this.pending = new Map(); // id -> {resolve, reject, timer}
    this.queue = Promise.resolve();
    this.ready = null; // a promise of boot info, once booting has started
    this.state = "idle"; // idle | booting | ready | failed
    this.listeners = new Set();
    this.generation = 0; // bumps each time the worker is replaced
    this.current = null; // the id of the run now executing
  }

  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setState(state, detail = {}) {
    this.state = state;
    for (const listener of this.listeners) listener(state, detail);
  }

  /** Start Pyodide if it is not started yet; resolves when Python can run. */
  boot(files) {
    this.files ??= files;
    if (this.ready) return this.ready;
    this.setState("booting");
    this.worker = new Worker(WORKER_URL, { type: "module" });
    this.worker.onmessage = ({ data }) => this.settle(data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.failAll(new Error(event.message || "the Python worker could not start"));
    };
    const generation = this.generation;
    this.ready = this.send({ type: "boot" }, BOOT_TIMEOUT_MS).then(
      (info) => {
        if (generation === this.generation) this.setState("ready", info);
        return info;
      },
      (err) => {
        if (generation === this.generation && !(err instanceof Stopped)) {
          this.setState("failed", { error: err.message });
        }
        throw err;
      },
    );
    return this.ready;
  }

  send(message, timeoutMs) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry = { resolve, reject, timer: null };
      if (timeoutMs) {
        entry.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new Error(`timed out after ${Math.round(timeoutMs / 1000)} s`));
          this.restart();
        }, timeoutMs);
      }
      this.pending.set(id, entry);
      this.worker.postMessage({ ...message, id, ...this.files });
    });
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

  /** Terminate the worker (a run over budget, or Stop) and boot a fresh one at once. */
  restart() {
    this.generation += 1;
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    this.failAll(new Stopped("stopped"));
    this.setState("idle");
    if (this.files) this.boot(this.files).catch(() => {});
  }

  /**
   * Run a model: {model, params, seed} -> the parsed response {ok, result | error}.
   * Runs wait their turn; the budget counts only the run's own time, not the boot.
   */
  run(request, { files, budgetMs }) {
    const task = this.queue.then(async () => {
      await this.boot(files);
      const reply = await this.send({ type: "run", request }, budgetMs);
      return { ...JSON.parse(reply.response), ms: reply.ms };
    });
    this.queue = task.catch(() => {});
    return task;
  }
}

// One runtime per page load; instant navigation keeps this module, so it is never duplicated.
export const runtime = (globalThis.__simsRuntime ??= new Runtime());
