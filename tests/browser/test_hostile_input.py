"""Hostile input in the browser: crafted links and control values, as a reader meets them.

A site of two identical pages, each with one block per model and every parameter a control, is
fed crafted values through the two doors a reader has. Links (``?BLOCK.NAME=VALUE``) are
followed within the site: mkdocs-material's instant navigation swaps the other page in and the
blocks, mounted again, read the new address, while the Python worker lives on. Each block reads
only its own keys, so one link carries a case for every block. The controls (the exact-value
field, the slider, a menu, the check boxes) get values set on the real inputs, with the events
a reader's input fires.

The test works out what the page sends (the block's own settings overlaid with the link's raw
strings, or with the controls' raw values) and asks CPython's ``sims.web.handle`` the same
request. A result must read exactly as CPython's, with the controls showing the values that
ran; a refusal must read "Not run: <CPython's message>", with the message beside the control it
names. Nothing may be inserted as HTML (no new elements, no ``window.pwned``), no console error
may be logged (the ``guard`` fixture), and the block still runs: a valid change afterwards gives
CPython's result. All of it is observed through the page: the status line (``data-kind``,
``data-outcome``), the fields, the output's text and the blocks' ``sims:outcome`` events. One
real load from a hostile link checks the page's own start-up.

Values a script could hand a block directly (lists for numbers, null, NaN) and bad seeds are
not tried here: the page takes values only from its controls and its address, and its seed
from the build, which validates it. tests/unit/test_cli_fuzz.py sends those values through
``sims.web.handle``.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import pytest

from sims import registry, web
from sims.spec import BOOLEAN, CHOICE, CHOICES, INTEGER, NUMBER, Param
from tests.browser.conftest import LIVE_TIMEOUT_MS, as_shown, shown
from tests.conftest import serve_pages
from tests.helpers import replace_file
from tests.hostile import (
    COMMON,
    MARKUP,
    NAMES,
    available_models,
    for_param,
    print_count,
)

MODELS = available_models()
TRIED: Counter[str] = Counter()
MAX_MESSAGE = 600
# Two identical pages: the theme's instant navigation fetches a page only when the path
# changes (a second link to the same page with another query does nothing), so the links
# alternate between them.
PAGES = ("", "again/")
# Values only a parameter of its own kind can misread (bounds, near-choices), per block.
OWN_PER_BLOCK = 6
CONTROL_NUMBERS = ["1e308", "-1e308", "1e400", "1" + "0" * 40, "-1", "5e-324", "1e-400", "abc",
                   "", "2.5", "0x10"]
NOT_RUN = "Not run: "


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """Two identical pages: every available model as a block with every parameter a control.

    The listing of each model's source is cut from the built pages: it is two thirds of a page,
    nothing here reads it, and instant navigation spends most of its time on its line anchors.
    """
    blocks = "\n".join(
        f"```sim\nmodel: {m}\nid: {m}\ncontrols: [{', '.join(registry.get(m).SPEC.names)}]\n```\n"
        for m in MODELS)
    pages = {f"{p.rstrip('/') or 'index'}.md": f"# Hostile input\n\n{blocks}" for p in PAGES}
    server = serve_pages(tmp_path_factory, "hostile", pages)
    for path in PAGES:
        html = server.site / path / "index.html"
        replace_file(html, re.sub(r'<details class="sim-source".*?</details>', "",
                                  html.read_text(encoding="utf-8"), flags=re.S))
    yield server
    server.close()


@pytest.fixture(scope="module", autouse=True)
def report(request):
    """Print how many hostile inputs were tried, past pytest's capture (as capsys.disabled)."""
    yield
    print_count(request, "browser fuzz", TRIED)


