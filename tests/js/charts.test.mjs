// @ts-check
// The page's charts are the model's own Vega-Lite specs, made as wide as the page
// (docs/javascripts/sims-charts.js). Checked through Vega-Lite's own compiler, the same version
// the site ships: what matters is the chart Vega draws, not the shape of the spec.
import assert from "node:assert/strict";
import { test } from "node:test";

import { compile } from "vega-lite";

import { responsive } from "../../docs/javascripts/sims-charts.js";

const VALUES = [{ a: "x", b: "u", v: 1 }, { a: "y", b: "u", v: 2 }];

/**
 * Warnings Vega-Lite gives while compiling `spec`, the Vega spec, and its signal for the width.
 * @param {Record<string, unknown>} spec
 */
function compiled(spec) {
  /** @type {string[]} */
  const warnings = [];
  const logger = {
    level() { return logger; },
    warn(/** @type {unknown[]} */ ...message) { warnings.push(message.join(" ")); return logger; },
    info() { return logger; },
    debug() { return logger; },
    error(/** @type {unknown[]} */ ...message) { throw new Error(message.join(" ")); },
  };
  // The models' specs are plain JSON to JavaScript; Vega-Lite's types describe what it accepts.
  const vl = /** @type {import("vega-lite").TopLevelSpec} */ (/** @type {unknown} */ (spec));
  const vega = compile(vl, { logger }).spec;
  const width = vega.signals?.find((signal) => signal.name === "width");
  return { warnings, vega, width };
}

test("a chart with a continuous width follows its container", () => {
  // The line and area charts of sims/charts.py: a fixed width for the static copy.
  const spec = {
    data: { values: VALUES }, width: 640, height: 260, mark: "line",
    encoding: { x: { field: "v", type: "quantitative" }, y: { field: "v", type: "quantitative" } },
  };
  const before = structuredClone(spec);
  const { warnings, vega, width } = compiled(responsive(spec));
  assert.deepEqual(warnings, []);
  assert.deepEqual(vega.autosize, { type: "fit-x", contains: "padding" });
  assert.match(JSON.stringify(width), /containerSize\(\)\[0\]/);
  assert.deepEqual(spec, before, "the model's spec is left as it was");
});

test("a heatmap keeps its own cell width, as in the static chart", () => {
  // sims/charts.py heatmap: 40 px per column, 26 px per row.
  const spec = {
    data: { values: VALUES }, width: { step: 40 }, height: { step: 26 }, mark: "rect",
    encoding: {
      x: { field: "a", type: "nominal" }, y: { field: "b", type: "nominal" },
      color: { field: "v", type: "quantitative" },
    },
  };
  const { warnings, vega } = compiled(responsive(spec));
  assert.deepEqual(warnings, [], "Vega-Lite drops nothing it was asked for");
  assert.deepEqual(vega.signals?.find((signal) => signal.name === "x_step"), { name: "x_step", value: 40 });
});
