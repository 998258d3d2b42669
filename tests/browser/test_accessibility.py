"""Accessibility of the real site: axe-core on every page (every rule in the light palette,
the colour rules in the dark one), simulations static and live; every chart with a text
alternative; every control labelled, reachable by Tab, announcing its value, with a visible
focus.

axe-core comes from node_modules and is injected with ``add_init_script``: Playwright hands it to
the browser through the DevTools protocol, so it runs before the page's own scripts and outside
the page's Content Security Policy (an injected <script> element would be refused by it, and
bypassing the policy would test a different page). The ``guard`` fixture proves that nothing
else was refused either.

The light palette is the one a reader's system chose (prefers-color-scheme, which
mkdocs-material follows until the reader uses its toggle); the dark one is the toggle's.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.conftest import (
    PALETTES,
    agree_to_download,
    live,
    on_data_saver,
    show_answers,
    switch_palette,
)
from tests.browser.test_site_pages import new_value, set_control
from tests.helpers import ROOT, nav_pages, pages_with_sims

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CONTROLS = ".sim-controls :is(input, select, button, summary)"
MODEL = re.compile(r"^\s*model:\s*([\w-]+)\s*$", re.M)  # in a ```sim block


def live_models() -> dict[str, list[str]]:
    """A representative subset for the live state: each model on the first page that shows it."""
    chosen: dict[str, list[str]] = {}
    seen: set[str] = set()
    for path in pages_with_sims():
        source = (ROOT / "docs" / f"{path.rstrip('/') or 'index'}.md").read_text(encoding="utf-8")
        for model in MODEL.findall(source):
            if model not in seen:
                seen.add(model)
                chosen.setdefault(path, []).append(model)
    return chosen


LIVE = live_models()


def open_page(page, url: str, scheme: str = "light") -> None:
    """Load a page with axe ready, in a palette, with every block's controls built."""
    page.add_init_script(path=str(AXE))
    on_data_saver(page)  # Python starts when a block is used, not on its own beside axe
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    show_answers(page)
    for block_id in page.locator(".sim").evaluate_all("els => els.map(e => e.id)"):
        page.wait_for_selector(f"#{block_id} .sim-form")
    assert page.get_attribute("body", "data-md-color-scheme") == PALETTES[scheme]


# The rules whose verdict a palette can change (the dark palette moves colours, not markup).
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(page, rules: list[str] | None = None) -> list[str]:
    """axe-core's default rules (WCAG 2 A and AA and best practices), or only ``rules``; one
    line per problem."""
    found = page.evaluate("""async (rules) => {
        // A tooltip fading in or out is not what a reader reads: let finite transitions end.
        await Promise.all(document.getAnimations()
            .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
            .map((a) => a.finished.catch(() => {})));
        const only = rules ? {runOnly: {type: "rule", values: rules}} : {};
        const result = await axe.run(document, {resultTypes: ["violations"], ...only});
        return result.violations.map((v) => ({id: v.id, help: v.help, nodes: v.nodes.map(
            (n) => n.target.join(" ") + ": " + n.failureSummary.replaceAll("\\n", " "))}));
    }""", rules)
    return [f"{v['id']} ({v['help']}) at {node}" for v in found for node in v["nodes"][:5]]


def text_alternatives(page) -> list[str]:
    """What a block shows only as a picture, or a control without a name."""
    return page.evaluate("""() => {
        const problems = [];
        const text = (el) => el?.textContent.trim() ?? "";
        for (const block of document.querySelectorAll(".sim")) {
            const need = (ok, what) => ok || problems.push(`#${block.id}: ${what}`);
            need(text(block.querySelector(".sim-summary")), "no summary");
            for (const fig of block.querySelectorAll(".sim-chart")) {
                // role=img as built; vega-embed makes a live one a named graphics-document
                const img = fig.querySelector(".sim-svg:is([role=img], [role=graphics-document])");
                need(img?.getAttribute("aria-label")?.trim(), "a chart without a name");
                need(text(fig.querySelector("figcaption")), "a chart without a caption");
            }
            const table = block.querySelector(".sim-table table");
            need(table?.querySelector("thead th") && table.tBodies[0]?.rows.length,
                 "no data table");
            need(text(block.querySelector(".sim-used")).startsWith("Parameters used"),
                 "no parameter values");
            for (const field of block.querySelectorAll(".sim-controls :is(input, select)")) {
                need(field.labels.length || field.getAttribute("aria-label"),
                     `${field.id} has no label`);
            }
            for (const group of block.querySelectorAll(".sim-controls fieldset")) {
                need(text(group.querySelector("legend")), "a group without a legend");
            }
            for (const button of block.querySelectorAll(".sim-controls button")) {
                need(text(button), "a button without text");
            }
        }
        return problems;
    }""")


