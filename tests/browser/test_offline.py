"""Offline reading: after a first visit, the notes and their simulations work with no network."""

from __future__ import annotations

import time

from tests.browser.conftest import (
    LIVE_TIMEOUT_MS,
    SIM_1,
    agree_to_download,
    expected,
    live,
    set_number,
    shown,
)

WASM = "vendor/pyodide/pyodide.asm.wasm"
VEGA = "vendor/vega/vega.min.js"

# Whether the service worker controls the page and its caches hold every given URL.
KEPT = """async (urls) => {
    if (!navigator.serviceWorker.controller) return false;
    for (const url of urls) if (!(await caches.match(url))) return false;
    return true;
}"""


def test_after_a_first_visit_pages_and_simulations_work_offline(browser, fixture_server):
    # No request routing here: Playwright's routing bypasses service workers.
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(fixture_server.url)
    page.wait_for_selector("html[data-offline=registered]", state="attached")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now the page is controlled by the service worker
    assert page.evaluate("() => Boolean(navigator.serviceWorker.controller)")
    set_number(page, "sim-1", "a", "0.4")  # the first use caches Pyodide and the wheel
    live(page, "sim-1")

    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#sim-1 .sim-form")
    assert "The race" in page.inner_text("#sim-1 .sim-summary")
    set_number(page, "sim-1", "b", "0.3")  # a fresh Pyodide boots from the cache alone
    live(page, "sim-1", timeout=LIVE_TIMEOUT_MS)
    assert shown(page, "sim-1") == expected("arms_race", {**SIM_1, "a": 0.4, "b": 0.3})
    page.goto(fixture_server.url + "runaway/")  # another page, precached on install
    page.wait_for_selector("#neighbour .sim-summary")
    assert not errors, errors
    context.close()


def test_a_simulation_run_before_the_service_worker_took_over_works_offline_later(
        browser_type, browser_type_launch_args, fixture_server, tmp_path):
    """The most natural first visit: run at once, read on, go offline, reload, run again.

    Python boots before the service worker controls the page, so the worker's fetch handler
    never sees Pyodide, the wheel or the chart library; the page names them and the worker
    keeps them, from the browser's HTTP cache rather than a second download, and fetches the
    memory snapshot once it controls the page, for the offline return. A fresh profile,
    not an incognito-like context: that one's HTTP cache in memory holds no 9.6 MB wasm file.
    """
    wasm_before = fixture_server.requests["/" + WASM]
    # The worker's script arrives 5 s late, so it cannot take control before Python starts.
    fixture_server.throttled["/sw.js"] = (fixture_server.folder / "sw.js").stat().st_size / 5
    context = browser_type.launch_persistent_context(
        tmp_path / "profile", **browser_type_launch_args, service_workers="allow")
    try:
        page = context.pages[0]
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(fixture_server.url)
        set_number(page, "sim-1", "a", "0.4")  # focusing the control starts Python at once
        assert page.evaluate("() => navigator.serviceWorker.controller") is None
        live(page, "sim-1")
        # One offline.js: its script tag and sims-page.js's import are one URL, one module.
        assert page.evaluate("""() => performance.getEntriesByType("resource")
            .filter((e) => e.name.includes("/javascripts/offline.js")).length""") == 1

        wheel = page.evaluate(
            "() => JSON.parse(document.querySelector('#sim-1').dataset.config).wheel")
        needed = [fixture_server.url + path for path in (WASM, wheel, VEGA)]
        deadline = time.monotonic() + 60
        while not page.evaluate(KEPT, needed):
            assert time.monotonic() < deadline, "Pyodide, the wheel or Vega never got cached"
            page.wait_for_timeout(250)

        # Once the worker is in control, the memory snapshot is fetched for the next visit.
        page.wait_for_selector("html[data-sims-snapshot-cached=true]", state="attached",
                               timeout=LIVE_TIMEOUT_MS)

        context.set_offline(True)
        page.reload()
        page.wait_for_selector("#sim-1 .sim-form")
        set_number(page, "sim-1", "b", "0.3")
        assert "computed in your browser" in live(page, "sim-1", timeout=LIVE_TIMEOUT_MS)
        assert page.evaluate("() => document.documentElement.dataset.simsBootPath") == "snapshot"
        assert shown(page, "sim-1") == expected("arms_race", {**SIM_1, "a": 0.4, "b": 0.3})
        assert page.locator("#sim-1 .sim-output[data-live] .sim-svg svg").count()
        assert fixture_server.requests["/" + WASM] - wasm_before == 1  # kept, not fetched again
        assert not errors, errors
    finally:
        fixture_server.throttled.pop("/sw.js")
        context.close()


def test_a_reader_saving_data_is_not_sent_every_page(browser, fixture_server):
    """The service worker's install downloads the whole site: not in data-saver mode."""
    context = browser.new_context(service_workers="allow")
    context.add_init_script(
        "Object.defineProperty(navigator, 'connection', {value: {saveData: true}});")
    page = context.new_page()
    page.goto(fixture_server.url)
    page.wait_for_selector("html[data-offline=skipped]", state="attached")
    page.wait_for_load_state("load")
    assert page.evaluate("() => navigator.serviceWorker.getRegistrations()") == []
    set_number(page, "sim-1", "a", "0.4")  # the simulations work all the same, once asked
    agree_to_download(page)
    live(page, "sim-1")
    context.close()

def test_the_service_worker_belongs_to_one_build(fixture_server):
    from urllib.request import urlopen

    text = urlopen(fixture_server.url + "sw.js").read().decode()
    assert "__BUILD__" not in text and "__PRECACHE__" not in text
    assert "const PASSTHROUGH = false" in text
    assert '"runaway/"' in text and "vendor/pyodide/pyodide.asm.wasm" not in text
