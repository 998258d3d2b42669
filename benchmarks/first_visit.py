"""A reader's cold first visit, measured as GitHub Pages would serve it over a reader's link.

The built site is served with gzip where Pages compresses and its bytes paced to a link
(benchmarks/pages_server.py: pacing in the server throttles the module worker's fetches too).
Every figure is a ratio against a reference measured in the same run, over the same link:

  first visit (a new browser context: no cache, no service worker installed or allowed to
  install, so its precaching of every page does not share the link): the reader touches the
  page's first simulation block (its last preset, else Run) once the block is ready; printed:
    - bytes on the wire (encoded bodies; response headers counted apart) from navigation to
      the first live result, by file group, and of them those after the touch;
    - ms from the touch (pointerdown, in the page) to the first live result;
    - beside them a bare `loadPyodide` in a module worker that runs one line of Python (a
      blank page served by the same server): ratio ours / bare;
    - the same for a reference build ("before", default 1ed1934, main of 2 Dec 2026 before
      the first-visit work): ratios after / before;
    - the wasm's measured download rate, which proves the link applies inside the worker.
  Stop -> next result, on the cooperation page's editor block with a strategy that never
  returns: Stop pressed while it runs, then Reset and Run: ms from Stop's pointerdown to the
  template's ranked result, and the memory of the whole chromium tree 2 s later. Three paths:
  a first visit (not isolated: Stop terminates the worker, another boots); a return visit
  under the service worker (which adds COOP/COEP: crossOriginIsolated, Stop interrupts Python);
  and the same return visit with `crossOriginIsolated` hidden from the page, so its runtime
  terminates and boots a spare there too. The last two differ only in how Stop works; the
  service worker's own process and caches, which the first visit lacks, are in both. Stop
  comes 1 s into the run, before the terminate path boots a spare beside a run (5 s,
  sims-runtime.js), so both end with one Python worker, and the printed count of workers
  alive says so. `crossOriginIsolated` as the page sees it is printed for each.

Run (after a build; `mkdocs build --strict`):
  PYTHONPATH=$PWD .venv/bin/python benchmarks/first_visit.py [--link fast|slow|both]
      [--repeat N] [--page PATH] [--before REV | --before-site DIR | --before none]
The reference build is made in a temporary `git worktree` with this checkout's mkdocs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from memory import tree_kb
from page import ARGS, BARE_PAGE, BARE_WORKER, CHROMIUM, ROOT, bare_boot, interaction_to_live
from pages_server import Link, PagesServer
from playwright.sync_api import sync_playwright
from tally import GROUPS, by_group

from simsite import stdlib
from tests.browser.test_strategy_editor import replace_code

BEFORE = "1ed1934"  # main on 2 Dec 2026, before issue 18's first-visit work
# Links as Chrome DevTools defines them (front_end/core/sdk/NetworkManager.ts): its "3G"
# preset (formerly "Fast 3G") is 1.6 Mbit/s down, 750 kbit/s up, 150 ms, applied as
# throughput x 0.9 and latency x 3.75; the fast link is the 10 Mbit/s, 40 ms.
LINKS = {
    "fast": Link("10 Mbit/s down, 5 Mbit/s up, 40 ms", 10e6 / 8, 5e6 / 8, 0.040),
    "slow": Link("DevTools 3G: 1.44 Mbit/s down, 675 kbit/s up, 562.5 ms",
                 1.6e6 / 8 * 0.9, 750e3 / 8 * 0.9, 0.150 * 3.75),
}
# What the page is told of the link (sims-page.js starts Python early only on "4g" without
# data saving; the server paces the bytes, the browser cannot know the link by itself).
CONNECTION = """Object.defineProperty(Navigator.prototype, "connection", {{
  configurable: true, get: () => ({{saveData: false, effectiveType: "{0}"}})}});"""
EFFECTIVE_TYPE = {"fast": "4g", "slow": "3g"}
# The bare boot takes Pyodide's whole standard library, which the site itself no longer ships.
EXTRA = {"/_bench/index.html": BARE_PAGE.encode(), "/_bench/bare-worker.js": BARE_WORKER.encode(),
         "/_bench/python_stdlib.zip": stdlib.FULL.read_bytes()}
NEVER_RETURNS = "def strategy(mine, theirs):\n    while True:\n        pass\n"
EDITOR_PAGE, EDITOR = "cooperation/", "strategy-1"
TIMEOUT = 240_000


def wall_ms(page) -> float:
    """The page's clock as wall-clock ms: performance.now() is relative to timeOrigin."""
    return page.evaluate("performance.timeOrigin")