# What a reader can see of a block, shared by the scripts below: the controls' raw values
# (a number field's text, a box's tick, a menu's value, the ticked items in page order), the
# status line, the messages beside the controls and anything that looks inserted as HTML.
OBSERVE = """
  const read = (root) => Object.fromEntries(
    [...root.querySelectorAll(".sim-control[data-param]")].map((wrap) => {
      const boxes = [...wrap.querySelectorAll("input[type=checkbox]")];
      const field = wrap.querySelector("input[type=number], select");
      const value = field ? field.value
        : wrap.classList.contains("sim-boolean") ? boxes[0].checked
          : boxes.filter((b) => b.checked).map((b) => b.value);
      return [wrap.dataset.param, value];
    }));
  // The page's own scripts (the chart library arrives with the first live chart) are not news.
  const ours = (s) => s.src && new URL(s.src).origin === location.origin
    && /[/](vendor|javascripts|assets)[/]/.test(new URL(s.src).pathname);
  const risky = () => document.querySelectorAll(
    "img, iframe, object, embed, base, [onerror], [onload], [onclick]").length
    + [...document.scripts].filter((s) => !ours(s)).length;
  const observe = (root) => {
    const status = root.querySelector(".sim-status");
    const errors = {};
    const invalid = [];
    let markup = status.children.length;
    for (const wrap of root.querySelectorAll(".sim-control[data-param]")) {
      const error = wrap.querySelector(".sim-error");
      if (!error.hidden) errors[wrap.dataset.param] = error.textContent;
      markup += error.children.length;
      if (wrap.querySelector("[aria-invalid=true]")) invalid.push(wrap.dataset.param);
    }
    return {
      status: status.textContent, kind: status.dataset.kind ?? null,
      outcome: status.dataset.outcome ?? null, busy: root.hasAttribute("aria-busy"),
      errors, invalid, markup, risky: risky(), pwned: typeof window.pwned, controls: read(root),
    };
  };
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
"""

# Follow a link within the site as a reader clicks one, and wait for the new page and for the
# first settled outcome of each block the link names; report what each of them shows.
FOLLOW = "async ({ href, ids, timeoutMs }) => {" + OBSERVE + """
  const events = {};
  const record = (event) => {
    if (event.detail.kind !== "superseded") events[event.target.id] ??= event.detail.kind;
  };
  // Capturing on the document: it outlives the swapped page, and the event need not bubble.
  document.addEventListener("sims:outcome", record, true);
  const article = document.querySelector("article");
  const link = document.createElement("a");
  link.href = href;
  link.textContent = "a crafted link";
  article.append(link);
  link.click();
  const started = performance.now();
  while (article.isConnected || !ids.every((id) => id in events)) {
    if (performance.now() - started > timeoutMs) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await tick(); // what a block adds after its outcome (a note on a repeated key)
  document.removeEventListener("sims:outcome", record, true);
  return { swapped: !article.isConnected, url: location.href, blocks: Object.fromEntries(ids.map(
    (id) => [id, { ...observe(document.getElementById(id)), event: events[id] ?? null }])) };
}"""

# Set one control as a reader's input does (after Reset, if asked), note what the controls held
# when the page read them, and wait for the block's next settled outcome.
CONTROL = "async ({ id, name, kind, value, slider, reset, timeoutMs }) => {" + OBSERVE + """
  const root = document.getElementById(id);
  if (reset) root.querySelector(".sim-reset").click();
  const wrap = root.querySelector(`.sim-control[data-param="${CSS.escape(name)}"]`);
  const settled = new Promise((resolve) => {
    const on = (event) => {
      if (event.detail.kind === "superseded") return;
      root.removeEventListener("sims:outcome", on);
      resolve(event.detail.kind);
    };
    root.addEventListener("sims:outcome", on);
    setTimeout(() => resolve(null), timeoutMs);
  });
  const fire = (input, type) => input.dispatchEvent(new Event(type, { bubbles: true }));
  if (kind === "number" || kind === "integer") {
    const input = wrap.querySelector(slider ? "input[type=range]" : "input[type=number]");
    input.value = value;
    fire(input, slider ? "input" : "change");
  } else if (kind === "choice") {
    const select = wrap.querySelector("select");
    select.value = value;
    fire(select, "change");
  } else {  // one change event for the lot: the page reads every box of the control
    const boxes = [...wrap.querySelectorAll("input[type=checkbox]")];
    for (const box of boxes) {
      box.checked = kind === "boolean" ? value === true : value.includes(box.value);
    }
    fire(boxes[0], "change");
  }
  const sent = read(root); // the page read the controls in the event's handler
  const event = await settled;
  await tick();
  return { ...observe(root), event, sent };
}"""

