"""The contract every model keeps, checked for every registered model (no per-model copies).

As axelrod's ``TestPlayer`` gives every strategy one battery, this suite gives every model in
the registry the same checks, so a new model is covered the moment its file exists:

- it has a title, a docstring, a spec, and runs at its defaults with a summary and a table;
- every block and every preset of every page of the notes runs, and its view is all text;
- a second run gives byte-identical JSON, and no ``sum()`` of floats;
- a bad value for any parameter exits the command line with status 2 and one line;
- the CSV a block downloads is what ``sims run MODEL --csv`` prints;
- (slow) the largest workloads its spec allows finish within a block's time budget;
- (slow, Node) CPython and Pyodide give byte-identical JSON for every parameter set.

``pytest tests/contract --model ID`` (``make test-model ID=...``) runs it for one model.
Model-specific exactness (closed forms, hand-worked rounds, axelrod's scores) stays in
``tests/unit/test_MODEL.py``.
"""

from __future__ import annotations

import builtins
import functools
import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from sims import registry, view
from sims.cli import main
from sims.result import Result
from sims.spec import BOOLEAN, CHOICES, INTEGER, NUMBER, Param, ParamError
from simsite.assets import NODE_MODULES, build_wheel, extra_models
from simsite.fence import DEFAULT_BUDGET_S
from tests.contract.cases import (
    SEEDS,
    cpython,
    first_difference,
    heaviest,
    notes_params,
    parameter_sets,
)
from tests.helpers import ROOT, in_pyodide_command

# CPython runs a model about twice as fast as Pyodide in a browser, so the largest workload
# must finish in CPython within half of a block's default budget to finish live within it.
PYODIDE_SLOWDOWN = 2


def notes_and_defaults(model: str) -> list[dict]:
    return [{}, *notes_params(model)]


@functools.cache
def first_runs(model: str) -> tuple[tuple[dict, Result], ...]:
    """Each parameter set of the notes (and the defaults) with its first run, seed 0."""
    return tuple((params, registry.run(model, params)) for params in notes_and_defaults(model))


def test_it_has_a_title_a_docstring_a_spec_and_runs_at_its_defaults(model):
    module = registry.get(model)
    assert isinstance(module.TITLE, str) and module.TITLE, f"{model}: TITLE"
    assert module.__doc__ and module.__doc__.strip(), f"{model}: no module docstring"
    assert module.run.__doc__, f"{model}: run() has no docstring"
    assert module.SPEC.params, f"{model}: SPEC has no parameters"
    for p in module.SPEC.params:
        assert p.label and p.help, f"{model}: {p.name} needs a label and a one-line help"
    result = registry.run(model)  # also checks the Result carries the model's id
    assert result.summary and result.tables, f"{model}: a result needs a summary and a table"
    json.loads(result.to_json())


def test_every_block_and_preset_of_the_notes_runs_and_reads_as_text(model):
    spec = registry.get(model).SPEC
    for params, result in first_runs(model):
        shown = view.view(result, spec)
        cells = [c for row in shown["table"]["rows"] for c in row]
        assert all(isinstance(c, str) for c in cells), (model, params)
        assert not [c for c in cells if "e+" in c], (model, params)
        settings = [p for p in shown["used"] if p.get("setting")]  # every parameter, in order
        assert [p["text"] for p in settings] == [f"{p.label} = " for p in spec.params]
        assert all(isinstance(p["code"], str) for p in settings)
        for chart in shown["charts"]:  # described by what it draws; the summary is said above
            assert chart["title"] and chart["description"], (model, params)
            assert shown["summary"] not in chart["description"], (model, params, chart["title"])


def test_a_second_run_gives_byte_identical_json_and_sums_floats_only_with_fsum(
        model, monkeypatch):
    """From Python 3.12 on, ``sum()`` of floats is compensated (Neumaier), so CPython 3.11 and
    Pyodide's 3.14 can differ in the last bit, enough to flip a comparison or a rounded digit
    (it did: 4 in 300 random alliance worlds fought a different war). ``math.fsum`` is
    correctly rounded on every version. The second run of each set is watched for it."""
    source = registry.get(model).__file__
    real, found = builtins.sum, set()

    def spy(iterable, /, start=0):
        items = list(iterable)
        if isinstance(start, float) or any(isinstance(x, float) for x in items):
            caller = sys._getframe(1)
            if caller.f_code.co_filename == source:
                found.add(f"{Path(source).name}:{caller.f_lineno}")
        return real(items, start)

    monkeypatch.setattr(builtins, "sum", spy)
    for params, first in first_runs(model):
        assert registry.run(model, params).to_json() == first.to_json(), (model, params)
    assert not found, f"sum() of floats (use math.fsum): {', '.join(sorted(found))}"