def first_visit(browser, server: PagesServer, link: str, path: str) -> dict:
    """One cold first visit: touch the page's first block once ready, to its live result."""
    context = browser.new_context(service_workers="block")
    context.add_init_script(CONNECTION.format(EFFECTIVE_TYPE[link]))
    page = context.new_page()
    start = time.time()
    page.goto(server.url + path, timeout=TIMEOUT)
    block = page.get_attribute(".sim[id]", "id")
    page.wait_for_selector(f"#{block} .sim-form", timeout=TIMEOUT)
    touch = (".sim-preset:last-of-type" if page.locator(f"#{block} .sim-preset").count()
             else ".sim-run")
    ms = interaction_to_live(page, block, touch)
    origin = wall_ms(page)
    timing = page.evaluate("window.__timing")
    down, live = (origin + timing["down"]) / 1000, (origin + timing["live"]) / 1000
    context.close()
    return {"ms": ms, "nav": timing["live"], "all": server.between(start, live),
            "after": server.between(down, live), "block": block}


def bare_visit(browser, server: PagesServer) -> dict:
    start = time.time()
    ms = bare_boot(browser, server.url)
    return {"ms": ms, "all": server.between(start, time.time())}


# Hides cross-origin isolation from the page's runtime (sims-runtime.js then makes no interrupt
# buffer), while the service worker still serves the page with the isolation headers.
NOT_ISOLATED = "Object.defineProperty(globalThis, 'crossOriginIsolated', {value: false});"


def python_workers(page) -> set:
    """The page's Python workers alive, as the browser reports them (kept up to date)."""
    alive: set = set()

    def started(worker) -> None:
        if "sims-worker" in worker.url:
            alive.add(worker)
            worker.on("close", lambda w: alive.discard(w))  # Playwright cannot wrap a builtin

    page.on("worker", started)
    return alive


def return_visit(page) -> None:
    """Once the service worker is active, load the page again: the service worker serves it."""
    page.wait_for_selector("html[data-offline=registered]", state="attached", timeout=TIMEOUT)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload(timeout=TIMEOUT)


def stop_then_next(playwright, server: PagesServer, link: str, isolated: bool,
                   hide_isolation: bool = False) -> dict:
    """Stop a strategy that never returns, then Reset and Run: ms from Stop to the template's
    result; then the memory of a chromium launched for this alone, settled 2 s. Its profile is
    on disk, as a reader's is: an incognito context would hold the HTTP cache and the service
    worker's cache (the whole site) in memory, and count them."""
    with tempfile.TemporaryDirectory() as profile:
        return _stop_then_next(playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=ARGS,
            service_workers="allow" if isolated else "block"), server, link, isolated,
            hide_isolation)


