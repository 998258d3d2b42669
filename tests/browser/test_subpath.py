"""Publishing under a GitHub Pages project path (https://USER.github.io/REPO/)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import SIM_1, expected, live, set_number, shown


@pytest.mark.first_visit  # Pyodide and the wheel, fetched under the path
def test_everything_resolves_under_a_project_path(page, guard, subpath_server):
    prefix = urlsplit(subpath_server.url).path
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    requested = []
    page.on("request", lambda r: requested.append(urlsplit(r.url).path))
    page.goto(subpath_server.url)
    set_number(page, "sim-1", "a", "0.4")
    live(page, "sim-1")
    assert shown(page, "sim-1") == expected("arms_race", {**SIM_1, "a": 0.4})
    page.get_by_role("link", name="Test page: a run that never ends").first.click()
    page.wait_for_selector("#neighbour .sim-form")
    set_number(page, "neighbour", "a", "0.6")
    live(page, "neighbour")
    assert not failed, failed
    assert all(path.startswith(prefix) for path in requested), requested
    assert any(path.endswith(".whl") for path in requested)
    assert any(path.endswith("pyodide.asm.wasm") for path in requested)
    assert len(guard.workers) == 1, guard.workers  # instant navigation kept the page's Python


def test_the_service_worker_scope_is_the_project_path(browser, subpath_server):
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    page.goto(subpath_server.url)
    scope = page.evaluate("() => navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == subpath_server.url
    context.close()
