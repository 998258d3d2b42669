"""Hostile input in the browser: crafted links, control values and scripted values.

A page with one block per model, every parameter a control, is fed crafted values through
four doors: the link (``?BLOCK.NAME=VALUE``, read by the page as on a fresh load), the
controls (typed into the exact-value field, the slider, a select, the check boxes), values a
script hands the block directly (lists for numbers, null, NaN...) and bad seeds. Every case
must end with a clear message, the one CPython gives for the same request (in the block's
status and beside the control it names), nothing inserted as HTML (no new elements, no
``window.pwned``), no console error (the ``guard`` fixture) and a block that still runs: a valid
change afterwards gives a live result equal to CPython's. Many cases run per page load (one
Pyodide boot each); one real load from a hostile link checks the page's own start-up.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from sims import registry, web
from sims.spec import BOOLEAN, CHOICE, CHOICES, INTEGER, NUMBER, Param
from tests.browser.conftest import LIVE_TIMEOUT_MS
from tests.helpers import ROOT, Server, build
from tests.hostile import (
    COMMON,
    MARKUP,
    NAMES,
    NON_FINITE,
    NUMBERS,
    TEXT,
    available_models,
    for_param,
    print_count,
)

MODELS = available_models()
TRIED: Counter[str] = Counter()
MAX_MESSAGE = 600
# Each parameter's link gets a few values of each family, in turn over the parameters of all
# the models, so every value is tried several times while one page load stays short.
FAMILIES = ((MARKUP, 2), (NUMBERS, 2), (NON_FINITE, 1), (TEXT, 2))
# What a script (or a tampered preset) could hand a block: JSON kinds a link cannot carry, and
# numbers JSON cannot carry (sent as null).
SCRIPTED = [None, True, [], [1, 2], {}, {"a": 1}, 1e308, -1e308, 1e40, 5e-324, -0.0, 2.5, "1",
            ["1"], [None], "__NaN__", "__Infinity__", "__-Infinity__"]
SEEDS = [-1, 2**32, 1.5, "x", None, True, "²", "1e3", [], 1e308, "__NaN__"]
CONTROL_NUMBERS = ["1e308", "-1e308", "1e400", "1" + "0" * 40, "-1", "5e-324", "1e-400", "abc",
                   "", "2.5", "0x10"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A one-page site: every available model as a block with every parameter a control."""
    base = tmp_path_factory.mktemp("hostile")
    docs, out = base / "docs", base / "site"
    out.mkdir()
    server = Server(out)
    docs.mkdir()
    for shared in ("javascripts", "stylesheets", "includes"):
        shutil.copytree(ROOT / "docs" / shared, docs / shared)
    blocks = "\n".join(
        f"```sim\nmodel: {m}\nid: {m}\ncontrols: [{', '.join(registry.get(m).SPEC.names)}]\n```\n"
        for m in MODELS)
    (docs / "index.md").write_text(f"# Hostile input\n\n{blocks}", encoding="utf-8")
    done = build(docs, out, nav=["index.md"], env={"SITE_URL": server.url})
    assert done.returncode == 0, done.stderr
    yield server
    server.close()


@pytest.fixture(scope="module", autouse=True)
def report(request):
    """Print how many hostile inputs were tried, past pytest's capture (as capsys.disabled)."""
    yield
    print_count(request, "browser fuzz", TRIED)