# Wait until each block has settled on an outcome (a page load's own runs, which start before
# a script could listen for their events: the status line tells); report them.
SETTLED = "async ({ ids, timeoutMs }) => {" + OBSERVE + """
  const started = performance.now();
  const settled = (id) => {
    const root = document.getElementById(id);
    return root.querySelector(".sim-form") && !root.hasAttribute("aria-busy")
      && root.querySelector(".sim-status").dataset.outcome;
  };
  while (!ids.every(settled) && performance.now() - started < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await tick();
  return Object.fromEntries(ids.map((id) => [id, {
    ...observe(document.getElementById(id)), event: settled(id) ? "settled" : null }]));
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


def from_link(link_query: str, block: str) -> tuple[dict[str, str], list[str]]:
    """What a block takes from its address: its own keys with their last values, and the names
    given more than once. Python's form parser reads a query as the browser's URLSearchParams
    does (``&`` only, ``+`` a space, a broken escape kept as typed, bad UTF-8 replaced)."""
    prefix = f"{block}."
    raw: dict[str, str] = {}
    repeated = []
    for key, value in parse_qsl(link_query, keep_blank_values=True):
        if key.startswith(prefix):
            name = key[len(prefix):]
            if name in raw:
                repeated.append(name)
            raw[name] = value
    return raw, repeated


def as_sent(config: dict[str, Any], written: dict[str, Any],
            controls: dict[str, Any]) -> dict[str, Any]:
    """The values a block sends when its controls hold ``controls`` (as :data:`OBSERVE` reads
    them) and were last written with ``written`` (the block's own settings, or the values of
    its last result): those values, overlaid with what the controls hold. A multi-choice
    control sends its ticked items in the order it was written with, then newly ticked ones in
    page order."""
    out = {**written, **controls}
    for p in config["spec"]:
        if p["kind"] == CHOICES and p["name"] in controls:
            ticked, before = controls[p["name"]], written[p["name"]]
            out[p["name"]] = [v for v in before if v in ticked] + \
                [v for v in ticked if v not in before]
    return out


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


def specials(model: str, param: Param) -> list[dict[str, Any]]:
    """Links whose trouble is in the keys or the query itself: unknown names, a repeated key
    (the last value counts, whether it is the good or the bad one), raw query strings as typed
    or mangled (broken escapes, separators)."""
    name = param.name
    return [
        *({"name": n, "value": "1", "unknown": True, "query": query(model, [(n, "1")])}
          for n in NAMES),
        *({"name": name, "value": last, "query": query(model, [(name, before), (name, last)])}
          for before, last in ((MARKUP[0], text(param.default)),
                               (text(param.default), MARKUP[0]))),
        *({"name": name, "query": q} for q in (
            f"{model}.{name}=%", f"{model}.{name}=%zz", f"{model}.{name}=%E0%A4%A",
            f"{model}.{name}=<script>window.pwned=1", f"&&&{model}.{name}=&&",
            f"{model}.{name}=1;{model}.zz=2", f"{model}.{name}==", f"{model}..{name}=1")),
    ]


def link_cases() -> dict[str, list[dict[str, Any]]]:
    """The crafted links, a list per block, about as long for every block (a link carries one
    case of each block): the common values twice over, dealt out to the blocks in turn (the
    second time each lands on another model), then each block's own kind of values, then the
    links of :func:`specials`, dealt out in turn. A block's cases take its parameters in turn."""
    out: dict[str, list[dict[str, Any]]] = {m: [] for m in MODELS}
    turns = {m: itertools.cycle(registry.get(m).SPEC.params) for m in MODELS}

    def add(model: str, value: str | None = None) -> None:
        """The block's next parameter gets ``value``, or one of its own kind's values."""
        param = next(turns[model])
        if value is None:
            own = [v for v in for_param(param) if v not in COMMON]
            value = own[len(out[model]) % len(own)]
        out[model].append({"name": param.name, "value": value,
                           "query": query(model, [(param.name, value)])})

    for j, value in enumerate(COMMON * 2):
        add(MODELS[j % len(MODELS)], value)
    for model in MODELS:
        for _ in range(OWN_PER_BLOCK):
            add(model)
    first = registry.get(MODELS[0]).SPEC.params[0]
    for j in range(len(specials(MODELS[0], first))):
        model = MODELS[j % len(MODELS)]
        out[model].append(specials(model, next(turns[model]))[j])
    return out