def _stop_then_next(context, server: PagesServer, link: str, isolated: bool,
                    hide_isolation: bool) -> dict:
    context.add_init_script(CONNECTION.format(EFFECTIVE_TYPE[link]))
    if hide_isolation:
        context.add_init_script(NOT_ISOLATED)
    page = context.pages[0] if context.pages else context.new_page()  # the window's own tab
    alive = python_workers(page)
    page.goto(server.url + EDITOR_PAGE, timeout=TIMEOUT)
    if isolated:
        return_visit(page)
    block = f"#{EDITOR}"
    page.locator(f"{block} .strategy-editor").scroll_into_view_if_needed()
    page.wait_for_selector(f"{block}[data-editor=ready]", state="attached", timeout=TIMEOUT)
    replace_code(page, NEVER_RETURNS)
    page.locator(f"{block} .strategy-run").click()
    page.wait_for_selector("html[data-sims-runtime=ready]", state="attached", timeout=TIMEOUT)
    page.wait_for_selector(f"{block} .strategy-stop:not([hidden])", timeout=TIMEOUT)
    page.wait_for_timeout(1000)  # well inside the loop, before the block's 3 s limit
    page.evaluate("""(selector) => {
        const block = document.querySelector(selector);
        const status = block.querySelector(".sim-status");
        window.__stop = {};
        block.querySelector(".strategy-stop").addEventListener("pointerdown",
            () => { window.__stop.down = performance.now(); }, { capture: true });
        new MutationObserver(() => {
            if (window.__stop.down !== undefined && status.dataset.kind === "live") {
                window.__stop.live ??= performance.now();
            }
        }).observe(status, { attributes: true });
    }""", block)
    page.locator(f"{block} .strategy-stop").click()
    page.locator(f"{block} .strategy-reset").click()
    page.locator(f"{block} .strategy-run").click()
    page.wait_for_selector(f"{block} .sim-status[data-kind=live]", timeout=TIMEOUT)
    timing = page.evaluate("window.__stop")
    found = {"ms": timing["live"] - timing["down"],
             "isolated": page.evaluate("() => crossOriginIsolated")}
    page.wait_for_timeout(2000)
    found["kb"], found["kind"] = tree_kb(os.getpid())
    found["workers"] = len(alive)
    context.close()
    return found


def build_revision(rev: str, out: Path) -> Path:
    """The site of git revision `rev`, built in a temporary worktree with this mkdocs."""
    tree = out / "tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev],
                   check=True, capture_output=True)
    try:
        (tree / "node_modules").symlink_to((ROOT / "node_modules").resolve())
        site = out / "site"
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d",
                               str(site)], cwd=tree, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(tree),
                                   "NO_MKDOCS_2_WARNING": "1"})
        if done.returncode:
            sys.exit(f"building {rev} failed:\n{done.stderr}")
        return site
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                       check=False, capture_output=True)


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def wire(runs: list[dict], which: str = "all") -> float:
    return statistics.median(sum(s.body for s in r[which]) for r in runs)


def wasm_rate(runs: list[dict], link: Link) -> float:
    """Median Mbit/s of the wasm's body as it left the server (from its first byte)."""
    rates = [s.body * 8 / 1e6 / (s.ended - s.started)
             for r in runs for s in r["all"] if s.path.endswith(".wasm") and s.ended > s.started]
    return statistics.median(rates) if rates else float("nan")


def report_link(name: str, link: Link, ours: list[dict], bare: list[dict],
                before: list[dict] | None) -> None:
    kb = 1024
    print(f"\n== link {name}: {link.name} ==")
    print(f"wasm download rate measured: {wasm_rate(ours, link):.2f} Mbit/s"
          f" (link {link.down * 8 / 1e6:.2f} Mbit/s, shared with what loads beside it)")
    groups = [by_group((s.path, s.body) for s in r["all"]) for r in ours]
    print(f"first visit of /{ours[0]['path']} (block #{ours[0]['block']}), bytes on the wire"
          " to the first live result (encoded bodies; medians):")
    for g in GROUPS:
        print(f"  {g:<13} {statistics.median(x[g] for x in groups) / kb:8.0f} KB")
    headers = statistics.median(sum(s.headers for s in r["all"]) for r in ours)
    print(f"  {'total':<13} {wire(ours) / kb:8.0f} KB  (+ {headers / kb:.0f} KB of response"
          f" headers); after the touch {wire(ours, 'after') / kb:.0f} KB;"
          f" bare loadPyodide {wire(bare) / kb:.0f} KB: ratio {wire(ours) / wire(bare):.2f}")
    print(f"touch -> first live result: {median(ours, 'ms'):7.0f} ms;"
          f" bare loadPyodide + one line {median(bare, 'ms'):7.0f} ms;"
          f" ratio ours/bare {median(ours, 'ms') / median(bare, 'ms'):.2f}")
    print(f"navigation -> first live result: {median(ours, 'nav'):7.0f} ms;"
          f" ratio to the bare page's load -> ready {median(ours, 'nav') / median(bare, 'ms'):.2f}")
    if before:
        print(f"after / before: bytes {wire(ours) / wire(before):.2f}"
              f" ({wire(ours) / kb:.0f} / {wire(before) / kb:.0f} KB), touch -> live"
              f" {median(ours, 'ms') / median(before, 'ms'):.2f}"
              f" ({median(ours, 'ms'):.0f} / {median(before, 'ms'):.0f} ms), navigation -> live"
              f" {median(ours, 'nav') / median(before, 'nav'):.2f}")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--link", choices=["fast", "slow", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--page", default="", help="site path of the page, e.g. security-dilemma/")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the build measured")
    parser.add_argument("--before", default=BEFORE, help="git revision of the reference build, "
                        "or 'none'")
    parser.add_argument("--before-site", type=Path, help="a built reference site instead")
    found = parser.parse_args()
    if not (found.site / "index.html").is_file():
        parser.error(f"no built site in {found.site}: run `mkdocs build --strict` first")
    return found


