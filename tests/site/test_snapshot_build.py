"""The snapshot is named by everything it depends on, so a stale one can never ship."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from simsite import assets, snapshot


@pytest.fixture
def pyodide_copy(tmp_path, monkeypatch):
    """A copy of the Pyodide files that the test may change."""
    copy = tmp_path / "node_modules"
    (copy / "pyodide").mkdir(parents=True)
    for name in snapshot.PYODIDE_FILES:
        shutil.copy2(assets.NODE_MODULES / "pyodide" / name, copy / "pyodide" / name)
    monkeypatch.setattr(snapshot, "NODE_MODULES", copy)
    return copy / "pyodide"


@pytest.fixture
def stdlib_zip(tmp_path):
    """A standard library zip (its bytes are all the key reads of it)."""
    path = tmp_path / "stdlib.zip"
    path.write_bytes(b"a zip")
    return path


def test_the_key_changes_with_sims_with_the_standard_library_and_with_pyodide(
        pyodide_copy, tmp_path, stdlib_zip):
    wheel = assets.Wheel(tmp_path / "sims-0.1.0-py3-none-any.whl", "a" * 64)
    before = snapshot.key(wheel, stdlib_zip)
    assert snapshot.key(wheel, stdlib_zip) == before  # stable for the same inputs
    assert snapshot.key(assets.Wheel(wheel.path, "b" * 64), stdlib_zip) != before  # sims changed
    other = tmp_path / "other.zip"
    other.write_bytes(b"another set of modules")
    assert snapshot.key(wheel, other) != before  # the shipped standard library changed
    package = pyodide_copy / "package.json"
    package.write_text(package.read_text().replace('"version": "314.0.7"', '"version": "314.0.8"'))
    assert snapshot.key(wheel, stdlib_zip) != before  # the Pyodide version changed
    package_key = snapshot.key(wheel, stdlib_zip)
    with (pyodide_copy / "pyodide.asm.wasm").open("ab") as wasm:
        wasm.write(b"\0")
    assert snapshot.key(wheel, stdlib_zip) != package_key  # the wasm changed


def test_every_model_is_in_the_snapshot_and_no_test_model():
    from sims import registry

    names = snapshot.modules()
    assert names == ["sims.web", *(f"sims.models.{m}" for m in registry.model_ids())]
    assert "sims.models.runaway" not in names and "sims.models.strategies" not in names


def test_a_build_with_test_models_snapshots_them_under_another_key(tmp_path, monkeypatch,
                                                                  stdlib_zip):
    import sims.models
    from tests.helpers import TEST_MODELS

    wheel = assets.Wheel(tmp_path / "sims-0.1.0-py3-none-any.whl", "a" * 64)
    product = snapshot.key(wheel, stdlib_zip)
    monkeypatch.setattr(sims.models, "__path__", [*sims.models.__path__, str(TEST_MODELS)])
    assert "sims.models.runaway" in snapshot.modules()
    assert snapshot.key(wheel, stdlib_zip) != product


def test_no_node_means_no_build(monkeypatch, tmp_path, stdlib_zip):
    monkeypatch.setattr(snapshot, "CACHE", tmp_path)
    monkeypatch.setattr(snapshot.shutil, "which", lambda name: None)
    wheel = assets.Wheel(tmp_path / "x.whl", "c" * 64)
    with pytest.raises(snapshot.SnapshotError, match="node is not installed"):
        snapshot.make(wheel, stdlib_zip)


def test_a_failing_snapshot_script_fails_the_build(monkeypatch, tmp_path, stdlib_zip):
    monkeypatch.setattr(snapshot, "CACHE", tmp_path)
    missing = assets.Wheel(tmp_path / "missing.whl", "d" * 64)
    with pytest.raises(snapshot.SnapshotError, match="making the Pyodide snapshot failed"):
        snapshot.make(missing, stdlib_zip)
    assert not list(tmp_path.glob("*.gz"))


def test_the_cache_keeps_the_snapshots_last_used(monkeypatch, tmp_path):
    """The product's build and test sites' builds alternate: none drops the others'."""
    def node(command, **kwargs):
        Path(command[4]).write_bytes(b"a snapshot")  # the script's output argument
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(snapshot, "CACHE", tmp_path)
    monkeypatch.setattr(snapshot.shutil, "which", lambda name: "node")
    monkeypatch.setattr(snapshot.subprocess, "run", node)
    monkeypatch.setattr(snapshot, "key", lambda wheel, stdlib: wheel.digest)

    def make(digest: str) -> Path:
        time.sleep(0.05)  # file times are coarser than the steps of this test
        return snapshot.make(assets.Wheel(tmp_path / "sims.whl", digest), tmp_path / "s.zip")

    made = [make(str(n)) for n in range(snapshot.KEEP)]
    assert make("0") == made[0]  # used again, so the second is now the least recently used
    newest = make("new")
    assert sorted(tmp_path.glob("*.gz")) == sorted([made[0], *made[2:], newest])
