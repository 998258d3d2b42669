// @ts-check
// Make a Pyodide memory snapshot with the sims wheel installed and every model imported, so a
// browser worker that boots from it pays for no import. Run by simsite/snapshot.py at build time:
//   node simsite/snapshot.mjs WHEEL_PATH OUT_PATH MODULE [MODULE ...]
// Uses Pyodide's private snapshot options (_makeSnapshot, makeMemorySnapshot); the snapshot only
// loads into the very same pyodide.asm.wasm, which the browser checks by its build id.
import { gzipSync } from "node:zlib";
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [wheel, out, ...modules] = process.argv.slice(2);
const pyodide = await loadPyodide({ _makeSnapshot: true, stdout: () => {}, stderr: () => {} });
// Install the wheel by unzipping it into site-packages from Python: loadPackage would leave
// JavaScript objects referenced from Python, which makeMemorySnapshot refuses.
pyodide.FS.writeFile("/tmp/sims.whl", new Uint8Array(readFileSync(wheel)));
pyodide.runPython(`
import site, zipfile
zipfile.ZipFile("/tmp/sims.whl").extractall(site.getsitepackages()[0])
${modules.map((m) => `import ${m}`).join("\n")}
`);
pyodide.FS.unlink("/tmp/sims.whl");
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(out, gzipSync(snapshot, { level: 6 }));
console.log(JSON.stringify({ raw: snapshot.length }));