def bad_value(param: Param) -> str:
    """A value just outside what the parameter accepts, as a reader could type it."""
    if param.kind in (NUMBER, INTEGER):
        return f"{param.maximum + 1:g}"
    return "maybe" if param.kind == BOOLEAN else "not_a_choice"


def test_a_bad_value_for_each_parameter_exits_2_with_one_line(model, capsys):
    for param in registry.get(model).SPEC.params:
        value = bad_value(param)
        with pytest.raises(ParamError) as refused:
            param.coerce(value if param.kind != CHOICES else [value])
        code = main(["run", model, "--set", f"{param.name}={value}"])
        out, err = capsys.readouterr()
        assert (code, out) == (2, ""), (param.name, code, out[:200])
        assert err == f"sims: error: {refused.value}\n", (param.name, err)


def test_the_csv_is_byte_for_byte_what_the_command_line_prints(model, capsys):
    assert main(["run", model, "--csv"]) == 0
    printed = capsys.readouterr().out
    assert view.view(registry.run(model), registry.get(model).SPEC)["csv"] == printed


@pytest.mark.slow
def test_the_largest_allowed_workloads_finish_within_a_blocks_budget(model):
    limit = DEFAULT_BUDGET_S / PYODIDE_SLOWDOWN
    for params in heaviest(model):
        started = time.process_time()  # CPU time: other work on a shared machine is not ours
        registry.run(model, params)
        elapsed = time.process_time() - started
        assert elapsed < limit, (f"{model} took {elapsed:.1f} s at {params}; the limit is "
                                 f"{limit:g} s: lower its bounds or its spec's budget")


@pytest.fixture(scope="module")
def node() -> str:
    path = shutil.which("node")
    if path is None:
        pytest.skip("node is not installed: the Pyodide side of the comparison cannot run")
    if not (NODE_MODULES / "pyodide" / "pyodide.mjs").exists():
        pytest.fail("node_modules/pyodide is missing; run `npm ci` (the Makefile does)")
    return path


@pytest.fixture(scope="module")
def in_pyodide(node):
    """Run ``cases`` in Pyodide (with the built wheel) in one Node process; the report."""
    wheel = build_wheel(extra_models())
    command = in_pyodide_command(node, wheel)
    shipped = len(zipfile.ZipFile(command[-1]).namelist())

    def run(cases: list[dict]) -> dict:
        done = subprocess.run(command, input=json.dumps(cases),
                              capture_output=True, text=True, cwd=ROOT, timeout=600,
                              check=False)
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert report["python"].startswith("3.14"), report["python"]
        assert "site-packages" in report["sims"], report["sims"]  # the wheel, not a stray copy
        assert report["stdlib"] == shipped  # the site's standard library, not Pyodide's
        assert len(report["results"]) == len(cases)
        return report

    return run


@pytest.mark.slow
def test_cpython_and_pyodide_give_byte_identical_json(model, in_pyodide, capsys):
    """The pages are pre-rendered in CPython at build time and re-run in Pyodide in the
    reader's browser, so a reader who moves a control back must see exactly the build's
    numbers; a rejected case must be rejected with the same message. The defaults run with
    every seed; each other set of parameters with one, in turn (every set and every seed run,
    at a third of the cost of every pair)."""
    sets = parameter_sets(model)
    cases = [{"model": model, "params": sets[0], "seed": seed} for seed in SEEDS[1:]]
    cases += [{"model": model, "params": params, "seed": SEEDS[i % len(SEEDS)]}
              for i, params in enumerate(sets)]
    expected = [cpython(case) for case in cases]
    crashed = [(c, e) for c, e in zip(cases, expected, strict=True)
               if "error" in e and not e["error"].startswith(ParamError.__name__)]
    assert not crashed, f"CPython raised something other than ParamError: {crashed[:3]}"
    report = in_pyodide(cases)
    differ = [(case, want, have)
              for case, want, have in zip(cases, expected, report["results"], strict=True)
              if want != have]
    runs = sum("json" in e for e in expected)
    with capsys.disabled():
        print(f"\n[determinism] {model}: {len(cases)} cases ({runs} results), Pyodide "
              f"{report['python']} {report['ms'] / 1000:.1f} s; {len(differ)} differ")
    assert not differ, "\n".join(
        f"{case['model']} {json.dumps(case['params'])} seed {case['seed']}:\n"
        f"  CPython: {first_difference(want, have)}" for case, want, have in differ[:5])
    assert runs > len(cases) // 2, "most cases must run, not be rejected"
