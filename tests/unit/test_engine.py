"""The registry, the result's canonical JSON, the command line and the browser entry point."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sims.models
from sims import registry, view, web
from sims.cli import main
from sims.result import Result, Table, canonical
from sims.spec import ParamError


def test_the_models_are_the_files_of_sims_models_that_define_a_spec_in_alphabetical_order():
    folder = Path(sims.models.__file__).parent
    files = sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__")
    parts = {f: {"TITLE", "SPEC", "run"} & set(vars(importlib.import_module(f"sims.models.{f}")))
             for f in files}
    assert registry.model_ids() == [f for f in files if parts[f]]
    # All or nothing: a model missing a part, or a helper with one, is a mistake.
    assert all(p in (set(), {"TITLE", "SPEC", "run"}) for p in parts.values()), parts
    assert parts["strategies"] == set() and "runaway" not in files
    with pytest.raises(ParamError, match="unknown model 'strategies'"):
        registry.get("strategies")


MODEL_FILE = """\"\"\"A model found in a folder of the package's path.\"\"\"
from sims.result import Result, Table
from sims.spec import Spec, number

TITLE = "Found"
SPEC = Spec((number("x", 1, 0, 2, "X", "A number."),))


def run(params, seed):
    return Result("{name}", params, seed, "Found.", tables=[Table("t", "T", ["x"], [[1]])])
