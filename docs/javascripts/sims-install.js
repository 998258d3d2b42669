// @ts-check
// How the sims wheel goes into a booted Pyodide: unzipped into site-packages by Python's own
// zipfile, which Pyodide has imported by the time it has booted. One way for the reader's
// worker (sims-worker.js) and the build's Node steps (simsite/snapshot.mjs, simsite/stdlib.mjs),
// so the standard library the build ships is the one the worker needs. Not loadPackage: it
// imports email, importlib.metadata and tarfile to read the wheel's metadata (about 140 KB of
// the standard library a first visit would download), and it would leave JavaScript objects
// referenced from Python, which a memory snapshot refuses.

/**
 * @typedef {{FS: {writeFile(path: string, data: Uint8Array): void, unlink(path: string): void},
 *   runPython(code: string): unknown}} Python the part of a Pyodide this uses
 */

const WHEEL_PATH = "/tmp/sims.whl";

/**
 * Install the wheel's bytes; nothing is left in Python's globals.
 * @param {Python} pyodide @param {Uint8Array} wheel
 */
export function installWheel(pyodide, wheel) {
  pyodide.FS.writeFile(WHEEL_PATH, wheel);
  pyodide.runPython(`
def _install(path):
    import site, zipfile
    with zipfile.ZipFile(path) as wheel:
        wheel.extractall(site.getsitepackages()[0])
_install(${JSON.stringify(WHEEL_PATH)})
del _install
`);
  pyodide.FS.unlink(WHEEL_PATH);
}
