"""A worker booted from the build's memory snapshot finds and runs every model.

The snapshot holds Python's memory, not the files the wheel unpacked, so anything the
registry reads from the package's folder must already be in memory when it is made.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sims import registry, web
from simsite import assets, snapshot, stdlib

RUNNER = Path(__file__).with_name("boot_from_snapshot.mjs")


def test_a_snapshot_boot_lists_and_runs_the_models_without_their_files():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the snapshot cannot be made or booted")
    wheel = assets.build_wheel()
    shipped = stdlib.make(wheel, assets.ROOT / "docs").path
    made = snapshot.make(wheel, shipped)
    requests = [*({"model": m, "params": {}, "seed": 3} for m in registry.model_ids()),
                {"model": "runaway", "params": {"seconds": 3600}}]
    done = subprocess.run([node, str(RUNNER), str(made), str(shipped)], input=json.dumps(requests),
                          capture_output=True, text=True, cwd=assets.ROOT, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["files"] is False  # as in a browser: only memory came back
    assert report["models"] == registry.model_ids()
    *runs, runaway = report["replies"]
    for model, reply in zip(registry.model_ids(), runs, strict=True):
        assert reply == json.loads(web.handle(json.dumps({"model": model, "seed": 3}))), model
    assert runaway["ok"] is False
    assert runaway["error"]["message"].startswith("unknown model 'runaway'")
