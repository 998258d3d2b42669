"""Pre-rendered charts as a reader sees them: on a 360 px phone and a desktop, in both palettes.

For every chart on every page of the notes: the drawing on show lies within the content column
(no sideways scrolling of the page or of the chart's box), none of its text is cut off by its
own edges or shortened with "…", exactly one drawing of it is on show (the other is not
rendered, so a screen reader meets one chart), it has no background of its own, and its axis
labels read against the page's background (at least 4.5:1, WCAG 1.4.3) in either palette.
The charts follow a palette toggle without being redrawn.

One browser context per viewport, each with a system palette of its own (light at a desktop's
size, dark at a phone's); each page is visited once, its charts checked in one
``page.evaluate`` in the palette it opens in, then again after the reader's toggle is pressed
(the theme keeps the choice, so the next page opens in the other palette).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import PALETTES, on_data_saver, show_answers, switch_palette
from tests.helpers import pages_with_sims

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
LAYOUT = {"phone": "narrow", "desktop": "wide"}  # the drawing each should show
SYSTEM = {"desktop": "light", "phone": "dark"}  # the palette the reader's system prefers
OTHER = {"light": "dark", "dark": "light"}
CONTRAST = 4.5

# Colours as the page computes them, composited over the page's background; WCAG's contrast.
COLOUR_JS = """
const rgba = (css) => {
    const [r, g, b, a = 1] = css.match(/[\\d.]+/g).map(Number);
    return {r, g, b, a};
};
const over = (fg, bg) => ({r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a),
                           b: fg.b * fg.a + bg.b * (1 - fg.a), a: 1});
const luminance = ({r, g, b}) => [r, g, b].map((v) => v / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
const contrast = (fg, bg) => {
    const [hi, lo] = [luminance(over(fg, bg)), luminance(bg)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
};
const pageBackground = () => rgba(getComputedStyle(document.body).backgroundColor);
const transparent = (css) => css === "none" || css === "transparent" || rgba(css).a === 0;
"""

PROBLEMS_JS = "(layout) => {" + COLOUR_JS + """
    const problems = [];
    const bg = pageBackground();
    const column = document.querySelector(".md-content__inner").getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width) {
        problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px)`);
    }
    for (const box of document.querySelectorAll(".sim-output .sim-svg")) {
        const name = box.getAttribute("aria-label");
        const say = (what) => problems.push(`${name}: ${what}`);
        const shown = [...box.querySelectorAll(":scope > svg")]
            .filter((svg) => getComputedStyle(svg).display !== "none");
        if (shown.length !== 1) { say(`${shown.length} drawings on show`); continue; }
        const svg = shown[0];
        if (svg.dataset.layout !== layout) say(`the ${svg.dataset.layout} drawing is on show`);
        if (box.scrollWidth > box.clientWidth) say("its box scrolls sideways");
        const r = svg.getBoundingClientRect();
        if (r.left < column.left - 1 || r.right > column.right + 1) {
            say(`drawn from ${r.left} to ${r.right} px, outside the column `
                + `(${column.left} to ${column.right} px)`);
        }
        for (const text of svg.querySelectorAll("text")) {
            // Vega hides a label that would overlap another (opacity 0): no reader sees it.
            if (getComputedStyle(text).opacity === "0") continue;
            const t = text.getBoundingClientRect();
            if (text.textContent.includes("…")) say(`"${text.textContent}" is shortened`);
            if (t.width && (t.left < r.left - 1 || t.right > r.right + 1
                            || t.top < r.top - 1 || t.bottom > r.bottom + 1)) {
                say(`"${text.textContent}" is cut off by the chart's edge`);
            }
        }
        for (const el of [box, svg]) {
            if (!transparent(getComputedStyle(el).backgroundColor)) say("a background of its own");
        }
        const backgrounds = ":scope > rect, .role-frame.root > g > path.background";
        for (const painted of svg.querySelectorAll(backgrounds)) {
            const fill = getComputedStyle(painted).fill;
            if (!transparent(fill)) say(`a background of ${fill}`);
        }
        const labels = [...svg.querySelectorAll(".role-axis-label text")];
        if (!labels.length && svg.querySelector(".role-axis")) say("no axis labels found");
        for (const label of labels) {
            const ratio = contrast(rgba(getComputedStyle(label).fill), bg);
            if (ratio < """ + str(CONTRAST) + """) {
                say(`axis label "${label.textContent}" at ${ratio.toFixed(2)}:1`);
                break;
            }
        }
    }
    return problems;
}"""


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_every_chart_fits_reads_and_follows_the_palette(browser, site_server, device):
    scheme = SYSTEM[device]
    context = browser.new_context(viewport=VIEWPORTS[device], color_scheme=scheme,
                                  service_workers="block", is_mobile=device == "phone",
                                  has_touch=device == "phone")
    page = context.new_page()
    on_data_saver(page)  # the drawings as built: no Python started beside them
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    problems = []
    for path in pages_with_sims():
        page.goto(site_server.url + path)
        show_answers(page)
        assert page.locator(".sim-output .sim-svg").count(), f"{path}: no charts"
        for turn in range(2):
            if turn:
                scheme = OTHER[scheme]
                switch_palette(page, scheme)
            assert page.get_attribute("body", "data-md-color-scheme") == PALETTES[scheme]
            problems += [f"{path}, {scheme}: {p}"
                         for p in page.evaluate(PROBLEMS_JS, LAYOUT[device])]
    context.close()
    assert not errors, errors
    assert not problems, f"{device}:\n" + "\n".join(problems)


def test_pre_rendered_charts_follow_a_palette_toggle(page, guard, site_server):
    page.emulate_media(color_scheme="light")
    page.goto(site_server.url + pages_with_sims()[0])
    show_answers(page)
    ink = "() => {" + COLOUR_JS + """
        const label = [...document.querySelectorAll(".sim-svg > svg .role-axis-label text")]
            .find((t) => t.getClientRects().length);
        return {fill: getComputedStyle(label).fill,
                contrast: contrast(rgba(getComputedStyle(label).fill), pageBackground())};
    }"""
    light = page.evaluate(ink)
    page.locator("label[for='__palette_1']").first.click()
    page.wait_for_selector("body[data-md-color-scheme=slate]", state="attached")
    dark = page.evaluate(ink)
    assert light["fill"] != dark["fill"]
    assert light["contrast"] >= CONTRAST and dark["contrast"] >= CONTRAST, (light, dark)
