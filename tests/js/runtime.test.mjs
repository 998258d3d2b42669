// The page's runtime (docs/javascripts/sims-runtime.js) under node, with a fake Worker that
// the test drives by hand: queueing, latest-wins, Stop scoping, budgets, boot failure, retry,
// and the two ways a run ends early (an interrupt where the page is isolated, else terminate).
import assert from "node:assert/strict";
import { test } from "node:test";

import { Runtime } from "../../docs/javascripts/sims-runtime.js";

const FILES = { wheel: "w.whl", stdlib: "p.zip", snapshot: "s.gz" };

/**
 * @typedef {{workers: FakeWorker[], boot: "ok" | "fail" | "hang",
 *   onBoot(worker: FakeWorker, message: any): void, runtime: Runtime}} World
 */

/** A worker whose replies the test gives; it records what it was sent. */
class FakeWorker {
  /** @param {World} home */
  constructor(home) {
    this.home = home;
    /** @type {any[]} */
    this.sent = [];
    this.terminated = false;
    /** @type {((event: {data: any}) => void) | null} */
    this.onmessage = null;
    /** @type {((event: {message?: string}) => void) | null} */
    this.onerror = null;
    home.workers.push(this);
  }

  /** @param {any} message */
  postMessage(message) {
    this.sent.push(message);
    if (message.type === "boot") this.home.onBoot(this, message);
  }

  terminate() {
    this.terminated = true;
  }

  /** @param {any} data */
  reply(data) {
    this.onmessage?.({ data });
  }

  /** Whether the page has asked Python to stop (Pyodide's interrupt buffer set to SIGINT). */
  interrupted() {
    const boot = this.sent.find((m) => m.type === "boot");
    /** @type {Int32Array | null} */
    const buffer = boot?.interruptBuffer ?? null;
    return buffer !== null && Atomics.load(buffer, 0) === 2;
  }

  /** Python raises KeyboardInterrupt in the run `message`, and answers the pings after it. */
  /** @param {any} message */
  raiseInterrupt(message) {
    this.reply({ id: message.id, ok: false, error: "KeyboardInterrupt" });
    for (const ping of this.sent.filter((m) => m.type === "ping")) this.reply({ id: ping.id, ok: true });
  }

  /** The run requests this worker got. */
  runs() {
    return this.sent.filter((m) => m.type === "run");
  }

  /** Answer the run with `id` as Python would, echoing its params. */
  /** @param {any} message */
  answer(message) {
    const response = JSON.stringify({ ok: true, values: message.request.params, view: {} });
    this.reply({ id: message.id, ok: true, response, ms: 3 });
  }
}

/** A page's world: its workers, how they boot, and a runtime using them. */
/**
 * @param {{boot?: "ok" | "fail" | "hang", online?: boolean, offlineCopy?: boolean,
 *   bootTimeoutMs?: number, isolated?: boolean}} [options] isolated: the page can share an
 *   interrupt buffer with Python (it is cross-origin isolated)
 * @returns {World}
 */
function world({ boot = "ok", online = true, offlineCopy = false, bootTimeoutMs = 1000,
  isolated = false } = {}) {
  /** @type {World} */
  const w = {
    workers: [],
    boot,
    runtime: /** @type {any} */ (null),
    onBoot(worker, message) {
      if (w.boot === "ok") queueMicrotask(() => worker.reply({ id: message.id, ok: true, path: "boot", bootMs: 5 }));
      else if (w.boot === "fail") queueMicrotask(() => worker.reply({ id: message.id, ok: false, error: "wasm download failed" }));
      // "hang": never answers
    },
  };
  w.runtime = new Runtime({
    createWorker: () => new FakeWorker(w),
    createInterruptBuffer: () => (isolated ? new Int32Array(new SharedArrayBuffer(4)) : null),
    interruptGraceMs: 50,
    bootTimeoutMs,
    spareAfterMs: 10_000,
    leaveGraceMs: 50,
    online: () => online,
    hasOfflineCopy: async () => offlineCopy,
  });
  return w;
}

/**
 * The values Python ran with, from an outcome that must be a reply.
 * @param {import("../../docs/javascripts/sims-runtime.js").Outcome} outcome
 */
