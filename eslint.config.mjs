// @ts-check
// ESLint for every JavaScript file of the repository (tsc checks the same files for types).
// `no-undef` is off: which globals exist where (page, worker, service worker, Node) is decided
// by the tsconfig projects' libraries and types/*.d.ts, which report an unknown name as well.
import js from "@eslint/js";

export default [
  { ignores: ["site/", "site-*/", "node_modules/", ".venv/", ".cache/", "benchmarks/out/"] },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "no-undef": "off",
      eqeqeq: ["error", "smart"],
      "no-var": "error",
      "prefer-const": "error",
      "no-shadow": "error",
      "no-implicit-coercion": "error",
      "no-throw-literal": "error",
      "prefer-promise-reject-errors": "error",
    },
  },
];
