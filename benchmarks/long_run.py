"""The memory of a page after a long run, and after a Stop: one Python worker against two.

Where the page cannot interrupt Python (a first visit, or a browser where the service worker's
isolation headers do not make the page cross-origin isolated), the runtime boots a spare worker
beside a run still going after 5 s (sims-runtime.js), so that a Stop finds the next Python
ready; that spare then stays for the life of the page. Where the page is isolated, Stop
interrupts Python and no spare is booted. This benchmark measures both on the same return
visit (the service worker in control), once with `crossOriginIsolated` hidden from the page:

  1. after a run of 0.5 s (the model's import), a run of 7 s finishes (the test-only
     `runaway` model, tests/fixtures/docs/runaway.md); 2 s later: the memory (PSS) of the
     whole chromium tree and the Python workers alive;
  2. a run of 100 s is stopped after 6 s, and the neighbouring block is run; 2 s later the
     same figures, and the ms from Stop to the neighbour's result.

Printed as ratios interrupt / terminate + spare, medians over --repeat runs, each path in a
chromium of its own, with its profile on disk as a reader's (benchmarks/first_visit.py says why).

Run (needs no site build: it builds the runaway page with the test models itself):
  PYTHONPATH=$PWD .venv/bin/python benchmarks/long_run.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from first_visit import NOT_ISOLATED, TIMEOUT, python_workers, return_visit
from memory import tree_kb
from page import ARGS, CHROMIUM, ROOT
from pages_server import Link, PagesServer
from playwright.sync_api import sync_playwright

from tests.browser.conftest import set_number
from tests.helpers import WITH_TEST_MODELS, build_pages

LOCAL = Link("loopback, unpaced", 1e12, 1e12, 0.0)
LONG_S, STOPPED_AFTER_MS = 7, 6000  # both past the 5 s after which a spare boots


def build_runaway_site(out: Path) -> Path:
    """The fixture page of long runs, built with the test-only models."""
    page = (ROOT / "tests" / "fixtures" / "docs" / "runaway.md").read_text(encoding="utf-8")
    done = build_pages(out, {"index.md": page}, WITH_TEST_MODELS)
    if done.returncode:
        raise SystemExit(f"building the runaway page failed:\n{done.stderr}")
    return out / "site"


def settled_memory(page, alive: set) -> dict:
    page.wait_for_timeout(2000)
    kb, kind = tree_kb(os.getpid())
    return {"kb": kb, "kind": kind, "workers": len(alive)}


def one_path(playwright, server: PagesServer, hide_isolation: bool) -> dict:
    with tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=ARGS, service_workers="allow")
        if hide_isolation:
            context.add_init_script(NOT_ISOLATED)
        page = context.pages[0] if context.pages else context.new_page()
        alive = python_workers(page)
        page.goto(server.url, timeout=TIMEOUT)
        return_visit(page)
        found = {"isolated": page.evaluate("() => crossOriginIsolated")}
        page.locator("#neighbour-a-value").focus()  # boots Python
        page.wait_for_selector("html[data-sims-runtime=ready]", state="attached", timeout=TIMEOUT)
        # A spare boots beside a long run only of a model this worker has run before (a
        # model's first run also imports it): a short run first, as a reader's first touch.
        set_number(page, "patient", "seconds", "0.5")
        page.wait_for_selector("#patient:not([aria-busy]) .sim-status[data-kind=live]",
                               timeout=TIMEOUT)
        set_number(page, "patient", "seconds", str(LONG_S))
        page.wait_for_selector("#patient[aria-busy]", state="attached", timeout=TIMEOUT)
        page.wait_for_selector("#patient:not([aria-busy]) .sim-status[data-kind=live]",
                               timeout=TIMEOUT)
        found["after run"] = settled_memory(page, alive)
        set_number(page, "patient", "seconds", "100")
        page.wait_for_selector("#patient .sim-stop:not([disabled])", timeout=TIMEOUT)
        page.wait_for_timeout(STOPPED_AFTER_MS)
        page.evaluate("""() => {
            window.__stop = {};
            document.querySelector("#patient .sim-stop").addEventListener("pointerdown",
                () => { window.__stop.down = performance.now(); }, { capture: true });
        }""")
        page.locator("#patient .sim-stop").click()
        set_number(page, "neighbour", "a", "0.7")
        page.wait_for_selector("#neighbour .sim-status[data-kind=live]", timeout=TIMEOUT)
        found["ms"] = page.evaluate("performance.now() - window.__stop.down")
        found["after stop"] = settled_memory(page, alive)
        context.close()
        return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paths = {"interrupt": False, "terminate + spare": True}  # title -> hide_isolation
    runs: dict[str, list[dict]] = {title: [] for title in paths}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        server = PagesServer(build_runaway_site(Path(tmp)), LOCAL)
        for _ in range(args.repeat):  # interleaved, so machine load hits both alike
            for title, hide in paths.items():
                runs[title].append(one_path(p, server, hide))
        server.close()
    print(f"== Memory after a long run and after a Stop (runs: {args.repeat}; medians) ==")
    mb = {}
    for title, r in runs.items():
        for moment in ("after run", "after stop"):
            mb[title, moment] = statistics.median(x[moment]["kb"] for x in r) / 1024
            workers = sorted({x[moment]["workers"] for x in r})
            print(f"  {title:<18} crossOriginIsolated={sorted({x['isolated'] for x in r})}"
                  f" {moment} ({LONG_S} s run; Stop at {STOPPED_AFTER_MS / 1000:g} s):"
                  f" {mb[title, moment]:5.0f} MB {r[0][moment]['kind']},"
                  f" Python workers alive {workers}")
    one, two = paths
    for moment in ("after run", "after stop"):
        print(f"  memory {moment}, {one} / {two}: {mb[one, moment] / mb[two, moment]:.2f}")
    ms = {title: statistics.median(x["ms"] for x in r) for title, r in runs.items()}
    print(f"  Stop -> the neighbour's result: {one} {ms[one]:.0f} ms, {two} {ms[two]:.0f} ms,"
          f" ratio {ms[one] / ms[two]:.2f}")


if __name__ == "__main__":
    main()
