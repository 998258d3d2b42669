"""Every failure of a sim block is a located build error: page, block line, model file and line.

Each test writes its own models into a temporary folder (``SIMS_EXTRA_MODELS``) and a page
whose block sits at a known line, and checks the exact line `mkdocs build --strict` prints. A
build that fails makes no Pyodide snapshot, so these take seconds.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from simsite.assets import EXTRA_MODELS
from tests.helpers import MKDOCS, ROOT, build, site_config
from tests.site.test_build import make_docs

MODEL = '''"""A test model whose run is ``VALUE``."""

from sims.result import Result, Table
from sims.spec import Spec, number

TITLE = "Test model"
SPEC = Spec((number("x", DEFAULT, 0, 10, "X", "A number."),))


def run(params, seed):
    value = VALUE
    return Result("NAME", params, seed, f"The value is {value}.",
                  tables=[Table("values", "Values", ["value"], [[value]])])
'''
PAGE = "# A page\n\nSome prose.\n\n"  # a block after it starts at line 5


def model(name: str, value: str, default: str = "1", first_line: str = "") -> str:
    return first_line + MODEL.replace("VALUE", value).replace("DEFAULT", default) \
        .replace("NAME", name)


def line_of(text: str, piece: str) -> int:
    """The line (from 1) of ``text`` where ``piece`` is."""
    return text[:text.index(piece)].count("\n") + 1


def build_site(tmp_path: Path, pages: dict[str, str], models: dict[str, str]):
    folder = tmp_path / "models"
    folder.mkdir()
    for name, text in models.items():
        (folder / f"{name}.py").write_text(text)
    docs = make_docs(tmp_path, pages)
    done = build(docs, tmp_path / "site", nav=[p for p in pages if "/" not in p],
                 env={EXTRA_MODELS: str(folder)})
    return done, docs, folder


def errors(done) -> list[str]:
    """The build's error lines, without MkDocs' level prefix."""
    return [line.removeprefix("ERROR   -  ") for line in done.stderr.splitlines()
            if line.startswith("ERROR")]


def failing_block(tmp_path, value: str):
    """A page with one block of a model whose run computes ``value``, built; the build fails."""
    text = model("m1", value)
    done, docs, models = build_site(tmp_path, {"p.md": PAGE + "```sim\nmodel: m1\n```\n"},
                                    {"m1": text})
    assert done.returncode != 0
    return done, docs, models, text


def test_a_model_that_raises_fails_the_build_at_the_block_and_the_models_line(tmp_path):
    done, docs, models, text = failing_block(tmp_path, "1 / (params['x'] - 1)")
    assert errors(done) == [
        f'{docs / "p.md"}:5: block "sim-1" (model m1): ZeroDivisionError: float division by '
        f'zero ({models / "m1.py"}, line {line_of(text, "value = ")})']
    html = (tmp_path / "site" / "p" / "index.html").read_text()
    box = re.search(r'<div class="admonition failure sim-broken" role="alert">.*?</div>', html)
    assert box and "ZeroDivisionError: float division by zero" in box[0]
    assert "model: m1" not in html  # not the block's YAML shown as text


def test_a_nan_in_a_result_is_an_error_with_the_path_to_the_value(tmp_path):
    done, docs, models, text = failing_block(tmp_path, "float('nan')")
    assert errors(done) == [
        f'{docs / "p.md"}:5: block "sim-1" (model m1): ValueError: a result holds a '
        f'non-finite number: nan (at tables[0].rows[0][0]), returned by run() '
        f'({models / "m1.py"}, line {line_of(text, "def run(")})']


def test_every_preset_runs_at_build_time_and_each_failure_is_its_own_line(tmp_path):
    """The block's own settings work; two presets crash; a second page fails too."""
    text = model("m1", "1 / (params['x'] - 2) + 1 / (params['x'] - 3)")
    block = ("```sim\nmodel: m1\npresets:\n  - label: Fine\n    params: {x: 5}\n"
             "  - label: Two\n    params: {x: 2}\n  - label: Three\n    params: {x: 3}\n```\n")
    done, docs, models = build_site(
        tmp_path, {"p.md": PAGE + block, "q.md": "# Q\n\n```sim\nmodel: m1\nparams: {x: 3}\n```\n"},
        {"m1": text})
    assert done.returncode != 0
    at = f'({models / "m1.py"}, line {line_of(text, "value = ")})'
    assert errors(done) == [
        f'{docs / "p.md"}:5: block "sim-1" (model m1, preset "Two"): ZeroDivisionError: '
        f'float division by zero {at}',
        f'{docs / "p.md"}:5: block "sim-1" (model m1, preset "Three"): ZeroDivisionError: '
        f'float division by zero {at}',
        f'{docs / "q.md"}:3: block "sim-1" (model m1): ZeroDivisionError: float division by '
        f'zero {at}']
    assert "Aborted with 3 errors in strict mode!" in done.stdout + done.stderr


def test_a_yaml_error_names_its_own_line_in_the_page(tmp_path):
    page = ("---\ntitle: Front matter\n---\n" + PAGE
            + "```sim\nmodel: m1\nparams: {x: 1\ntitle: T\n```\n")
    done, docs, _ = build_site(tmp_path, {"p.md": page}, {"m1": model("m1", "1")})
    assert done.returncode != 0
    assert errors(done) == [
        f'{docs / "p.md"}:{line_of(page, "title: T")}: block "sim-1": not valid YAML: while '
        f"parsing a flow mapping; expected ',' or '}}', but got ':'"]


