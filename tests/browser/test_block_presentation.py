"""What a reader sees of each simulation block, over a run: sizes, positions, overlap, contrast,
layout shift, focus and what a screen reader is told.

Each page is visited once, at a desktop's size, then a phone's, then in the dark palette, and
every block on it is driven as a reader drives it: Run is pressed, the first control is focused
and moved with the keyboard at each size, focus sits in a chart while a run comes back. The
live checks visit the pages that between them hold every model (one block per model proves the
point; the others differ only in their settings); the static checks (headings) cover every
page. Screenshots of each block before and after a live run, at both sizes and in the dark
palette, are saved in test-results/blocks/ for a person to look at (``make screenshots``).
"""

from __future__ import annotations

import re

import pytest

from sims import registry
from tests.browser.conftest import (
    LIVE_TIMEOUT_MS,
    keep_screenshot,
    next_outcome,
    show_answers,
    switch_palette,
)

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
# Between them these pages hold a block of every model (checked below).
LIVE_PAGES = ["games", "security-dilemma", "subjective-security", "cooperation", "walt",
              "offense-defense"]
SIZE_TOLERANCE = 0.05
MAX_RERUN_SHIFT = 0.02


def block_ids(page) -> list[str]:
    return page.eval_on_selector_all(".sim", "els => els.map((e) => e.id)")


def pages_with_blocks(site) -> dict[str, list[str]]:
    """Each built page's path and the models of its blocks."""
    found = {}
    for html in sorted(site.glob("*/index.html")):
        models = re.findall(r'class="sim" id="[^"]+" data-model="([^"]+)"', html.read_text())
        if models:
            found[html.parent.name] = models
    return found


def test_live_pages_hold_every_model(site_server):
    on_pages = pages_with_blocks(site_server.site)
    assert set(LIVE_PAGES) <= set(on_pages)
    covered = {m for p in LIVE_PAGES for m in on_pages[p]}
    assert covered == set(registry.model_ids()), "add a page to LIVE_PAGES that holds the model"


# ----- reading what is visible ---------------------------------------------------------------
CHART_BOXES = """(id) => [...document.querySelectorAll(`#${id} .sim-output .sim-svg`)].map((t) => {
    // The drawing on show: each chart has one for a wide place and one for a phone's column.
    const shown = [...t.querySelectorAll("svg")].map((svg) => svg.getBoundingClientRect())
        .filter((r) => r.width > 0);
    const r = shown.length === 1 ? shown[0] : {width: -shown.length, height: -shown.length};
    return {label: t.getAttribute("aria-label"), role: t.getAttribute("role"),
            width: r.width, height: r.height};
})"""

# Where the result bar is, and whether anything covers it or it covers the focused control.
BAR_PLACE = """(id) => {
    const root = document.getElementById(id);
    const bar = root.querySelector(".sim-bar").getBoundingClientRect();
    const status = root.querySelector(".sim-status").getBoundingClientRect();
    const hit = document.elementFromPoint(status.left + 4, status.top + status.height / 2);
    const focused = document.activeElement.getBoundingClientRect();
    const overlap = !(focused.bottom <= bar.top || focused.top >= bar.bottom
                      || focused.right <= bar.left || focused.left >= bar.right);
    return {top: bar.top, bottom: bar.bottom, height: innerHeight,
            statusOnTop: !!hit && root.querySelector(".sim-bar").contains(hit),
            focusInBlock: root.contains(document.activeElement), focusCovered: overlap};
}"""

# WCAG contrast of a text element against the nearest opaque background behind it.
CONTRAST = """(sel) => {
    const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
        const f = (v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (node) => {
        for (; node; node = node.parentElement) {
            const c = rgb(getComputedStyle(node).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
        }
        return [255, 255, 255];
    };
    const el = document.querySelector(sel);
    const fg = lum(rgb(getComputedStyle(el).color)), bg = lum(background(el));
    return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
}"""

# Every layout shift from now on, input or not: a re-run must not move the page. One observer
# per page, whose count each call starts again.
WATCH_SHIFTS = """() => {
    window.__shift = 0;
    if (window.__shifts) return;
    window.__shifts = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__shift += e.value;
    });
    window.__shifts.observe({type: "layout-shift"});
}"""

# What the block's screen-reader line says from now on (one observer at a time).
WATCH_ANNOUNCER = """(id) => {
    const node = document.querySelector(`#${id} .sim-announce`);
    window.__spoken = [];
    window.__announcer?.disconnect();
    window.__announcer = new MutationObserver(() => window.__spoken.push(node.textContent));
    window.__announcer.observe(node, {childList: true, characterData: true, subtree: true});
}"""


def first_control(page, block_id: str):
    """The block's first slider (or, without one, its first menu or check box)."""
    for selector in ("input[type=range]", "select", "input[type=checkbox]"):
        found = page.locator(f"#{block_id} .sim-form {selector}")
        if found.count():
            return found.first, selector
    raise AssertionError(f"{block_id} has no control")


