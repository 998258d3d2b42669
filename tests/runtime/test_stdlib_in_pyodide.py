"""A reader's strategy that imports every module it may runs in Pyodide on the standard
library the site ships, with the reply CPython gives; one that imports another module is told
which it may import, as on the command line."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from sims import custom_strategy, web
from simsite import assets
from tests.helpers import ROOT, in_pyodide_command

IMPORTS_ALL = "".join(f"import {m}\n" for m in custom_strategy.ALLOWED_IMPORTS) + (
    "def strategy(mine, theirs):\n"
    "    return 'D' if statistics.mean([1, 2]) > 2 or re.search('DD', theirs) else 'C'\n")


def test_the_allowed_imports_run_in_pyodide_as_in_cpython_and_others_are_named():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: Pyodide cannot run")
    requests = [{"kind": "strategy", "params": {"turns": 5, "repetitions": 1,
                                                "generations": 2}, "seed": 0, "source": s}
                for s in (IMPORTS_ALL, "import xml.dom\n" + IMPORTS_ALL)]
    done = subprocess.run(in_pyodide_command(node, assets.build_wheel()),
                          input=json.dumps([{"request": r} for r in requests]),
                          capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    replies = [json.loads(r["reply"]) for r in report["results"]]
    assert replies == [json.loads(web.handle(json.dumps(r))) for r in requests]
    works, refused = replies
    assert works["ok"], works
    assert "import xml.dom is not allowed" in refused["error"]["message"]
