"""Browser fixtures: a guarded page that records console errors and off-site requests, in a
browser context that meets the test's sites as a returning reader does.

A test's page boots Python from the build's memory snapshot, as a returning reader's does
(sims-worker.js: its service worker holds the snapshot), unless the test is marked
``first_visit``: then it boots as a new reader's first visit does, from Pyodide and the wheel.
The snapshot boot is the same Python with the same results (tests/browser/test_snapshot.py)
and costs a browser about half the CPU. The tests of a first visit's own behaviour (its
download, its progress, its Stop) open contexts of their own, which hold no snapshot; a test
that uses this fixture and needs the first visit's boot is marked.

The context runs no service worker: the worker does nothing for the page that installs it
(it controls the next one), and its install fetches the pages kept for offline reading, work
that costs a test a third of a page load's CPU and that only the tests of offline reading,
cross-origin isolation and the snapshot's own cache need; they open contexts that allow it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from tests.helpers import ROOT, Server

LIVE_TIMEOUT_MS = 90_000  # a cold Pyodide boot on a busy 2-core machine, with margin
# The fixture home page's first block (tests/fixtures/docs/index.md) sets these.
SIM_1 = {"a": 0.9, "b": 0.9, "m": 0.5, "n": 0.5}


# Pictures for a person to look at, in test-results/, when asked for (`make screenshots`); a
# routine run, which no one looks at, takes none (they cost it about a tenth of its CPU).
SCREENSHOTS = os.environ.get("SIMS_SCREENSHOTS") == "1"
PICTURES = ROOT / "test-results"
for_the_eye = pytest.mark.skipif(not SCREENSHOTS, reason="pictures only: make screenshots")


def keep_screenshot(target, name: str, **options) -> None:
    """Save a screenshot of ``target`` (a page or a locator) as test-results/``name``, if
    this run was asked for pictures."""
    if SCREENSHOTS:
        path = PICTURES / name
        path.parent.mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(path), **options)


@dataclass
class Guard:
    """What a page did that it must not: log console errors, ask any host but ours."""

    console_errors: list[str] = field(default_factory=list)
    offsite: list[str] = field(default_factory=list)
    workers: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert not self.offsite, f"requests to other hosts: {self.offsite}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


def offsite(url: str) -> bool:
    """Whether a request for ``url`` goes to a host other than the test servers' (data: and
    blob: URLs go nowhere)."""
    return not url.startswith(("data:", "blob:")) \
        and urlsplit(url).hostname not in ("127.0.0.1", "localhost")


RETURNING_CACHE = "sims-returning-reader"  # not one the service worker owns (sims-site-*)


def returning_reader(context, server: Server) -> None:
    """Put ``server``'s snapshot in ``context``'s cache storage, where a returning reader's
    service worker keeps it (a build without a snapshot is left as it is)."""
    snapshot = next((server.folder / "vendor" / "snapshot").glob("*.gz"), None)
    if snapshot is None:
        return
    page = context.new_page()
    page.goto(server.url + "vendor/pyodide/pyodide-lock.json")  # a page of the site's origin
    page.evaluate("([name, url]) => caches.open(name).then((cache) => cache.add(url))",
                  [RETURNING_CACHE, f"{server.url}vendor/snapshot/{snapshot.name}"])
    page.close()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """pytest-playwright's context arguments, with service workers blocked (see above)."""
    return {**browser_context_args, "service_workers": "block"}


@pytest.fixture(scope="session")
def reader_context(browser, browser_context_args):
    """One returning reader's browser context for a worker's tests, each in a tab of its own:
    a new context per test cost a fifth of the CPU of a test that boots Python (a renderer
    to start, a cold HTTP and code cache, the snapshot stored again)."""
    shared = browser.new_context(**browser_context_args)
    shared.seeded = set()  # the servers whose snapshot it holds
    yield shared
    shared.close()


@pytest.fixture
def context(request, browser_context_args, reader_context):
    """The test's browser context, as a returning reader's for each site it serves (its
    servers are set up first: they are of a wider scope): the worker's shared one, left as
    it was found (tabs closed, offline ended, each site's local storage cleared), unless the
    test is marked ``first_visit`` or sets context arguments of its own (a phone): then a
    fresh one, as pytest-playwright makes it."""
    servers = [v for v in list(request.node.funcargs.values()) if isinstance(v, Server)]
    own = request.node.get_closest_marker("browser_context_args")
    if request.node.get_closest_marker("first_visit") is not None or own is not None:
        fresh = reader_context.browser.new_context(**{**browser_context_args,
                                                      **(own.kwargs if own else {})})
        if own is not None:
            for server in servers:
                returning_reader(fresh, server)
        yield fresh
        fresh.close()
        return
    for server in servers:
        if server.url not in reader_context.seeded:
            returning_reader(reader_context, server)
            reader_context.seeded.add(server.url)
    yield reader_context
    reader_context.set_offline(False)
    for tab in reader_context.pages:
        tab.close()
    clear_local_storage(reader_context, servers)