function valuesOf(outcome) {
  assert.equal(outcome.kind, "reply");
  return outcome.kind === "reply" ? outcome.reply.values : undefined;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
/** @param {Record<string, unknown>} params */
const request = (params) => ({ model: "arms_race", params, seed: 0 });
const options = { files: FILES, budgetMs: 500 };

test("runs wait their turn: one in flight at a time, in the order asked", async () => {
  const w = world();
  const a = w.runtime.submit("a", request({ x: 1 }), options);
  const b = w.runtime.submit("b", request({ x: 2 }), options);
  await tick();
  const [worker] = w.workers;
  assert.equal(worker.runs().length, 1);
  worker.answer(worker.runs()[0]);
  assert.deepEqual(valuesOf(await a), { x: 1 });
  await tick();
  assert.equal(worker.runs().length, 2);
  worker.answer(worker.runs()[1]);
  assert.deepEqual(valuesOf(await b), { x: 2 });
  assert.equal(w.workers.length, 1);
});

test("latest wins: superseded requests never reach Python", async () => {
  const w = world();
  const first = w.runtime.submit("a", request({ x: 1 }), options);
  await tick();
  const [worker] = w.workers;
  // While x=1 runs, a drag asks for 2, 3, 4: only 4 may follow it.
  const outcomes = [2, 3, 4].map((x) => w.runtime.submit("a", request({ x }), options));
  worker.answer(worker.runs()[0]);
  assert.equal((await first).kind, "reply");
  assert.equal((await outcomes[0]).kind, "superseded");
  assert.equal((await outcomes[1]).kind, "superseded");
  await tick();
  assert.deepEqual(worker.runs().map((m) => m.request.params.x), [1, 4]);
  worker.answer(worker.runs()[1]);
  assert.deepEqual(valuesOf(await outcomes[2]), { x: 4 });
});

test("a newer request keeps its block's place in the queue", async () => {
  const w = world();
  w.runtime.submit("a", request({ x: 1 }), options);
  w.runtime.submit("b", request({ y: 1 }), options);
  w.runtime.submit("c", request({ z: 1 }), options);
  w.runtime.submit("b", request({ y: 2 }), options);
  await tick();
  const [worker] = w.workers;
  for (let i = 0; i < 3; i++) {
    worker.answer(worker.runs()[i]);
    await tick();
  }
  assert.deepEqual(worker.runs().map((m) => m.request.params), [{ x: 1 }, { y: 2 }, { z: 1 }]);
});

test("Stop on a queued block drops its request and leaves the running one alone", async () => {
  const w = world();
  const running = w.runtime.submit("a", request({ x: 1 }), options);
  const queued = w.runtime.submit("b", request({ y: 1 }), options);
  await tick();
  const [worker] = w.workers;
  assert.equal(w.runtime.stop("b"), true);
  assert.equal((await queued).kind, "stopped");
  assert.equal(worker.terminated, false);
  worker.answer(worker.runs()[0]);
  assert.equal((await running).kind, "reply");
  await tick();
  assert.equal(worker.runs().length, 1, "the stopped request is never sent");
});

test("Stop on the running block ends its run only; the others go on in a new Python", async () => {
  const w = world();
  const running = w.runtime.submit("a", request({ x: 1 }), options);
  const queued = w.runtime.submit("b", request({ y: 1 }), options);
  await tick();
  const [first] = w.workers;
  w.runtime.stop("a");
  assert.equal((await running).kind, "stopped");
  assert.equal(first.terminated, true);
  await tick();
  await tick();
  const second = w.workers[1];
  assert.ok(second, "Python is booted again at once");
  assert.deepEqual(second.runs().map((m) => m.request.params), [{ y: 1 }]);
  second.answer(second.runs()[0]);
  assert.equal((await queued).kind, "reply");
  assert.equal(w.runtime.busy("a"), false);
});

test("Stop before Python has booted sends nothing and does not kill the boot", async () => {
  const w = world({ boot: "hang" });
  const a = w.runtime.submit("a", request({ x: 1 }), options);
  const b = w.runtime.submit("b", request({ y: 1 }), options);
  await tick();
  w.runtime.stop("a");
  assert.equal((await a).kind, "stopped");
  const [worker] = w.workers;
  assert.equal(worker.terminated, false);
  worker.reply({ id: worker.sent[0].id, ok: true, path: "boot" });
  await tick();
  await tick();
  assert.deepEqual(worker.runs().map((m) => m.request.params), [{ y: 1 }]);
  worker.answer(worker.runs()[0]);
  assert.equal((await b).kind, "reply");
});

test("a block left by navigation drops its waiting request; a quick run finishes in the same Python", async () => {
  const w = world();
  const running = w.runtime.submit("a", request({ x: 1 }), options);
  await tick();
  const waiting = w.runtime.submit("a", request({ x: 2 }), options);
  const other = w.runtime.submit("b", request({ y: 1 }), options);
  w.runtime.leave("a");
  assert.equal((await running).kind, "stopped");
  assert.equal((await waiting).kind, "stopped");
  const [worker] = w.workers;
  worker.answer(worker.runs()[0]);
  await tick();
  assert.deepEqual(worker.runs().map((m) => m.request.params), [{ x: 1 }, { y: 1 }]);
  worker.answer(worker.runs()[1]);
  assert.equal((await other).kind, "reply");
  await new Promise((resolve) => setTimeout(resolve, 80)); // past the grace
  assert.equal(worker.terminated, false);
  assert.equal(w.workers.length, 1, "no second Python for a page change");
});

test("a long run left by navigation is stopped after the grace, so the next page is not held up", async () => {
  const w = world();
  w.runtime.submit("a", request({ x: 1 }), options);
  await tick();
  const next = w.runtime.submit("b", request({ y: 1 }), options);
  w.runtime.leave("a");
  const [first] = w.workers;
  assert.equal(first.terminated, false);
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.equal(first.terminated, true);
  await tick();
  await tick();
  const second = w.workers[1];
  assert.deepEqual(second.runs().map((m) => m.request.params), [{ y: 1 }]);
  second.answer(second.runs()[0]);
  assert.equal((await next).kind, "reply");
});

test("a block left while Python boots sends nothing", async () => {
  const w = world({ boot: "hang" });
  const a = w.runtime.submit("a", request({ x: 1 }), options);
  await tick();
  w.runtime.leave("a");
  assert.equal((await a).kind, "stopped");
  const [worker] = w.workers;
  worker.reply({ id: worker.sent[0].id, ok: true, path: "boot" });
  await tick();
  await tick();
  assert.equal(worker.runs().length, 0);
  assert.equal(worker.terminated, false);
});

test("a run past its budget is stopped, says so, and Python comes back", async () => {
  const w = world();
  const slow = w.runtime.submit("a", request({ x: 1 }), { files: FILES, budgetMs: 30 });
  const outcome = await slow;
  assert.deepEqual(outcome, { kind: "timeout", seconds: 0.03, restarted: true });
  assert.equal(w.workers[0].terminated, true);
  await tick();
  assert.equal(w.workers.length, 2);
  assert.equal(w.runtime.state, "ready");
});

test("Python failing during a run is reported as such, not as the reader's fault", async () => {
  const w = world();
  const run = w.runtime.submit("a", request({ x: 1 }), options);
  await tick();
  const [worker] = w.workers;
  worker.reply({ id: worker.runs()[0].id, ok: false, error: "RangeError: out of memory" });
  const outcome = await run;
  assert.equal(outcome.kind, "crashed");
  assert.match(outcome.message, /out of memory/);
  assert.equal(worker.terminated, true);
});

test("a failed boot is retried once, then reported, and never loops", async () => {
  const w = world({ boot: "fail" });
  /** @type {string[]} */
  const states = [];
  w.runtime.onChange((state) => states.push(state));
  const outcome = await w.runtime.submit("a", request({ x: 1 }), options);
  assert.equal(outcome.kind, "boot-failed");
  assert.equal(outcome.offline, false);
  assert.match(outcome.message, /wasm download failed/);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(w.workers.length, 2, "the first boot and one automatic retry");
  assert.ok(w.workers.every((worker) => worker.terminated));
  assert.equal(w.runtime.state, "failed");
  assert.deepEqual(states, ["booting", "failed"]);
});

test("a boot that never answers times out, is retried once, and stays down", async () => {
  const w = world({ boot: "hang", bootTimeoutMs: 20 });
  const outcome = await w.runtime.submit("a", request({ x: 1 }), options);
  assert.equal(outcome.kind, "boot-failed");
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(w.workers.length, 2);
});

test("a failed boot stands: later requests are told at once, nothing is downloaded again", async () => {
  const w = world({ boot: "fail" });
  await w.runtime.boot(FILES).catch(() => {}); // the page's own early start, on a fast link
  assert.equal(w.workers.length, 2);
  w.boot = "ok";
  const outcome = await w.runtime.submit("a", request({ x: 1 }), options);
  assert.equal(outcome.kind, "boot-failed");
  assert.match(outcome.kind === "boot-failed" ? outcome.message : "", /wasm download failed/);
  assert.equal(w.workers.length, 2, "no third download without the reader asking");
});

test("after a failed boot, Retry boots afresh and runs", async () => {
  const w = world({ boot: "fail" });
  assert.equal((await w.runtime.submit("a", request({ x: 1 }), options)).kind, "boot-failed");
  w.boot = "ok";
  w.runtime.retry();
  const again = w.runtime.submit("a", request({ x: 2 }), options);
  await tick();
  await tick();
  const worker = w.workers[2];
  worker.answer(worker.runs()[0]);
  assert.deepEqual(valuesOf(await again), { x: 2 });
  assert.equal(w.runtime.state, "ready");
});

test("offline with no copy of Python: nothing is downloaded, the reader is told", async () => {
  const w = world({ online: false, offlineCopy: false });
  const outcome = await w.runtime.submit("a", request({ x: 1 }), options);
  assert.deepEqual(outcome, { kind: "boot-failed", message: "offline", offline: true });
  assert.equal(w.workers.length, 0);
  assert.equal(w.runtime.state, "offline");
});

test("offline with a cached copy of Python: it boots", async () => {
  const w = world({ online: false, offlineCopy: true });
  const run = w.runtime.submit("a", request({ x: 1 }), options);
  await tick();
  await tick();
  const [worker] = w.workers;
  worker.answer(worker.runs()[0]);
  assert.equal((await run).kind, "reply");
});

test("a long run warms a spare that takes over after Stop, with no third worker", async () => {
  const w = world();
  w.runtime.spareAfterMs = 5;
  const first = w.runtime.submit("a", request({ x: 0 }), options); // a worker's first run
  await tick();
  w.workers[0].answer(w.workers[0].runs()[0]);
  await first;
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(w.workers.length, 1, "no spare for a worker's first run (it imports the model)");
  const other = w.runtime.submit("b", { model: "spiral", params: {}, seed: 0 }, options);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(w.workers.length, 1, "no spare for another model's first run (it imports that one)");
  w.workers[0].answer(w.workers[0].runs()[1]);
  await other;
  const run = w.runtime.submit("a", request({ x: 1 }), options);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(w.workers.length, 2, "the spare boots beside the long run");
  w.runtime.stop("a");
  assert.equal((await run).kind, "stopped");
  const next = w.runtime.submit("b", request({ y: 1 }), options);
  await tick();
  await tick();
  assert.equal(w.workers.length, 2);
  const spare = w.workers[1];
  spare.answer(spare.runs()[0]);
  assert.equal((await next).kind, "reply");
});

test("where Python can be interrupted, Stop interrupts it and the same Python runs on, with no spare", async () => {
  const w = world({ isolated: true });
  w.runtime.spareAfterMs = 5;
  const first = w.runtime.submit("a", request({ x: 0 }), options);
  await tick();
  const [python] = w.workers;
  python.answer(python.runs()[0]);
  await first;
  const run = w.runtime.submit("a", request({ x: 1 }), options); // a long run of a known model
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(w.workers.length, 1, "no spare: Stop will not need one");
  const next = w.runtime.submit("b", request({ y: 1 }), options);
  w.runtime.stop("a");
  assert.equal((await run).kind, "stopped");
  assert.ok(python.interrupted(), "Stop set the interrupt buffer");
  assert.equal(python.runs().length, 2, "the next run waits for the interrupt to land");
  python.raiseInterrupt(python.runs()[1]);
  await tick();
  await tick();
  assert.deepEqual(python.runs().map((m) => m.request.params), [{ x: 0 }, { x: 1 }, { y: 1 }]);
  assert.equal(python.interrupted(), false, "an old interrupt does not stop the next run");
  python.answer(python.runs()[2]);
  assert.deepEqual(valuesOf(await next), { y: 1 });
  assert.equal(python.terminated, false);
  assert.equal(w.workers.length, 1);
});

test("an interrupt Python never answers (the code caught it) ends in a new Python", async () => {
  const w = world({ isolated: true });
  const run = w.runtime.submit("a", request({ x: 1 }), options);
  await tick();
  const [python] = w.workers;
  w.runtime.stop("a");
  assert.equal((await run).kind, "stopped");
  await new Promise((resolve) => setTimeout(resolve, 80)); // past the grace, no answer
  assert.equal(python.terminated, true);
  const next = w.runtime.submit("b", request({ y: 1 }), options);
  await tick();
  await tick();
  const fresh = w.workers[1];
  fresh.answer(fresh.runs()[0]);
  assert.deepEqual(valuesOf(await next), { y: 1 });
});

test("where Python can be interrupted, a run past its budget is interrupted and Python is kept", async () => {
  const w = world({ isolated: true });
  const slow = w.runtime.submit("a", request({ x: 1 }), { files: FILES, budgetMs: 30 });
  await new Promise((resolve) => setTimeout(resolve, 40));
  const [python] = w.workers;
  assert.ok(python.interrupted());
  python.raiseInterrupt(python.runs()[0]);
  assert.deepEqual(await slow, { kind: "timeout", seconds: 0.03, restarted: false });
  assert.equal(python.terminated, false);
  assert.equal(w.workers.length, 1);
});

test("the download's progress (worker messages without an id) reaches the listeners while Python boots", async () => {
  const w = world({ boot: "hang" });
  /** @type {[string, Record<string, any>][]} */
  const seen = [];
  w.runtime.onChange((state, detail) => seen.push([state, detail]));
  w.runtime.submit("a", request({ x: 1 }), options);
  await tick();
  const [worker] = w.workers;
  const progress = { loaded: 1000, total: 4000, wire: 1500, downloading: true };
  worker.reply({ progress });
  assert.deepEqual(seen, [["booting", {}], ["booting", { progress }]]);
  const boot = worker.sent.find((m) => m.type === "boot");
  assert.equal(boot.wheel, FILES.wheel); // the worker is sent the files it boots from
});

test("progress from a worker that is not the one booting (a spare, once ready) is not reported", async () => {
  const w = world();
  const run = w.runtime.submit("a", request({ x: 1 }), options);
  await tick();
  const [worker] = w.workers;
  worker.answer(worker.runs()[0]);
  await run;
  /** @type {string[]} */
  const seen = [];
  w.runtime.onChange((state) => seen.push(state));
  worker.reply({ progress: { loaded: 1, total: 2, wire: 2, downloading: true } });
  assert.deepEqual(seen, []);
  assert.equal(w.runtime.state, "ready");
});

test("asked first (a slow link): nothing is downloaded until the reader agrees, then the run goes on", async () => {
  const w = world();
  w.runtime.askFirst = true;
  /** @type {[string, Record<string, any>][]} */
  const seen = [];
  w.runtime.onChange((state, detail) => seen.push([state, detail]));
  const download = { raw: 12_000_000, gzip: 4_300_000 };
  const run = w.runtime.submit("a", request({ x: 1 }), { ...options, files: { ...FILES, download } });
  const other = w.runtime.submit("b", request({ x: 2 }), options);
  await tick();
  await tick();
  assert.equal(w.workers.length, 0);
  assert.deepEqual(seen, [["asking", { download }]]);
  w.runtime.agree();
  await tick();
  await tick();
  const [worker] = w.workers;
  worker.answer(worker.runs()[0]);
  assert.deepEqual(valuesOf(await run), { x: 1 });
  await tick();
  worker.answer(worker.runs()[1]);
  assert.deepEqual(valuesOf(await other), { x: 2 });
  assert.equal(w.runtime.askFirst, false);
  assert.equal(w.workers.length, 1);
});

test("asked first, but the browser holds a copy of Python for offline use: no question", async () => {
  const w = world({ offlineCopy: true });
  w.runtime.askFirst = true;
  const run = w.runtime.submit("a", request({ x: 1 }), options);
  await tick();
  await tick();
  const [worker] = w.workers;
  worker.answer(worker.runs()[0]);
  assert.equal((await run).kind, "reply");
});
