// @ts-check
// Live charts: the model's own Vega-Lite specs drawn by vega-embed, loaded on first use.
// Vega runs in its CSP-safe mode (AST + interpreter, no Function()). The specs draw in the page's
// ink (currentColor, sims/charts.py), so one drawing suits either palette.

const VENDOR = new URL("../vendor/vega/", import.meta.url);
/**
 * @typedef {object} Library what drawing needs, once the chart library has loaded
 * @property {typeof import("vega-embed").default} embed
 * @property {typeof import("vega-interpreter").expressionInterpreter} expr
 */
/** @type {Promise<Library> | null} */
let loading = null;

/** @param {string} name a classic script in the vendored chart library */
function script(name) {
  return new Promise((resolve, reject) => {
    const el = document.createElement("script");
    el.src = new URL(name, VENDOR).href;
    el.onload = resolve;
    el.onerror = () => reject(new Error(`could not load ${name}`));
    document.head.append(el);
  });
}

/**
 * The global that one of the library's classic scripts defines, running the script first unless
 * an earlier page already has (instant navigation keeps the globals).
 * @template {"vega" | "vegaLite" | "vegaEmbed"} K
 * @param {K} name
 * @param {string} file
 * @returns {Promise<NonNullable<(typeof globalThis)[K]>>}
 */
async function library(name, file) {
  if (!globalThis[name]) await script(file);
  const value = globalThis[name];
  if (!value) throw new Error(`${file} did not define ${name}`);
  return value;
}

function load() {
  loading ??= (async () => {
    // In this order: vega-lite needs vega's global, vega-embed needs both.
    await library("vega", "vega.min.js");
    await library("vegaLite", "vega-lite.min.js");
    const embed = await library("vegaEmbed", "vega-embed.min.js");
    const url = new URL("vega-interpreter.mjs", VENDOR).href;
    const interpreter = /** @type {typeof import("vega-interpreter")} */ (await import(url));
    return { embed, expr: interpreter.expressionInterpreter };
  })();
  return loading;
}

/**
 * Draw `spec` into `element`; returns the vega View (finalize it before replacing). The chart
 * has the size the model gave it, as the build's static copy has: the page's styles scale
 * both alike, so a live chart takes the pre-rendered one's place without a jump.
 * @param {HTMLElement} element
 * @param {Record<string, unknown>} spec a Vega-Lite spec as the model's Python built it
 * @returns {Promise<import("vega").View>}
 */
export async function draw(element, spec) {
  const { embed, expr } = await load();
  const drawn = /** @type {import("vega-embed").VisualizationSpec} */ (spec);
  const { view } = await embed(element, drawn, {
    renderer: "svg",
    actions: false,
    ast: true,
    expr,
    defaultStyle: false,
    tooltip: false,
  });
  return view;
}

/**
 * Draw a chart's two layouts (as the model made it, and for a phone's column) aside, then swap
 * them into `target` at once, as the pre-rendered chart has them (charts.css shows the one that
 * fits): never an empty box, never a jump. Returns the vega Views (finalize them before
 * replacing); a chart that cannot be drawn says so in its place.
 * @param {{target: HTMLElement, wide: Record<string, any>, narrow: Record<string, any>}} place
 * @returns {Promise<import("vega").View[]>}
 */
export async function drawLayouts({ target, wide, narrow }) {
  const views = [];
  try {
    const drawings = [];
    for (const [layout, spec] of /** @type {const} */ ([["wide", wide], ["narrow", narrow]])) {
      const drawing = document.createElement("div");
      drawing.className = "sim-drawing";
      drawing.dataset.layout = layout;
      views.push(await draw(drawing, spec));
      drawings.push(drawing);
    }
    target.replaceChildren(...drawings);
  } catch (err) {
    target.textContent = `The chart could not be drawn (${err instanceof Error ? err.message : err}); the table below has its data.`;
  }
  return views;
}
