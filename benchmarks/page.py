"""How fast a simulation goes live in headless chromium, against Pyodide's own boot.

Prints, in one run on one machine:
  (a) bare `loadPyodide` in a module worker on a blank page, running one line of Python (the
      floor for any Python page);
  (b) our time from the first interaction to the first live result, with a cold cache, and the
      time from navigation to that result; the ratio (b) / (a);
  (c) the warm re-run latency of every model at its defaults (press Run -> live result);
  (d) after Stop ends a long run, press Run -> live result (the spare worker takes over);
  (e) the editor block (the cooperation page's own ```strategy block, template in the editor):
      press Run -> ranked result shown and -> its charts drawn, cold (Python not started, a
      slow link so it does not start early) and warm (Python ready); the ratios to (a);
  the bytes of the page's own JavaScript before any interaction (gzip), and what a page
  transfers before any interaction.

Run: .venv/bin/python benchmarks/page.py [--runs N]   (after `make build`; `make bench` does both)
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import statistics
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sims import registry  # noqa: E402
from simsite import stdlib  # noqa: E402
from tests.browser.conftest import next_outcome, set_number  # noqa: E402
from tests.helpers import WITH_TEST_MODELS, Server, build  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-quic"]
BARE_PAGE = """<!doctype html><meta charset="utf-8"><title>bare</title><script type="module">
const started = performance.now();
const w = new Worker(new URL("bare-worker.js", location.href), {type: "module"});
w.onmessage = () => { window.bareMs = performance.now() - started; };
</script>"""
# Pyodide as npm ships it, with its whole standard library (the site ships only a part).
BARE_WORKER = """import { loadPyodide } from "../vendor/pyodide/pyodide.mjs";
const pyodide = await loadPyodide({
  indexURL: new URL("../vendor/pyodide/", import.meta.url).href,
  stdLibURL: new URL("python_stdlib.zip", import.meta.url).href });
pyodide.runPython("1 + 1");
postMessage("ready");"""
STRATEGY_FENCE = re.compile(r"^```strategy\n.*?^```\n", re.MULTILINE | re.DOTALL)
OWN_JS = ["javascripts/sims-page.js", "javascripts/sims-block.js", "javascripts/sims-controls.js",
          "javascripts/sims-output.js", "javascripts/sims-runtime.js"]


def bench_site(workdir: Path) -> Path:
    """A site with one block per model at its defaults, built with the project's config."""
    docs = workdir / "docs"
    shutil.copytree(ROOT / "docs" / "javascripts", docs / "javascripts")
    shutil.copytree(ROOT / "docs" / "stylesheets", docs / "stylesheets")
    shutil.copytree(ROOT / "docs" / "includes", docs / "includes")
    blocks = []
    for model in registry.model_ids():
        first = registry.get(model).SPEC.params[0].name
        blocks.append(f"## The {model} model\n\n```sim\nmodel: {model}\nid: {model}\n"
                      f"controls: [{first}]\n```\n")
    blocks.append("## A run that never ends\n\n```sim\nmodel: runaway\nid: runaway\n"
                  "controls: [seconds]\n```\n")
    # The editor block as readers meet it: the cooperation page's own, with a known id.
    fence = STRATEGY_FENCE.search((ROOT / "docs" / "cooperation.md").read_text()).group()
    blocks.append("## Your strategy\n\n" + fence.replace("```strategy\n", "```strategy\n"
                                                            "id: strategy\n", 1))
    (docs / "index.md").write_text("# Benchmark\n\n" + "\n".join(blocks))
    site = workdir / "site"
    done = build(docs, site, nav=["index.md"], env=WITH_TEST_MODELS)  # for the runaway block
    if done.returncode:
        sys.exit(done.stderr)
    (site / "_bench").mkdir()
    (site / "_bench" / "index.html").write_text(BARE_PAGE)
    (site / "_bench" / "bare-worker.js").write_text(BARE_WORKER)
    shutil.copy2(stdlib.FULL, site / "_bench" / "python_stdlib.zip")
    return site


def median(values: list[float]) -> str:
    return f"{statistics.median(values):7.0f} ms (min {min(values):.0f}, max {max(values):.0f})"


def bare_boot(browser, url: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "_bench/")
    page.wait_for_function("window.bareMs !== undefined", timeout=120_000)
    ms = page.evaluate("window.bareMs")
    context.close()
    return ms


