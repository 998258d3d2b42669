// @ts-check
// Accessibility fix to markup that mkdocs-material 9.8 creates in the browser (its static
// markup is fixed at build time by simsite/a11y.py). Each code block's copy button sits in
// its own unnamed <nav>: a page with several code blocks offers a screen reader a list of
// identical "navigation" landmarks. The button keeps its name; the wrapper stops being a landmark.
function fix() {
  for (const nav of document.querySelectorAll("nav.md-code__nav:not([role])")) nav.setAttribute("role", "none");
}

// The theme adds the buttons when it mounts a page, on first load and after instant navigation.
if (globalThis.document$) globalThis.document$.subscribe(fix);
else fix();
