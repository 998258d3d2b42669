"""Browser fixtures: a guarded page that records console errors and off-site requests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

LIVE_TIMEOUT_MS = 90_000  # a cold Pyodide boot on a busy 2-core machine, with margin


@dataclass
class Guard:
    """What a page did that it must not: log console errors, ask any host but ours."""

    console_errors: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)
    workers: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert not self.offsite, f"requests to other hosts: {self.offsite}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


@pytest.fixture
def guard(page) -> Guard:
    found = Guard()

    def route(r):
        if urlsplit(r.request.url).hostname in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            found.offsite.append(r.request.url)
            r.abort()

    page.context.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and found.console_errors.append(m.text))
    page.on("pageerror", lambda e: found.console_errors.append(f"uncaught: {e}"))
    page.on("worker", lambda w: "sims-worker" in w.url and found.workers.append(w.url))
    yield found
    found.check()


def live(page, block_id: str, timeout: float = LIVE_TIMEOUT_MS):
    """Wait until the block shows a live (browser-computed) output; return its status text."""
    page.wait_for_selector(f"#{block_id} .sim-status[data-kind=live]", timeout=timeout)
    page.wait_for_selector(f"#{block_id} .sim-output[data-charts=drawn]", timeout=timeout)
    return page.inner_text(f"#{block_id} .sim-status")


def last_result(page, block_id: str) -> dict:
    """The block's last live result, as the page holds it (the page module's own instance)."""
    return json.loads(page.evaluate(
        """(id) => {
            for (const b of window.__sims.blocks.values()) {
                if (b.config.id === id) return JSON.stringify(b.lastResult);
            }
            return "null";
        }""",
        block_id,
    ))


def set_number(page, block_id: str, name: str, value: str) -> None:
    """Type an exact value into a number control, as a reader would, and commit it."""
    field = page.locator(f"#{block_id}-{name}-value")
    field.fill(value)
    field.dispatch_event("change")


def switch_to_dark(page, charts: str = ".sim-output[data-live] .sim-svg svg") -> None:
    """Press the theme's palette toggle; return once the live charts drawn for light are gone.

    sims-page.js redraws live charts for the new palette: the caller waits for what it needs of
    the new drawing.
    """
    page.eval_on_selector_all(charts, "els => els.forEach((e) => { e.dataset.before = 'light'; })")
    page.locator("label[for='__palette_1']").first.click()
    page.wait_for_selector("body[data-md-color-scheme=slate]", state="attached")
    page.wait_for_selector("svg[data-before]", state="detached")