def control_cases(model: str, turn: int) -> list[dict[str, Any]]:
    """The crafted control values for one block, a parameter at a time; ``turn`` counts the
    parameters of the models before. Each parameter's cases start from values that run: the
    cases before end with a valid change (which must run live, as CPython's), or these start
    with Reset. Every parameter but every other number gets a valid change: a live run costs
    ten refusals."""
    spec = registry.get(model).SPEC
    out: list[dict[str, Any]] = []
    numbers = [p for p in spec.params if p.kind in (NUMBER, INTEGER)]
    reset = True  # the block's first case starts from the block's own settings
    for j, param in enumerate(spec.params, turn):
        cases = []
        if param.kind in (NUMBER, INTEGER):
            cases += [{"name": param.name, "value": v} for v in rotate(CONTROL_NUMBERS, j, 2)]
            if param is numbers[0]:  # a slider clamps whatever it is given: one is enough
                cases += [{"name": param.name, "value": v, "slider": True}
                          for v in ("1e308", "-5", "abc")]
        elif param.kind == CHOICE:
            cases += [{"name": param.name, "value": v}
                      for v in ("<img src=x onerror=window.pwned=1>", "")]
        elif param.kind == CHOICES:
            cases.append({"name": param.name, "value": []})
        fix = param.kind not in (NUMBER, INTEGER) or j % 2 == 0
        if fix:
            cases.append({"name": param.name, "value": valid_change(model, param), "valid": True})
        cases[0]["reset"] = reset
        reset = not fix
        out += cases
    return out


def configs(page) -> dict[str, dict[str, Any]]:
    """Each block's configuration, as the build wrote it into the page."""
    found = page.locator(".sim[data-config]").evaluate_all(
        "els => els.map((e) => [e.id, e.dataset.config])")
    return {block: json.loads(config) for block, config in found}


def showing(param: dict[str, Any], raw: Any, value: Any) -> bool:
    """Whether a control holding ``raw`` (as :data:`OBSERVE` reads it) shows ``value``."""
    if param["kind"] in (NUMBER, INTEGER):
        try:
            return float(raw) == value
        except ValueError:
            return False
    if param["kind"] == CHOICES:
        return sorted(raw) == sorted(value)
    return raw == value


