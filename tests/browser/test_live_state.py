"""What a reader sees over time: the controls show what ran, requests do not pile up, Stop
stops its own block, and every failure has its own message.

Everything is observed through the page as a reader (or a screen reader) meets it: the
controls' values, the status line and its ``data-outcome``, the output's text, and the
``sims:outcome`` events a block dispatches; never the page module's private objects.
"""

from __future__ import annotations

import time

from sims import registry
from tests.browser.conftest import (
    LIVE_TIMEOUT_MS,
    SIM_1,
    agree_to_download,
    expected,
    live,
    next_outcome,
    on_data_saver,
    set_number,
    shown,
)

EVERY = "every-model/"


def checked(page, block_id: str, name: str) -> list[str]:
    return page.eval_on_selector_all(
        f"#{block_id} [data-param={name}] input[type=checkbox]",
        "boxes => boxes.filter((b) => b.checked).map((b) => b.value)")


def test_a_list_with_spaces_in_a_link_ticks_every_box_that_ran(page, guard, fixture_server):
    page.goto(fixture_server.url + EVERY
              + "?iterated.strategies=tit_for_tat,%20always_defect,%20grim_trigger")
    live(page, "iterated")
    ran = ["tit_for_tat", "always_defect", "grim_trigger"]
    assert checked(page, "iterated", "strategies") == sorted(ran, key=checked_order(page))
    assert shown(page, "iterated") == expected("iterated", {"strategies": ran})
    # The reader's next touch runs with the three strategies, not "choose at least 2".
    set_number(page, "iterated", "turns", "12")
    live(page, "iterated")
    assert shown(page, "iterated") == expected("iterated", {"strategies": ran, "turns": 12})


def checked_order(page):
    """Sort key: the order of the check boxes on the page (the spec's order)."""
    order = registry.get("iterated").SPEC["strategies"].choices
    return order.index


def test_a_padded_number_in_a_link_shows_in_its_field(page, guard, fixture_server):
    page.goto(fixture_server.url + EVERY + "?two_by_two.cc=%20%207%20")
    live(page, "two_by_two")
    assert page.input_value("#two_by_two-cc-value") == "7"
    assert page.input_value("#two_by_two-cc") == "7"
    assert shown(page, "two_by_two") == expected("two_by_two", {"cc": 7})


def test_a_refused_menu_value_leaves_the_menu_on_what_ran(page, guard, fixture_server):
    page.goto(fixture_server.url + EVERY + "?spiral.type_a=bogus")
    error = page.locator("#spiral-type_a-error")
    error.wait_for(state="visible", timeout=LIVE_TIMEOUT_MS)
    assert "'bogus' is not allowed" in error.inner_text()
    assert page.get_attribute("#spiral .sim-status", "data-outcome") == "refused"
    default = registry.get("spiral").SPEC["type_a"].default
    assert page.input_value("#spiral-type_a") == default  # not blank: what the page shows ran
    assert page.get_attribute("#spiral .sim-output", "data-stale") is None


def test_dragging_a_slider_coalesces_to_the_newest_value(page, guard, fixture_server):
    page.goto(fixture_server.url + EVERY)
    set_number(page, "evolution", "always_cooperate", "14")  # boot Python first
    live(page, "evolution")
    kinds = page.evaluate("""async () => {
        const root = document.getElementById("evolution");
        const slider = document.getElementById("evolution-always_cooperate");
        const kinds = [];
        root.addEventListener("sims:outcome", (e) => kinds.push(e.detail.kind));
        for (let v = 0; v <= 30; v++) {  // a drag: 31 input events in one go
            slider.value = String(v);
            slider.dispatchEvent(new Event("input"));
        }
        const started = performance.now();
        while (kinds.filter((k) => k !== "superseded").length < 2
               && performance.now() - started < 60000) {
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
        return kinds;
    }""")
    # The first value runs at once, the last one after it; the 29 between never reach Python.
    assert kinds.count("reply") == 2, kinds
    assert kinds.count("superseded") == 29, kinds
    assert page.input_value("#evolution-always_cooperate-value") == "30"
    assert shown(page, "evolution") == expected("evolution", {"always_cooperate": 30})
    assert page.get_attribute("#evolution .sim-output", "data-stale") is None


