"""Hostile input on the command line: every model, every parameter, crafted values.

``sims run MODEL --set NAME=VALUE`` must either run (when the spec accepts the value) or exit
with status 2 and one line ``sims: error: NAME: ...``, the spec's own message, never a
traceback. Also: malformed ``--set``, unknown models, bad seeds, work beyond each model's
budget, and the same values through the browser's entry point (``sims.web.handle``) in CPython.
Most cases call :func:`sims.cli.main` in-process for speed; a handful go through a real
``python -m sims`` process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter

import pytest

from sims import registry, web
from sims.cli import main
from sims.result import canonical
from sims.spec import BOOLEAN, CHOICE, INTEGER, NUMBER, ParamError
from tests.hostile import NAMES, available_models, for_param, print_count

pytestmark = pytest.mark.slow  # thousands of runs: `make test`, not `make test-fast`
MODELS = available_models()
TRIED: Counter[str] = Counter()
MAX_RUN_S = 5.0  # the slowest run a budget may allow on a busy 2-core machine
MAX_LINE = 500


@pytest.fixture(scope="module", autouse=True)
def report(request):
    """Print how many hostile inputs were tried, past pytest's capture (as capsys.disabled)."""
    yield
    print_count(request, "cli fuzz", TRIED)


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def refusal_problem(code: int, err: str, starts: str = "") -> str | None:
    """What is wrong with a refusal: the exit status 2 and one short ``sims: error:`` line."""
    lines = err.splitlines()
    if code != 2:
        return f"exit status {code}"
    if len(lines) != 1 or not lines[0].startswith("sims: error: " + starts):
        return f"stderr is not one line starting 'sims: error: {starts}': {err[:300]!r}"
    if "Traceback" in err or len(lines[0]) > MAX_LINE:
        return f"unclear message: {err[:300]!r}"
    return None


@pytest.mark.parametrize("model", MODELS)
def test_every_parameter_refuses_hostile_values_with_one_line(model, capsys):
    spec = registry.get(model).SPEC
    failures = []
    for param in spec.params:
        for value in for_param(param):
            TRIED["--set values"] += 1
            try:
                expected = param.coerce(value)
            except ParamError as err:
                expected = err
            started = time.monotonic()
            try:
                code, out, err = cli(capsys, "run", model, "--set", f"{param.name}={value}",
                                     "--json")
            except Exception as crash:  # the point is that none escapes
                failures.append((param.name, value[:40], f"raised {crash!r}"[:300]))
                continue
            if time.monotonic() - started > MAX_RUN_S:
                failures.append((param.name, value[:40], "slower than the budget allows"))
            if isinstance(expected, ParamError):
                problem = refusal_problem(code, err, f"{param.name}: ")
                if problem is None and err.strip() != f"sims: error: {expected}":
                    problem = f"not the spec's message: {err.strip()[:200]!r}"
            elif code == 0:
                got = json.loads(out)["params"][param.name]
                problem = None if got == canonical(expected) else f"ran with {got!r}"
            else:  # accepted alone, refused with the rest (a budget or a cross-check)
                problem = refusal_problem(code, err)
            if problem:
                failures.append((param.name, value[:40], problem))
    assert not failures, f"{len(failures)} bad outcomes, first ones:\n" + "\n".join(
        map(repr, failures[:10]))


@pytest.mark.parametrize("model", MODELS)
def test_unknown_parameter_names_are_named_in_the_refusal(model, capsys):
    takes = ", ".join(registry.get(model).SPEC.names)
    for name in NAMES:
        TRIED["unknown names"] += 1
        code, _, err = cli(capsys, "run", model, "--set", f"{name}=1")
        name = name.partition("=")[0]  # what --set reads as the name
        if not name.strip():
            assert refusal_problem(code, err, "--set expects NAME=VALUE") is None, err
            continue
        assert refusal_problem(code, err) is None, (name[:40], err)
        assert f"unknown parameter; this model takes {takes}" in err, err
        assert name[:20].strip() in err or "..." in err, err


