"""Python's first start as a reader on a slow link meets it: a progress bar that counts the
download against the build's size, announced once; on a data-saving link a question before any
byte is fetched; on other links the download starting when the pointer enters a block.

The link is slowed on the server's side (tests/helpers.py, ``throttled``): Pyodide's requests
come from a worker, which Playwright's routing does not see. Each test uses a fresh context, so
nothing is in the browser's cache or a service worker yet.
"""

from __future__ import annotations

import json
import re
import time

from simsite.assets import FIRST_BOOT_FILES, LOCK_FILE
from tests.browser.conftest import LIVE_TIMEOUT_MS, live, next_outcome, on_data_saver, set_number

WASM = "/vendor/pyodide/pyodide.asm.wasm"
SLOW = 3_000_000  # bytes per second: the wasm takes about 3 s to arrive
PROGRESS = re.compile(r"^Downloading Python: (\d+\.\d) of (\d+\.\d)\u00a0MB$")
# A link the page knows nothing about (as in Firefox or Safari): neither fast nor slow.
UNKNOWN_LINK = """Object.defineProperty(Navigator.prototype, "connection", {
  configurable: true, get: () => undefined});"""
# Records what the block's status line and announcer said, every change, from the start.
WATCH = """(id) => {
  const root = document.getElementById(id);
  window.__said = {status: [], announced: []};
  const note = (list, text) => { if (list.at(-1) !== text) list.push(text); };
  new MutationObserver(() => {
    const bar = root.querySelector(".sim-status progress");
    note(window.__said.status, root.querySelector(".sim-status").textContent
      + (bar ? ` [${bar.value}/${bar.max}]` : ""));
  }).observe(root.querySelector(".sim-status"),
    {childList: true, subtree: true, characterData: true, attributes: true});
  const announcer = root.querySelector(".sim-announce");
  new MutationObserver(() => note(window.__said.announced, announcer.textContent))
    .observe(announcer, {childList: true, subtree: true, characterData: true});
}"""


def first_boot_bytes(server, config: dict) -> int:
    """The bytes a first boot fetches, from the files the build put in the site."""
    files = [*(f"vendor/{name}" for name in (*FIRST_BOOT_FILES, LOCK_FILE)), config["stdlib"],
             config["wheel"]]
    return sum((server.site / name).stat().st_size for name in files)


def pyodide_requests(server) -> int:
    return sum(n for path, n in server.requests.items() if path.startswith("/vendor/pyodide/"))


def mb(size: int) -> str:
    return f"{size / 1e6:.1f}"


def open_block(browser, server, init_script: str | None = None):
    context = browser.new_context()
    page = context.new_page()
    if init_script:
        page.add_init_script(init_script)
    page.goto(server.url)
    page.wait_for_selector("#sim-1 .sim-form")
    config = json.loads(page.get_attribute("#sim-1", "data-config"))
    return context, page, config


def test_the_download_shows_a_growing_bar_with_the_builds_total_announced_once(
        browser, fixture_server):
    fixture_server.throttled[WASM] = SLOW
    try:
        context, page, config = open_block(browser, fixture_server, UNKNOWN_LINK)
        total = first_boot_bytes(fixture_server, config)
        assert config["download"]["raw"] == total  # the build's sizes are those of its files
        page.evaluate(WATCH, "sim-1")
        set_number(page, "sim-1", "a", "0.4")
        page.wait_for_selector("#sim-1 .sim-status progress", timeout=LIVE_TIMEOUT_MS)
        live(page, "sim-1")
        # The result is announced after it is shown: wait for it, not a moment.
        page.wait_for_function("() => window.__said.announced.length >= 3")
        said = page.evaluate("() => window.__said")
    finally:
        fixture_server.throttled.pop(WASM, None)
    assert page.locator("#sim-1 .sim-progress").count() == 0  # gone once the result is shown
    shown = [m for line in said["status"] if (m := PROGRESS.match(line.split(" [")[0]))]
    assert len(shown) >= 3, said["status"]  # the bar moved while the wasm came in
    done = [float(m.group(1)) for m in shown]
    assert done == sorted(done) and done[-1] > done[0], done
    # The test server does not compress: the total on the wire is the unpacked one.
    assert {m.group(2) for m in shown} == {mb(total)}
    bars = [re.search(r"\[(\d+)/(\d+)\]$", line) for line in said["status"]]
    assert {int(b.group(2)) for b in bars if b} == {total}  # the bar's max: the build's bytes
    assert said["status"][-1].startswith("Live result"), said["status"]
    # A screen reader hears that the download started and that Python is ready, once each,
    # and no step of it.
    announced = said["announced"]
    started = f"Downloading Python, {mb(total)}\u00a0MB…"
    assert announced[:2] == [started, "Python is ready."], announced
    assert len(announced) == 3, announced
    assert announced[2].endswith(said["status"][-1]), announced  # then the result
    context.close()


