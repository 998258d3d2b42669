"""The live runtime in a real browser: Pyodide in a module worker, served by the site itself."""

from __future__ import annotations

from sims import registry
from tests.browser.conftest import SIM_1, expected, live, set_number, shown, switch_palette


def test_blocks_show_static_output_without_javascript(browser, fixture_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(fixture_server.url)
    for block in page.locator(".sim").all():
        assert block.locator(".sim-summary").inner_text().strip()
        assert block.locator(".sim-chart svg").count() >= 1
        assert block.locator(".sim-table table tr").count() > 1
        assert "Parameters used" in block.locator(".sim-used").inner_text()
        assert block.locator(".sim-controls").is_hidden()
    context.close()


def test_a_changed_parameter_gives_cpythons_result(page, guard, fixture_server):
    page.goto(fixture_server.url)
    set_number(page, "sim-1", "a", "0.3")
    status = live(page, "sim-1")
    assert "computed in your browser" in status
    assert shown(page, "sim-1") == expected("arms_race", {**SIM_1, "a": 0.3})
    charts = registry.run("arms_race", {**SIM_1, "a": 0.3}, 0).charts
    assert page.locator("#sim-1 .sim-chart svg:visible").count() == len(charts)
    assert "sim-1.a=0.3" in page.url  # the permalink follows the run


def test_a_long_run_warms_a_spare_that_takes_over_at_once_after_stop(page, guard, fixture_server):
    page.goto(fixture_server.url + "runaway/")
    set_number(page, "patient", "seconds", "0")  # the worker's first run (no spare for it)
    live(page, "patient")
    set_number(page, "patient", "seconds", "100")  # its budget is 60 s: only Stop ends it
    # After 3 s of the run a spare worker starts booting beside it.
    deadline = 60_000
    while len(guard.workers) < 2 and deadline > 0:
        page.wait_for_timeout(100)
        deadline -= 100
    assert len(guard.workers) == 2, guard.workers
    page.wait_for_timeout(3000)  # let the spare finish booting
    page.locator("#patient .sim-stop").click()
    set_number(page, "neighbour", "a", "0.7")
    live(page, "neighbour")
    assert shown(page, "neighbour") == expected("arms_race", {"a": 0.7})
    assert len(guard.workers) == 2, guard.workers  # the stopped one and the spare, no third


def test_two_blocks_share_one_worker(page, guard, fixture_server):
    page.goto(fixture_server.url)
    set_number(page, "sim-1", "b", "0.2")
    live(page, "sim-1")
    set_number(page, "second", "horizon", "30")
    live(page, "second")
    assert shown(page, "second") == expected("arms_race", {"horizon": 30})
    assert len(guard.workers) == 1, guard.workers


def test_presets_and_reset(page, guard, fixture_server):
    page.goto(fixture_server.url)
    static_summary = page.inner_text("#sim-1 .sim-summary")
    page.get_by_role("button", name="A race that settles").click()
    live(page, "sim-1")
    assert shown(page, "sim-1") == expected("arms_race", {**SIM_1, "a": 0.3, "b": 0.3})
    page.locator("#sim-1 .sim-reset").click()
    assert page.inner_text("#sim-1 .sim-summary") == static_summary
    assert page.locator("#sim-1 .sim-output[data-live]").count() == 0
    assert "sim-1." not in page.url


def test_bad_link_value_shows_a_message_and_the_block_still_works(page, guard, fixture_server):
    page.goto(fixture_server.url + "?sim-1.a=%3Cimg%20src%3Dx%3Eabc")
    error = page.locator("#sim-1-a-error")
    error.wait_for(state="visible", timeout=90_000)
    assert "not allowed" in error.inner_text() and "<img" in error.inner_text()
    assert page.locator("#sim-1 img").count() == 0  # shown as text, never as HTML
    set_number(page, "sim-1", "a", "0.5")
    live(page, "sim-1")
    assert error.is_hidden()


def test_out_of_range_control_value_is_rejected_beside_the_control(page, guard, fixture_server):
    page.goto(fixture_server.url)
    set_number(page, "sim-1", "m", "7")
    error = page.locator("#sim-1-m-error")
    error.wait_for(state="visible", timeout=90_000)
    assert "from 0 to 2" in error.inner_text()
    assert page.get_attribute("#sim-1-m-value", "aria-invalid") == "true"


def test_instant_navigation_keeps_one_worker(page, guard, fixture_server):
    page.goto(fixture_server.url)
    set_number(page, "sim-1", "a", "0.4")
    live(page, "sim-1")
    set_number(page, "sim-1", "a", "0.45")  # and leave while this run is on its way
    page.get_by_role("link", name="Test page: a run that never ends").first.click()
    page.wait_for_selector("#neighbour .sim-form")
    # The left block's reply does not write its settings into this page's address (this page
    # has a block "sim-1" too, which would run them).
    assert "sim-1." not in page.url
    set_number(page, "neighbour", "a", "0.6")
    live(page, "neighbour")
    assert shown(page, "neighbour") == expected("arms_race", {"a": 0.6})
    assert page.get_attribute("#sim-1 .sim-status", "data-kind") != "error"
    assert len(guard.workers) == 1, guard.workers  # a quick run left behind is not killed


def test_live_charts_follow_the_palette(page, guard, fixture_server):
    page.goto(fixture_server.url)
    set_number(page, "sim-1", "a", "0.4")
    live(page, "sim-1")
    label = "#sim-1 .sim-output[data-live] .sim-svg svg .role-axis-label text"
    fill = f"() => getComputedStyle(document.querySelector({label!r})).fill"
    text = "() => getComputedStyle(document.querySelector('article')).color"
    light = page.evaluate(fill)
    assert light == page.evaluate(text)  # the chart's ink is the text's
    switch_palette(page, "dark")
    assert page.evaluate(fill) != light
    assert page.evaluate(fill) == page.evaluate(text)


def test_pages_carry_a_strict_content_security_policy(page, guard, fixture_server):
    page.goto(fixture_server.url)
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in policy
    first = page.evaluate("document.head.firstElementChild.outerHTML")
    assert "Content-Security-Policy" in first
    set_number(page, "sim-1", "a", "0.4")  # Pyodide, the wheel and live charts under it
    live(page, "sim-1")
    assert page.locator("#sim-1 .sim-chart svg:visible").count() == 2
    violation = page.evaluate("""() => new Promise((resolve) => {
        document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective));
        const s = document.createElement("script");
        s.textContent = "window.injected = 1";
        document.body.append(s);
        setTimeout(() => resolve(null), 1000);
    })""")
    assert violation and violation.startswith("script-src")  # an injected script is refused
    guard.console_errors.clear()  # that refusal is the one console error this test expects


def test_copy_link_and_download_csv(browser, fixture_server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(fixture_server.url)
    csv_text = registry.run("arms_race", SIM_1, 0).main_table().to_csv()
    with page.expect_download() as before:  # the pre-rendered table, before any live run
        page.locator("#sim-1 .sim-csv").click()
    assert before.value.suggested_filename == "index-sim-1.csv"
    assert before.value.path().read_text() == csv_text
    page.goto(fixture_server.url)  # a download leaves the page without focus for the clipboard
    set_number(page, "sim-1", "a", "0.35")
    live(page, "sim-1")
    assert page.url.endswith("?sim-1.a=0.35")  # the address bar holds the permalink
    link = page.url + "#sim-1"
    with page.expect_download() as after:
        page.locator("#sim-1 .sim-csv").click()
    assert after.value.suggested_filename == "index-sim-1.csv"
    cli = registry.run("arms_race", {**SIM_1, "a": 0.35}, 0).main_table().to_csv()
    assert after.value.path().read_text() == cli  # byte for byte what `sims run --csv` prints
    page.locator("#sim-1 .sim-reset").click()
    with page.expect_download() as reset:
        page.locator("#sim-1 .sim-csv").click()
    assert reset.value.path().read_text() == csv_text
    other = context.new_page()  # the copied link opens the block with its settings
    other.goto(link)
    live(other, "sim-1")
    assert shown(other, "sim-1") == expected("arms_race", {**SIM_1, "a": 0.35})
    context.close()