def interaction_to_live(page, block: str, control: str = ".sim-run") -> float:
    """Press ``control`` (Run, or a preset) on a block; ms from the reader's pointerdown to the
    live result, in the page (``window.__timing`` keeps both, as performance.now()).

    Timed inside the page, so Playwright's own waits (scrolling, actionability) do not count.
    """
    page.locator(f"#{block} {control}").first.scroll_into_view_if_needed()
    page.wait_for_timeout(600)  # let the theme's smooth scrolling settle
    page.evaluate("""(id) => {
        const block = document.getElementById(id);
        const status = block.querySelector(".sim-status");
        status.dataset.kind = "";
        window.__timing = {};
        block.addEventListener("pointerdown", () => { window.__timing.down ??= performance.now(); },
                               { capture: true });
        new MutationObserver(() => {
            if (status.dataset.kind === "live") window.__timing.live ??= performance.now();
        }).observe(status, { attributes: true });
    }""", block)
    page.locator(f"#{block} {control}").first.click()
    page.wait_for_selector(f"#{block} .sim-status[data-kind=live]", timeout=120_000)
    return page.evaluate("window.__timing.live - window.__timing.down")


def run_strategy(page) -> dict[str, float]:
    """Press Run in the editor block; ms from the reader's pointerdown to the ranked result
    shown (its status live, the rank and tables placed in the same task) and to the charts of
    both its parts drawn, timed inside the page; and Python's own time, as the block says it."""
    block = "#strategy"
    page.locator(f"{block} .strategy-run").scroll_into_view_if_needed()
    page.wait_for_timeout(600)  # let the theme's smooth scrolling settle
    page.evaluate("""(selector) => {
        const block = document.querySelector(selector);
        const status = block.querySelector(".sim-status");
        const outputs = [...block.querySelectorAll(".strategy-part .sim-output")];
        status.dataset.kind = "";
        for (const o of outputs) delete o.dataset.charts;
        window.__timing = {};
        block.addEventListener("pointerdown", () => { window.__timing.down ??= performance.now(); },
                               { capture: true });
        new MutationObserver(() => {
            if (status.dataset.kind === "live") window.__timing.shown ??= performance.now();
        }).observe(status, { attributes: true });
        new MutationObserver(() => {
            if (outputs.every((o) => o.dataset.charts === "drawn")) {
                window.__timing.drawn ??= performance.now();
            }
        }).observe(block, { attributes: true, subtree: true, attributeFilter: ["data-charts"] });
    }""", block)
    page.locator(f"{block} .strategy-run").click()
    page.wait_for_selector(f"{block} .sim-status[data-kind=live]", timeout=120_000)
    for part in ("tournament", "evolution"):  # a selector: the page's policy refuses eval
        page.wait_for_selector(f"{block} [data-part={part}] .sim-output[data-charts=drawn]",
                               timeout=120_000)
    timing = page.evaluate("window.__timing")
    python = re.search(r"in (\d+) ms", page.inner_text(f"{block} .sim-status"))
    return {"shown": timing["shown"] - timing["down"], "drawn": timing["drawn"] - timing["down"],
            "python": float(python[1])}


# A slow link, so Python does not start before the interaction, on which the reader has
# already agreed to download Python this session (sims-boot.js asks once per session on such
# a link): the timing starts at their Run, not at a question they answer first.
AGREED_KEY = re.search(r'const AGREED_KEY = "([^"]+)"',
                       (ROOT / "docs" / "javascripts" / "sims-boot.js").read_text())[1]
SLOW_LINK = """Object.defineProperty(navigator, "connection",
    { get: () => ({ effectiveType: "3g", saveData: false }) });
try { sessionStorage.setItem(KEY, "yes"); } catch {}""".replace("KEY", json.dumps(AGREED_KEY))


def first_live(browser, url: str) -> tuple[float, float, int]:
    """(first interaction -> live, navigation -> live, bytes before interaction).

    The page is told it is on a slow link, so Python does not start before the interaction
    (on a fast link it starts once a simulation is in view and the page is idle).
    """
    context = browser.new_context()
    context.add_init_script(SLOW_LINK)
    page = context.new_page()
    sizes: list[int] = []
    page.on("response", lambda r: sizes.append(int(r.headers.get("content-length", 0))))
    page.goto(url)
    page.wait_for_selector("#arms_race .sim-form")
    before = sum(sizes)
    first = interaction_to_live(page, "arms_race")
    end = page.evaluate("performance.now()")
    context.close()
    return first, end, before


