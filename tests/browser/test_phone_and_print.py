"""Phones and paper.

Phone: every page at 360 px wide scrolls only up and down (wide tables, code and formulas scroll
inside their own box, charts shrink), and every simulation's controls fit and are big enough to
touch. Full-page screenshots go to test-results/phone/ for a person to look at.

Print: the notes with each simulation's summary, figures and parameter values, without controls,
status lines or navigation, in dark ink whatever the palette. One page is printed to PDF by
chromium, with a PNG of the page holding its first simulation, in test-results/print/.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.browser.conftest import live
from tests.helpers import ROOT, nav_pages, pages_with_sims

RESULTS = ROOT / "test-results"
WIDTH = 360
PHONE = pytest.mark.browser_context_args(
    viewport={"width": WIDTH, "height": 740}, device_scale_factor=1, is_mobile=True,
    has_touch=True)
TOUCH_PX = 44  # WCAG 2.5.5 target size, for a coarse pointer
PRINTED_PAGE = "security-dilemma/"


def name_of(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


def load(page, url: str) -> None:
    page.goto(url)
    for block_id in page.locator(".sim").evaluate_all("els => els.map(e => e.id)"):
        page.wait_for_selector(f"#{block_id} .sim-form")


def sideways(page) -> list[str]:
    """Elements that stick out to the right of the page itself (not inside a scrolling box)."""
    return page.evaluate("""(width) => {
        const clipped = (el) => {
            for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                const s = getComputedStyle(p);
                if (s.overflowX !== "visible" || s.position === "fixed") return true;
            }
            return false;
        };
        return [...document.body.querySelectorAll("*")]
            .filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el))
            .slice(0, 10)
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    }""", WIDTH)


def small_or_outside(page) -> list[str]:
    """Simulation controls that stick out of the screen or are too small to touch."""
    return page.evaluate("""([width, touch]) => {
        const problems = [];
        for (const el of document.querySelectorAll(".sim-controls :is(input, select, button)")) {
            if (el.closest("[hidden]")) continue; // not on show (the Retry button, until needed)
            const r = el.getBoundingClientRect();
            const name = el.id || el.textContent.trim();
            if (r.left < 0 || r.right > width) problems.push(`${name} outside the screen`);
            const check = el.type === "checkbox";
            const box = check ? el.closest(".sim-check").getBoundingClientRect() : r;
            if (box.height < touch) problems.push(`${name} ${Math.round(box.height)} px tall`);
            if (check && r.width < 24) problems.push(`${name} box ${r.width} px`);
        }
        return problems;
    }""", [WIDTH, TOUCH_PX])


@PHONE
@pytest.mark.parametrize("path", nav_pages())
def test_every_page_fits_a_phone_with_usable_controls(page, guard, site_server, path):
    load(page, site_server.url + path)
    (RESULTS / "phone").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=RESULTS / "phone" / f"{name_of(path)}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{path or 'home'} is {width} px wide: {sideways(page)}"
    problems = small_or_outside(page)
    assert not problems, f"{path or 'home'}: " + "; ".join(problems)


@PHONE
def test_a_live_simulation_fits_a_phone(page, guard, site_server):
    path = pages_with_sims()[0]
    load(page, site_server.url + path)
    block_id = page.locator(".sim").first.get_attribute("id")
    page.locator(f"#{block_id} .sim-run").click()
    live(page, block_id)
    (RESULTS / "phone").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=RESULTS / "phone" / f"{name_of(path)}-live.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{path or 'home'} (live) is {width} px wide: {sideways(page)}"


def printed(page) -> dict:
    """What print shows: for each kind of element, whether every one of them is shown."""
    return page.evaluate("""() => {
        const shown = (el) => el.getClientRects().length > 0
            && getComputedStyle(el).visibility !== "hidden";
        const all = (sel) => [...document.querySelectorAll(sel)].map(shown);
        return {
            hidden: Object.fromEntries([".sim-controls", ".sim-status", ".sim-table", ".sim-source",
                ".md-header", ".md-sidebar", ".md-footer", ".md-top"].map((s) => [s, all(s)])),
            shown: Object.fromEntries([".sim-summary", ".sim-chart svg", ".sim-chart figcaption",
                ".sim-used", ".md-content h1"].map((s) => [s, all(s)])),
        };
    }""")


@pytest.mark.parametrize("path", pages_with_sims())
def test_print_shows_figures_and_parameters_without_controls_or_navigation(page, guard,
                                                                           site_server, path):
    load(page, site_server.url + path)
    page.emulate_media(media="print")
    seen = printed(page)
    assert not [s for s, v in seen["hidden"].items() if any(v)], seen["hidden"]
    assert all(v and all(v) for v in seen["shown"].values()), seen["shown"]


def test_print_in_the_dark_palette_is_dark_ink_on_white(page, guard, site_server):
    page.emulate_media(color_scheme="dark")
    load(page, site_server.url + PRINTED_PAGE)
    block_id = page.locator(".sim").first.get_attribute("id")
    page.locator(f"#{block_id} .sim-run").click()
    live(page, block_id)
    page.emulate_media(media="print")
    ink = page.evaluate("""() => ["article p", ".sim-summary", ".sim-used"].map((sel) => {
        const color = getComputedStyle(document.querySelector(sel)).color;
        const [r, g, b] = color.match(/\\d+/g).map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    })""")
    assert all(level < 0.5 for level in ink), ink
    live_chart = page.eval_on_selector(".sim-output[data-live] .sim-svg svg",
                                       "el => getComputedStyle(el).filter")
    assert "invert" in live_chart


def test_a_notes_page_prints_to_pdf(page, guard, site_server):
    out = RESULTS / "print"
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / f"{name_of(PRINTED_PAGE)}.pdf"
    load(page, site_server.url + PRINTED_PAGE)
    page.pdf(path=pdf, format="A4", margin={"top": "1.5cm", "bottom": "1.5cm",
                                            "left": "1.5cm", "right": "1.5cm"})
    assert pdf.read_bytes().startswith(b"%PDF")
    if not (shutil.which("pdftotext") and shutil.which("pdftoppm")):
        page.emulate_media(media="print")  # no poppler-utils: a picture of the print layout
        page.screenshot(path=out / f"{name_of(PRINTED_PAGE)}.png", full_page=True)
        pytest.skip("poppler-utils (pdftotext, pdftoppm) not installed; PDF not read back")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    text = "\f".join(pages)
    assert "Parameters used" in text and "Simulation:" in text
    for control in ("Download CSV", "Copy link", "Try this", "Computed when this page"):
        assert control not in text, f"{control!r} is printed"
    # PNGs of the first simulation's pages: where its figures are, to where its parameters are
    end = next(i for i, p in enumerate(pages, 1) if "Parameters used" in p)
    subprocess.run(["pdftoppm", "-f", str(max(1, end - 1)), "-l", str(end), "-r", "80", "-png",
                    str(pdf), str(out / f"{name_of(PRINTED_PAGE)}-page")], check=True)
