// @ts-check
// The standard library's chosen sources without docstrings and comments: run by
// simsite/stdlib.py at build time, in the Pyodide whose library it is (its Python parses the
// syntax of its own modules; the build's may be older).
//   node simsite/strip.mjs STRIP_SOURCE_PY FULL_ZIP < names.json > sources.json
// names.json is [entries of FULL_ZIP]; sources.json is {entry: stripped text} for the .py ones.
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [module, zip] = process.argv.slice(2);
const pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
pyodide.FS.writeFile("/tmp/strip_source.py", readFileSync(module, "utf8"));
pyodide.FS.writeFile("/tmp/full.zip", new Uint8Array(readFileSync(zip)));
pyodide.globals.set("names", readFileSync(0, "utf8"));
process.stdout.write(pyodide.runPython(`
import json, sys, zipfile
sys.path.insert(0, "/tmp")
from strip_source import strip

def _stripped(names):
    with zipfile.ZipFile("/tmp/full.zip") as full:
        return json.dumps({name: strip(full.read(name).decode("utf-8"))
                           for name in json.loads(names) if name.endswith(".py")})
_stripped(names)
`));
