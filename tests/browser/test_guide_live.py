"""The author guide, followed as a new instructor follows it: `make new-model` (the scaffold),
paste the block it prints into a page, build strictly, and the block is live in the browser;
no test file is edited on the way (the contract suite and every-model page find the model).

The model is written to a temporary folder named in SIMS_EXTRA_MODELS, so the product's
sims/models is untouched; the build searches that folder as it searches sims/models.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

import sims.models
from simsite.assets import EXTRA_MODELS
from tests.browser.conftest import expected, live, next_outcome, set_number, shown
from tests.conftest import serve_pages
from tests.helpers import ROOT

MODEL = "guide_model"


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory):
    """The scaffold's files and the block it printed, as `make new-model` leaves them."""
    base = tmp_path_factory.mktemp("guide")
    models, tests = base / "models", base / "tests"
    done = subprocess.run([sys.executable, "-m", "simsite.scaffold", MODEL,
                           "--models", str(models), "--tests", str(tests)],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    block = re.search(r"^```sim\n.*?^```$", done.stdout, re.M | re.S)
    assert block, done.stdout
    return base, models, tests, block[0]


def test_the_scaffolded_model_passes_the_contract_suite_and_its_own_test(scaffolded):
    _, models, tests, _ = scaffolded
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow",
         "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"),
         str(ROOT / "tests" / "contract"), "--model", MODEL, str(tests)],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=600,
        env={**os.environ, EXTRA_MODELS: str(models)})
    assert done.returncode == 0, done.stdout[-3000:]
    assert re.search(r"\b[1-9]\d* passed", done.stdout), done.stdout[-500:]


def test_the_pasted_block_builds_strictly_and_goes_live(scaffolded, page, guard, monkeypatch,
                                                        tmp_path_factory):
    _, models, _, block = scaffolded
    page_md = f"# Scratch page\n\nWhat the new model shows.\n\n{block}\n"
    server = serve_pages(tmp_path_factory, "scratch", {"scratch.md": page_md},
                         env={EXTRA_MODELS: str(models)})
    try:
        monkeypatch.setattr(sims.models, "__path__", [*sims.models.__path__, str(models)])
        page.goto(server.url + "scratch/")
        assert shown(page, "sim-1") == expected(MODEL)  # the build's output, before Python
        source = page.locator("#sim-1 ~ details.sim-source summary")
        assert source.inner_text() == f"View source: {MODEL}.py"
        set_number(page, "sim-1", "rate", "0.2")
        live(page, "sim-1")
        assert shown(page, "sim-1") == expected(MODEL, {"rate": 0.2})
        preset = page.get_by_role("button", name="A decline")
        assert next_outcome(page, "sim-1", preset.click)["kind"] == "reply"
        assert shown(page, "sim-1") == expected(MODEL, {"rate": -0.1})
    finally:
        server.close()
