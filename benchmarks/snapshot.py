"""Live faster than Pyodide can boot: the memory snapshot against a normal boot.

Prints, in one run on one machine (medians over --runs):
  bare `loadPyodide` in a module worker on a blank page (the floor without a snapshot);
  our cold first live result (first visit: empty cache, normal boot), from the first interaction;
  our returning reader's first live result (the service worker already holds the snapshot);
  the ratios to the bare boot (goal: returning reader <= 0.5x), and the bytes each path moves.

Run: .venv/bin/python benchmarks/snapshot.py [--runs N]   (`make bench` runs it)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from page import ARGS, CHROMIUM, bare_boot, bench_site, median
from playwright.sync_api import sync_playwright

from tests.helpers import Server


def first_result(page, block: str = "arms_race") -> float:
    """Press Run on a block; milliseconds until its live result."""
    page.wait_for_selector(f"#{block} .sim-form")
    page.evaluate("(id) => { document.querySelector(`#${id} .sim-status`).dataset.kind = ''; }",
                  block)
    start = page.evaluate("performance.now()")
    page.locator(f"#{block} .sim-run").click()
    page.wait_for_selector(f"#{block} .sim-status[data-kind=live]", timeout=120_000)
    return page.evaluate("performance.now()") - start


def visits(browser, url: str) -> tuple[float, float, int, int, str]:
    """A first visit and a return visit in one fresh profile."""
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    page.goto(url)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    moved: list[int] = []
    page.on("response", lambda r: moved.append(int(r.headers.get("content-length", 0))))
    cold = first_result(page)
    cold_bytes = sum(moved)
    page.wait_for_selector("html[data-sims-snapshot-cached]", state="attached", timeout=60_000)
    page.reload()
    moved.clear()
    warm = first_result(page)
    warm_bytes = sum(moved)  # from the service worker's cache: nothing crosses the network
    path = page.evaluate("document.documentElement.dataset.simsBootPath")
    context.close()
    return cold, warm, cold_bytes, warm_bytes, path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = bench_site(Path(tmp))
        snapshot = next((site / "vendor" / "snapshot").glob("*.gz"))
        wasm = site / "vendor" / "pyodide" / "pyodide.asm.wasm"
        server = Server(site)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            bare, cold, warm, cold_bytes, paths = [], [], [], [], []
            for _ in range(args.runs):  # interleaved, so machine load hits all alike
                bare.append(bare_boot(browser, server.url))
                c, w, cb, _, path = visits(browser, server.url)
                cold.append(c)
                warm.append(w)
                cold_bytes.append(cb)
                paths.append(path)
            browser.close()
        server.close()
        snapshot_kb, wasm_kb = snapshot.stat().st_size / 1024, wasm.stat().st_size / 1024
    b = statistics.median(bare)
    print(f"runs: {args.runs} (medians); boot path on return visits: {sorted(set(paths))}")
    print(f"bare loadPyodide in a worker:              {median(bare)}")
    print(f"cold first live result (first visit):      {median(cold)}"
          f"   ratio {statistics.median(cold) / b:.2f}")
    print(f"returning reader, snapshot cached:         {median(warm)}"
          f"   ratio {statistics.median(warm) / b:.2f} (goal <= 0.5)")
    print(f"bytes, first visit to first live result:   {statistics.median(cold_bytes) / 1024:.0f}"
          f" KB (uncompressed, this test server)")
    print(f"bytes, snapshot fetched when idle:         {snapshot_kb:.0f} KB gzip"
          f" (raw wasm for comparison: {wasm_kb:.0f} KB)")
    print("bytes, returning reader:                   0 KB over the network (service worker)")


if __name__ == "__main__":
    main()