def clear_local_storage(context, servers: list[Server]) -> None:
    """Forget what the tests' pages kept in each site's local storage (a palette, answers)."""
    tab = context.new_page()
    for server in servers:
        tab.goto(server.url + "vendor/pyodide/pyodide-lock.json")  # a page of the origin
        tab.evaluate("() => localStorage.clear()")
    tab.close()


@pytest.fixture
def guard(page) -> Guard:
    """Record what the page did that it must not; checked as the test ends. Requests are
    observed, not routed (Playwright's routing turns the HTTP cache off, so every reload and
    every spare worker would download Python again); the browser cannot reach another host in
    any case (its launch arguments, tests/conftest.py)."""
    found = Guard()
    page.on("request", lambda r: offsite(r.url) and found.offsite.append(r.url))
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


def shown(page, block_id: str) -> dict:
    """What the block's output says, as text: summary, the table, the parameters used."""
    return page.evaluate(
        """(id) => {
            const out = document.querySelector(`#${id} .sim-output`);
            const cells = (tr) => [...tr.children].map((c) => c.textContent);
            return {
                summary: document.querySelector(`#${id} .sim-summary`).textContent,
                columns: cells(out.querySelector(".sim-table thead tr")),
                rows: [...out.querySelectorAll(".sim-table tbody tr")].map(cells),
                used: out.querySelector(".sim-used").textContent,
            };
        }""",
        block_id,
    )


def expected(model: str, params: dict | None = None, seed: int = 0,
             worlds: int | None = None) -> dict:
    """What :func:`shown` must read for ``model`` run in CPython with ``params`` (over
    ``worlds`` seeds from ``seed`` for a block of many worlds)."""
    from sims import ensemble, registry, view

    result = (registry.run(model, params or {}, seed) if worlds is None
              else ensemble.run(model, params or {}, seed, worlds))
    return as_shown(view.view(result, registry.get(model).SPEC))


def as_shown(v: dict) -> dict:
    """What :func:`shown` must read for a model's view (sims.view.view)."""
    used = "".join(part["text"] + part.get("code", "") for part in v["used"])
    return {"summary": v["summary"], "columns": v["table"]["columns"],
            "rows": v["table"]["rows"], "used": used}


def next_outcome(page, block_id: str, action) -> dict:
    """Do ``action``; return the detail of the block's next settled ``sims:outcome`` event:
    one that is not merely superseded by a newer request, and after which the block is no
    longer busy (``aria-busy``) with a newer one."""
    page.evaluate(
        """(id) => {
            const root = document.getElementById(id);
            window.__nextOutcome = new Promise((resolve) => {
                const on = (event) => {
                    if (event.detail.kind === "superseded") return;
                    if (root.hasAttribute("aria-busy")) return;
                    root.removeEventListener("sims:outcome", on);
                    resolve(event.detail);
                };
                root.addEventListener("sims:outcome", on);
            });
        }""",
        block_id,
    )
    action()
    return page.evaluate("() => window.__nextOutcome")


def set_number(page, block_id: str, name: str, value: str) -> None:
    """Type an exact value into a number control, as a reader would, and commit it."""
    field = page.locator(f"#{block_id}-{name}-value")
    field.fill(value)
    field.press("Enter")  # the browser's change event (if it changed) and the form's Run


PALETTES = {"light": "default", "dark": "slate"}  # the theme's name of each (mkdocs.yml)


def switch_palette(page, scheme: str) -> None:
    """Press the theme's palette toggle; return once the page is in ``scheme`` ("light" or
    "dark"). The theme keeps the choice for the reader's next pages.

    Charts need no redrawing: they draw in the page's ink (sims/charts.py CONFIG).
    """
    to = list(PALETTES).index(scheme)  # the toggle on show names the palette it turns to
    page.locator(f"label[for='__palette_{to}']").first.click()
    page.wait_for_selector(f"body[data-md-color-scheme={PALETTES[scheme]}]", state="attached")


# The Network Information API as a browser with data saving on reports it (sims-page.js only
# starts Python early on a fast link that saves no data).
DATA_SAVER = """Object.defineProperty(Navigator.prototype, "connection", {
  configurable: true, get: () => ({saveData: true, effectiveType: "4g"})});"""


def on_data_saver(page) -> None:
    """Open ``page``'s next documents as a reader who saves data: Python is not started
    before a block is used, so a test of the page as loaded, or of its static drawings,
    does not boot Python beside it for nothing. A block that is used asks first: see
    ``agree_to_download``."""
    page.add_init_script(DATA_SAVER)


def agree_to_download(page) -> None:
    """As a reader who saves data and has just run a block: press the block's "Download and
    run" (sims-boot.js), which lets every block on the page run."""
    page.locator(".sim-status .sim-agree").first.click()


def show_answers(page) -> None:
    """Press every block's "Just show me", as a reader who will not guess does: each block
    asking for a prediction then shows its controls, result and claim. For the tests of
    something else on the notes' pages; tests/browser/test_predict.py tests the question."""
    if page.locator(".sim").count() == 0:
        return  # a page without blocks (the glossary, the bibliography, the guide)
    page.wait_for_selector(".sim .sim-form", state="attached")  # the page's blocks are live
    for button in page.locator(".sim-predict-skip").all():
        if button.is_visible():
            button.click()
