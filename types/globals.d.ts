// Globals the page modules use but do not import: the theme's, and those of the classic
// scripts that sims-charts.js adds to the page. Each is undefined until it is loaded.
declare global {
  /** mkdocs-material: emits on the first load and after every instant navigation. */
  var document$: { subscribe(next: () => void): unknown } | undefined;
  var vega: typeof import("vega") | undefined;
  var vegaLite: typeof import("vega-lite") | undefined;
  var vegaEmbed: typeof import("vega-embed").default | undefined;

  /** The Network Information API: chromium only, so not in TypeScript's DOM library. */
  interface Navigator {
    readonly connection?: { readonly saveData: boolean; readonly effectiveType: string };
  }
}

export {};
