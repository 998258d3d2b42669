"""Stop, two ways. Where the site's service worker controls the page it adds the cross-origin
isolation headers GitHub Pages cannot send; the page is then ``crossOriginIsolated`` and Stop
(or a run's time limit) interrupts Python, which stays warm for the next run: one worker for
the page's life. Before that (a first visit), Stop terminates the worker and another boots.

Observed as a reader's browser shows it: the Python workers the page starts and closes
(Playwright's worker events), the status line, the outcome events and the output; every
request, the service worker's included, checked to go to our own host. No request routing:
Playwright's routing bypasses service workers.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    LIVE_TIMEOUT_MS,
    expected,
    live,
    next_outcome,
    offsite,
    set_number,
    shown,
)

RUNAWAY = "runaway/"


class Reader:
    """A browser context with the service worker allowed, and what its pages did."""

    def __init__(self, browser):
        self.context = browser.new_context(service_workers="allow")
        self.page = self.context.new_page()
        self.workers: list = []
        self.closed: list = []
        self.errors: list[str] = []
        self.offsite: list[str] = []
        self.context.on("request", lambda r: offsite(r.url) and self.offsite.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("worker", self.started)

    def started(self, worker) -> None:
        if "sims-worker" in worker.url:
            self.workers.append(worker)
            worker.on("close", lambda w: self.closed.append(w))

    def reload(self) -> None:
        """Reload the page; from now on only the workers the new document starts count (it
        may start one as its blocks come into view, before reload() returns)."""
        del self.workers[:], self.closed[:]
        self.page.reload()

    def isolated(self) -> bool:
        return self.page.evaluate("() => crossOriginIsolated")

    def check(self) -> None:
        assert not self.offsite, f"requests to other hosts: {self.offsite}"
        assert not self.errors, f"console errors (a CSP violation among them?): {self.errors}"


@pytest.fixture
def controlled(browser, fixture_server):
    """A returning reader: the runaway page, reloaded once its service worker is active."""
    reader = Reader(browser)
    page = reader.page
    page.goto(fixture_server.url + RUNAWAY)
    page.wait_for_selector("html[data-offline=registered]", state="attached")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    reader.reload()
    assert page.evaluate("() => Boolean(navigator.serviceWorker.controller)")
    yield reader
    reader.check()
    reader.context.close()


def start_patient_run(page) -> None:
    """Start the patient block's run of 100 s (its budget is 60 s: only Stop ends it)."""
    page.locator("#neighbour-a-value").focus()  # boots Python
    page.wait_for_selector("html[data-sims-runtime=ready]", state="attached",
                           timeout=LIVE_TIMEOUT_MS)
    set_number(page, "patient", "seconds", "100")
    page.wait_for_selector("#patient .sim-stop:not([disabled])")
    page.wait_for_timeout(300)  # inside Python's loop, not before it


def stop_then_run_the_neighbour(page, a: float) -> None:
    """Press the patient block's Stop (its run ends as stopped), then run the neighbour block
    with ``a``: it shows CPython's result."""
    outcome = next_outcome(page, "patient", lambda: page.locator("#patient .sim-stop").click())
    assert outcome["kind"] == "stopped"
    set_number(page, "neighbour", "a", str(a))
    live(page, "neighbour")
    assert shown(page, "neighbour") == expected("arms_race", {"a": a})


def test_under_the_service_worker_stop_interrupts_and_the_same_python_runs_on(controlled):
    page = controlled.page
    assert controlled.isolated(), "the service worker's headers make the page isolated"
    start_patient_run(page)
    stop_then_run_the_neighbour(page, 0.7)
    assert page.inner_text("#patient .sim-status").startswith("Stopped. The result shown")
    # The same Python ran on: no worker was closed, none started beside it, no boot again.
    assert len(controlled.workers) == 1 and controlled.workers[0] not in controlled.closed
    assert page.get_attribute("html", "data-sims-runtime") == "ready"


def test_under_the_service_worker_a_run_past_its_time_limit_keeps_python(controlled):
    page = controlled.page
    page.locator("#neighbour-a-value").focus()
    page.wait_for_selector("html[data-sims-runtime=ready]", state="attached",
                           timeout=LIVE_TIMEOUT_MS)
    outcome = next_outcome(page, "sim-1", lambda: set_number(page, "sim-1", "seconds", "3600"))
    assert outcome["kind"] == "timeout"
    status = page.inner_text("#sim-1 .sim-status")
    assert status.startswith("Stopped after 2 s, this simulation's time limit.")
    assert "restarted" not in status  # it was interrupted: nothing was lost
    set_number(page, "sim-1", "seconds", "0.1")
    live(page, "sim-1")
    assert "Ran for 0.1 seconds" in page.inner_text("#sim-1 .sim-summary")
    assert len(controlled.workers) == 1 and controlled.workers[0] not in controlled.closed


def test_offline_the_cached_pages_stay_isolated_and_stop_still_interrupts(controlled):
    page = controlled.page
    set_number(page, "neighbour", "a", "0.4")  # the first use caches Pyodide and the wheel
    live(page, "neighbour")
    controlled.context.set_offline(True)
    page.reload()
    assert controlled.isolated(), "the cached copies carry the isolation headers too"
    start_patient_run(page)
    stop_then_run_the_neighbour(page, 0.6)
    after_reload = controlled.workers[1:]  # the first page's worker went with the reload
    assert len(after_reload) == 1 and after_reload[0] not in controlled.closed, after_reload


def test_on_a_first_visit_stop_ends_the_worker_and_python_comes_back(browser, fixture_server):
    reader = Reader(browser)
    page = reader.page
    page.goto(fixture_server.url + RUNAWAY)
    assert not reader.isolated()  # no service worker in control yet: no way to interrupt
    start_patient_run(page)
    stop_then_run_the_neighbour(page, 0.7)
    for _ in range(50):  # Playwright hears of a terminated worker a little later
        if reader.closed:
            break
        page.wait_for_timeout(100)
    assert reader.closed == reader.workers[:1]  # the first Python was terminated
    assert len(reader.workers) == 2  # and one other took over
    reader.check()
    reader.context.close()


def test_a_python_booted_from_the_memory_snapshot_is_interrupted_too(controlled):
    page = controlled.page
    set_number(page, "neighbour", "a", "0.4")  # a normal boot; then the snapshot is fetched
    live(page, "neighbour")
    page.wait_for_selector("html[data-sims-snapshot-cached]", state="attached", timeout=60_000)
    page.reload()  # a returning reader
    controlled.workers.clear()
    start_patient_run(page)
    assert page.get_attribute("html", "data-sims-boot-path") == "snapshot"
    stop_then_run_the_neighbour(page, 0.6)
    assert len(controlled.workers) == 1 and controlled.workers[0] not in controlled.closed
