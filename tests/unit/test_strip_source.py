"""The standard library's sources without docstrings and comments (simsite/strip_source.py):
the same program, every statement on its line, a third of the bytes gone."""

from __future__ import annotations

import ast
import inspect
import io
import json
import sysconfig
import tokenize
from pathlib import Path

import pytest

from simsite.strip_source import docstrings, strip

LIBRARY = Path(sysconfig.get_paths()["stdlib"])
SAMPLE = ["dataclasses.py", "enum.py", "json/__init__.py", "fractions.py", "tokenize.py"]


def program(tree: ast.Module) -> str:
    """The tree as Python runs it: docstrings dropped, a body they leave empty given ``pass``."""
    for doc, empty in docstrings(tree):
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and body[0] is doc:
                node.body = [ast.Pass()] if empty else body[1:]
    return ast.dump(tree)


def lines_of(tree: ast.Module) -> list[tuple[str, int]]:
    docs = {id(doc) for doc, _ in docstrings(tree)}
    return [(type(n).__name__, n.lineno) for n in ast.walk(tree)
            if isinstance(n, ast.stmt) and id(n) not in docs and not isinstance(n, ast.Pass)]


@pytest.mark.parametrize("name", SAMPLE)
def test_a_library_module_is_the_same_program_with_each_statement_on_its_line(name):
    source = (LIBRARY / name).read_text(encoding="utf-8")
    stripped = strip(source)
    before, after = ast.parse(source), ast.parse(stripped)
    assert program(ast.parse(source)) == program(after)
    assert docstrings(after) == [] or all(doc.lineno not in {d.lineno for d, _ in
                                          docstrings(before)} for doc, _ in docstrings(after))
    assert lines_of(before) == lines_of(after)
    assert stripped.count("\n") == source.count("\n")
    tokens = tokenize.generate_tokens(io.StringIO(stripped).readline)
    assert [t.string for t in tokens if t.type == tokenize.COMMENT and t.start[0] > 2] == []
    assert len(stripped) < 0.8 * len(source), f"{name}: {len(stripped)} of {len(source)}"


def test_what_is_kept_and_what_goes():
    source = inspect.cleandoc('''
        # -*- coding: utf-8 -*-
        """The module's docstring."""
        from __future__ import annotations

        URL = "http://example.org/#anchor"  # the comment goes, the string's # stays
        def only_a_docstring():
            """Nothing else."""
        class Documented:
            """A class.

            Over lines.
            """
            x = 1
        def one_line(): "stays: it shares the line with code"
        ''') + "\n"
    stripped = strip(source)
    assert stripped.splitlines() == [
        "# -*- coding: utf-8 -*-", "", "from __future__ import annotations", "",
        'URL = "http://example.org/#anchor"', "def only_a_docstring():", "    pass",
        "class Documented:", "", "", "", "", "    x = 1",
        'def one_line(): "stays: it shares the line with code"']
    namespace: dict = {}
    exec(compile(stripped, "stripped", "exec"), namespace)
    assert namespace["only_a_docstring"]() is None and namespace["Documented"].x == 1
    assert namespace["Documented"].__doc__ is None


def test_json_from_its_stripped_source_works_as_before():
    source = (LIBRARY / "json" / "encoder.py").read_text(encoding="utf-8")
    namespace: dict = {"__name__": "json.encoder"}
    exec(compile(strip(source), "encoder.py", "exec"), namespace)
    value = {"a": [1, 2.5, None, "é"], "b": {"c": True}}
    assert namespace["JSONEncoder"](sort_keys=True).encode(value) == json.dumps(value,
                                                                                sort_keys=True)


def test_a_summary_keeps_the_modules_first_line_and_nothing_else():
    source = '"""Arms race: two states.\n\nRichardson (1960).\n"""\ndef f():\n    """Doc."""\n'
    stripped = strip(source, summary=True)
    assert stripped.splitlines() == ["'Arms race: two states.'", "", "", "", "def f():", "    pass"]
    namespace: dict = {}
    exec(compile(stripped, "model", "exec"), namespace)
    assert namespace["__doc__"] == "Arms race: two states."
    assert namespace["f"].__doc__ is None
