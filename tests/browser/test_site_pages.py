"""Every simulation block on every page of the real site: static first, then live and exact."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from sims import registry
from tests.browser.conftest import last_result, live
from tests.helpers import ROOT


def site_pages() -> list[str]:
    """Every page of the built site, as paths relative to its root ("" for the home page)."""
    sitemap = ROOT / "site" / "sitemap.xml"
    if not sitemap.exists():
        return []
    paths = [urlsplit(loc.text).path for loc in ET.parse(sitemap).iter()
             if loc.tag.endswith("loc")]
    home = min(paths, key=len)
    return sorted(p[len(home):] for p in paths)


def pages_with_sims() -> list[str]:
    return [p for p in site_pages()
            if 'class="sim"' in (ROOT / "site" / p / "index.html").read_text()]


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


def test_the_site_has_pages():
    assert len(site_pages()) >= 10, "build the site first (make test does)"


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


@pytest.mark.parametrize("path", pages_with_sims())
def test_every_block_goes_live_with_cpythons_result(page, guard, site_server, path):
    page.goto(site_server.url + path)
    configs = [json.loads(c) for c in page.locator(".sim").evaluate_all(
        "els => els.map(e => e.dataset.config)")]
    for config in configs:
        block_id = config["id"]
        page.wait_for_selector(f"#{block_id} .sim-form")
        spec = {p["name"]: p for p in config["spec"]}
        expected_params = dict(config["params"])
        if config["controls"]:
            param = spec[config["controls"][0]]
            value = new_value(param, config["params"][param["name"]])
            set_control(page, block_id, param, value)
            expected_params[param["name"]] = value
        page.locator(f"#{block_id} .sim-run").click()
        live(page, block_id)
        got = last_result(page, block_id)
        expected = registry.run(config["model"], expected_params, config["seed"])
        assert got == json.loads(expected.to_json()), f"{path} {block_id}"
        assert page.inner_text(f"#{block_id} .sim-summary") == expected.summary
