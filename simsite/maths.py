"""Maths typeset when the site is built: every formula becomes KaTeX's HTML and MathML.

pymdownx.arithmatex (generic mode) finds the formulas of the Markdown (``$...$``, ``$$...$$``,
``\\(...\\)``, ``\\[...\\]``) and shields them from Markdown's other rules; each page's formulas
are then rendered by the pinned KaTeX in Node (``simsite/maths.mjs``: one process for the whole
build, fed a page at a time). A page needs no maths JavaScript, and instant navigation has
nothing to lose: KaTeX's stylesheet is linked from every page's head (``STYLESHEETS``).

KaTeX places its glyphs with inline ``style`` attributes, which the site's Content Security
Policy (``style-src 'self'``, no ``'unsafe-inline'``) refuses; each distinct style becomes a
class instead, and the rules of every class the build used are written to one stylesheet.

A formula KaTeX cannot read, or TeX left in the page's text (a ``$``, ``\\(`` or ``\\[``
outside code, which arithmatex did not see: inside raw HTML, or in a formula that Markdown
cut in two), is logged as an error naming the page and the line, which fails
``mkdocs build --strict``. A dollar before a digit (``$5``) is text; any other dollar sign that
is not maths is written ``&#36;``.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import logging
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from . import cache
from .assets import ROOT

log = logging.getLogger("mkdocs.plugins.simsite")
SCRIPT = Path(__file__).with_name("maths.mjs")
STYLE_SHEET = "stylesheets/maths.css"  # written by the build: the classes of KaTeX's styles
STYLESHEETS = ["vendor/katex/katex.min.css", STYLE_SHEET]  # linked from every page
# arithmatex's generic markup: the TeX, HTML-escaped, between \( \) or \[ \].
FORMULA = re.compile(r'<(?P<tag>span|div) class="arithmatex">'
                     r'(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])</(?P=tag)>', re.S)
START_TAG = re.compile(r"<[a-z][^>]*>")
STYLE_ATTR = re.compile(r' style="(?P<style>[^"]*)"')
CLASS_ATTR = re.compile(r' class="(?P<classes>[^"]*)"')
STRAY = re.compile(r"\\[()\[\]]|\$(?!\d)")
NOT_PROSE = {"pre", "code", "kbd", "samp", "script", "style"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class MathsError(RuntimeError):
    """KaTeX could not run at all: the build stops."""


class Maths:
    """The maths of one build: its KaTeX process and the styles its formulas use."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self.styles: dict[str, str] = {}  # class name -> the inline style it stands for

    def typeset(self, page_html: str, page: str, source: str) -> str:
        """``page_html`` with every formula typeset; problems are logged naming ``page`` and
        the line of ``source`` (the page's Markdown)."""
        for problem in stray_tex(FORMULA.sub("<br>", page_html)):
            log.error('%s: %sunrendered TeX in the text: "%s" (write maths as $...$ or '
                      '$$...$$, a dollar sign that is not maths as &#36;)', page,
                      _where(source, source.find(problem)), problem)
        matches = list(FORMULA.finditer(page_html))
        if not matches:
            return page_html
        formulas = [(html.unescape(m["inline"] if m["inline"] is not None else m["display"]),
                     m["display"] is not None) for m in matches]
        results = self._render(formulas)
        out, end, cursor = [], 0, 0
        for match, (tex, display), result in zip(matches, formulas, results, strict=True):
            found = source.find(tex.strip(), cursor)
            cursor = found + len(tex.strip()) if found >= 0 else cursor
            out.append(page_html[end:match.start()])
            end = match.end()
            if "error" in result:
                fence = "$$" if display else "$"
                log.error("%s: %sformula %s%s%s: %s", page, _where(source, found), fence,
                          " ".join(tex.split()), fence, result["error"])
                out.append(match[0])
                continue
            body = self._classes(result["html"])
            out.append(f'<{match["tag"]} class="arithmatex">{body}</{match["tag"]}>')
        return "".join(out) + page_html[end:]

    def _render(self, formulas: list[tuple[str, bool]]) -> list[dict[str, str]]:
        """KaTeX's result for each formula: kept from an earlier build (a formula typesets
        the same way until KaTeX changes), else typeset now."""
        keys = [f"katex {katex_version()} display={display} {tex}" for tex, display in formulas]
        results: list[dict[str, str] | None] = []
        for key in keys:
            kept = cache.get("maths", key)
            results.append(None if kept is None else {"html": kept})
        missing = [i for i, result in enumerate(results) if result is None]
        if missing:
            for i, result in zip(missing, self._typeset([formulas[i] for i in missing]),
                                 strict=True):
                results[i] = result
                if "html" in result:
                    cache.put("maths", keys[i], result["html"])
        return results

    def _typeset(self, formulas: list[tuple[str, bool]]) -> list[dict[str, str]]:
        if self._process is None:
            node = shutil.which("node")
            if node is None:
                raise MathsError("node is not installed; it is needed to typeset the maths")
            self._process = subprocess.Popen(
                [node, str(SCRIPT)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True, encoding="utf-8")
        assert self._process.stdin and self._process.stdout and self._process.stderr
        request = json.dumps([{"tex": tex, "display": display} for tex, display in formulas])
        try:
            self._process.stdin.write(request + "\n")
            self._process.stdin.flush()
        except BrokenPipeError:
            pass  # reported below, with what node said
        reply = self._process.stdout.readline()
        if not reply:
            said = self._process.stderr.read().strip().splitlines()  # node has exited
            raise MathsError(f"KaTeX (node {SCRIPT.name}) stopped: "
                             f"{said[-1] if said else 'no output'}")
        return json.loads(reply)

    def _classes(self, katex_html: str) -> str:
        """KaTeX's HTML with each inline style replaced by a class standing for it."""
        def swap(tag: re.Match) -> str:
            text = tag[0]
            style = STYLE_ATTR.search(text)
            if not style:
                return text
            name = "ks-" + hashlib.sha256(style["style"].encode()).hexdigest()[:10]
            if self.styles.setdefault(name, style["style"]) != style["style"]:
                raise MathsError(f"two KaTeX styles have the class name {name}")
            text = text[:style.start()] + text[style.end():]
            classes = CLASS_ATTR.search(text)
            if classes:
                return text[:classes.end() - 1] + " " + name + text[classes.end() - 1:]
            space = re.match(r"<[a-z]+", text).end()
            return f'{text[:space]} class="{name}"{text[space:]}'
        return START_TAG.sub(swap, katex_html)

    def stylesheet(self) -> str:
        """The CSS of every class made so far; ``!important`` gives each rule the precedence
        of the inline style it replaces."""
        rules = []
        for name, style in sorted(self.styles.items()):
            decls = ";".join(f"{d.strip()}!important" for d in style.split(";") if d.strip())
            rules.append(f".{name}{{{decls}}}")
        return ("/* Made by simsite/maths.py: KaTeX's inline styles as classes (the Content "
                "Security Policy refuses inline styles). */\n" + "\n".join(rules) + "\n")

    def write_stylesheet(self, site_dir: Path) -> None:
        path = site_dir / STYLE_SHEET
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.stylesheet(), encoding="utf-8")

    def close(self) -> None:
        """Stop the KaTeX process (a new build starts its own)."""
        if self._process is not None:
            self._process.communicate(timeout=30)  # closes its input: node's loop ends
            self._process = None


