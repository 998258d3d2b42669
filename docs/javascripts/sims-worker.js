// The module worker that runs Python: one Pyodide per page (Pyodide 314 refuses classic workers).
// Messages carry an id; every reply names it. The page terminates this worker to stop a run.
import { loadPyodide } from "../vendor/pyodide/pyodide.mjs";

const ROOT = new URL("../", import.meta.url);
let booting = null;

async function boot(wheel) {
  const started = performance.now();
  const pyodide = await loadPyodide({
    indexURL: new URL("vendor/pyodide/", ROOT).href,
    stdout: () => {},
    stderr: () => {},
  });
  // loadPackage reports failures through errorCallback and resolves anyway: collect and check.
  const errors = [];
  await pyodide.loadPackage(new URL(wheel, ROOT).href, {
    messageCallback: () => {},
    errorCallback: (message) => errors.push(message),
  });
  if (errors.length) throw new Error(`could not load the simulations: ${errors.join("; ")}`);
  const web = pyodide.pyimport("sims.web");
  return { handle: web.handle, bootMs: performance.now() - started, path: "boot" };
}

self.onmessage = async ({ data }) => {
  const { id, type } = data;
  try {
    booting ??= boot(data.wheel);
    const runtime = await booting;
    if (type === "boot") {
      postMessage({ id, ok: true, bootMs: runtime.bootMs, path: runtime.path });
    } else if (type === "run") {
      const started = performance.now();
      const response = runtime.handle(JSON.stringify(data.request));
      postMessage({ id, ok: true, response, ms: performance.now() - started });
    }
  } catch (err) {
    postMessage({ id, ok: false, error: String(err?.message ?? err) });
  }
};
