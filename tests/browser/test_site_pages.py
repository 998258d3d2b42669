"""Every simulation block on every page of the real site: static first, then live and exact."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import expected, live, show_answers, shown
from tests.helpers import nav_pages, pages_with_sims


def new_value(param: dict, current):
    """A valid value different from ``current`` for a control of this kind."""
    kind = param["kind"]
    if kind in ("number", "integer"):
        hi, step = param["max"], param["step"]
        candidate = current + step if current + step <= hi else current - step
        candidate = round(candidate / step) * step
        return int(candidate) if kind == "integer" else round(candidate, 10)
    if kind == "boolean":
        return not current
    if kind == "choice":
        return next(c for c in param["choices"] if c != current)
    extra = [c for c in param["choices"] if c not in current]
    # The page keeps the order that ran and adds a newly ticked item at the end.
    return [*current, extra[0]] if extra else current[:-1]


def set_control(page, block_id: str, param: dict, value) -> None:
    name = f"{block_id}-{param['name']}"
    kind = param["kind"]
    if kind in ("number", "integer"):
        page.fill(f"#{name}-value", str(value))
    elif kind == "boolean":
        page.set_checked(f"#{name}", value)
    elif kind == "choice":
        page.select_option(f"#{name}", value)
    else:
        for choice in param["choices"]:
            page.set_checked(f"#{name}-{choice}", choice in value)


def test_the_notes_have_their_pages():
    assert len(nav_pages()) >= 13 and len(pages_with_sims()) >= 9


@pytest.mark.parametrize("path", pages_with_sims())
def test_every_block_is_static_without_javascript(browser, site_server, path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server.url + path)
    blocks = page.locator(".sim").all()
    assert blocks
    for block in blocks:
        assert block.locator(".sim-summary").inner_text().strip()
        assert block.locator(".sim-chart svg").count() >= 1
        assert block.locator(".sim-table tr").count() > 1
        assert block.locator(".sim-used").inner_text().startswith("Parameters used")
    context.close()


def test_every_block_goes_live_with_cpythons_result(page, guard, site_server):
    """Every block of every page, visited with the theme's instant navigation: one Python."""
    page.goto(site_server.url)
    changed: set[str] = set()  # the models whose first block has run with a changed control
    for path in pages_with_sims():
        if path:
            # The URL changes before the theme swaps the content in: wait for the old article
            # to leave, or the blocks read below would be the previous page's.
            page.evaluate("""(url) => {
                document.querySelector("article").dataset.leaving = "";
                const links = [...document.querySelectorAll("a.md-nav__link")];
                links.find((a) => a.href === url).click();
            }""", site_server.url + path)
            page.wait_for_url(site_server.url + path)
            page.wait_for_selector("article[data-leaving]", state="detached")
        show_answers(page)
        page.wait_for_selector(".sim .sim-form")
        check_every_block(page, path, changed)
    assert len(guard.workers) == 1, guard.workers


def check_every_block(page, path: str, changed: set[str]) -> None:
    """Each block run live with its own settings reads exactly as its pre-rendered output.
    The first block of each model is then run with a changed first control and reads as
    CPython's result: that proves the control's value reaches the model; the other blocks
    differ only in settings, which tests/contract runs in Pyodide against CPython."""
    configs = [json.loads(c) for c in page.locator(".sim").evaluate_all(
        "els => els.map(e => e.dataset.config)")]
    assert configs, path
    for config in configs:
        block_id = config["id"]
        page.wait_for_selector(f"#{block_id} .sim-form")
        before = shown(page, block_id)
        page.locator(f"#{block_id} .sim-run").click()
        live(page, block_id)
        assert shown(page, block_id) == before, f"{path} {block_id}"
        if not config["controls"] or config["model"] in changed:
            continue
        changed.add(config["model"])
        spec = {p["name"]: p for p in config["spec"]}
        param = spec[config["controls"][0]]
        value = new_value(param, config["params"][param["name"]])
        set_control(page, block_id, param, value)
        page.locator(f"#{block_id} .sim-run").click()
        live(page, block_id)
        want = expected(config["model"], {**config["params"], param["name"]: value},
                        config["seed"], config.get("worlds"))
        assert shown(page, block_id) == want, f"{path} {block_id}"