@pytest.mark.parametrize("pairs", [
    ["a"], ["=1"], [" =1"], ["="], [""], ["=<img src=x>"], ["a" * 10_000],
    ["a=1", "a=2"], ["a=1", " a =2"], ["a=1=2"], ["a==1"], ["a=0.5,0.6"],
    ["A=1"], ["a b=1"], ["a\x00=1"],
])
def test_malformed_set_is_refused_with_one_line(pairs, capsys):
    TRIED["malformed --set"] += 1
    argv = ["run", "arms_race"]
    for pair in pairs:
        argv += ["--set", pair]
    code, _, err = cli(capsys, *argv)
    assert refusal_problem(code, err) is None, err


@pytest.mark.parametrize("argv", [
    [], ["run"], ["run", "arms_race", "--set"], ["run", "arms_race", "--seed"],
    ["run", "arms_race", "--json", "--csv"], ["run", "arms_race", "extra"],
    ["run", "arms_race", "--se", "1"], ["list", "--bogus"], ["frobnicate"], ["--bogus"],
    ["run", "arms_race", "--set=a"], ["run", "--set", "a=1"],
])
def test_misused_command_line_is_refused_with_one_line(argv, capsys):
    TRIED["misused arguments"] += 1
    code, _, err = cli(capsys, *argv)
    assert refusal_problem(code, err) is None, (argv, err)


@pytest.mark.parametrize("model", [
    "nope", "", " ", "ARMS_RACE", "arms-race", "arms_race ", " arms_race", "<script>x</script>",
    "x" * 10_000, "../etc/passwd", "sims.models.arms_race", "__init__", "models", "registry",
    "__proto__", "💣", "arms_race\x00",
])
def test_unknown_models_are_refused_naming_the_known_ones(model, capsys):
    TRIED["unknown models"] += 1
    code, _, err = cli(capsys, "run", model)
    assert refusal_problem(code, err, "unknown model ") is None, err
    assert "known models: " + ", ".join(registry.model_ids()) in err


SEEDS = ["-1", "4294967296", "1.5", "x", "", " ", "1e3", "0x10", "NaN", "+1", "²", "½", "①",
         "9" * 5000, "<img src=x onerror=alert(1)>", "1" + "0" * 40, "-0", "٣", " 7 ", "0",
         "007", "4294967295"]


@pytest.mark.parametrize("model", MODELS)
def test_bad_seeds_are_refused_and_good_ones_run(model, capsys):
    for seed in SEEDS:
        TRIED["seeds"] += 1
        try:
            expected = registry.check_seed(seed)
        except ParamError:
            expected = None
        code, out, err = cli(capsys, "run", model, "--seed", seed, "--json")
        if expected is None:
            assert refusal_problem(code, err, "seed: ") is None, (seed[:40], err)
            assert "expected a whole number from 0 to 4294967295" in err
        else:
            assert code == 0 and json.loads(out)["seed"] == expected, (seed, err)


def extreme(model: str, high: bool) -> list[str]:
    """``--set`` arguments putting every parameter at one end of its range."""
    argv = []
    for p in registry.get(model).SPEC.params:
        if p.kind in (NUMBER, INTEGER):
            value = f"{p.maximum if high else p.minimum:g}"
        elif p.kind == BOOLEAN:
            value = str(high).lower()
        elif p.kind == CHOICE:
            value = p.choices[-1 if high else 0]
        else:
            value = ",".join(p.choices if high else p.choices[: int(p.minimum or 1)])
        argv += ["--set", f"{p.name}={value}"]
    return argv


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("high", [True, False], ids=["maximums", "minimums"])
def test_extreme_settings_run_within_budget_or_are_refused(model, high, capsys):
    TRIED["extreme settings"] += 1
    started = time.monotonic()
    code, out, err = cli(capsys, "run", model, *extreme(model, high), "--json")
    elapsed = time.monotonic() - started
    assert elapsed < MAX_RUN_S, f"{model} took {elapsed:.1f} s"
    if code != 0:
        assert refusal_problem(code, err) is None, err
    else:
        assert json.loads(out)["model"] == model