class Checker:
    """Judges what a block shows against CPython's reply to the same request."""

    def __init__(self, page, baseline: int) -> None:
        self.page = page
        self.baseline = baseline  # risky elements of the page as built

    def judge(self, config: dict[str, Any], case: dict[str, Any], got: dict[str, Any],
              params: dict[str, Any], repeated: Sequence[str] = ()) -> tuple[dict, list[str]]:
        """CPython's reply to the request the page sent with ``params`` after ``case``, and
        what is wrong with what the reader sees, or nothing."""
        request = {"model": config["model"], "params": params, "seed": config["seed"]}
        reply = json.loads(web.handle(json.dumps(request)))
        return reply, self.problems(config, case, got, reply, repeated)

    def problems(self, config: dict[str, Any], case: dict[str, Any], got: dict[str, Any],
                 reply: dict[str, Any], repeated: Sequence[str]) -> list[str]:
        """What is wrong with what the reader sees (``got``), given CPython's ``reply``."""
        found = []
        if got["markup"] or got["risky"] != self.baseline or got["pwned"] != "undefined":
            found.append(f"inserted as HTML: {got['markup']} child elements, "
                         f"{got['risky'] - self.baseline} new risky elements, "
                         f"window.pwned {got['pwned']}")
        if got["event"] is None:
            return [*found, f"nothing settled and the status says {got['status'][:120]!r}"]
        if got["event"] not in ("reply", "settled"):  # settled: seen by its status (SETTLED)
            found.append(f"the request ended as {got['event']}: {got['status'][:200]!r}")
        if got["busy"]:
            found.append("still busy")
        note = f" The link sets {', '.join(repeated)} more than once; the last value is used."
        if repeated and not got["status"].endswith(note):
            found.append(f"no note on the repeated key: {got['status'][-200:]!r}")
        if not repeated and "more than once" in got["status"]:
            found.append(f"a note on a repeated key that is not there: {got['status'][-200:]!r}")
        if reply["ok"]:
            return found + self.live_problems(config, got, reply)
        if case.get("valid"):
            found.append(f"a valid change was refused: {reply['error']}")
        message, param = reply["error"]["message"], reply["error"]["param"]
        if reply["error"]["kind"] != "param":
            return [*found, f"the model itself failed in CPython: {message[:200]!r}"]
        if len(message) > MAX_MESSAGE or "Traceback" in message:
            found.append(f"unclear message: {message[:200]!r}")
        if param and not message.startswith(f"{param}: "):
            found.append(f"the message does not name {param!r}: {message[:120]!r}")
        if (got["kind"], got["outcome"]) != ("error", "refused") \
                or not got["status"].startswith(NOT_RUN + message):
            found.append(f"status {got['kind']}/{got['outcome']}: {got['status'][:200]!r}, "
                         f"not {message[:120]!r}")
        beside = {param: message} if param in config["controls"] else {}
        if got["errors"] != beside or got["invalid"] != list(beside):
            found.append(f"beside the controls: {got['errors']} (aria-invalid {got['invalid']}),"
                         f" expected {beside}")
        if case.get("unknown") and "unknown parameter; this model takes " not in message:
            found.append(f"an unknown name is not called one: {message[:120]!r}")
        return found

    def live_problems(self, config: dict[str, Any], got: dict[str, Any],
                      reply: dict[str, Any]) -> list[str]:
        """A request CPython ran: the page shows its result and the values that ran."""
        ran = reply["values"]
        if (got["kind"], got["outcome"]) != ("live", "live"):
            return [f"CPython ran it, the page shows {got['kind']}/{got['outcome']}: "
                    f"{got['status'][:200]!r}"]
        found = []
        if got["errors"] or got["invalid"]:
            found.append(f"errors left beside controls: {got['errors']} ({got['invalid']})")
        wrong = {p["name"]: got["controls"][p["name"]] for p in config["spec"]
                 if p["name"] in got["controls"]
                 and not showing(p, got["controls"][p["name"]], ran[p["name"]])}
        if wrong:
            found.append(f"the controls show {str(wrong)[:200]}, not what ran: "
                         f"{str({k: ran[k] for k in wrong})[:200]}")
        want = as_shown(reply["view"])
        have = shown(self.page, config["id"])
        if have != want:
            diff = {k: have[k] for k in have if have[k] != want[k]}
            found.append(f"the output differs from CPython's in {str(diff)[:300]}")
        return found


def boot(page, url: str) -> int:
    """Open ``url`` and start Python as a reader reaching for a control does; return how many
    risky elements the page has as built. Instant navigation needs the site's sitemap (without
    it a click on a link loads the page afresh): it arrives long before Python is ready."""
    page.goto(url)
    page.locator(".sim-number").first.focus()
    page.wait_for_selector("html[data-sims-runtime=ready]", state="attached",
                           timeout=LIVE_TIMEOUT_MS)
    assert page.evaluate("""() => performance.getEntriesByType("resource")
                              .some((e) => new URL(e.name).pathname.endsWith("/sitemap.xml"))"""
                         ), "no sitemap yet: the theme would load a followed link afresh"
    return risky(page)


def risky(page) -> int:
    """How many elements of the page could run script or load something (see OBSERVE)."""
    return page.evaluate("async () => {" + OBSERVE + "return risky(); }")


def case_label(model: str, channel: str, case: dict[str, Any]) -> str:
    if "value" not in case:
        return f"{model} {channel} {case['query'][:60]!r}"
    return f"{model} {channel} {case['name'][:30]}={json.dumps(case['value'])[:50]}"


