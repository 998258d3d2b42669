"""A content-addressed cache of build products in ``.cache/<kind>``, kept between builds.

Drawing the charts (vl-convert) and typesetting the maths (KaTeX in Node) are most of a
build's time, and each product is a pure function of its input and the tool's version: the key
names both. Files are written whole or not at all (builds may run side by side, as the tests
run them), and the least recently used go once a kind holds more than ``LIMIT``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from .assets import ROOT

FOLDER = ROOT / ".cache"
LIMIT = 4000  # files per kind


def _path(kind: str, key: str) -> Path:
    return FOLDER / kind / hashlib.sha256(key.encode()).hexdigest()


def get(kind: str, key: str) -> str | None:
    """The text kept for ``key``, or None."""
    path = _path(kind, key)
    try:
        text = path.read_text(encoding="utf-8")
        os.utime(path)  # recently used
    except OSError:
        return None
    return text


def put(kind: str, key: str, text: str) -> None:
    """Keep ``text`` for ``key``."""
    path = _path(kind, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".tmp",
                                     delete=False) as out:
        out.write(text)
    os.replace(out.name, path)
    kept = [p for p in path.parent.iterdir() if p.suffix != ".tmp"]
    if len(kept) <= LIMIT:
        return
    try:
        kept.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
    except OSError:
        return  # another build is pruning it now
    for old in kept[LIMIT:]:
        old.unlink(missing_ok=True)