# Runs crafted cases one after another in the page, each from the block's own settings (as
# after a fresh load), and reports what the reader would see. The runtime is spied on to record
# the exact request the worker gets, so CPython can answer the same request.
HARNESS = """async ({ id, cases }) => {
  const block = [...window.__sims.blocks.values()].find((b) => b.config.id === id);
  const runtime = window.__sims.runtime;
  if (!runtime.spied) {
    const run = runtime.run.bind(runtime);
    runtime.run = (request, options) => {
      window.lastRequest = JSON.stringify(request);
      return run(request, options);
    };
    runtime.spied = true;
  }
  const SPECIAL = { __NaN__: NaN, "__Infinity__": Infinity, "__-Infinity__": -Infinity };
  const js = (value) => (typeof value === "string" && value in SPECIAL ? SPECIAL[value] : value);
  // The page's own scripts (the chart library arrives with the first live chart) are not news.
  const ours = (s) => s.src && new URL(s.src).origin === location.origin
    && /[/](vendor|javascripts|assets)[/]/.test(new URL(s.src).pathname);
  const risky = () => document.querySelectorAll(
    "img, iframe, object, embed, base, [onerror], [onload], [onclick]").length
    + [...document.scripts].filter((s) => !ours(s)).length;
  const baseline = risky();
  const setControl = (name, value, slider) => {
    const input = block.inputs.get(name);
    const kind = block.spec.get(name).kind;
    if (kind === "number" || kind === "integer") {
      if (slider) {
        const range = input.wrap.querySelector("input[type=range]");
        range.value = value;
        range.dispatchEvent(new Event("input"));
        return range.value;
      }
      const field = input.wrap.querySelector("input[type=number]");
      field.value = value;
      field.dispatchEvent(new Event("change"));
      return field.value;
    }
    if (kind === "choice") {
      const select = input.wrap.querySelector("select");
      select.value = value;
      select.dispatchEvent(new Event("change"));
      return select.value;
    }
    const boxes = [...input.wrap.querySelectorAll("input[type=checkbox]")];
    const one = kind === "boolean";
    for (const box of boxes) box.checked = one ? value === true : value.includes(box.value);
    boxes[0].dispatchEvent(new Event("change"));
    return one ? boxes[0].checked : boxes.filter((b) => b.checked).map((b) => b.value);
  };
  const results = [];
  for (const c of cases) {
    block.setValues(block.config.params);
    window.lastRequest = null;
    let kept = null;
    if (c.channel === "url") {
      history.replaceState(history.state, "", `${location.pathname}?${c.query}`);
      block.readUrl();
      await block.applyUrl();
    } else if (c.channel === "control" || c.channel === "slider") {
      kept = setControl(c.name, c.value, c.channel === "slider");
      await block.run();
    } else if (c.channel === "scripted") {
      await block.run({ ...block.config.params, [c.name]: js(c.value) });
    } else if (c.channel === "seed") {
      const seed = block.config.seed;
      block.config.seed = js(c.value);
      try {
        await block.run();
      } finally {
        block.config.seed = seed;
      }
    }
    const errors = {};
    let markup = block.status.children.length;
    for (const [name, input] of block.inputs) {
      if (!input.error.hidden) errors[name] = input.error.textContent;
      markup += input.error.children.length;
    }
    const invalid = [...block.inputs]
      .filter(([, i]) => i.wrap.querySelector("[aria-invalid=true]")).map(([n]) => n);
    const live = block.status.dataset.kind === "live";
    results.push({
      request: window.lastRequest, status: block.status.textContent,
      kind: block.status.dataset.kind ?? null, busy: block.root.hasAttribute("aria-busy"),
      errors, invalid, kept, markup, risky: risky() - baseline, pwned: typeof window.pwned,
      result: live ? JSON.stringify(block.lastResult) : null,
    });
  }
  history.replaceState(history.state, "", location.pathname);
  return results;
}"""


def query(block: str, pairs: list[tuple[str, str]]) -> str:
    return urlencode([(f"{block}.{k}", v) for k, v in pairs], quote_via=quote, safe="")


