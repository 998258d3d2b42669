// @ts-check
// Which files of Pyodide's standard library the site's Python reads: run by simsite/stdlib.py
// at build time, on the full python_stdlib.zip, as a reader's worker would use it.
//   node simsite/stdlib.mjs WHEEL_PATH < plan.json > used.json
// plan.json is {requests: [sims.web.handle requests], imports: [module names]}; used.json is
// {files: the zip's entries that modules were imported from}. A request refused or failing is
// as good as one that runs: its error path is traced too (the build reports the blocks' own
// errors, in CPython).
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";
import { installWheel } from "../docs/javascripts/sims-install.js";

const plan = readFileSync(0, "utf8");
const pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
installWheel(pyodide, new Uint8Array(readFileSync(process.argv[2]))); // as the worker does
pyodide.pyimport("sims.web");
// An error that reaches JavaScript is formatted by Pyodide with Python's traceback module.
try { pyodide.runPython("raise ValueError('a probe of the error path')"); } catch { /* counted */ }
// Stop's interrupt, a KeyboardInterrupt raised from the buffer the page shares.
const interrupt = new Int32Array(new SharedArrayBuffer(4));
pyodide.setInterruptBuffer(interrupt);
interrupt[0] = 2;
try { pyodide.runPython("for _ in range(10**7): pass"); } catch { /* counted */ }
pyodide.globals.set("plan", plan);
process.stdout.write(pyodide.runPython(`
import importlib, json, sys
from sims import web

def _used(plan):
    plan = json.loads(plan)
    for request in plan["requests"]:
        web.handle(json.dumps(request))
    for name in plan["imports"]:
        importlib.import_module(name)
    try:
        1 / 0
    except ZeroDivisionError as err:  # how a model that raises is told
        web.model_failure("probe", err)
    prefix = sys.path[0] if sys.path[0].endswith(".zip") else "/lib/python314.zip"
    files = sorted({m.__file__[len(prefix) + 1:] for m in list(sys.modules.values())
                    if (getattr(m, "__file__", None) or "").startswith(prefix + "/")})
    return json.dumps({"files": files})
_used(plan)
`));
