"""Python source without its docstrings and comments, line for line.

The standard library the site ships (:mod:`simsite.stdlib`) and the ``sims`` wheel
(:mod:`simsite.assets`) are on a first visit's critical path, and half of their bytes are
docstrings and comments, which the reader's Python never reads: Pyodide compiles the source
and runs it. Removing them is what ``python -OO`` does to docstrings (``__doc__`` is
``None``, a mode CPython's own test suite runs the library in), done to the source before it is
zipped, so a class or function left with no statement gets ``pass``.

Every other line stays where it was: a docstring becomes as many empty lines, a comment is cut
from its line. A traceback through the library still names the right line numbers. Left as
they are: a docstring sharing a line with other code, and the encoding declaration of the
first two lines (PEP 263).

For the standard library it runs in the Pyodide that made the trace (simsite/stdlib.mjs),
whose Python parses the syntax of its own library; any Python from 3.11 runs it on sources it
can parse, as the build's does on ``sims``.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

DOCUMENTED = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
CODING = re.compile(r"^[ \t\f]*#.*?coding[:=]")  # PEP 263


def docstrings(tree: ast.Module) -> list[tuple[ast.Expr, bool]]:
    """Each docstring statement of ``tree``, and whether its body would be empty without it."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, DOCUMENTED) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                found.append((first, len(node.body) == 1 and not isinstance(node, ast.Module)))
    return found


def _comments(source: str) -> dict[int, int]:
    """The line (from 1) and column of each comment of ``source``."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {t.start[0]: t.start[1] for t in tokens if t.type == tokenize.COMMENT}


def strip(source: str, *, summary: bool = False) -> str:
    """``source`` without docstrings and comments, each remaining line at its number. With
    ``summary``, the module's docstring keeps its first line (what ``sims.registry.describe``
    and the CLI's help read)."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    for doc, empty in sorted(docstrings(tree), key=lambda d: -d[0].lineno):
        first, last = lines[doc.lineno - 1], lines[doc.end_lineno - 1]
        before, after = first[:doc.col_offset], last[doc.end_col_offset:]
        if before.strip() or not (after.strip() == "" or after.lstrip().startswith("#")):
            continue  # on a line with other code
        kept = before + "pass" if empty else ""
        if summary and doc is tree.body[0]:
            kept = repr((doc.value.value.strip().splitlines() or [""])[0])
        blank = ["\n"] * (doc.end_lineno - doc.lineno)
        lines[doc.lineno - 1:doc.end_lineno] = [kept + "\n", *blank]
    text = "".join(lines)
    lines = text.splitlines(keepends=True)
    for number, column in _comments(text).items():
        line = lines[number - 1]
        if number <= 2 and CODING.match(line):
            continue
        ending = line[len(line.rstrip("\r\n")):]
        lines[number - 1] = line[:column].rstrip() + (ending or "")
    return "".join(lines)
