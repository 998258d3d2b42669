"""Running text and the theme's own components: a code block's copy button hides no code, and
a glossary term is reachable by keyboard, its definition shown and told to a screen reader."""

from __future__ import annotations

import re

import pytest

from tests.helpers import ROOT

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
CODE_PAGE = "authoring/"
TERM_PAGE = "security-dilemma/"
MAX_TABS = 300
DEFINITION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+?)\s*$", re.M)

# For each code block with the theme's copy button: the parts of its first line's text that
# show (within the code's scrolling box) and that lie under the button's bar, at either end of
# the box's sideways scroll.
HIDDEN_JS = """() => {
    const overlap = (a, b) => a.left < b.right && b.left < a.right
        && a.top < b.bottom && b.top < a.bottom;
    const firstLine = (code) => {
        const rects = [];
        const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        for (let node; (node = walker.nextNode());) {
            const end = node.textContent.indexOf("\\n");
            range.selectNodeContents(node);
            if (end >= 0) range.setEnd(node, end);
            rects.push(...range.getClientRects());
            if (end >= 0 && rects.length) break;
        }
        return rects.filter((r) => r.width > 0);
    };
    const hidden = [];
    const blocks = [...document.querySelectorAll("article pre > .md-code__nav")];
    for (const nav of blocks) {
        const code = nav.parentElement.querySelector(":scope > code");
        const first = code.textContent.split("\\n")[0];
        for (const scroll of [0, code.scrollWidth]) {
            code.scrollLeft = scroll;
            const bar = nav.getBoundingClientRect();
            const box = code.getBoundingClientRect();
            const under = firstLine(code).filter((r) => overlap(r, box) && overlap(r, bar));
            if (under.length) hidden.push(`"${first}" (scrolled to ${code.scrollLeft} px)`);
        }
        code.scrollLeft = 0;
    }
    return {blocks: blocks.length, hidden};
}"""


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_the_copy_button_hides_no_code(browser, site_server, device):
    context = browser.new_context(viewport=VIEWPORTS[device])
    page = context.new_page()
    page.goto(site_server.url + CODE_PAGE)
    blocks = page.locator("article div.highlight > pre")
    count = blocks.count()
    for n in range(count):  # the theme adds a block's button once it comes into view
        blocks.nth(n).scroll_into_view_if_needed()
        page.wait_for_selector(f":nth-match(article div.highlight > pre, {n + 1}) > .md-code__nav")
    found = page.evaluate(HIDDEN_JS)
    context.close()
    assert found["blocks"] == count > 0, found
    assert not found["hidden"], f"{device}: the copy button covers " + "; ".join(found["hidden"])


def test_a_glossary_term_is_reached_by_tab_and_shows_its_definition(page, guard, site_server):
    glossary = (ROOT / "docs" / "includes" / "glossary.md").read_text(encoding="utf-8")
    definitions = {m["term"]: m["definition"] for m in DEFINITION.finditer(glossary)}
    page.goto(site_server.url + TERM_PAGE)
    page.locator("body").focus()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "ABBR":
            break
    else:
        pytest.fail(f"no glossary term reached in {MAX_TABS} presses of Tab")
    term = page.evaluate("document.activeElement.textContent")
    page.wait_for_selector(".md-tooltip2--active")
    tooltip = page.evaluate("""() => {
        const id = document.activeElement.getAttribute("aria-describedby");
        const tip = id && document.getElementById(id);
        if (!tip) return null;
        const r = tip.getBoundingClientRect();
        return {text: tip.textContent.trim(), width: r.width, height: r.height,
                active: tip.classList.contains("md-tooltip2--active")};
    }""")
    assert tooltip, f"{term!r} is not described by a tooltip while focused"
    definition = next(d for t, d in definitions.items() if t.casefold() == term.casefold())
    assert tooltip["text"] == definition
    assert tooltip["active"] and tooltip["width"] > 0 and tooltip["height"] > 0, tooltip
    shown = page.evaluate("""() => new Promise((resolve) => {
        const started = performance.now();
        const check = () => {
            const tip = document.querySelector(".md-tooltip2--active");
            if (tip && getComputedStyle(tip).opacity === "1") resolve(true);
            else if (performance.now() - started > 3000) resolve(false);
            else requestAnimationFrame(check);
        };
        check();
    })""")
    assert shown, "the definition does not become visible"