@pytest.mark.parametrize(("path", "models"), list(LIVE.items()), ids=[p or "home" for p in LIVE])
def test_live_simulations_have_no_axe_violations_in_either_palette(page, guard, site_server,
                                                                    path, models):
    open_page(page, site_server.url + path)
    configs = [json.loads(page.locator(f".sim[data-model={model}]").first.get_attribute(
        "data-config")) for model in models]
    for config in configs:
        if config["controls"]:
            param = next(p for p in config["spec"] if p["name"] == config["controls"][0])
            value = new_value(param, config["params"][param["name"]])
            set_control(page, config["id"], param, value)
        page.locator(f"#{config['id']} .sim-run").click()
    agree_to_download(page)
    for config in configs:
        live(page, config["id"])
    problems = axe_violations(page) + text_alternatives(page)
    assert not problems, f"{path or 'home'} (live, light):\n" + "\n".join(problems)

    switch_palette(page, "dark")
    page.evaluate("""() => new Promise((resolve, reject) => {
        const started = performance.now();
        const check = () => {
            const targets = [...document.querySelectorAll(".sim-output[data-live] .sim-svg")];
            if (targets.every((t) => t.querySelector("svg"))) resolve();
            else if (performance.now() - started > 15000) reject(new Error("charts not redrawn"));
            else requestAnimationFrame(check);
        };
        check();
    })""")
    problems = axe_violations(page) + text_alternatives(page)
    assert not problems, f"{path or 'home'} (live, dark):\n" + "\n".join(problems)


def focus_ring(page) -> dict:
    """The focused element (its mark, set below) and whether its focus can be seen."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
        return {mark: el.dataset.a11y ?? null, inside: Boolean(el.closest(".sim-controls")),
                visible: outline || style.boxShadow !== "none",
                name: el.id || el.textContent.trim()};
    }""")


def tab_reaches_every_control_with_visible_focus(page, path: str) -> None:
    """In each block, "More settings" opened from the keyboard, Tab reaches every control in
    turn and its focus can be seen."""
    for block_id in page.locator(".sim").evaluate_all("els => els.map(e => e.id)"):
        # A reader opens "More settings" from the keyboard; its controls then follow in order.
        for summary in page.locator(f"#{block_id} .sim-more > summary").all():
            summary.focus()
            page.keyboard.press("Enter")
            assert summary.evaluate("s => s.parentElement.open"), f"{path} #{block_id}"
        wanted = page.eval_on_selector_all(f"#{block_id} :is({CONTROLS})", """els => els
            .filter((e) => !e.disabled && e.checkVisibility())
            .map((e, i) => { e.dataset.a11y = String(i); return e.id || e.textContent.trim(); })""")
        # A click on the title (plain text) puts the keyboard's starting point just before
        # the controls, as it would for a reader who clicked there.
        page.locator(f"#{block_id} .sim-title").click()
        reached, unseen_focus = {}, []
        for _ in range(len(wanted) + 3):
            page.keyboard.press("Tab")
            now = focus_ring(page)
            if not now["inside"]:
                if reached:
                    break
                continue
            reached[now["mark"]] = now["name"]
            if not now["visible"]:
                unseen_focus.append(now["name"])
        missing = [name for i, name in enumerate(wanted) if str(i) not in reached]
        assert not missing, f"{path} #{block_id}: Tab never reaches {missing}"
        assert not unseen_focus, f"{path} #{block_id}: focus not visible on {unseen_focus}"


@pytest.mark.parametrize("path", nav_pages())
def test_every_page_as_loaded_passes_axe_and_tab_reaches_every_control(page, guard,
                                                                       site_server, path):
    """One visit per page. In the light palette (the system's choice): every axe rule, then
    every control reached by Tab with a visible focus, every slider saying its value. Then,
    the reader's toggle pressed, the colour rules in the dark one (the palette changes
    colours, not markup). Last, as it starts a run: a slider moved from the keyboard says its
    new value."""
    open_page(page, site_server.url + path, "light")
    problems = axe_violations(page) + text_alternatives(page)
    assert not problems, f"{path or 'home'} (light):\n" + "\n".join(problems)
    tab_reaches_every_control_with_visible_focus(page, path)  # none on a page without blocks
    sliders = page.locator(".sim-controls input[type=range]").all()
    for slider in sliders:
        field = page.locator(f"#{slider.get_attribute('id')}-value")
        assert float(slider.get_attribute("aria-valuetext")) == float(field.input_value())

    switch_palette(page, "dark")
    problems = axe_violations(page, COLOUR_RULES)
    assert not problems, f"{path or 'home'} (dark):\n" + "\n".join(problems)

    if sliders:  # moved from the keyboard, a slider says its new value
        slider = sliders[0]
        before = slider.get_attribute("aria-valuetext")
        slider.focus()
        at_max = slider.input_value() == slider.get_attribute("max")
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        assert slider.get_attribute("aria-valuetext") != before
        assert float(slider.get_attribute("aria-valuetext")) == float(slider.input_value())
