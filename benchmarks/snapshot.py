"""Live faster than Pyodide can boot: the memory snapshot against a normal boot.

Prints, in one run on one machine (medians over --runs):
  bare `loadPyodide` in a module worker on a blank page (the floor without a snapshot);
  our cold first live result (first visit: empty cache, normal boot), from the first interaction;
  our returning reader's first live result (the service worker already holds the snapshot);
  the ratios to the bare boot (goal: returning reader <= 0.5x), and the bytes each path moves.

Run: .venv/bin/python benchmarks/snapshot.py [--runs N]   (`make bench` runs it)
"""

from __future__ import annotations

import json
import statistics

from page import (
    SLOW_LINK,
    bare_boot,
    bench_session,
    interaction_to_live,
    median,
    runs_from_command_line,
)


def visits(browser, url: str, strict: bool) -> tuple[float, float, int, str]:
    """A first visit and a return visit in one fresh profile: (cold, warm, bytes, boot path).

    strict: the page believes it is on a slow link, so nothing starts before the interaction
    and the snapshot is put in the cache by hand; otherwise a fast link, as most readers have:
    Python starts when a simulation is in view and the page is idle.
    """
    context = browser.new_context(service_workers="allow")
    if strict:
        context.add_init_script(SLOW_LINK)
    page = context.new_page()
    page.goto(url)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    moved: list[int] = []
    page.on("response", lambda r: moved.append(int(r.headers.get("content-length", 0))))
    cold = interaction_to_live(page, "arms_race")
    cold_bytes = sum(moved)
    if strict:
        snapshot = json.loads(page.locator("#arms_race").get_attribute("data-config"))["snapshot"]
        page.evaluate("(u) => fetch(new URL('../' + u, document.baseURI)).then((r) => r.blob())",
                      snapshot)
    else:
        page.wait_for_selector("html[data-sims-snapshot-cached]", state="attached",
                               timeout=60_000)
    page.reload()
    page.wait_for_selector("#arms_race .sim-form")
    warm = interaction_to_live(page, "arms_race")
    path = page.evaluate("document.documentElement.dataset.simsBootPath")
    context.close()
    return cold, warm, cold_bytes, path


def main() -> None:
    runs = runs_from_command_line(__doc__)
    with bench_session() as (site, server, browser):
        bare: list[float] = []
        found = {mode: {"cold": [], "warm": [], "bytes": [], "path": []}
                 for mode in ("strict", "fast")}
        for _ in range(runs):  # interleaved, so machine load hits all alike
            bare.append(bare_boot(browser, server.url))
            for mode, record in found.items():
                cold, warm, moved, path = visits(browser, server.url, mode == "strict")
                for key, value in zip(record, (cold, warm, moved, path), strict=True):
                    record[key].append(value)
        snapshot_kb = next((site / "vendor" / "snapshot").glob("*.gz")).stat().st_size / 1024
        wasm_kb = (site / "vendor" / "pyodide" / "pyodide.asm.wasm").stat().st_size / 1024
    b = statistics.median(bare)
    print(f"runs: {runs} (medians); times from the reader's pointerdown, in the page")
    print(f"bare loadPyodide in a worker:                  {median(bare)}")
    for mode, title in (("strict", "nothing started before the interaction (slow link)"),
                        ("fast", "fast link: Python starts when a block is in view")):
        r = found[mode]
        print(f"{title}; return-visit boot path: {sorted(set(r['path']))}")
        print(f"  first visit, first live result:              {median(r['cold'])}"
              f"   ratio {statistics.median(r['cold']) / b:.2f}")
        print(f"  returning reader, snapshot cached:           {median(r['warm'])}"
              f"   ratio {statistics.median(r['warm']) / b:.2f} (goal <= 0.5)")
    print(f"bytes, first visit to first live result:       "
          f"{statistics.median(found['strict']['bytes']) / 1024:.0f} KB (uncompressed)")
    print(f"bytes, snapshot fetched when idle:             {snapshot_kb:.0f} KB gzip"
          f" (raw wasm for comparison: {wasm_kb:.0f} KB)")
    print("bytes, returning reader:                       0 KB over the network (service worker)")


if __name__ == "__main__":
    main()