def test_stop_on_a_queued_block_leaves_the_running_block_alone(page, guard, fixture_server):
    page.goto(fixture_server.url + "runaway/")
    set_number(page, "neighbour", "a", "0.8")  # boot Python first
    live(page, "neighbour")
    set_number(page, "patient", "seconds", "4")  # runs for 4 s
    page.wait_for_selector("#patient .sim-stop:not([disabled])")
    set_number(page, "neighbour", "a", "0.6")  # waits behind it
    page.wait_for_selector("#neighbour .sim-stop:not([disabled])")
    page.locator("#neighbour .sim-stop").click()
    assert page.get_attribute("#neighbour .sim-status", "data-outcome") == "stopped"
    assert page.get_attribute("#patient .sim-status", "data-kind") == "busy"
    live(page, "patient")  # the long run was not terminated: it finishes by itself
    # It ran to its end, so its worker was not terminated (a spare may have booted beside it
    # after 3 s, as for any long run).
    assert "Ran for 4 seconds" in page.inner_text("#patient .sim-summary")
    # The stopped request was never sent: the neighbour still shows what ran before.
    assert shown(page, "neighbour") == expected("arms_race", {"a": 0.8})


def test_stop_ends_a_running_block_and_the_reader_is_told(page, guard, fixture_server):
    page.goto(fixture_server.url + "runaway/")
    set_number(page, "patient", "seconds", "100")  # its budget is 60 s: only Stop ends it
    page.wait_for_selector("html[data-sims-runtime=ready]", state="attached",
                           timeout=LIVE_TIMEOUT_MS)
    page.wait_for_timeout(300)
    outcome = next_outcome(page, "patient", lambda: page.locator("#patient .sim-stop").click())
    assert outcome["kind"] == "stopped"
    status = page.inner_text("#patient .sim-status")
    assert status.startswith("Stopped. The result shown is the last one that ran")
    assert "restarted" not in status  # the reader stopped it: nothing to apologise for
    assert page.get_attribute("#patient .sim-output", "data-stale") == "true"
    set_number(page, "neighbour", "a", "0.7")
    live(page, "neighbour")
    assert shown(page, "neighbour") == expected("arms_race", {"a": 0.7})


def test_a_run_past_its_budget_says_how_long_it_was_given(page, guard, fixture_server):
    page.goto(fixture_server.url + "runaway/")
    page.locator("#neighbour-a-value").focus()  # boot Python first; the budget excludes boot
    page.wait_for_selector("html[data-sims-runtime=ready]", state="attached",
                           timeout=LIVE_TIMEOUT_MS)
    started = time.monotonic()
    outcome = next_outcome(page, "sim-1", lambda: set_number(page, "sim-1", "seconds", "3600"))
    elapsed = time.monotonic() - started
    assert outcome["kind"] == "timeout"
    status = page.inner_text("#sim-1 .sim-status")
    assert status.startswith("Stopped after 2 s, this simulation's time limit.")
    assert "Python has been restarted; try again with smaller settings." in status
    assert elapsed < 2 + 3, elapsed  # the 2 s budget and some slack
    set_number(page, "neighbour", "a", "0.5")
    live(page, "neighbour")
    assert shown(page, "neighbour") == expected("arms_race", {"a": 0.5})


def test_typing_a_value_and_pressing_enter_runs_it_once(page, guard, fixture_server):
    """The field's ``input``, its ``change`` and the Enter that submits the form all carry
    the same value: one run, so its result (or error) is the one the status line keeps."""
    page.goto(fixture_server.url + "runaway/")
    page.locator("#broken-divisor-value").focus()  # Python boots on intent, before the typing
    page.wait_for_selector("html[data-sims-runtime=ready]", state="attached",
                           timeout=LIVE_TIMEOUT_MS)
    page.evaluate("""() => {
        window.__kinds = [];
        document.getElementById("broken").addEventListener(
            "sims:outcome", (event) => window.__kinds.push(event.detail.kind));
    }""")
    set_number(page, "broken", "divisor", "4")
    live(page, "broken")
    page.wait_for_timeout(500)  # time for a second run to have settled, had one been asked
    assert page.evaluate("() => window.__kinds") == ["reply"]