def test_the_line_of_a_block_in_an_admonition_and_of_one_in_an_included_file(tmp_path):
    included = "Included text.\n\n```sim\nmodel: m1\nparams: {x: 1}\n```\n"
    page = (PAGE + "!!! note\n\n    ```sim\n    model: m1\n    ```\n\n"
            "````markdown\n```sim\nmodel: nothing\n```\n````\n\n{!includes/block.md!}\n")
    text = model("m1", "1 / (params['x'] - 1)")
    done, docs, models = build_site(tmp_path, {"p.md": page, "includes/block.md": included},
                                    {"m1": text})
    assert done.returncode != 0
    where = f'({models / "m1.py"}, line {line_of(text, "value = ")})'
    assert errors(done) == [
        f'{docs / "p.md"}:7: block "sim-1" (model m1): ZeroDivisionError: float division by '
        f"zero {where}",
        f'{docs / "includes" / "block.md"}:3: block "sim-2" (model m1): ZeroDivisionError: '
        f"float division by zero {where}"]


def test_an_example_of_the_syntax_in_a_code_block_is_left_alone(tmp_path):
    page = PAGE + "````markdown\n```sim\nmodel: m1\n```\n````\n"
    done, _, _ = build_site(tmp_path, {"p.md": page}, {"m1": model("m1", "1")})
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site" / "p" / "index.html").read_text()
    assert "View source" not in html and "sim-source" not in html and 'class="sim"' not in html


def test_a_model_that_does_not_import_is_told_from_cpython_before_any_pyodide_step(tmp_path):
    """A syntax error, an import of a module that does not exist, a default out of range:
    each on one line with the model's file and line, and no JavaScript."""
    broken = {"syntax": model("syntax", "1 +"),
              "missing": model("missing", "1", first_line="from sims.nothing import x\n"),
              "default": model("default", "1", default="11")}
    done, _, models = build_site(tmp_path, {"p.md": PAGE}, broken)
    assert done.returncode != 0
    assert errors(done) == [
        f"model default does not import: ParamError: x: 11.0 is not allowed; expected a number "
        f"from 0 to 10 ({models / 'default.py'}, line {line_of(broken['default'], 'SPEC =')}; "
        f"raised in sims/spec.py, line {spec_reject_line()})",
        f"model missing does not import: ModuleNotFoundError: No module named 'sims.nothing' "
        f"({models / 'missing.py'}, line 1)",
        f"model syntax does not import: SyntaxError: invalid syntax "
        f"({models / 'syntax.py'}, line {line_of(broken['syntax'], 'value = ')})",
        "3 of the models do not import (above); no Pyodide snapshot can be made of them"]
    assert max(map(len, done.stderr.splitlines())) < 300


def spec_reject_line() -> int:
    """The line of sims/spec.py that raises for a number out of its bounds."""
    text = (ROOT / "sims" / "spec.py").read_text()
    bounds = text.index("if not self.minimum <= value <= self.maximum")
    return text[:text.index("raise self._reject(original)", bounds)].count("\n") + 1


def test_a_wrong_module_path_in_the_registry_stops_the_build_on_one_located_line(tmp_path):
    """A copy of the site's Python whose sims/registry.py imports a module that is not there."""
    copy = tmp_path / "repo"
    for part in ("sims", "simsite"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    registry = copy / "sims" / "registry.py"
    registry.write_text(registry.read_text().replace("from .result import", "from .results import"))
    config = site_config(make_docs(tmp_path, {"p.md": PAGE}), tmp_path / "site", ["p.md"],
                         tmp_path / "mkdocs.yml")
    config.write_text(config.read_text().replace(str(ROOT / "simsite"), str(copy / "simsite")))
    done = subprocess.run([str(MKDOCS), "build", "--strict", "-f", str(config)],
                          capture_output=True, text=True, cwd="/", check=False,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode != 0
    line = line_of(registry.read_text(), "from .results import")
    assert errors(done) == [
        f"the site's Python does not import: ModuleNotFoundError: No module named "
        f"'sims.results' (sims/registry.py, line {line})"], done.stderr


def test_a_model_that_imports_what_pyodide_lacks_is_told_by_its_python_error(tmp_path):
    """CPython has PyYAML (MkDocs needs it); Pyodide has no such package: the snapshot's
    imports fail, and the build says so in Python's words, not Pyodide's JavaScript."""
    text = model("m1", "1", first_line="import yaml  # noqa: F401\n")
    done, _, _ = build_site(tmp_path, {"p.md": PAGE + "```sim\nmodel: m1\n```\n"}, {"m1": text})
    assert done.returncode != 0
    assert errors(done) == [
        "in Pyodide, sims.models.m1 does not import: ModuleNotFoundError: No module named "
        "'yaml' (sims/models/m1.py, line 1)"]
    assert max(map(len, done.stderr.splitlines())) < 300


def test_a_worlds_block_past_its_models_work_limit_fails_the_build_in_one_line(tmp_path):
    block = ("```sim\nmodel: iterated\nparams: {repetitions: 20}\nworlds: 30\n"
             "presets:\n  - label: Fewer\n    params: {repetitions: 2}\n"
             "  - label: More\n    params: {repetitions: 30}\n```\n")
    done, docs, _ = build_site(tmp_path, {"p.md": PAGE + block}, {})
    assert done.returncode != 0
    assert errors(done) == [
        f'{docs / "p.md"}:5: block "sim-1" (model iterated): too much work: 30 worlds × expected '
        f'turns × repetitions × matches = 3,300,000, above the limit of 2,000,000; use fewer '
        f'turns, a shorter shadow of the future, or fewer repetitions or strategies, or fewer '
        f'worlds']
