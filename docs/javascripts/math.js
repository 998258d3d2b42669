// Typeset the math that pymdownx.arithmatex marks up (class "arithmatex") with the site's own
// KaTeX, again after every instant-navigation page change.
function typeset() {
  for (const node of document.querySelectorAll(".arithmatex")) {
    if (node.dataset.typeset) continue;
    node.dataset.typeset = "true";
    renderMathInElement(node, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    });
  }
}

if (window.document$) window.document$.subscribe(typeset);
else document.addEventListener("DOMContentLoaded", typeset);