def move(page, control, selector: str) -> None:
    """Move a focused control one step, with the keyboard, as a reader does."""
    if selector == "input[type=checkbox]":
        page.keyboard.press("Space")
    else:
        page.keyboard.press("ArrowRight" if selector.endswith("range]") else "ArrowDown")


def settled(page, block_id: str, action) -> dict:
    """Do ``action``; wait for the block's next outcome and its charts; return the outcome."""
    outcome = next_outcome(page, block_id, action)
    page.wait_for_selector(f"#{block_id} .sim-output[data-charts=drawn]", timeout=LIVE_TIMEOUT_MS)
    return outcome


def shoot(page, block_id: str, name: str) -> None:
    keep_screenshot(page.locator(f"#{block_id}"), f"blocks/{name}.png")


@pytest.fixture
def visit(browser, site_server):
    """Open a page of the notes at a viewport and palette; collect Vega's warnings."""
    contexts = []

    def open_page(path: str, viewport: str, scheme: str):
        context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        page.warnings = []
        page.on("console",
                lambda m: m.type in ("warning", "error") and page.warnings.append(m.text))
        page.goto(f"{site_server.url}{path}/")
        show_answers(page)
        page.wait_for_selector(".sim .sim-form")
        return page

    yield open_page
    for context in contexts:
        context.close()


def at(page, viewport: str) -> None:
    """Give the page a viewport's size (as a reader turning a tablet, or narrowing a window)."""
    page.set_viewport_size(VIEWPORTS[viewport])
    page.wait_for_function("(w) => innerWidth === w", arg=VIEWPORTS[viewport]["width"])


def compare_charts(before: list, after: list, where: str) -> list[str]:
    """What differs between the charts on show before and after a live run."""
    problems = []
    if len(after) != len(before):
        problems.append(f"{where}: {len(before)} charts before a live run, {len(after)} after")
    for old, new in zip(before, after, strict=False):
        for side in ("width", "height"):
            if abs(new[side] - old[side]) > SIZE_TOLERANCE * old[side]:
                problems.append(f"{where}: {old['label']!r} {side} {old[side]:.0f} px "
                                f"pre-rendered, {new[side]:.0f} px live")
        if (new["role"], new["label"]) != (old["role"], old["label"]):
            problems.append(f"{where}: the live chart is told as {new}, not as {old}")
    return problems


def touched(page, block_id: str, where: str) -> list[str]:
    """Move the block's first control with the keyboard: the result bar is on screen,
    uncovered and not over the control; the re-run does not shift the layout; a screen
    reader is told the summary once; and focus left in a chart stays there over a run."""
    problems = []
    control, selector = first_control(page, block_id)
    control.focus()
    page.wait_for_function(  # the last run's own announcement (it ends with that run's status
        # line, "computed ... in N ms"), before listening for the next
        """(id) => {
            const text = (s) => document.querySelector(`#${id} ${s}`).textContent;
            return text(".sim-announce").endsWith(text(".sim-status"));
        }""", arg=block_id)
    page.evaluate(WATCH_ANNOUNCER, block_id)
    page.evaluate(WATCH_SHIFTS)
    settled(page, block_id, lambda: move(page, control, selector))
    bar = page.evaluate(BAR_PLACE, block_id)
    if not (bar["top"] >= 0 and bar["bottom"] <= bar["height"] + 1):
        problems.append(f"{where}: the result bar is off screen ({bar}) while a control moves")
    if not bar["statusOnTop"]:
        problems.append(f"{where}: something covers the status line")
    if not bar["focusInBlock"] or bar["focusCovered"]:
        problems.append(f"{where}: the focused control is lost or under the bar ({bar})")
    page.wait_for_timeout(900)  # the shift of a late redraw, the announcement
    shift = page.evaluate("() => window.__shift")
    if shift >= MAX_RERUN_SHIFT:
        problems.append(f"{where}: a re-run shifts the layout by {shift:.3f}")
    summary = page.inner_text(f"#{block_id} .sim-summary")
    spoken = page.evaluate("() => window.__spoken")
    if len(spoken) != 1 or not spoken[0].startswith(summary):
        problems.append(f"{where}: a screen reader was told {spoken}, not the summary once")

    chart = page.locator(f"#{block_id} .sim-output .sim-svg").first
    chart.focus()
    settled(page, block_id, lambda: control.evaluate(
        "(el) => { el.dispatchEvent(new Event(el.type === 'checkbox' ? 'change' : 'input',"
        " {bubbles: true})); }"))
    if not chart.evaluate("(el) => el === document.activeElement"):
        problems.append(f"{where}: focus left the chart when a run came back")
    captions = page.eval_on_selector_all(f"#{block_id} figcaption",
                                         "els => els.map(e => e.textContent)")
    if any(summary in caption for caption in captions):
        problems.append(f"{where}: a figure caption repeats the summary")
    return problems


def legible_status(page, block_id: str, where: str) -> list[str]:
    ratio = page.evaluate(CONTRAST, f"#{block_id} .sim-status")
    return [f"{where}: the status line's contrast is {ratio:.2f}:1"] if ratio < 4.5 else []


