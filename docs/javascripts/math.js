// @ts-check
// Typeset the math that pymdownx.arithmatex marks up (class "arithmatex") with the site's own
// KaTeX, again after every instant-navigation page change. KaTeX (about 300 KB with its CSS)
// is fetched only by pages that have math.
const KATEX = new URL("../vendor/katex/", import.meta.url);
/** @type {Promise<unknown> | null} */
let loading = null;

/**
 * Add a <link> or <script> to the head; resolves when it has loaded.
 * @param {"link" | "script"} tag
 * @param {Partial<HTMLLinkElement & HTMLScriptElement>} attrs
 */
function add(tag, attrs) {
  return new Promise((resolve, reject) => {
    const el = Object.assign(document.createElement(tag), attrs, { onload: resolve, onerror: reject });
    document.head.append(el);
  });
}

function load() {
  loading ??= Promise.all([
    add("link", { rel: "stylesheet", href: new URL("katex.min.css", KATEX).href }),
    add("script", { src: new URL("katex.min.js", KATEX).href }).then(() =>
      add("script", { src: new URL("contrib/auto-render.min.js", KATEX).href })),
  ]);
  return loading;
}

async function typeset() {
  // arithmatex marks up math in <span> and <div>: HTML elements, never SVG or MathML.
  const nodes = /** @type {NodeListOf<HTMLElement>} */ (
    document.querySelectorAll(".arithmatex:not([data-typeset])"));
  if (!nodes.length) return;
  await load();
  const render = globalThis.renderMathInElement;
  if (!render) throw new Error("KaTeX's auto-render loaded but did not define renderMathInElement");
  for (const node of nodes) {
    node.dataset.typeset = "true";
    render(node, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    });
  }
}

if (globalThis.document$) globalThis.document$.subscribe(() => typeset());
else typeset();
