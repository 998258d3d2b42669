// @ts-check
// Places a live result in a block's output (all but its summary, which the block places in its
// result bar), in the markup simsite/render.py gives the pre-rendered one. Every string comes
// formatted from Python (sims/view.py): this module only puts text where it goes, in place, so
// the block keeps its size, the table keeps its open or closed state and focus stays where the
// reader left it.
import { el } from "./sims-controls.js";
import { placeReplay } from "./sims-replay.js";

/**
 * A part of a line of what ran (sims/view.py, used_line).
 * @typedef {{text: string, code?: string, setting?: boolean}} UsedPart
 */
/**
 * What Python's view model holds (sims/view.py).
 * @typedef {{summary: string, charts: Record<string, any>[], narrow_charts: Record<string, any>[],
 *   csv: string, table: {title: string, columns: string[], rows: string[][], open: boolean},
 *   used: UsedPart[], replay?: import("./sims-replay.js").Stage | null}} View
 */

/**
 * @param {ParentNode} root
 * @param {string} selector
 * @returns {HTMLElement}
 */
function find(root, selector) {
  const node = root.querySelector(selector);
  if (!(node instanceof HTMLElement)) throw new Error(`the block has no ${selector}`);
  return node;
}

/**
 * The chart targets of the output, one per chart of the view (figures added or removed to
 * match). Returns the elements to draw into.
 * @param {HTMLElement} output @param {View} view
 */
function chartTargets(output, view) {
  const box = find(output, ".sim-charts");
  const figures = [...box.querySelectorAll("figure.sim-chart")];
  for (const extra of figures.slice(view.charts.length)) extra.remove();
  return view.charts.map((spec, i) => {
    let figure = figures[i];
    if (!figure) {
      figure = el("figure", { class: "sim-chart" },
        el("div", { class: "sim-svg", role: "img", tabindex: "0" }), el("figcaption"));
      box.append(figure);
    }
    const target = find(figure, ".sim-svg");
    target.setAttribute("aria-label", spec.title ?? "Chart");
    find(figure, "figcaption").textContent = spec.description ?? "";
    return target;
  });
}

/** @param {HTMLElement} output @param {View} view */
function placeTable(output, view) {
  const { title, columns, rows } = view.table;
  find(output, ".sim-table > summary").textContent = `Table: ${title}`;
  find(output, ".sim-table-scroll").setAttribute("aria-label", title);
  find(output, ".sim-table thead").replaceChildren(
    el("tr", {}, ...columns.map((c) => el("th", { scope: "col", text: c }))));
  find(output, ".sim-table tbody").replaceChildren(
    ...rows.map(([name, ...cells]) => el("tr", {}, el("th", { scope: "row", text: name }),
      ...cells.map((cell) => el("td", { text: cell })))));
}

/**
 * A line of what ran, from Python's parts (sims/view.py, used_line): each part's text, then
 * its value as code if it has one, the two in a setting's span when it is one.
 * @param {HTMLElement} target @param {UsedPart[]} parts
 */
export function placeUsed(target, parts) {
  target.replaceChildren(...parts.flatMap((part) => {
    const nodes = part.code === undefined ? [part.text] : [part.text, el("code", { text: part.code })];
    return part.setting ? [el("span", { class: "sim-param" }, ...nodes)] : nodes;
  }));
}

/**
 * A chart's place and its two layouts: as the model made it, and for a phone's column.
 * @typedef {{target: HTMLElement, wide: Record<string, any>, narrow: Record<string, any>}} ChartPlace
 */

/**
 * Put `view` into `output`; returns the chart places (drawn by the caller).
 * The CSV link downloads `csvUrl` (made by the caller from view.csv); `settled` says that no
 * newer request is on its way (only then does a replay play).
 * @param {HTMLElement} output @param {View} view @param {string} csvUrl @param {boolean} settled
 * @returns {ChartPlace[]}
 */
export function place(output, view, csvUrl, settled) {
  placeReplay(output, view.replay, settled);
  placeTable(output, view);
  placeUsed(find(output, ".sim-used"), view.used);
  find(output, "a.sim-csv").setAttribute("href", csvUrl);
  output.dataset.live = "true";
  delete output.dataset.charts; // until these charts are drawn
  const targets = chartTargets(output, view);
  return targets.map((target, i) => ({ target, wide: view.charts[i], narrow: view.narrow_charts[i] }));
}