@functools.cache
def katex_version() -> str:
    """The version of the KaTeX that typesets (npm's copy)."""
    package = ROOT / "node_modules" / "katex" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def _where(source: str, index: int) -> str:
    """"line N: " for a position in the page's Markdown, or nothing if it is not there."""
    return f"line {source.count(chr(10), 0, index) + 1}: " if index >= 0 else ""


class _Prose(HTMLParser):
    """The text of a page's content outside code and simulation blocks, as lines that each
    stand as they are in the Markdown: every tag but a glossary term's <abbr> breaks a line
    (Markdown writes it as something else: ``*``, ``[...](...)``, an HTML block).

    A dollar sign written ``&#36;`` is not maths, so it breaks a line rather than joins one.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[tuple[str, bool]] = []  # the open elements, and whether each is skipped
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag != "abbr":
            self.text.append("\n")
        if tag not in VOID:
            classes = (dict(attrs).get("class") or "").split()
            self.open.append((tag, tag in NOT_PROSE or "sim" in classes))

    def handle_endtag(self, tag: str) -> None:
        if tag != "abbr":
            self.text.append("\n")
        if any(name == tag for name, _ in self.open):
            while self.open.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not any(skipped for _, skipped in self.open):
            self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        char = html.unescape(f"&#{name};")
        self.handle_data("\n" if char == "$" else char)


def stray_tex(page_html: str) -> list[str]:
    """Each line of the page's prose that holds TeX delimiters (``$``, ``\\(``, ``\\[``)."""
    prose = _Prose()
    prose.feed(page_html)
    prose.close()
    return [line.strip() for line in "".join(prose.text).splitlines() if STRAY.search(line)]