def test_hostile_links_get_clear_messages(page, guard, hostile_site):
    """Crafted links, followed by instant navigation: each block says what it made of its
    part of the query (the controls' own cases are the next test: two workers share them)."""
    baseline = boot(page, hostile_site.url)
    checker = Checker(page, baseline)
    blocks = configs(page)
    failures = []
    links = link_cases()
    for r in range(max(map(len, links.values()))):
        cases = {m: links[m][r] for m in MODELS if r < len(links[m])}
        link_query = "&".join(case["query"] for case in cases.values())
        href = hostile_site.url + PAGES[(r + 1) % len(PAGES)] + "?" + link_query
        seen = page.evaluate(FOLLOW, {"href": href, "ids": list(cases),
                                      "timeoutMs": LIVE_TIMEOUT_MS})
        assert seen["swapped"], f"the link was not followed: {seen['url'][:200]}"
        for model, case in cases.items():
            TRIED["link"] += 1
            raw, repeated = from_link(link_query, model)
            params = {**blocks[model]["params"], **raw}
            _, found = checker.judge(blocks[model], case, seen["blocks"][model], params, repeated)
            failures += [f"{case_label(model, 'link', case)}: {problem}" for problem in found]
    assert page.evaluate("() => typeof window.pwned") == "undefined"
    assert not failures, f"{len(failures)} bad outcomes, first ones:\n" + "\n".join(failures[:15])


def test_hostile_controls_get_clear_messages(page, guard, hostile_site):
    """Hostile values typed, chosen and dragged into every control, then Reset."""
    baseline = boot(page, hostile_site.url)
    checker = Checker(page, baseline)
    blocks = configs(page)
    failures = []
    turn = 0
    for model in MODELS:
        spec, config = registry.get(model).SPEC, blocks[model]
        for case in control_cases(model, turn):
            channel = "slider" if case.get("slider") else "control"
            TRIED[channel] += 1
            if case.get("reset"):
                written = config["params"]
            got = page.evaluate(CONTROL, {
                "id": model, "name": case["name"], "kind": spec[case["name"]].kind,
                "value": case["value"], "slider": bool(case.get("slider")),
                "reset": bool(case.get("reset")), "timeoutMs": LIVE_TIMEOUT_MS})
            params = as_sent(config, written, got["sent"])
            reply, found = checker.judge(config, case, got, params)
            failures += [f"{case_label(model, channel, case)} (the page sent "
                         f"{json.dumps(params[case['name']])[:30]}): {problem}"
                         for problem in found]
            if reply["ok"]:
                written = reply["values"]
        turn += len(spec.params)
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


def test_a_page_opened_from_a_hostile_link_explains_every_block(page, guard, hostile_site):
    links = load_cases()
    link_query = "&".join(links.values())
    page.goto(hostile_site.url + "?" + link_query)
    blocks = configs(page)
    checker = Checker(page, risky(page))
    seen = page.evaluate(SETTLED, {"ids": MODELS, "timeoutMs": LIVE_TIMEOUT_MS})
    failures = []
    for model in MODELS:
        TRIED["page load"] += 1
        raw, repeated = from_link(link_query, model)
        params = {**blocks[model]["params"], **raw}
        request = {"model": model, "params": params, "seed": blocks[model]["seed"]}
        assert not json.loads(web.handle(json.dumps(request)))["ok"], (model, links[model][:80])
        case = {"name": "link", "query": links[model]}
        _, found = checker.judge(blocks[model], case, seen[model], params, repeated)
        failures += [f"{case_label(model, 'page load', case)}: {problem}" for problem in found]
    assert not failures, "\n".join(failures)
    # Each block still runs: the reader sets the control the message names (or, when it names
    # none, the first number) to a valid value, and gets CPython's result.
    for model in MODELS:
        spec = registry.get(model).SPEC
        named = next(iter(seen[model]["errors"]), None)
        target = spec[named] if named else next(
            p for p in spec.params if p.kind in (NUMBER, INTEGER))
        case = {"name": target.name, "value": valid_change(model, target), "valid": True}
        got = page.evaluate(CONTROL, {
            "id": model, "name": target.name, "kind": target.kind, "value": case["value"],
            "slider": False, "reset": False, "timeoutMs": LIVE_TIMEOUT_MS})
        params = as_sent(blocks[model], blocks[model]["params"], got["sent"])
        _, found = checker.judge(blocks[model], case, got, params)
        failures += [f"{case_label(model, 'fix', case)}: {problem}" for problem in found]
    assert page.evaluate("() => typeof window.pwned") == "undefined"
    assert not failures, "\n".join(failures)
