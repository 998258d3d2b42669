// The built site's copy of Pyodide (site/vendor/pyodide/pyodide.mjs) is the npm package's
// pyodide.mjs, so its types are the package's.
export * from "pyodide";
