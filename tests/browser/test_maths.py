"""Maths is typeset when the site is built: what a reader sees survives instant navigation.

KaTeX's HTML (what the eye reads) and its MathML (what a screen reader reads) are both in the
page; only KaTeX's stylesheet keeps the MathML out of sight. The stylesheet is in every page's
head, so following a table-of-contents link and then a navigation link (the theme's instant
navigation swaps the page in) leaves every formula exactly as a fresh load of its page shows
it: once, in KaTeX's fonts, with no raw TeX anywhere. In the dark palette a formula takes the text
colour of its paragraph.
"""

from __future__ import annotations

import re

FIRST, SECOND = "security-dilemma/", "subjective-security/"
# Each displayed formula of the article as the reader sees it. A text node counts as seen
# unless it, or an element around it within the formula, is not displayed or is a box of at
# most 1 px that clips its content (KaTeX's way of hiding the MathML from the eye, not from
# screen readers).
FORMULAS = """async () => {
  await document.fonts.ready;
  const hidden = (el, root) => {
    for (let e = el; e !== root.parentElement; e = e.parentElement) {
      const s = getComputedStyle(e), r = e.getBoundingClientRect();
      if (s.display === "none" || s.visibility === "hidden") return true;
      if ((r.width <= 1 || r.height <= 1) && (s.overflow === "hidden" || s.clip !== "auto")) {
        return true;
      }
    }
    return false;
  };
  const size = (e) => {
    const r = e.getBoundingClientRect();
    return [Math.round(r.width), Math.round(r.height)];
  };
  // A formula in a part the reader has not opened yet (a claim shown once they predict) is
  // not displayed at all; it is read when it is shown.
  const shown = [...document.querySelectorAll("article .arithmatex")]
    .filter((el) => el.checkVisibility());
  return shown.map((el) => {
    const visual = el.querySelector(".katex-html"), mathml = el.querySelector(".katex-mathml");
    const seen = [], walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!hidden(n.parentElement, el)) seen.push(n.data);
    }
    return {
      formulas: el.querySelectorAll(".katex").length,
      seen: seen.join(""),
      visual: visual.textContent,
      visualSize: size(visual),
      mathml: mathml.querySelector("math annotation")?.textContent ?? null,
      mathmlSize: size(mathml),
      font: getComputedStyle(el.querySelector(".katex")).fontFamily,
    };
  });
}"""
# The article's text that is displayed, outside code: where raw TeX would show.
PROSE = """() => {
  const out = [], walk = document.createTreeWalker(
    document.querySelector("article"), NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!el.closest("pre, code, .katex-mathml") && el.checkVisibility()) out.push(n.data);
  }
  return out.join("");
}"""
LOADED_KATEX_FONTS = """() => [...document.fonts]
  .filter((f) => f.family.replace(/"/g, "") === "KaTeX_Main" && f.status === "loaded").length"""
RAW_TEX = re.compile(r"\\[A-Za-z()\[\]]|\$")


def seen_formulas(page) -> list[dict]:
    """The page's formulas as the reader sees them, each checked to be shown once."""
    found = page.evaluate(FORMULAS)
    assert found, page.url
    for formula in found:
        assert formula["formulas"] == 1, formula
        assert formula["seen"] == formula["visual"] and formula["visual"].strip(), formula
        assert formula["mathml"], formula  # the MathML is there, with its TeX annotation,
        assert min(formula["mathmlSize"]) <= 1, formula  # but out of sight
        assert min(formula["visualSize"]) > 1, formula
        assert "KaTeX_Main" in formula["font"], formula
    assert not RAW_TEX.findall(page.evaluate(PROSE)), page.url
    assert page.evaluate(LOADED_KATEX_FONTS) > 0, page.url
    return found


def test_formulas_show_once_after_a_contents_link_and_instant_navigation(page, guard,
                                                                         site_server):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    fresh = {}
    for path in (FIRST, SECOND):
        page.goto(site_server.url + path, wait_until="load")
        fresh[path] = seen_formulas(page)

    page.goto(site_server.url + FIRST, wait_until="load")
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    contents = page.locator(".md-sidebar--secondary a.md-nav__link").first
    target = contents.evaluate("(a) => a.href")
    assert target.startswith(site_server.url + FIRST + "#"), target
    contents.click()
    page.wait_for_url(target)
    assert seen_formulas(page) == fresh[FIRST]

    page.locator("article").evaluate("(article) => { article.dataset.leaving = ''; }")
    page.locator(f".md-sidebar--primary a.md-nav__link[href$='{SECOND}']").click()
    page.wait_for_url(site_server.url + SECOND)
    page.wait_for_selector("article[data-leaving]", state="detached")
    assert not loads, f"a full page load, not instant navigation: {loads}"
    assert seen_formulas(page) == fresh[SECOND]
    assert not [u for u in requested if re.search(r"katex.*\.js|math\.js", u)], requested


def test_formulas_take_the_text_colour_in_the_dark_palette(browser, site_server):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site_server.url + FIRST, wait_until="load")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    colours = page.evaluate("""() => {
      const text = getComputedStyle(document.querySelector("article")).color;
      return [...document.querySelectorAll("article .katex")].map((k) => [
        getComputedStyle(k).color, getComputedStyle(k.closest("p, li, td, article")).color,
        text]);
    }""")
    context.close()
    assert colours
    for formula, around, text in colours:
        assert formula == around == text, (formula, around, text)