def test_a_model_that_raises_shows_its_own_message(page, guard, fixture_server):
    page.goto(fixture_server.url + "runaway/")
    outcome = next_outcome(page, "broken", lambda: set_number(page, "broken", "divisor", "0"))
    assert outcome["kind"] == "reply"
    status = page.inner_text("#broken .sim-status")
    assert page.get_attribute("#broken .sim-status", "data-outcome") == "model-error"
    assert "ZeroDivisionError" in status and "broken.py, line" in status, status
    assert "restarted" not in status
    set_number(page, "broken", "divisor", "2")  # the block, and Python, still work
    live(page, "broken")


def test_offline_before_python_was_downloaded_says_so_at_once(browser, fixture_server):
    context = browser.new_context()
    page = context.new_page()
    workers = []
    page.on("worker", lambda w: "sims-worker" in w.url and workers.append(w.url))
    # No warming up as the page loads: on a fast link it could start Python before the test
    # goes offline, and this reader is one whose browser never fetched it.
    on_data_saver(page)
    page.goto(fixture_server.url)
    context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")  # the page has been told, as a reader's is
    outcome = next_outcome(page, "sim-1", lambda: set_number(page, "sim-1", "a", "0.4"))
    assert outcome["kind"] == "boot-failed", outcome
    assert page.inner_text("#sim-1 .sim-status") == (
        "You are offline and Python has not been downloaded yet; the result shown was "
        "computed when the site was built.")
    assert workers == []  # nothing was tried that could only hang
    assert page.locator("#sim-1 .sim-retry").is_hidden()
    context.set_offline(False)
    set_number(page, "sim-1", "a", "0.45")  # back online: the next touch asks (data saver)
    agree_to_download(page)  # and runs it
    live(page, "sim-1")
    context.close()


def test_python_failing_to_start_offers_retry_and_never_loops(browser, fixture_server):
    context = browser.new_context()
    page = context.new_page()
    workers = []
    page.on("worker", lambda w: "sims-worker" in w.url and workers.append(w.url))
    wasm = "/vendor/pyodide/pyodide.asm.wasm"
    before = fixture_server.requests[wasm]
    fixture_server.failing.add(wasm)
    try:
        page.goto(fixture_server.url)
        outcome = next_outcome(page, "sim-1", lambda: set_number(page, "sim-1", "a", "0.4"))
        assert outcome["kind"] == "boot-failed"
        status = page.inner_text("#sim-1 .sim-status")
        assert status.startswith("Python could not start in this browser ("), status
        assert status.endswith("The result shown was computed when the site was built.")
        retry = page.locator("#sim-1 .sim-retry")
        assert retry.is_visible()
        page.wait_for_timeout(3000)  # nothing goes on trying behind the reader's back
        assert len(workers) == 2, workers  # the first boot and one automatic retry
        # At most one download each (a refused one is seen at once, maybe before Pyodide asks).
        assert fixture_server.requests[wasm] - before <= 2
    finally:
        fixture_server.failing.discard(wasm)
    outcome = next_outcome(page, "sim-1", lambda: retry.click())
    assert outcome["kind"] == "reply"
    assert shown(page, "sim-1") == expected("arms_race", {**SIM_1, "a": 0.4})
    assert retry.is_hidden()
    context.close()


# When the first live result is placed (a block's output marked data-live), on the page's
# clock: a MutationObserver's callback runs before any later request can start.
FIRST_LIVE = """window.__firstLive = null;
new MutationObserver(() => {
  if (window.__firstLive === null && document.querySelector(".sim-output[data-live]"))
    window.__firstLive = performance.now();
}).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-live"]});"""


def test_the_chart_library_is_fetched_after_the_first_live_result_not_with_python(
        browser, fixture_server):
    context = browser.new_context(service_workers="block")  # nothing fetched ahead for offline
    page = context.new_page()
    page.add_init_script(FIRST_LIVE)
    page.goto(fixture_server.url)
    set_number(page, "sim-1", "a", "0.45")
    live(page, "sim-1")
    started = page.evaluate("""() => performance.getEntriesByType("resource")
        .filter((e) => e.name.includes("/vendor/vega/")).map((e) => e.startTime)""")
    first_live = page.evaluate("() => window.__firstLive")
    assert started, "the live charts were drawn without the chart library"
    assert first_live is not None and min(started) >= first_live, (started, first_live)
    context.close()