@pytest.mark.parametrize("model", [m for m in MODELS if registry.get(m).SPEC.check])
def test_work_beyond_the_budget_is_refused_before_running(model, capsys):
    """Every integer at its maximum: a model with a budget refuses it or runs it quickly."""
    spec = registry.get(model).SPEC
    big = {p.name: int(p.maximum) for p in spec.params if p.kind == INTEGER}
    TRIED["oversize work"] += 1
    try:
        spec.validate(big)
    except ParamError as err:
        refused = str(err)
    else:
        refused = None
    started = time.monotonic()
    code, _, err = cli(capsys, "run", model, *[f"--set={k}={v}" for k, v in big.items()])
    assert time.monotonic() - started < MAX_RUN_S
    if refused is not None:
        assert refusal_problem(code, err) is None and err.strip() == f"sims: error: {refused}"
    else:
        assert code == 0, err


# Values a script could hand the browser's entry point (JSON), beyond what text can carry.
JSON_VALUES = [None, True, False, [], [1, 2], {}, {"a": 1}, 1e308, -1e308, 10**40, -(10**40),
               10**400, 5e-324, -0.0, 2.5, 0, 1, "1", ["1"], [[]], [None]]


@pytest.mark.parametrize("model", MODELS)
def test_browser_entry_point_answers_every_value_with_data(model):
    """``web.handle`` never raises, and no crafted value gets past validation into a model:
    every value gives a result or a refusal naming the parameter, never a model failure."""
    spec = registry.get(model).SPEC
    failures = []
    for param in spec.params:
        for value in [*for_param(param), *JSON_VALUES]:
            TRIED["web.handle values"] += 1
            request = json.dumps({"model": model, "params": {param.name: value}, "seed": 0})
            try:
                reply = json.loads(web.handle(request))
            except Exception as crash:  # the point is that none escapes
                failures.append((param.name, repr(value)[:40], f"raised {crash!r}"[:200]))
                continue
            if not reply["ok"] and (reply["error"]["param"] not in (*spec.names, None)
                                    or reply["error"]["kind"] != "param"):
                failures.append((param.name, repr(value)[:40], reply["error"]))
    assert not failures, "\n".join(map(repr, failures[:10]))


@pytest.mark.parametrize("request_text", [
    "", "not json", "[]", "null", "1", '"x"', "{", '{"model": "arms_race", "params": []}',
    '{"model": ["arms_race"]}', '{"model": "arms_race", "params": {"a": 1' + "0" * 5000 + "}}",
    '{"model": "arms_race", "seed": 1' + "0" * 5000 + "}", '{"model": "arms_race", "seed": NaN}',
    '{"model": "arms_race", "params": {"a": NaN}}', '{"model": "arms_race", "params": null}',
])
def test_browser_entry_point_refuses_malformed_requests_with_data(request_text):
    TRIED["malformed requests"] += 1
    reply = json.loads(web.handle(request_text))
    assert reply["ok"] is False and reply["error"]["message"], reply


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sims", *args], capture_output=True,
                          text=True, encoding="utf-8", check=False, timeout=60)


@pytest.mark.parametrize(("args", "starts"), [
    (["run", "arms_race", "--set", "a=<img src=x onerror=alert(1)>"], "a: "),
    (["run", "arms_race", "--set", "a=1e400"], "a: "),
    (["run", "arms_race", "--set", "clip_at_zero=💣"], "clip_at_zero: "),
    (["run", "spiral", "--set", "rounds=" + "9" * 10_000], "rounds: "),
    (["run", "threat", "--set", "case=\u202e</div>"], "case: "),
    (["run", "arms_race", "--seed", "²"], "seed: "),
    (["run", "arms_race", "--seed", "9" * 5000], "seed: "),
    (["run", "arms_race", "--set", "=1"], "--set expects"),
    (["run", "<script>"], "unknown model"),
])
def test_a_real_process_refuses_with_one_line_and_no_traceback(args, starts):
    TRIED["real processes"] += 1
    done = run_cli(*args)
    assert refusal_problem(done.returncode, done.stderr, starts) is None, done.stderr
    assert done.stdout == ""
