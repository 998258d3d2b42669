"""Booting from the build's memory snapshot, and falling back to a normal boot when it fails."""

from __future__ import annotations

import json

import pytest

from sims import registry
from tests.browser.conftest import LIVE_TIMEOUT_MS, expected, shown

BOOT = "html[data-sims-runtime=ready]"


def run_every_model(page) -> dict[str, tuple[dict, dict]]:
    """Run each model's block once with a changed first parameter; return, per model, the
    parameters it ran with and what its output reads."""
    results = {}
    for model in registry.model_ids():
        param = registry.get(model).SPEC.params[0]
        block = page.locator(f"#{model}")
        value = param.default
        if param.kind in ("number", "integer"):
            value = param.minimum if param.default != param.minimum else param.maximum
            block.locator(f"#{model}-{param.name}-value").fill(str(value))
        elif param.kind == "choice":
            value = next(c for c in param.choices if c != param.default)
            block.locator(f"#{model}-{param.name}").select_option(value)
        page.evaluate("(id) => { document.querySelector(`#${id} .sim-status`).dataset.kind = ''; }",
                      model)
        block.locator(".sim-run").click()
        page.wait_for_selector(f"#{model} .sim-status[data-kind=live]", timeout=LIVE_TIMEOUT_MS)
        results[model] = ({param.name: value}, shown(page, model))
    return results


def assert_cpython(results: dict[str, tuple[dict, dict]]) -> None:
    for model, (params, got) in results.items():
        assert got == expected(model, params), model


def dataset(page) -> dict:
    return page.evaluate("() => ({...document.documentElement.dataset})")


@pytest.fixture
def sw_page(browser, fixture_server):
    """A page of every model, controlled by the service worker, with errors recorded."""
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(f"uncaught: {e}"))
    page.goto(fixture_server.url + "every-model/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    yield page
    assert not page.errors, page.errors
    context.close()


def first_visit_then_cache_the_snapshot(page) -> str:
    page.locator("#arms_race .sim-run").click()
    page.wait_for_selector(BOOT, state="attached", timeout=LIVE_TIMEOUT_MS)
    assert dataset(page)["simsBootPath"] == "boot"  # a first visit never waits for 6 MB
    page.wait_for_selector("html[data-sims-snapshot-cached]", state="attached",
                           timeout=60_000)
    return json.loads(page.locator("#arms_race").get_attribute("data-config"))["snapshot"]


def test_snapshot_and_normal_boot_both_give_cpythons_results(sw_page):
    page = sw_page
    first_visit_then_cache_the_snapshot(page)
    assert_cpython(run_every_model(page))
    page.reload()  # a returning reader
    page.locator("#arms_race .sim-run").click()
    page.wait_for_selector(BOOT, state="attached", timeout=LIVE_TIMEOUT_MS)
    assert dataset(page)["simsBootPath"] == "snapshot"
    assert "simsBootFallback" not in dataset(page)
    assert_cpython(run_every_model(page))


# Each fails at a step of its own: decompressing; Pyodide's check of the wasm build the
# snapshot was made for (junk of the right length fails it too); a memory image cut short.
CORRUPT = {
    "not gzip": "async (bytes) => new Uint8Array(1000).fill(7)",
    "another build of the wasm": """async (bytes) => {
        const copy = bytes.slice();
        for (let i = 16; i < 48; i++) copy[i] ^= 0xff;  // the build id Pyodide checks
        return gzip(copy); }""",
    "cut short": "async (bytes) => gzip(bytes.slice(0, bytes.length >> 1))",
}


def test_a_damaged_snapshot_falls_back_quietly(sw_page):
    page = sw_page
    url = first_visit_then_cache_the_snapshot(page)
    for damage, how in CORRUPT.items():
        page.evaluate("""async ([url]) => {
            const gzip = async (data) => new Uint8Array(await new Response(new Blob([data])
                .stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());
            const damage = """ + how + """;
            const key = new URL(url, document.baseURI.replace(/every-model\\/.*$/, "")).href;
            const spare = await caches.open("test-intact-snapshot");
            for (const name of await caches.keys()) {
                if (name === "test-intact-snapshot") continue;
                const cache = await caches.open(name);
                const cached = await cache.match(key);
                if (!cached) continue;
                if (!(await spare.match(key))) await spare.put(key, cached.clone());
                const intact = new Uint8Array(await (await spare.match(key)).arrayBuffer());
                const raw = new Uint8Array(await new Response(new Blob([intact]).stream()
                    .pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
                await cache.put(key, new Response(await damage(raw)));
            }
        }""", [url])
        page.reload()
        page.locator("#arms_race .sim-run").click()
        page.wait_for_selector("#arms_race .sim-status[data-kind=live]", timeout=LIVE_TIMEOUT_MS)
        assert dataset(page)["simsBootPath"] == "boot", damage
        assert dataset(page)["simsBootFallback"], damage
        assert shown(page, "arms_race") == expected("arms_race")
        # The damaged copy is dropped and a good one fetched again for the next visit.
        page.wait_for_selector("html[data-sims-snapshot-cached]", state="attached",
                               timeout=60_000)
    page.reload()
    page.locator("#arms_race .sim-run").click()
    page.wait_for_selector(BOOT, state="attached", timeout=LIVE_TIMEOUT_MS)
    assert dataset(page)["simsBootPath"] == "snapshot"  # healed
