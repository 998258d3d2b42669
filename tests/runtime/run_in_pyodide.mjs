// @ts-check
// Run many simulation cases in Pyodide (the npm package the site ships) in one Node process.
//
//   node tests/runtime/run_in_pyodide.mjs WHEEL STDLIB_ZIP < cases.json > results.json
//
// WHEEL is the built `sims` wheel; it is unpacked into Pyodide's site-packages, as the browser's
// loadPackage does. STDLIB_ZIP is the standard library the site ships (simsite/stdlib.py). cases.json is a list of {model, params, seed}; the output is one entry per
// case, in order: {"json": Result.to_json()} or {"error": "ExceptionType: message"}, plus the
// Python version, the path `sims` was imported from and the entries of the standard library. A case {"request": {...}} is handed to
// the browser's entry point instead, sims.web.handle, and gives {"reply": its JSON text}.
// Offline: Pyodide loads from node_modules.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { loadPyodide } from "pyodide";

const RUNNER = `
import json
from sims import registry, web


def run_all(cases_json):
    out = []
    for case in json.loads(cases_json):
        if "request" in case:
            out.append({"reply": web.handle(json.dumps(case["request"]))})
            continue
        try:
            result = registry.run(case["model"], case["params"], case["seed"])
            out.append({"json": result.to_json()})
        except Exception as err:  # compared, not hidden: CPython must fail the same way
            out.append({"error": f"{type(err).__name__}: {err}"})
    return json.dumps(out)
`;

async function main() {
  const [wheel, stdLibURL] = process.argv.slice(2);
  if (!stdLibURL) throw new Error("usage: run_in_pyodide.mjs WHEEL STDLIB_ZIP < cases.json");
  const cases = readFileSync(0, "utf8");
  const pyodide = await loadPyodide({ stdLibURL, stdout: () => {}, stderr: (line) => process.stderr.write(`${line}\n`) });
  // unpackArchive wants a Uint8Array, not a Node Buffer, and extracts into the current
  // directory unless told where: site-packages, where the browser's loadPackage puts it.
  const extractDir = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir });
  pyodide.runPython(RUNNER);
  const started = performance.now();
  const results = JSON.parse(pyodide.globals.get("run_all")(cases));
  const ms = Math.round(performance.now() - started);
  const [python, sims, stdlib] = pyodide.runPython(`
import sys, sims, zipfile
[sys.version.split()[0], sims.__file__, len(zipfile.ZipFile("/lib/python314.zip").namelist())]
`).toJs();
  process.stdout.write(JSON.stringify({ python, sims, stdlib, wheel: basename(wheel), ms, results }));
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