def warm_reruns(browser, url: str, runs: int) -> dict[str, dict[str, list[float]]]:
    """Per model: Python's own time, time to the result shown, and to its charts drawn."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.locator("#arms_race .sim-run").click()
    page.wait_for_selector("#arms_race .sim-status[data-kind=live]", timeout=120_000)
    out: dict[str, dict[str, list[float]]] = {}
    for model in registry.model_ids():
        out[model] = {"python": [], "shown": [], "drawn": []}
        for i in range(runs + 1):  # the first run of each model imports it: not counted
            run = page.locator(f"#{model} .sim-run")
            timing = next_outcome(page, model, run.click)  # the block's own timings
            if i:
                for key in out[model]:
                    out[model][key].append(timing[key])
    context.close()
    return out


def after_stop(browser, url: str) -> float:
    """Stop a run that never ends, then press Run on another block: ms to its live result.

    The long run has gone on for 6 s, so the spare worker has booted beside it (sims-runtime.js).
    """
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    interaction_to_live(page, "arms_race")  # Python is up
    set_number(page, "runaway", "seconds", "100")
    page.wait_for_selector("#runaway .sim-stop:not([disabled])")
    page.wait_for_timeout(6000)
    page.locator("#runaway .sim-stop").click()
    ms = interaction_to_live(page, "arms_race")
    context.close()
    return ms


def strategy_cold(browser, url: str) -> dict[str, float]:
    """Run in the editor block of a page just opened on a slow link: Python starts at the
    reader's press (sims-page.js starts it early only on a fast link)."""
    context = browser.new_context()
    context.add_init_script(SLOW_LINK)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#strategy .strategy-run")
    timing = run_strategy(page)
    context.close()
    return timing


def strategy_warm(browser, url: str, runs: int) -> dict[str, list[float]]:
    """Run in the editor block with Python ready and the block's modules imported: the first
    run is not counted."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    out: dict[str, list[float]] = {"shown": [], "drawn": [], "python": []}
    for i in range(runs + 1):
        timing = run_strategy(page)
        if i:
            for key in out:
                out[key].append(timing[key])
    context.close()
    return out


def runs_from_command_line(doc: str) -> int:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    return parser.parse_args().runs


@contextmanager
def bench_session():
    """The benchmark site built in a temporary folder, served, and a headless chromium."""
    with tempfile.TemporaryDirectory() as tmp:
        site = bench_site(Path(tmp))
        server = Server(site)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                yield site, server, browser
                browser.close()
        finally:
            server.close()


def main() -> None:
    runs = runs_from_command_line(__doc__)
    with bench_session() as (site, server, browser):
        bare, first, nav, before = [], [], [], []
        cold: dict[str, list[float]] = {"shown": [], "drawn": [], "python": []}
        for _ in range(runs):  # interleaved, so machine load hits all alike
            bare.append(bare_boot(browser, server.url))
            f, n, b = first_live(browser, server.url)
            first.append(f)
            nav.append(n)
            before.append(b)
            for key, ms in strategy_cold(browser, server.url).items():
                cold[key].append(ms)
        warm_strategy = strategy_warm(browser, server.url, runs)
        warm = warm_reruns(browser, server.url, runs)
        stopped = [after_stop(browser, server.url) for _ in range(runs)]
        own_js = sum(len(gzip.compress((site / f).read_bytes(), 9)) for f in OWN_JS)
    print(f"runs: {runs} (medians)")
    print(f"(a) bare loadPyodide in a module worker:      {median(bare)}")
    print(f"(b) first interaction -> first live result:   {median(first)}")
    print(f"    navigation -> first live result:          {median(nav)}")
    print(f"    ratio (b)/(a):                            "
          f"{statistics.median(first) / statistics.median(bare):.2f}")
    print("(c) warm re-run, press Run -> result (medians: Python / result shown / charts drawn):")
    for model, t in warm.items():
        print(f"    {model:<12} {statistics.median(t['python']):6.1f} ms /"
              f" {statistics.median(t['shown']):6.1f} ms / {statistics.median(t['drawn']):6.1f} ms")
    print(f"(d) Stop a long run, then Run -> live result:  {median(stopped)}")
    floor = statistics.median(bare)
    print("(e) editor block, the template: press Run -> ranked result shown / charts drawn"
          " (Python's own time); ratio of shown to (a):")
    for name, t in (("cold", cold), ("warm", warm_strategy)):
        print(f"    {name}: {median(t['shown'])} / {median(t['drawn'])}"
              f" ({statistics.median(t['python']):.0f} ms);"
              f" ratio {statistics.median(t['shown']) / floor:.2f}")
    print(f"page's own JavaScript before interaction:     {own_js / 1024:.1f} KB gzip")
    print(f"bytes transferred before any interaction:     "
          f"{statistics.median(before) / 1024:.0f} KB on a slow link (uncompressed, no Pyodide)")


if __name__ == "__main__":
    main()