"""


def test_a_module_with_a_spec_in_a_folder_of_the_package_path_is_a_model(tmp_path, monkeypatch):
    (tmp_path / "aa_found.py").write_text(MODEL_FILE.format(name="aa_found"))
    (tmp_path / "aa_helper.py").write_text("SHARED = 1\n")
    monkeypatch.setattr(sims.models, "__path__", [*sims.models.__path__, str(tmp_path)])
    try:
        assert registry.model_ids()[:2] == ["aa_found", "alliances"]
        assert registry.run("aa_found", {"x": 2}).summary == "Found."
        with pytest.raises(ParamError, match="unknown model 'aa_helper'; known models: aa_found"):
            registry.get("aa_helper")
        monkeypatch.undo()
        assert "aa_found" not in registry.model_ids()
        with pytest.raises(ParamError, match="unknown model 'aa_found'"):
            registry.get("aa_found")  # imported before, but no longer in the package's folders
    finally:
        for name in ("aa_found", "aa_helper"):
            sys.modules.pop(f"sims.models.{name}", None)


def test_a_model_whose_result_carries_another_id_fails_naming_its_file(tmp_path, monkeypatch):
    """The id is the file name; a Result saying otherwise (a renamed file) would send the
    page, the CSV and View source to another model, so the run fails instead."""
    (tmp_path / "aa_renamed.py").write_text(MODEL_FILE.format(name="aa_old_name"))
    monkeypatch.setattr(sims.models, "__path__", [*sims.models.__path__, str(tmp_path)])
    try:
        with pytest.raises(ValueError) as err:
            registry.run("aa_renamed")
        assert str(err.value) == (f"{tmp_path / 'aa_renamed.py'}: run() returned "
                                  f"Result('aa_old_name', ...); a model's Result carries its id, "
                                  f"its file name 'aa_renamed'")
    finally:
        sys.modules.pop("sims.models.aa_renamed", None)


def test_unknown_models_and_bad_seeds_are_refused():
    with pytest.raises(ParamError, match="unknown model 'nope'; known models: alliances, arms"):
        registry.get("nope")
    for seed in (-1, 2**32, "x", 1.5, True, None):
        with pytest.raises(ParamError, match="seed: "):
            registry.check_seed(seed)
    assert registry.check_seed("42") == 42


def test_canonical_rounds_floats_to_twelve_significant_digits_and_refuses_nan():
    assert canonical({"a": (0.1 + 0.2, 1 / 3), "b": -0.0}) == {"a": [0.3, 0.333333333333],
                                                              "b": 0.0}
    with pytest.raises(ValueError, match="non-finite"):
        Result("m", {}, 0, "s", data={"x": float("nan")}).to_json()


def test_model_data_cannot_shadow_the_result_fields():
    with pytest.raises(ValueError, match="reserved"):
        Result("m", {}, 0, "s", data={"summary": 1}).to_dict()


def test_tables_render_as_csv_and_text():
    table = Table("t", "A table", ["name", "value"], [["a, b", 0.5], ["c", None]])
    assert table.to_csv() == 'name,value\n"a, b",0.5\nc,\n'
    assert table.to_text().splitlines()[:2] == ["A table", "name  value"]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "sims", *args], capture_output=True, text=True,
                          check=False)


def test_cli_runs_a_model_as_json_csv_and_text():
    as_json = run_cli("run", "arms_race", "--set", "a=0.9", "--set", "b=0.9", "--json")
    assert as_json.returncode == 0
    data = json.loads(as_json.stdout)
    assert data["params"]["a"] == 0.9 and data["stable"] is False
    as_csv = run_cli("run", "arms_race", "--csv")
    assert as_csv.stdout.splitlines()[0] == "year,A (x),B (y)"
    assert "The race settles" in run_cli("run", "arms_race").stdout


def test_cli_lists_models_with_their_specs():
    listing = json.loads(run_cli("list", "--json").stdout)
    assert [m["id"] for m in listing] == registry.model_ids()
    assert "runaway" not in run_cli("list").stdout


def test_cli_refuses_the_test_only_model_at_once():
    started = time.monotonic()
    done = run_cli("run", "runaway", "--set", "seconds=3600")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("sims: error: unknown model 'runaway'; known models: "
                           f"{', '.join(registry.model_ids())}\n")
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("args", [
    ["run", "nope"],
    ["run", "arms_race", "--set", "a=x"],
    ["run", "arms_race", "--set", "a"],
    ["run", "arms_race", "--set", "a=1", "--set", "a=2"],
    ["run", "arms_race", "--set", "zz=1"],
    ["run", "arms_race", "--set", "a=nan"],
    ["run", "arms_race", "--set", "a=" + "9" * 5000],
    ["run", "arms_race", "--seed", "-1"],
    ["run", "arms_race", "--json", "--csv"],
    ["frobnicate"],
    [],
])
def test_cli_bad_input_exits_2_with_one_line_and_no_traceback(args):
    done = run_cli(*args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sims: error: "), done.stderr
    assert "Traceback" not in done.stderr and len(lines[0]) < 400


def test_cli_main_is_importable_for_the_console_script(capsys):
    assert main(["run", "arms_race", "--set", "horizon=5", "--csv"]) == 0
    assert capsys.readouterr().out.startswith("year,")


def test_web_handle_returns_values_and_the_view_or_a_refusal():
    ok = json.loads(web.handle(json.dumps({"model": "arms_race", "params": {"a": "0.2"},
                                           "seed": 3})))
    result = registry.run("arms_race", {"a": 0.2}, 3)
    assert ok["ok"] and ok["values"] == result.params and ok["values"]["a"] == 0.2
    assert ok["view"] == json.loads(json.dumps(view.view(result, registry.get("arms_race").SPEC)))
    for request, param in [({"model": "arms_race", "params": {"a": "<b>"}}, "a"),
                           ({"model": "zz"}, None), ({"model": "arms_race", "params": []}, None),
                           ({"model": "arms_race", "seed": "x"}, "seed")]:
        bad = json.loads(web.handle(json.dumps(request)))
        assert not bad["ok"] and bad["error"]["param"] == param and bad["error"]["message"]
        assert bad["error"]["kind"] == "param"
    assert json.loads(web.handle("[]"))["ok"] is False


def test_web_handle_names_a_models_own_failure_and_where_it_happened(monkeypatch):
    module = registry.get("arms_race")

    def divide_by_zero(params, seed):
        return params["a"] / 0

    monkeypatch.setattr(module, "run", divide_by_zero)
    reply = json.loads(web.handle(json.dumps({"model": "arms_race", "params": {}})))
    assert reply["ok"] is False and reply["error"]["kind"] == "model"
    message = reply["error"]["message"]
    assert message.startswith("arms_race failed: ZeroDivisionError: float division by zero ("), \
        message
    line = divide_by_zero.__code__.co_firstlineno + 1
    assert message.endswith(f"test_engine.py, line {line})"), message


def test_a_model_importing_a_module_the_browser_lacks_is_told_so(monkeypatch):
    def import_lazily(params, seed):
        import xml.not_shipped  # noqa: F401  (a module no standard library has)

    monkeypatch.setattr(registry.get("arms_race"), "run", import_lazily)
    message = json.loads(web.handle(json.dumps({"model": "arms_race"})))["error"]["message"]
    assert message.startswith("arms_race failed: ModuleNotFoundError: No module named "
                              "'xml.not_shipped' ("), message
    assert message.endswith("; the browser's Python holds only the part of the standard "
                            "library that the site's models import"), message


def test_web_handle_reports_a_non_finite_result_as_the_models_failure(monkeypatch):
    module = registry.get("arms_race")
    real = module.run

    def nan_in_summary_data(params, seed):
        result = real(params, seed)
        result.tables[0].rows[0][1] = float("nan")
        return result

    monkeypatch.setattr(module, "run", nan_in_summary_data)
    reply = json.loads(web.handle(json.dumps({"model": "arms_race"})))
    assert reply["error"]["kind"] == "model"
    assert "ValueError: a result holds a non-finite number: nan" in reply["error"]["message"]
    assert "sims/result.py, line" in reply["error"]["message"]
