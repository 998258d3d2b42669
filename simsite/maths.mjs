// @ts-check
// Typeset formulas with the pinned KaTeX, for simsite/maths.py: one process per build, fed over
// stdin. Each input line is a JSON list of formulas, [{"tex": "...", "display": true}, ...]; each
// output line is the list of their results in the same order, {"html": "..."} or
// {"error": "..."}. The HTML carries MathML for screen readers beside KaTeX's visual HTML.
import { createInterface } from "node:readline";
import katex from "katex";

/** @param {{tex: string, display: boolean}} formula */
function typeset({ tex, display }) {
  try {
    return {
      html: katex.renderToString(tex, {
        displayMode: display,
        output: "htmlAndMathml",
        throwOnError: true,
        strict: "error", // what KaTeX would only warn about (LaTeX-incompatible input) fails too
      }),
    };
  } catch (err) {
    if (!(err instanceof katex.ParseError)) throw err;
    // rawMessage: without KaTeX's copy of the TeX, whose underlining is unreadable in a log.
    const where = Number.isInteger(err.position) ? `, at character ${err.position + 1}` : "";
    return { error: `KaTeX: ${err.rawMessage}${where}` };
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  process.stdout.write(JSON.stringify(JSON.parse(line).map(typeset)) + "\n");
}
