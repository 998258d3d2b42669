"""A ```strategy block (simsite/strategy.py): pre-rendered with the template strategy run at
build time, its mistakes failing the build at their line, and the code editor bundled into the
site from the pinned npm packages, loaded by no page until an editor block asks for it."""

from __future__ import annotations

import html
import json
import re

from sims import custom_strategy
from tests.site.test_block_errors import PAGE, errors
from tests.site.test_build import build_pages

GOOD = ("```strategy\ntitle: Mine\nparams: {turns: 8, repetitions: 1, generations: 5}\n"
        "tournament: {strategies: [tit_for_tat, always_defect]}\n"
        "evolution: {always_cooperate: 4, always_defect: 2, tit_for_tat: 2}\n```\n")
BAD = ("```strategy\nparams: {turns: 0}\n```\n\n"  # a value the spec refuses
       "```strategy\ntournament: {strategies: [tit_for_tat, nobody]}\n```\n\n"
       "```strategy\ncode: x\n```\n\n"  # an unknown key
       "```strategy\nevolution: [1, 2]\n```\n")


def test_an_editor_block_is_pre_rendered_with_the_template_and_bundles_the_editor(tmp_path):
    done = build_pages(tmp_path, {"p.md": "# P\n\n" + GOOD, "q.md": "# Q\n\nNo block.\n"})
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    text = (site / "p" / "index.html").read_text(encoding="utf-8")
    reply = custom_strategy.reply({
        "source": custom_strategy.TEMPLATE, "seed": 0,
        "params": {"turns": 8, "repetitions": 1, "generations": 5},
        "tournament": {"strategies": ["tit_for_tat", "always_defect"]},
        "evolution": {"always_cooperate": 4, "always_defect": 2, "tit_for_tat": 2}})
    assert html.escape(reply["view"]["standing"], quote=False) in text
    assert html.escape(custom_strategy.TEMPLATE) in text
    config = json.loads(html.unescape(re.search(r'data-strategy="([^"]*)"', text)[1]))
    assert config["template"] == custom_strategy.TEMPLATE and config["budget"] == 10
    bundle = site / "vendor" / "codemirror" / "editor.mjs"
    assert bundle.stat().st_size > 100_000 and "createEditor" in bundle.read_text()
    for page in ("p", "q"):  # the editor is imported by the block's script, not by a page
        assert "editor.mjs" not in (site / page / "index.html").read_text(encoding="utf-8")
    assert "editor.mjs" not in (site / "sw.js").read_text(encoding="utf-8")  # not precached


def test_each_mistake_in_an_editor_block_is_one_located_line(tmp_path):
    page = PAGE + BAD
    done = build_pages(tmp_path, {"p.md": page})
    assert done.returncode != 0
    where = tmp_path / "docs" / "p.md"
    starts = [i + 1 for i, line in enumerate(page.splitlines()) if line == "```strategy"]
    found = errors(done)
    assert found[0] == (f'{where}:{starts[0]}: block "strategy-1": turns: 0 is not allowed; '
                        "expected a whole number from 1 to 200")
    assert found[1].startswith(f'{where}:{starts[1]}: block "strategy-2": strategies: '
                               "'nobody' is not allowed")
    assert found[2] == (f'{where}:{starts[2]}: block "strategy-3": unknown key \'code\'; '
                        "allowed keys: budget, evolution, id, params, seed, title, tournament")
    assert found[3] == (f'{where}:{starts[3]}: block "strategy-4": evolution: expected a '
                        "mapping of parameter names to values")
    assert len(found) == 4
