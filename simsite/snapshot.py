"""A Pyodide memory snapshot of this build: the sims wheel installed and every model imported.

A worker that boots from it skips Python's start-up and every import (about 0.4 s instead of
about 2 s in headless chromium). It is made in Node with the pinned ``pyodide`` package by
``simsite/snapshot.mjs`` and shipped gzipped; the browser decompresses it with its own
DecompressionStream. A snapshot only fits the exact ``pyodide.asm.wasm`` it was made with, so
its name is a digest of everything it depends on (the wheel, the Pyodide files, the trimmed
standard library it is made with and booted with (simsite/stdlib.py), the script):
a new build of sims or a new Pyodide gets a new snapshot, and a failure to make one fails the
build rather than ship a stale one. Snapshots are kept in ``.cache/snapshot`` between builds:
the last ``KEEP`` used (about 6 MB each), since the product's build and test sites' builds
(whose wheels hold test-only or scaffolded models) alternate in a test run, at the same time
under pytest-xdist, and none should be remade within one run.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

from sims import registry

from .assets import NODE_MODULES, ROOT, Wheel

SCRIPT = Path(__file__).with_name("snapshot.mjs")
CACHE = ROOT / ".cache" / "snapshot"
PYODIDE_FILES = ("package.json", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
TIMEOUT_S = 300
IMPORT_FAILED = 3  # snapshot.mjs's exit code when a module does not import in Pyodide
KEEP = 6


class SnapshotError(RuntimeError):
    """The snapshot could not be made: the build stops."""


def modules() -> list[str]:
    """What the snapshot has imported: the browser entry point and every model of this build
    (a test site's build includes its test-only models)."""
    return ["sims.web", *(registry.get(m).__name__ for m in registry.model_ids())]


def key(wheel: Wheel, stdlib: Path) -> str:
    """A digest of everything the snapshot depends on: zipimport's directory of the ``stdlib``
    zip is in its memory, as offsets into that very file."""
    digest = hashlib.sha256(wheel.digest.encode())
    for path in (*(NODE_MODULES / "pyodide" / name for name in PYODIDE_FILES), stdlib):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(SCRIPT.read_bytes())
    digest.update(" ".join(modules()).encode())
    return digest.hexdigest()[:20]


def url(snapshot_key: str) -> str:
    """Its URL relative to the site root."""
    return f"vendor/snapshot/{snapshot_key}.gz"


def make(wheel: Wheel, stdlib: Path) -> Path:
    """The gzipped snapshot for this wheel, standard library and Pyodide (made now unless
    already cached)."""
    snapshot_key = key(wheel, stdlib)
    out = CACHE / f"{snapshot_key}.gz"
    if out.exists():
        out.touch()  # recently used: the last to be dropped from the cache
        return out
    node = shutil.which("node")
    if node is None:
        raise SnapshotError("node is not installed; it is needed to make the Pyodide snapshot")
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".partial")
    try:
        done = subprocess.run([node, str(SCRIPT), str(wheel.path), str(stdlib), str(partial),
                               *modules()],
                              cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S,
                              check=False)
    except subprocess.TimeoutExpired:
        raise SnapshotError(f"making the snapshot took over {TIMEOUT_S} s") from None
    if done.returncode == IMPORT_FAILED:
        raise SnapshotError("; ".join(f"in Pyodide, {name} does not import: {error}"
                                      for name, error in json.loads(done.stdout).items()))
    if done.returncode != 0 or not partial.exists():
        # Node prints the line of minified JavaScript an error came from: not worth showing.
        lines = [line for line in done.stderr.splitlines() if 0 < len(line) <= 300]
        raise SnapshotError(f"making the Pyodide snapshot failed: "
                            f"{' | '.join(lines[-3:]) or 'no output'}")
    partial.replace(out)
    by_use = sorted(CACHE.glob("*.gz"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in by_use[KEEP:]:
        if old != out:
            old.unlink(missing_ok=True)  # another build may be dropping it too
    return out
