// Live charts: the model's own Vega-Lite specs drawn by vega-embed, loaded on first use.
// Vega runs in its CSP-safe mode (AST + interpreter, no Function()), themed to the palette.

const VENDOR = new URL("../vendor/vega/", import.meta.url);
let loading = null;

function script(name) {
  return new Promise((resolve, reject) => {
    const el = document.createElement("script");
    el.src = new URL(name, VENDOR).href;
    el.onload = resolve;
    el.onerror = () => reject(new Error(`could not load ${name}`));
    document.head.append(el);
  });
}

function load() {
  loading ??= (async () => {
    if (!globalThis.vega) await script("vega.min.js");
    if (!globalThis.vegaLite) await script("vega-lite.min.js");
    if (!globalThis.vegaEmbed) await script("vega-embed.min.js");
    const { expressionInterpreter } = await import(new URL("vega-interpreter.mjs", VENDOR).href);
    return { embed: globalThis.vegaEmbed, expr: expressionInterpreter };
  })();
  return loading;
}

function dark() {
  return document.body?.getAttribute("data-md-color-scheme") === "slate";
}

/** Draw `spec` into `element`; returns the vega View (finalize it before replacing). */
export async function draw(element, spec) {
  const { embed, expr } = await load();
  const responsive = { ...spec, width: "container", autosize: { type: "fit-x", contains: "padding" } };
  if (typeof spec.width === "object") delete responsive.width;
  const { view } = await embed(element, responsive, {
    renderer: "svg",
    actions: false,
    ast: true,
    expr,
    theme: dark() ? "dark" : undefined,
    defaultStyle: false,
    tooltip: false,
    config: dark() ? { background: null } : {},
  });
  return view;
}