@pytest.mark.parametrize("path", LIVE_PAGES)
def test_each_block_seen_over_a_run(visit, path):
    """One visit per page (one Python), as a reader who turns a phone, then the lights off.

    The pre-rendered charts are measured at both sizes first. Each block is then run at the
    desktop size and its live charts compared with the pre-rendered ones; the page is narrowed
    to a phone's width and the live drawings compared with the phone's pre-rendered ones; each
    block is touched at both sizes; and the dark palette's status lines are read.
    """
    page = visit(path, "desktop", "light")
    blocks = block_ids(page)
    static = {}
    for viewport in VIEWPORTS:
        at(page, viewport)
        for block_id in blocks:
            page.locator(f"#{block_id}").scroll_into_view_if_needed()
            static[block_id, viewport] = page.evaluate(CHART_BOXES, block_id)
            shoot(page, block_id, f"{path}-{block_id}-{viewport}-static")
    problems = []
    for viewport in VIEWPORTS:
        at(page, viewport)
        for block_id in blocks:
            where = f"/{path}/#{block_id} at {viewport}"
            page.locator(f"#{block_id}").scroll_into_view_if_needed()
            if viewport == "desktop":  # run at the page's own settings
                settled(page, block_id, lambda id=block_id: page.locator(f"#{id} .sim-run").click())
            problems += compare_charts(static[block_id, viewport],
                                       page.evaluate(CHART_BOXES, block_id), where)
            shoot(page, block_id, f"{path}-{block_id}-{viewport}-live")
            problems += touched(page, block_id, where)
            problems += legible_status(page, block_id, f"{where}, light")
    switch_palette(page, "dark")
    for viewport in VIEWPORTS:
        at(page, viewport)
        for block_id in blocks:
            page.locator(f"#{block_id}").scroll_into_view_if_needed()
            shoot(page, block_id, f"{path}-{block_id}-{viewport}-dark-live")
            problems += legible_status(page, block_id, f"/{path}/#{block_id} at {viewport}, dark")
    vega = [w for w in page.warnings if "WARN" in w]
    assert not problems and not vega, "\n".join(problems + vega)


def test_block_titles_are_headings_in_the_outline(site_server, page):
    """Every block's title is a heading one level below the heading it follows."""
    for path in pages_with_blocks(site_server.site):
        page.goto(f"{site_server.url}{path}/")
        outline = page.eval_on_selector_all(
            "article :is(h1, h2, h3, h4, h5, h6)",
            "els => els.map((e) => [Number(e.tagName[1]), e.classList.contains('sim-title')])")
        level = 1
        for own, is_block in outline:
            if is_block:
                assert own == min(level + 1, 6), (path, outline)
            else:
                level = own
        blocks = page.locator(".sim")
        for i in range(blocks.count()):
            title = blocks.nth(i).get_by_role("heading", name=re.compile(r"^Simulation: "))
            assert title.count() == 1


def test_the_preset_on_show_is_pressed(site_server, page):
    """A preset equal to what is on show looks pressed, so pressing it visibly answers."""
    page.goto(site_server.url)
    page.wait_for_selector("#sim-1 .sim-preset")
    config = page.eval_on_selector("#sim-1", "el => JSON.parse(el.dataset.config)")
    presets = page.locator("#sim-1 .sim-preset")

    def pressed() -> list[str]:
        return [presets.nth(i).inner_text().removeprefix("✓ ") for i in range(presets.count())
                if presets.nth(i).get_attribute("aria-pressed") == "true"]

    own = [p["label"] for p in config["presets"]
           if all(config["params"][k] == v for k, v in p["params"].items())]
    assert own, "the home page's first block has a preset equal to its own settings"
    assert pressed() == own
    other = next(p["label"] for p in config["presets"] if p["label"] not in own)
    settled(page, "sim-1", lambda: page.get_by_role("button", name=other).click())
    assert pressed() == [other]
    settled(page, "sim-1", lambda: page.get_by_role("button", name=own[0]).click())
    assert pressed() == own
    assert page.get_attribute("#sim-1 .sim-status", "data-kind") == "live"


def test_the_result_follows_a_dragged_slider(visit):
    """Once Python is warm, a drag shows results while the pointer moves, not only at release."""
    page = visit("security-dilemma", "desktop", "light")
    settled(page, "sim-1", lambda: page.locator("#sim-1 .sim-run").click())
    slider = page.locator("#sim-1 .sim-form input[type=range]").first
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    page.evaluate("""() => {
        const used = document.querySelector("#sim-1 .sim-used");
        window.__shown = [];
        new MutationObserver(() => window.__shown.push(used.textContent))
            .observe(used, {childList: true, characterData: true, subtree: true});
    }""")
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 8, y)
    page.mouse.down()
    for step in range(1, 9):
        page.mouse.move(box["x"] + 8 + step * (box["width"] - 16) / 8, y)
        page.wait_for_timeout(150)
    during = len(set(page.evaluate("() => window.__shown")))
    page.mouse.up()
    assert during >= 3, f"{during} results were shown during an 8-step drag"
