"""A block of many worlds (``worlds:``) in the browser: its live re-run shows the ensemble the
command line gives for the same settings, shares, intervals and one row per world."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.browser.conftest import keep_screenshot, live, set_number, shown, switch_palette
from tests.conftest import one_page_server, serve_pages
from tests.helpers import ROOT, SIM_FENCE, run_cli, sim_blocks

BLOCK = "mixed-worlds"
PAGE = f"""# Many worlds

```sim
model: alliances
id: {BLOCK}
title: Bandwagoning over thirty worlds
seed: 5
worlds: 30
params: {{rule: mixed, bandwagon_share: 0.3, states: 10, revisionists: 2, turns: 50}}
controls: [bandwagon_share, revisionists, turns]
presets:
  - label: A chance of 0.2
    params: {{bandwagon_share: 0.2}}
  - label: A chance of 0.7
    params: {{bandwagon_share: 0.7}}
```
"""
# Where the screenshots of the block go, to be looked at (not compared).


worlds_server = one_page_server("worlds", PAGE)


def cli(**sets) -> tuple[dict, list[list[str]]]:
    """The command line's ensemble for the block's settings with ``sets``: JSON and CSV."""
    args = ["run", "alliances", "--seed", "5", "--worlds", "30"]
    for name, value in {"rule": "mixed", "bandwagon_share": 0.3, "states": 10,
                        "revisionists": 2, "turns": 50, **sets}.items():
        args += ["--set", f"{name}={value}"]
    as_json, as_csv = run_cli(*args, "--json"), run_cli(*args, "--csv")
    assert as_json.returncode == as_csv.returncode == 0, as_json.stderr
    return json.loads(as_json.stdout), list(csv.reader(io.StringIO(as_csv.stdout)))


def test_a_worlds_blocks_live_rerun_after_reset_shows_the_command_lines_shares(
        page, guard, worlds_server):
    page.goto(worlds_server.url)
    page.wait_for_selector(f"#{BLOCK} .sim-form")
    built, _ = cli()
    assert shown(page, BLOCK)["summary"] == built["summary"]  # pre-rendered: the build's
    set_number(page, BLOCK, "bandwagon_share", "0.6")
    live(page, BLOCK)
    page.locator(f"#{BLOCK} .sim-reset").click()
    assert page.locator(f"#{BLOCK} .sim-output[data-live]").count() == 0
    assert shown(page, BLOCK)["summary"] == built["summary"]
    set_number(page, BLOCK, "bandwagon_share", "0.45")
    live(page, BLOCK)
    want, rows = cli(bandwagon_share=0.45)
    got = shown(page, BLOCK)
    assert got["summary"] == want["summary"]
    assert got["summary"].startswith("Over 30 worlds (seeds 5 to 34, one run each): ")
    for outcome in want["outcomes"]:  # every ending that occurred, with its share
        if outcome["count"]:
            assert f"in {outcome['count']} of 30 worlds ({outcome['share']:.0%}" in got["summary"]
    assert got["columns"] == rows[0]
    assert [r[:2] for r in got["rows"]] == [r[:2] for r in rows[1:]]  # seed and ending
    assert got["used"].endswith("seed 5 to 34, one world each.")
    guard.check()


@pytest.mark.parametrize(("width", "dark"), [(1280, False), (360, False), (1280, True)])
def test_a_worlds_block_fits_its_column_and_is_photographed(page, guard, worlds_server, width,
                                                            dark):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(worlds_server.url)
    page.wait_for_selector(f"#{BLOCK} .sim-form")
    if dark:
        switch_palette(page, "dark")
    block = page.locator(f"#{BLOCK}")
    box = block.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    for svg in block.locator(".sim-chart svg").all():  # the drawing on show fits the block
        if svg.is_visible():
            chart = svg.bounding_box()
            assert chart["x"] + chart["width"] <= box["x"] + box["width"] + 1
    keep_screenshot(block, f"worlds/worlds-{width}{'-dark' if dark else ''}.png")
    guard.check()


# The cooperation page's block of a hundred noisy tournaments, as the page has it.
NOISY = next(f for f in SIM_FENCE.findall((ROOT / "docs" / "cooperation.md").read_text())
             if "worlds: 100" in f)


@pytest.fixture(scope="module")
def noisy_server(tmp_path_factory):
    page = f"# A hundred tournaments\n\n```sim\nid: noisy\n{NOISY}```\n"
    server = serve_pages(tmp_path_factory, "noisy", {"index.md": page})
    yield server
    server.close()


def test_the_hundred_noisy_tournaments_rerun_live_well_within_their_budget(
        page, guard, noisy_server):
    """The cooperation page's claims are stated over the hundred worlds its block shows; the
    block re-runs all hundred in the browser, as the command line counts them, in less than
    half of its time limit (the work limit counts their expected turns)."""
    [block] = sim_blocks(f"```sim\n{NOISY}```\n")
    assert block.worlds == 100
    page.goto(noisy_server.url)
    page.wait_for_selector("#noisy .sim-form")
    set_number(page, "noisy", "noise", "0.06")
    status = live(page, "noisy")
    ms = int(re.search(r"in (\d+) ms", status).group(1))
    assert ms < block.budget * 1000 / 2, status
    args = ["run", "iterated", "--worlds", "100", "--json"]
    for name, value in {**block.params, "noise": 0.06}.items():
        args += ["--set", f"{name}={','.join(value) if isinstance(value, list) else value}"]
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    assert shown(page, "noisy")["summary"] == json.loads(done.stdout)["summary"]
    guard.check()
