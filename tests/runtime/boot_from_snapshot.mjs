// Boot Pyodide from a build's memory snapshot, as the browser's worker does, and run requests.
//
//   node tests/runtime/boot_from_snapshot.mjs SNAPSHOT.gz STDLIB_ZIP < requests.json > replies.json
//
// STDLIB_ZIP is the standard library the snapshot was made with (simsite/stdlib.py), as the
// worker passes it.
// requests.json is a list of sims.web.handle requests; the output is {"models": the registry's
// model ids, "files": whether the package's files exist, "replies": one parsed reply each}.
// A snapshot restores Python's memory but not the files the wheel unpacked, as in a browser.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";

const require = createRequire(import.meta.url);
const { loadPyodide } = require("pyodide");

const [snapshotPath, stdLibURL] = process.argv.slice(2);
const snapshot = new Uint8Array(gunzipSync(readFileSync(snapshotPath)));
const pyodide = await loadPyodide({ _loadSnapshot: snapshot, stdLibURL, stdout: () => {},
                                    stderr: (line) => process.stderr.write(`${line}\n`) });
pyodide.globals.set("requests", readFileSync(0, "utf8"));
process.stdout.write(pyodide.runPython(`
import json, os
import sims.models
from sims import registry, web
json.dumps({"models": registry.model_ids(),
            "files": os.path.isdir(sims.models.__path__[0]),
            "replies": [json.loads(web.handle(json.dumps(r))) for r in json.loads(requests)]})
`));
