// @ts-check
// A block's controls, built from the model's parameter spec (sims/spec.py, Param.to_dict).
// A control reads what the reader set, raw (the text of a number field, not a number: Python
// alone coerces and validates), and writes back the value Python says it ran with.

/**
 * One parameter as the spec describes it.
 * @typedef {{name: string, kind: "number" | "integer" | "boolean" | "choice" | "choices",
 *   label: string, help: string, default: unknown, min?: number, max?: number, step?: number,
 *   choices?: string[], choice_labels?: string[], min_items?: number}} Param
 */
/**
 * @typedef {{element: HTMLElement, read: () => unknown, write: (value: unknown) => void,
 *   changed: () => boolean, showError: (message: string | null) => void}} Control
 */
/** How a control tells its block that the reader changed it. */
/** @typedef {(name: string) => void} OnChange */

/**
 * Create an element with attributes (`text` sets its text) and children.
 * @param {string} tag
 * @param {Record<string, string | number | boolean | null | undefined>} [attrs]
 * @param {(Node | string)[]} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (key === "text") node.textContent = String(value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  node.append(...children);
  return node;
}

/** @param {HTMLElement} node @param {string} selector */
function inputs(node, selector) {
  return /** @type {HTMLInputElement[]} */ ([...node.querySelectorAll(selector)]);
}

/**
 * The value a control writes, as the text an input holds. Python's values are JSON: numbers,
 * strings, booleans and lists of strings.
 * @param {unknown} value
 */
function asText(value) {
  return Array.isArray(value) ? value.join(",") : String(value);
}

/**
 * A slider with an exact-value field beside it. The slider moves in the spec's steps; the
 * field takes any text, which Python judges.
 * @param {Param} param @param {string} id @param {OnChange} onChange
 */
function numberControl(param, id, onChange) {
  const common = { min: param.min, max: param.max, step: param.step };
  const slider = /** @type {HTMLInputElement} */ (el("input", { type: "range", id, ...common }));
  const field = /** @type {HTMLInputElement} */ (el("input", {
    type: "number", id: `${id}-value`, class: "sim-number", ...common,
    "aria-label": `${param.label} (exact value)`,
  }));
  // A screen reader hears the slider's exact value (its text, as the field shows it).
  const speak = () => slider.setAttribute("aria-valuetext", slider.value);
  slider.addEventListener("input", () => {
    field.value = slider.value;
    speak();
    onChange(param.name);
  });
  field.addEventListener("change", () => {
    slider.value = field.value; // the browser keeps a slider within its range by itself
    speak();
    onChange(param.name);
  });
  const element = el("div", {}, el("label", { for: id, text: param.label }),
    el("div", { class: "sim-slider" }, slider, field));
  return {
    element,
    fields: [slider, field],
    read: () => field.value,
    /** @param {unknown} value */
    write: (value) => {
      field.value = slider.value = asText(value);
      speak();
    },
  };
}

/** @param {Param} param @param {string} id @param {OnChange} onChange */
function booleanControl(param, id, onChange) {
  const box = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", id }));
  box.addEventListener("change", () => onChange(param.name));
  return {
    element: el("div", { class: "sim-check" }, box, el("label", { for: id, text: param.label })),
    fields: [box],
    read: () => box.checked,
    /** @param {unknown} value */
    write: (value) => {
      box.checked = value === true;
    },
  };
}

/** @param {Param} param @param {string} id @param {OnChange} onChange */
function choiceControl(param, id, onChange) {
  const select = /** @type {HTMLSelectElement} */ (el("select", { id }));
  const labels = param.choice_labels ?? [];
  (param.choices ?? []).forEach((value, i) => select.append(el("option", { value, text: labels[i] ?? value })));
  select.addEventListener("change", () => onChange(param.name));
  return {
    element: el("div", {}, el("label", { for: id, text: param.label }), select),
    fields: [select],
    read: () => select.value,
    /** @param {unknown} value */
    write: (value) => {
      select.value = String(value);
    },
  };
}

/** @param {Param} param @param {string} id @param {OnChange} onChange */
function choicesControl(param, id, onChange) {
  const fieldset = el("fieldset", {}, el("legend", { text: param.label }));
  const labels = param.choice_labels ?? [];
  for (const [i, value] of (param.choices ?? []).entries()) {
    const box = el("input", { type: "checkbox", id: `${id}-${value}`, value });
    box.addEventListener("change", () => onChange(param.name));
    fieldset.append(el("div", { class: "sim-check" }, box,
      el("label", { for: `${id}-${value}`, text: labels[i] ?? value })));
  }
  const boxes = inputs(fieldset, "input[type=checkbox]");
  // The order of a list can matter to a model (a tournament's random draws follow it): keep
  // the order Python ran with, and add newly ticked items after it.
  /** @type {string[]} */
  let order = [];
  return {
    element: fieldset,
    fields: [fieldset, ...boxes],
    read: () => {
      const ticked = boxes.filter((b) => b.checked).map((b) => b.value);
      return [...order.filter((v) => ticked.includes(v)), ...ticked.filter((v) => !order.includes(v))];
    },
    /** @param {unknown} value */
    write: (value) => {
      order = Array.isArray(value) ? value.map(String) : [];
      for (const b of boxes) b.checked = order.includes(b.value);
    },
  };
}

const BUILDERS = {
  number: numberControl,
  integer: numberControl,
  boolean: booleanControl,
  choice: choiceControl,
  choices: choicesControl,
};

/**
 * The control of one parameter: its widget, help text and a place for Python's error message.
 * @param {Param} param
 * @param {string} id the id of its first input
 * @param {OnChange} onChange
 * @returns {Control}
 */
export function control(param, id, onChange) {
  // Touched by the reader since Python's values were last written in: then the control's
  // value is the reader's, even if it is back where it was written (a drag out and back).
  let touched = false;
  const { element, fields, read, write } = BUILDERS[param.kind](param, id, (name) => {
    touched = true;
    onChange(name);
  });
  const help = el("p", { class: "sim-help", id: `${id}-help`, text: param.help });
  const error = el("p", { class: "sim-error", id: `${id}-error`, hidden: true });
  for (const field of fields) field.setAttribute("aria-describedby", `${id}-help ${id}-error`);
  const wrap = el("div", { class: `sim-control sim-${param.kind}`, "data-param": param.name },
    element, help, error);
  return {
    element: wrap,
    read,
    write(value) {
      write(value);
      touched = false;
    },
    /** Whether the reader has changed it since it was last written. */
    changed: () => touched,
    showError(message) {
      error.textContent = message ?? "";
      error.hidden = message == null;
      for (const field of fields) {
        if (message == null) field.removeAttribute("aria-invalid");
        else field.setAttribute("aria-invalid", "true");
      }
    },
  };
}
