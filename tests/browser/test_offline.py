"""Offline reading: after a first visit, the notes and their simulations work with no network."""

from __future__ import annotations

from tests.browser.conftest import LIVE_TIMEOUT_MS, last_result, live, set_number


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
    assert last_result(page, "sim-1")["params"]["b"] == 0.3
    page.goto(fixture_server.url + "runaway/")  # another page, precached on install
    page.wait_for_selector("#neighbour .sim-summary")
    assert not errors, errors
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
    set_number(page, "sim-1", "a", "0.4")  # the simulations work all the same
    live(page, "sim-1")
    context.close()

def test_the_service_worker_belongs_to_one_build(fixture_server):
    from urllib.request import urlopen

    text = urlopen(fixture_server.url + "sw.js").read().decode()
    assert "__BUILD__" not in text and "__PRECACHE__" not in text
    assert "const PASSTHROUGH = false" in text
    assert '"runaway/"' in text and "vendor/pyodide/pyodide.asm.wasm" not in text
