// @ts-check
// The strategy editor: CodeMirror 6 with Python, bundled by esbuild when the site is built
// (simsite/assets.py) into vendor/codemirror/editor.mjs, and loaded by an editor block
// (docs/javascripts/sims-strategy.js) only when it is used or scrolled near.
//
// The page's policy allows no inline style. CodeMirror writes its own styles at run time: into
// a <style> element in a document (blocked), but into a constructed stylesheet adopted by a
// shadow root, which the policy does not govern. So the editor lives in a shadow root of its
// host, which adopts the site's own stylesheet for it (stylesheets/editor.css) too: fetched
// once for every editor of the page, in place before the editor's first paint, and after
// CodeMirror's rules (style-mod puts its own sheet first), so ours win a tie. The
// highlighting is by class names (tok-keyword, ...) that the stylesheet colours in the theme's
// code colours, light and dark.
//
// Keyboard: Tab indents, as in any code editor; Escape then Tab (or Shift+Tab) leaves the
// editor, as CodeMirror provides; Ctrl+Enter (Cmd+Enter) runs.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { EditorState, StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, drawSelection, keymap, lineNumbers } from "@codemirror/view";
import { classHighlighter } from "@lezer/highlight";

/**
 * @typedef {{line: number, column: number | null}} Mark where the code is at fault (from 1)
 * @typedef {{text(): string, set(text: string): void, mark(at: Mark | null): void,
 *   focus(): void, destroy(): void}} Editor
 */

/** @type {import("@codemirror/state").StateEffectType<Mark | null>} */
const setMark = StateEffect.define();
const errorLine = Decoration.line({ class: "cm-error-line" });
const errorAt = Decoration.mark({ class: "cm-error-at" });

/** The line (and character) at fault, until the code changes. */
const marks = StateField.define({
  create: () => Decoration.none,
  update(value, tr) {
    for (const effect of tr.effects) {
      if (!effect.is(setMark)) continue;
      const at = effect.value;
      if (!at || at.line > tr.state.doc.lines) return Decoration.none;
      const line = tr.state.doc.line(at.line);
      const ranges = [errorLine.range(line.from)];
      if (at.column) {
        const from = Math.min(line.from + at.column - 1, line.to);
        if (from < line.to) ranges.push(errorAt.range(from, from + 1));
      }
      return Decoration.set(ranges);
    }
    return tr.docChanged ? Decoration.none : value;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/**
 * Typing over a selection is done here, not by the browser: over text of several colours
 * chromium's own editing keeps the deleted text's look in a style attribute, which the page's
 * policy refuses (and reports).
 */
const typeOverSelection = EditorView.domEventHandlers({
  beforeinput(event, view) {
    if (event.inputType !== "insertText" || !event.data || view.state.selection.ranges.every((r) => r.empty)) {
      return false;
    }
    event.preventDefault();
    view.dispatch(view.state.replaceSelection(event.data), { scrollIntoView: true, userEvent: "input.type" });
    return true;
  },
});

/**
/** @type {Map<string, Promise<CSSStyleSheet>>} */
const stylesheets = new Map();

/**
 * The stylesheet at `url` as a constructed sheet, fetched once for the page.
 * @param {string} url
 * @returns {Promise<CSSStyleSheet>}
 */
export function editorStylesheet(url) {
  let sheet = stylesheets.get(url);
  if (!sheet) {
    sheet = fetch(url)
      .then((response) => {
        if (!response.ok) throw new Error(`the editor's stylesheet: HTTP ${response.status}`);
        return response.text();
      })
      .then((text) => new CSSStyleSheet().replace(text));
    sheet.catch(() => stylesheets.delete(url)); // a later editor tries again
    stylesheets.set(url, sheet);
  }
  return sheet;
}

/**
 * An editor in `host` (in a shadow root of its own, styled by `stylesheet`), holding `doc`.
 * @param {{host: HTMLElement, doc: string, label: string, stylesheet: CSSStyleSheet,
 *   onChange: (text: string) => void, onRun: () => void}} options
 * @returns {Editor}
 */
export function createEditor({ host, doc, label, stylesheet, onChange, onRun }) {
  const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  root.replaceChildren();
  root.adoptedStyleSheets = [stylesheet];
  const run = () => {
    onRun();
    return true;
  };
  const view = new EditorView({
    root,
    parent: root,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        indentUnit.of("    "),
        python(),
        syntaxHighlighting(classHighlighter),
        EditorView.lineWrapping,
        marks,
        typeOverSelection,
        keymap.of([{ key: "Mod-Enter", run, preventDefault: true }, indentWithTab,
          ...defaultKeymap, ...historyKeymap]),
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    text: () => view.state.doc.toString(),
    set(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    mark(at) {
      /** @type {import("@codemirror/state").TransactionSpec} */
      const spec = { effects: setMark.of(at) };
      if (at && at.line <= view.state.doc.lines) {
        const line = view.state.doc.line(at.line);
        const head = Math.min(line.from + Math.max((at.column ?? 1) - 1, 0), line.to);
        spec.selection = { anchor: head };
        spec.effects = [setMark.of(at), EditorView.scrollIntoView(head, { y: "nearest" })];
      }
      view.dispatch(spec);
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
