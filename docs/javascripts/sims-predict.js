// @ts-check
// Predict, then run: a block whose fence declares `predict:` (simsite/predict.py) asks its
// question first. Until the reader commits a choice or presses "Just show me", the block's
// controls, result and the "What you should have seen" paragraph after it are hidden (on
// screen only: print and a page without JavaScript show everything, sims-predict.css); then
// they are revealed with the verdict the build wrote for that choice. Every sentence of it
// comes from the build; this module only places it.
//
// Observable from outside: the block's `data-predict` (pending, done), the claim paragraph's
// `data-predict-pending`, the verdict's `data-verdict` (right, wrong, shown).
import { el } from "./sims-controls.js";

/**
 * A block's prediction as the build gives it (simsite/predict.py, config).
 * @typedef {{question: string, choices: [string, string][], answer: string,
 *   verdicts: Record<string, string>, shown: string}} Predict
 */

const CLAIM = "What you should have seen.";

/** @type {Map<string, string>} each block's committed choice ("" for "Just show me"), kept
 * for the visit: instant navigation keeps this module, a reload starts afresh */
const chosen = new Map();

/**
 * The "What you should have seen" paragraph that follows a block, before the next heading.
 * @param {HTMLElement} root
 * @returns {HTMLElement | null}
 */
export function claimAfter(root) {
  for (let node = root.nextElementSibling; node; node = node.nextElementSibling) {
    if (/^H[1-6]$/.test(node.tagName)) return null;
    const lead = node.firstElementChild;
    if (node.tagName === "P" && lead?.tagName === "STRONG" && lead.textContent?.trim() === CLAIM
      && node instanceof HTMLElement) return node;
  }
  return null;
}

/**
 * Ask the block's question, if it has one.
 * @param {HTMLElement} root the block
 * @param {Predict | null | undefined} predict
 * @param {string} key the block's page and id
 * @param {boolean} answered the settings came from a link: the question is not asked
 */
export function mountPrediction(root, predict, key, answered) {
  const box = root.querySelector(".sim-predict");
  if (!predict || !box) return;
  const claim = claimAfter(root);
  const name = `${root.id}-predict`;
  const fieldset = el("fieldset", {}, el("legend", { text: predict.question }));
  for (const [i, [value, label]] of predict.choices.entries()) {
    fieldset.append(el("div", { class: "sim-check" },
      el("input", { type: "radio", name, id: `${name}-${i}`, value, required: true }),
      el("label", { for: `${name}-${i}`, text: label })));
  }
  const skip = el("button", { type: "button", class: "md-button sim-predict-skip", text: "Just show me" });
  const form = el("form", { class: "sim-predict-form" },
    el("p", { class: "sim-predict-lead", text: "Predict first, then see the result." }), fieldset,
    el("div", { class: "sim-buttons" },
      el("button", { type: "submit", class: "md-button md-button--primary sim-predict-check", text: "Check my prediction" }),
      skip));
  const verdict = el("p", { class: "sim-predict-verdict", tabindex: "-1", hidden: true });
  box.append(form, verdict);

  /** @param {string} choice @param {boolean} focus */
  const reveal = (choice, focus) => {
    chosen.set(key, choice);
    root.dataset.predict = "done";
    claim?.removeAttribute("data-predict-pending");
    form.hidden = true;
    verdict.textContent = choice ? predict.verdicts[choice] : predict.shown;
    verdict.dataset.verdict = !choice ? "shown" : choice === predict.answer ? "right" : "wrong";
    verdict.hidden = false;
    // Focus carries the reader to the verdict, which a screen reader then reads, once.
    if (focus) verdict.focus();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const picked = /** @type {HTMLInputElement | null} */ (form.querySelector("input:checked"));
    if (picked) reveal(picked.value, true);
  });
  skip.addEventListener("click", () => reveal("", true));

  const before = chosen.get(key);
  if (before !== undefined) reveal(before, false);
  else if (answered) reveal("", false);
  else {
    root.dataset.predict = "pending";
    claim?.setAttribute("data-predict-pending", "");
  }
}
