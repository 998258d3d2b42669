// @ts-check
// Fewer knobs at once: a block shows its first four controls; the rest sit behind a
// "More settings" disclosure, which opens by itself for a control that needs the reader (an
// error from Python, a value from a link).
import { el } from "./sims-controls.js";

/** Controls shown before "More settings". */
export const SHOWN = 4;

/**
 * Move the controls after the first `SHOWN` into a disclosure at the end of `form`.
 * @param {HTMLElement} form
 * @param {Map<string, import("./sims-controls.js").Control>} controls
 * @returns {(name: string) => void} opens the disclosure if control `name` is in it
 */
export function foldControls(form, controls) {
  const extra = [...controls].slice(SHOWN);
  if (!extra.length) return () => {};
  const body = el("div", { class: "sim-more-body" });
  for (const [, c] of extra) body.append(c.element);
  const details = /** @type {HTMLDetailsElement} */ (el("details", { class: "sim-more" },
    el("summary", { text: `More settings (${extra.length})` }), body));
  form.append(details);
  const inside = new Set(extra.map(([name]) => name));
  return (name) => {
    if (inside.has(name)) details.open = true;
  };
}
