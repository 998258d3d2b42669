"""A reader on a slow link is never made to download Python before reading.

Budget (stated in README.md): before any interaction, a page of the notes transfers at most
PAGE_BUDGET_KB (uncompressed: HTML with its pre-rendered SVG charts, the theme's CSS and JS,
KaTeX and its fonts, our own scripts), and nothing of Pyodide, the chart library or the wheel.
"""

from __future__ import annotations

import pytest

from tests.helpers import nav_pages

PAGE_BUDGET_KB = 1600
LOAD_TIMEOUT_MS = 120_000
HEAVY = ("vendor/pyodide/", "vendor/vega/", "vendor/wheels/", "vendor/snapshot/")
# After the scroll, a frame for the simulations' IntersectionObserver to report them seen, then
# an idle callback: it runs after any the page queued on seeing them (sims-page.js starts Python
# from one, on a fast link only), so whatever the page would fetch unasked has been asked for.
SETTLED = """() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(
    () => requestIdleCallback(() => setTimeout(resolve, 0), {timeout: 5000}))))"""


def slow_link(context, page) -> None:
    """Emulate a 3G link: navigator.connection then reports effectiveType '3g'."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": 300, "downloadThroughput": 2_000_000,
        "uploadThroughput": 500_000, "connectionType": "cellular3g"})


@pytest.mark.parametrize("path", nav_pages())
def test_a_page_before_interaction_stays_within_budget(browser, site_server, path):
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    slow_link(context, page)
    asked: list[str] = []
    pending: set = set()
    moved: dict[str, int] = {}

    def finished(r) -> None:
        moved[r.url] = r.sizes()["responseBodySize"]
        pending.discard(r)

    page.on("request", lambda r: (asked.append(r.url), pending.add(r)))
    page.on("requestfinished", finished)
    page.on("requestfailed", lambda r: pending.discard(r))
    # What is measured is bytes, not time: the emulated link (300 ms a request) on a busy
    # machine may take longer than Playwright's 30 s to reach "load".
    page.goto(site_server.url + path, wait_until="load", timeout=LOAD_TIMEOUT_MS)
    page.mouse.wheel(0, 20_000)  # scroll every simulation into view: still no Python
    page.evaluate(SETTLED)
    while pending:  # what was asked for is counted whole
        page.wait_for_timeout(50)
    assert page.get_attribute("html", "data-sims-runtime") is None, f"{path}: Python started"
    heavy = [u for u in asked if any(h in u for h in HEAVY)]
    assert not heavy, f"{path}: fetched before any interaction: {heavy}"
    total_kb = sum(moved.values()) / 1024
    print(f"{path or 'home'}: {total_kb:.0f} KB before interaction")
    assert total_kb <= PAGE_BUDGET_KB, f"{path}: {total_kb:.0f} KB"
    context.close()
