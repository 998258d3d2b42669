"""Phones and paper.

Phone: every page at 360 px wide scrolls only up and down (wide tables, code and formulas scroll
inside their own box; charts are drawn for the phone's column, see test_chart_fit.py), and every
simulation's controls fit and are big enough to touch. Full-page screenshots go to
test-results/phone/ for a person to look at (``make screenshots``).

Print: the notes with each simulation's summary, figures and parameter values, without controls,
status lines or navigation, in dark ink on white paper (margins too) whatever the palette, charts
included. One page is printed to PDF by chromium, in each palette, with PNGs of the pages holding
its first simulation, in test-results/print/.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.browser.conftest import (
    PICTURES,
    agree_to_download,
    keep_screenshot,
    live,
    on_data_saver,
    show_answers,
)
from tests.helpers import nav_pages, pages_with_sims

WIDTH = 360
PHONE = pytest.mark.browser_context_args(
    viewport={"width": WIDTH, "height": 740}, device_scale_factor=1, is_mobile=True,
    has_touch=True)
TOUCH_PX = 44  # WCAG 2.5.5 target size, for a coarse pointer
PRINTED_PAGE = "security-dilemma/"


def name_of(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


def load(page, url: str) -> None:
    on_data_saver(page)  # Python starts when a block is used, not on its own
    page.goto(url)
    show_answers(page)
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
    keep_screenshot(page, f"phone/{name_of(path)}.png", full_page=True)
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
    agree_to_download(page)
    live(page, block_id)
    keep_screenshot(page, f"phone/{name_of(path)}-live.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{path or 'home'} (live) is {width} px wide: {sideways(page)}"


def printed(page) -> dict:
    """What print shows: for each kind of element, whether every one of them is shown (for a
    chart: whether one of its drawings is, the one made for the paper's width)."""
    return page.evaluate("""() => {
        const shown = (el) => el.getClientRects().length > 0
            && getComputedStyle(el).visibility !== "hidden";
        const all = (sel) => [...document.querySelectorAll(sel)].map(shown);
        const drawn = (box) => [...box.querySelectorAll("svg")].filter(shown).length === 1;
        return {
            hidden: Object.fromEntries([".sim-controls", ".sim-status", ".sim-table", ".sim-source",
                ".md-header", ".md-sidebar", ".md-footer", ".md-top"].map((s) => [s, all(s)])),
            shown: {
                ...Object.fromEntries([".sim-summary", ".sim-chart figcaption", ".sim-used",
                    ".md-content h1"].map((s) => [s, all(s)])),
                ".sim-chart svg": [...document.querySelectorAll(".sim-chart .sim-svg")].map(drawn),
            },
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


def printed_ink(page) -> dict:
    """In print: the grey level (0 black, 1 white) of the text and of a chart's axis labels."""
    return page.evaluate("""() => {
        const level = (color) => {
            const [r, g, b] = color.match(/\\d+/g).map(Number);
            return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        };
        const label = [...document.querySelectorAll(".sim-svg svg .role-axis-label text")]
            .find((e) => e.getClientRects().length);
        return {
            text: ["article p", ".sim-summary", ".sim-used"].map(
                (sel) => level(getComputedStyle(document.querySelector(sel)).color)),
            chart: level(getComputedStyle(label).fill),
            paper: getComputedStyle(document.body).backgroundColor,
        };
    }""")


def test_print_in_the_dark_palette_is_dark_ink_on_white(page, guard, site_server):
    page.emulate_media(color_scheme="dark")
    load(page, site_server.url + PRINTED_PAGE)
    page.emulate_media(media="print")
    built = printed_ink(page)  # the pre-rendered chart
    page.emulate_media(media="screen")
    block_id = page.locator(".sim").first.get_attribute("id")
    page.locator(f"#{block_id} .sim-run").click()
    agree_to_download(page)
    live(page, block_id)
    page.emulate_media(media="print")
    drawn = printed_ink(page)  # the live chart that took its place
    for ink in (built, drawn):
        assert all(level < 0.5 for level in ink["text"]) and ink["chart"] < 0.5, ink
        assert ink["paper"] == "rgb(255, 255, 255)", ink


def test_a_notes_page_prints_to_pdf(page, guard, site_server):
    out = PICTURES / "print"
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


def grey_image(pgm: bytes) -> tuple[int, int, bytes]:
    """Width, height and pixels (0 black to 255 white) of a binary PGM, as pdftoppm -gray writes."""
    fields = pgm.split(maxsplit=4)
    assert fields[0] == b"P5" and fields[3] == b"255", fields[:4]
    return int(fields[1]), int(fields[2]), fields[4]


def test_a_page_printed_in_the_dark_palette_is_white_paper_with_dark_charts(page, guard,
                                                                            site_server):
    """Printed with background graphics on (the worst case): margins and page are white, and the
    first page with a chart is mostly white, with dark ink where the chart is."""
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftoppm) not installed")
    out = PICTURES / "print"
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / f"{name_of(PRINTED_PAGE)}-dark.pdf"
    page.emulate_media(color_scheme="dark")
    load(page, site_server.url + PRINTED_PAGE)
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.pdf(path=pdf, format="A4", print_background=True,
             margin={"top": "1.5cm", "bottom": "1.5cm", "left": "1.5cm", "right": "1.5cm"})
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    first_chart = next(i for i, p in enumerate(pages, 1) if "Arms level" in p)
    stem = out / f"{name_of(PRINTED_PAGE)}-dark-page"
    subprocess.run(["pdftoppm", "-gray", "-r", "40", "-f", str(first_chart), "-l",
                    str(first_chart), str(pdf), str(stem)], check=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(first_chart), "-l",
                    str(first_chart), str(pdf), str(stem)], check=True)  # for a person
    width, height, pixels = grey_image(next(out.glob(f"{stem.name}-*.pgm")).read_bytes())
    margin = round(1.5 / 21.0 * width)  # 1.5 cm of A4's 21 cm
    edge = [pixels[y * width + x] for y in range(height) for x in range(width)
            if x < margin - 1 or x >= width - margin + 1]
    assert min(edge) > 250, "the margins are not white"
    white = sum(v > 240 for v in pixels) / len(pixels)
    dark = sum(v < 100 for v in pixels) / len(pixels)
    assert white > 0.8, f"only {white:.0%} of the page is white"
    assert dark > 0.002, f"only {dark:.2%} of the page is dark ink"  # 0.4% when it is right
