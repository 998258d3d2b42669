// @ts-check
// Make a Pyodide memory snapshot with the sims wheel installed and every model imported, so a
// browser worker that boots from it pays for no import. Run by simsite/snapshot.py at build time:
//   node simsite/snapshot.mjs WHEEL_PATH STDLIB_ZIP OUT_PATH MODULE [MODULE ...]
// STDLIB_ZIP is the standard library the site ships (simsite/stdlib.py): the browser boots the
// snapshot with that zip, whose directory zipimport keeps in the snapshot's memory.
// Uses Pyodide's private snapshot options (_makeSnapshot, makeMemorySnapshot); the snapshot only
// loads into the very same pyodide.asm.wasm, which the browser checks by its build id.
import { gzipSync } from "node:zlib";
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";
import { installWheel } from "../docs/javascripts/sims-install.js";

const [wheel, stdLibURL, out, ...modules] = process.argv.slice(2);
const pyodide = await loadPyodide({ _makeSnapshot: true, stdLibURL, stdout: () => {}, stderr: () => {} });
installWheel(pyodide, new Uint8Array(readFileSync(wheel))); // as the worker does
// Each module is imported on its own: one that fails (a model importing what Pyodide lacks) is
// reported by its Python error, file and line (sims.failure), as JSON on stdout, exit code 3.
const failed = pyodide.runPython(`
def _import_each(modules):
    import importlib, json
    from sims.failure import failure
    failed = {}
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as err:
            failed[name] = failure(err)
    return json.dumps(failed) if failed else ""
_failed = _import_each(${JSON.stringify(modules)})
del _import_each
_failed
`);
pyodide.runPython("del _failed");
if (failed) {
  process.stdout.write(failed);
  process.exit(3);
}
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(out, gzipSync(snapshot, { level: 6 }));
console.log(JSON.stringify({ raw: snapshot.length }));