def test_a_data_saver_is_asked_first_and_nothing_is_fetched_until_they_agree(
        browser, fixture_server):
    context = browser.new_context()
    page = context.new_page()
    on_data_saver(page)
    page.goto(fixture_server.url)
    page.wait_for_selector("#sim-1 .sim-form")
    config = json.loads(page.get_attribute("#sim-1", "data-config"))
    before = pyodide_requests(fixture_server)
    page.hover("#sim-1")
    set_number(page, "sim-1", "a", "0.4")
    button = page.locator("#sim-1 .sim-status button.sim-agree")
    button.wait_for()
    question = f"Needs a one-time download of Python ({mb(config['download']['gzip'])}\u00a0MB)."
    assert page.inner_text("#sim-1 .sim-status").startswith(question)
    assert page.inner_text("#sim-1 .sim-announce") == f"{question} Press Download and run to go on."
    time.sleep(1.5)  # nothing goes on behind the reader's back
    assert pyodide_requests(fixture_server) == before
    button.click()
    live(page, "sim-1")
    # The choice holds for the page: the next block runs without asking.
    outcome = next_outcome(page, "second", lambda: set_number(page, "second", "horizon", "30"))
    assert outcome["kind"] == "reply"
    assert page.locator(".sim-agree").count() == 0
    context.close()


def test_the_pointer_entering_a_block_starts_the_download_before_any_click(browser, fixture_server):
    context, page, _ = open_block(browser, fixture_server, UNKNOWN_LINK)
    before = fixture_server.requests[WASM]
    time.sleep(1.0)
    assert fixture_server.requests[WASM] == before  # nothing on its own on this link
    page.hover("#sim-1 .sim-summary")
    deadline = time.monotonic() + 20
    while fixture_server.requests[WASM] == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert fixture_server.requests[WASM] == before + 1
    assert page.get_attribute("#sim-1 .sim-status", "data-kind") != "busy"  # no run was asked for
    context.close()


def test_a_download_that_fails_midway_ends_in_the_failure_message_with_the_bar_gone(
        browser, fixture_server):
    context, page, config = open_block(browser, fixture_server, UNKNOWN_LINK)
    wheel = "/" + config["wheel"]
    fixture_server.throttled[WASM] = SLOW
    fixture_server.failing.add(wheel)
    try:
        page.evaluate(WATCH, "sim-1")
        outcome = next_outcome(page, "sim-1", lambda: set_number(page, "sim-1", "a", "0.4"))
        said = page.evaluate("() => window.__said")
    finally:
        fixture_server.throttled.pop(WASM, None)
        fixture_server.failing.discard(wheel)
    assert outcome["kind"] == "boot-failed", outcome
    assert any(PROGRESS.match(line.split(" [")[0]) for line in said["status"]), said["status"]
    status = page.inner_text("#sim-1 .sim-status")
    assert status.startswith("Python could not start in this browser ("), status
    assert page.locator("#sim-1 .sim-progress").count() == 0
    context.close()