def text(value: Any) -> str:
    """A parameter value as a link writes it."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list | tuple):
        return ",".join(value)
    return str(value)


def valid_change(model: str, param: Param) -> Any:
    """A value other than the default that the model accepts with the other defaults."""
    spec = registry.get(model).SPEC
    d = param.default
    if param.kind in (NUMBER, INTEGER):
        step = param.to_dict()["step"]
        options = [round(d + step, 10), round(d - step, 10)]
        options = [v for v in options if param.minimum <= v <= param.maximum]
        options = [int(v) if param.kind == INTEGER else v for v in options]
    elif param.kind == BOOLEAN:
        options = [not d]
    elif param.kind == CHOICE:
        options = [c for c in param.choices if c != d]
    else:
        options = [[c for c in param.choices if c not in d][:1] + list(d), list(d)[:1]]
        options = [o for o in options if o != list(d) and len(o) >= (param.minimum or 1)]
    for value in options:
        try:
            spec.validate({param.name: value})
        except ValueError:
            continue
        return value
    raise AssertionError(f"{model}.{param.name}: no valid change from {d!r}")


def rotate(values: Any, j: int, k: int) -> list[Any]:
    """The j-th run of k values, wrapping: over the parameters every value gets its turn."""
    return [values[(j * k + i) % len(values)] for i in range(k)] if values else []


def cases_for(model: str, turn: int) -> list[dict[str, Any]]:
    """The crafted cases for one block; ``turn`` counts the parameters of the models before."""
    spec = registry.get(model).SPEC
    out: list[dict[str, Any]] = []
    numbers = [p for p in spec.params if p.kind in (NUMBER, INTEGER)]
    for j, param in enumerate(spec.params, turn):
        own = [v for v in for_param(param) if v not in COMMON]
        values = [v for family, k in FAMILIES for v in rotate(family, j, k)] + rotate(own, j, 1)
        for value in values:
            out.append({"channel": "url", "name": param.name, "value": value,
                        "query": query(model, [(param.name, value)])})
        if param.kind in (NUMBER, INTEGER):
            out += [{"channel": "control", "name": param.name, "value": v}
                    for v in rotate(CONTROL_NUMBERS, j, 2)]
            if param is numbers[0]:  # a slider clamps whatever it is given: one is enough
                out += [{"channel": "slider", "name": param.name, "value": v}
                        for v in ("1e308", "-5", "abc")]
        elif param.kind == CHOICE:
            out += [{"channel": "control", "name": param.name, "value": v}
                    for v in ("<img src=x onerror=window.pwned=1>", "")]
        elif param.kind == CHOICES:
            out.append({"channel": "control", "name": param.name, "value": []})
        out += [{"channel": "scripted", "name": param.name, "value": v}
                for v in rotate(SCRIPTED, j, 2)]
        # Then a reader fixes it: a valid value through the control runs live.
        out.append({"channel": "control", "name": param.name,
                    "value": valid_change(model, param), "valid": True})
    first = spec.params[0]
    for name in NAMES:
        out.append({"channel": "url", "name": name, "value": "1", "unknown": True,
                    "query": query(model, [(name, "1")])})
    out += [  # a repeated key: the last value counts, whether it is the good or the bad one
        {"channel": "url", "name": first.name, "value": last, "repeated": True,
         "query": query(model, [(first.name, before), (first.name, last)])}
        for before, last in ((MARKUP[0], text(first.default)), (text(first.default), MARKUP[0]))
    ]
    out += [
        # Raw query strings, as typed or mangled: broken escapes, separators, plus signs.
        *({"channel": "url", "name": first.name, "raw": True, "query": q} for q in (
            f"{model}.{first.name}=%", f"{model}.{first.name}=%zz",
            f"{model}.{first.name}=%E0%A4%A", f"{model}.{first.name}=<script>window.pwned=1",
            f"&&&{model}.{first.name}=&&", f"{model}.{first.name}=1;{model}.zz=2",
            f"{model}.{first.name}==", f"{model}..{first.name}=1")),
    ]
    out += [{"channel": "seed", "value": s} for s in SEEDS]
    out.append({"channel": "control", "name": first.name, "value": valid_change(model, first),
                "valid": True})
    return out


def sorted_if_list(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else value


def problems(model: str, case: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """What is wrong with what the reader sees after ``case``, or nothing."""
    found = []
    if got["markup"] or got["risky"] or got["pwned"] != "undefined":
        found.append(f"inserted as HTML: {got['markup']} child elements, {got['risky']} new "
                     f"risky elements, window.pwned {got['pwned']}")
    if got["request"] is None:
        return [*found, f"nothing ran and the status says {got['status'][:120]!r}"]
    if got["busy"]:
        found.append("still busy")
    request = json.loads(got["request"])
    if case["channel"] == "url" and not case.get("raw") \
            and request["params"].get(case["name"]) != case["value"]:
        found.append(f"the link's value arrived as {request['params'].get(case['name'])!r:.60}")
    if case.get("valid") and sorted_if_list(request["params"][case["name"]]) \
            != sorted_if_list(case["value"]):
        found.append(f"the control sent {request['params'][case['name']]!r:.60}")
    if case.get("repeated"):
        note = f"The link sets {case['name']} more than once; the last value is used."
        if not got["status"].endswith(note):
            found.append(f"no note on the repeated key: {got['status'][:200]!r}")
    expected = json.loads(web.handle(got["request"]))
    if expected["ok"]:
        if got["kind"] != "live" or json.loads(got["result"]) != expected["result"]:
            found.append(f"CPython ran it, the page shows {got['kind']}: {got['status'][:200]!r}")
        if got["errors"]:
            found.append(f"errors left beside controls: {got['errors']}")
        return found
    if case.get("valid"):
        found.append(f"a valid change was refused: {expected['error']}")
    message, param = expected["error"]["message"], expected["error"]["param"]
    if len(message) > MAX_MESSAGE or "Traceback" in message:
        found.append(f"unclear message: {message[:200]!r}")
    if param and not message.startswith(f"{param}: "):
        found.append(f"the message does not name {param!r}: {message[:120]!r}")
    if got["kind"] != "error" or not got["status"].startswith(f"Not run: {message}"):
        found.append(f"status {got['kind']}: {got['status'][:200]!r}, not {message[:120]!r}")
    beside = {param: message} if param in registry.get(model).SPEC.names else {}
    if got["errors"] != beside or got["invalid"] != list(beside):
        found.append(f"beside the controls: {got['errors']} (aria-invalid {got['invalid']}), "
                     f"expected {beside}")
    if case.get("unknown") and "unknown parameter; this model takes " not in message:
        found.append(f"an unknown name is not called one: {message[:120]!r}")
    return found


def boot(page, url: str) -> None:
    page.goto(url)
    page.locator(".sim-number").first.focus()  # a reader reaching for a control starts Python
    page.wait_for_selector("html[data-sims-runtime=ready]", state="attached",
                           timeout=LIVE_TIMEOUT_MS)


def test_hostile_links_controls_and_scripts_get_clear_messages(page, guard, hostile_site):
    boot(page, hostile_site.url)
    failures, turn = [], 0
    for model in MODELS:
        cases = cases_for(model, turn)
        turn += len(registry.get(model).SPEC.params)
        results = page.evaluate(HARNESS, {"id": model, "cases": cases})
        for case, got in zip(cases, results, strict=True):
            TRIED[case["channel"]] += 1
            for problem in problems(model, case, got):
                kept = "" if got["kept"] is None else f" (the field kept {got['kept']!r:.30})"
                failures.append(f"{model} {case['channel']} {case.get('name')}="
                                f"{json.dumps(case.get('value'))[:50]}{kept}: {problem}")
    assert page.evaluate("() => typeof window.pwned") == "undefined"
    assert not failures, f"{len(failures)} bad outcomes, first ones:\n" + "\n".join(failures[:15])


# One crafted link per block, all on one page load, read by the page's own start-up.
def load_cases() -> dict[str, str]:
    out = {}
    for i, model in enumerate(MODELS):
        spec = registry.get(model).SPEC
        p = spec.params[i % len(spec.params)]
        out[model] = [
            query(model, [(MARKUP[1], "1")]),
            f"{model}.__proto__=1",
            query(model, [(p.name, text(p.default)), (p.name, MARKUP[2])]),
            f"{model}.{p.name}=%E0%A4%A",
            query(model, [(p.name, "x" * 10_000)]),
            query(model, [(p.name, MARKUP[0])]),
            query(model, [(p.name, "NaN"), ("zz", "1")]),
        ][i % 7]
    return out


# Wait until the blocks (all, or one after its next run) show an outcome; report them.
SETTLE = """async ({ timeoutMs, id, after }) => {
  const started = performance.now();
  const blocks = [...window.__sims.blocks.values()].filter((b) => !id || b.config.id === id);
  const settled = (b) => b.runToken > after && b.status.dataset.kind
    && b.status.dataset.kind !== "info" && !b.root.hasAttribute("aria-busy");
  while (!blocks.every(settled)) {
    if (performance.now() - started > timeoutMs) return null;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return blocks.map((b) => ({
    id: b.config.id, status: b.status.textContent, kind: b.status.dataset.kind,
    token: b.runToken, result: JSON.stringify(b.lastResult),
    request: JSON.stringify({ model: b.config.model, params: { ...b.config.params, ...b.fromUrl },
                              seed: b.config.seed }),
    errors: Object.fromEntries([...b.inputs].filter(([, i]) => !i.error.hidden)
                                            .map(([n, i]) => [n, i.error.textContent])),
    markup: b.status.children.length,
  }));
}"""


def settle(page, block: str | None = None, after: int = 0) -> list[dict[str, Any]]:
    found = page.evaluate(SETTLE, {"timeoutMs": LIVE_TIMEOUT_MS, "id": block, "after": after})
    assert found, f"{block or 'the blocks'} did not settle"
    return found


def fix(page, model: str, param: Param, value: Any) -> None:
    """Set a control as a reader does."""
    where = f"#{model}-{param.name}"
    if param.kind in (NUMBER, INTEGER):
        page.fill(f"{where}-value", str(value))
        page.press(f"{where}-value", "Enter")
    elif param.kind == BOOLEAN:
        page.set_checked(where, value)
    elif param.kind == CHOICE:
        page.select_option(where, value)
    else:
        for choice in param.choices:
            page.set_checked(f"{where}-{choice}", choice in value)


def test_a_page_opened_from_a_hostile_link_explains_every_block(page, guard, hostile_site):
    links = load_cases()
    page.goto(hostile_site.url + "?" + "&".join(links.values()))
    blocks = settle(page)
    assert page.evaluate("() => typeof window.pwned") == "undefined"
    assert page.locator("img, iframe, object, embed").count() == 0
    for got in blocks:
        TRIED["page load"] += 1
        expected = json.loads(web.handle(got["request"]))
        assert not expected["ok"], (got["id"], links[got["id"]][:80])
        message, param = expected["error"]["message"], expected["error"]["param"]
        assert got["kind"] == "error" and got["status"].startswith(f"Not run: {message}"), got
        assert got["markup"] == 0
        if "more than once" in got["status"]:
            assert got["status"].endswith("; the last value is used."), got
        names = registry.get(got["id"]).SPEC.names
        assert got["errors"] == ({param: message} if param in names else {}), got
    # Each block still runs: the reader follows the messages, setting each named control to
    # a valid value, and gets CPython's result.
    for model in MODELS:
        spec = registry.get(model).SPEC
        target = next(p for p in spec.params if p.kind in (NUMBER, INTEGER))
        for _ in range(4):
            token = settle(page, model)[0]["token"]
            fix(page, model, target, valid_change(model, target))
            got = settle(page, model, token)[0]
            if got["kind"] == "live":
                break
            target = spec[next(iter(got["errors"]))]
        assert got["kind"] == "live", got
        shown = json.loads(got["result"])
        assert shown == registry.run(model, shown["params"], shown["seed"]).to_dict()