def main() -> None:
    args = arguments()
    links = ["fast", "slow"] if args.link == "both" else [args.link]
    with tempfile.TemporaryDirectory() as tmp:
        before_site = args.before_site
        if before_site is None and args.before != "none":
            print(f"building the reference {args.before} ...", flush=True)
            before_site = build_revision(args.before, Path(tmp))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name in links:
                link = LINKS[name]
                ours_server = PagesServer(args.site, link, EXTRA)
                before_server = before_site and PagesServer(before_site, link, EXTRA)
                ours, bare, before = [], [], []
                for _ in range(args.repeat):  # interleaved, so machine load hits all alike
                    bare.append(bare_visit(browser, ours_server))
                    ours.append(first_visit(browser, ours_server, name, args.page))
                    if before_server:
                        before.append(first_visit(browser, before_server, name, args.page))
                for r in ours:
                    r["path"] = args.page
                report_link(name, link, ours, bare, before or None)
                ours_server.close()
                if before_server:
                    before_server.close()
            browser.close()
            stop_link = links[0]
            server = PagesServer(args.site, LINKS[stop_link], EXTRA)
            paths = {  # title -> (isolated, hide_isolation)
                "first visit, terminate + spare": (False, False),
                "return visit, terminate + spare": (True, True),
                "return visit, interrupt": (True, False),
            }
            runs = {title: [] for title in paths}
            for _ in range(args.repeat):
                for title, how in paths.items():
                    runs[title].append(stop_then_next(p, server, stop_link, *how))
            server.close()
    report_stop(stop_link, runs)


def report_stop(link: str, runs: dict[str, list[dict]]) -> None:
    print(f"\n== Stop -> next result (/{EDITOR_PAGE} #{EDITOR}, link {link}; medians) ==")
    ms = {title: median(r, "ms") for title, r in runs.items()}
    mb = {title: statistics.median(x["kb"] for x in r) / 1024 for title, r in runs.items()}
    for title, r in runs.items():
        print(f"  {title:<32} crossOriginIsolated={sorted({x['isolated'] for x in r})}:"
              f" {ms[title]:6.0f} ms; chromium memory after Stop {mb[title]:5.0f} MB"
              f" {r[0]['kind']}; Python workers alive {sorted({x['workers'] for x in r})}")
    one, two = "return visit, interrupt", "return visit, terminate + spare"
    print(f"  Stop -> next, interrupt / terminate + spare (return visits): {ms[one] / ms[two]:.2f};"
          f" interrupt / first visit: {ms[one] / ms['first visit, terminate + spare']:.2f}")
    print(f"  memory after Stop, interrupt / terminate + spare (return visits): "
          f"{mb[one] / mb[two]:.2f}")


if __name__ == "__main__":
    main()
