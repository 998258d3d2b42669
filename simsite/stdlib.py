"""The part of Pyodide's standard library the site ships: what its Python can import.

Pyodide's ``python_stdlib.zip`` is 2.5 MB, most of it modules no simulation imports (email,
xml, unittest, multiprocessing, dozens of text codecs), and it is on a first visit's critical
path. The build ships a smaller zip instead, passed to ``loadPyodide({stdLibURL})`` by the
worker (docs/javascripts/sims-worker.js) and by the Node step that makes the memory snapshot,
which must be made with the very zip it is booted with: zipimport's directory of the zip is
in the snapshot's memory, as offsets into the file.

How the set is found: ``simsite/stdlib.mjs`` boots the full Pyodide in Node as the worker does
(the sims wheel unzipped, docs/javascripts/sims-install.js), runs every registered model at its
defaults, every block of the pages with its settings and presets (:func:`plan`), a game, a
reader's strategy (the template, a broken one, one that raises), a model's failure, an error
reaching JavaScript and Stop's interrupt, then imports each module a reader's strategy may
import (:data:`sims.custom_strategy.ALLOWED_IMPORTS`, the one list the guide states). The zip's
entries of every module then in ``sys.modules`` are kept; a package is kept whole, since a
submodule imported only on some path would otherwise be missing, except ``encodings``, a third
of the zip, whose codecs load one by one by name: those used are kept with :data:`CODECS`. A
module that is not shipped fails as any missing module does, with ``ModuleNotFoundError``
naming it (a strategy's import is refused earlier, the same way on the command line, by the
allowed list).

The modules kept are shipped without their docstrings and comments
(:mod:`simsite.strip_source`, what ``python -OO`` does to docstrings, every line kept at its
number): about half the bytes again.

The trace is cached (:mod:`simsite.cache`) under the wheel, Pyodide's files, the script and
the plan, so a rebuild that changes none of them does not start Node; the zip is packed
deterministically (sorted entries, fixed timestamps), so the same set gives the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sims import custom_strategy, registry

from . import blocks, cache
from .assets import NODE_MODULES, ROOT, Wheel

SCRIPT = Path(__file__).with_name("stdlib.mjs")
STRIP = Path(__file__).with_name("strip.mjs")
STRIP_SOURCE = Path(__file__).with_name("strip_source.py")
FULL = NODE_MODULES / "pyodide" / "python_stdlib.zip"
FOLDER = ROOT / ".cache" / "stdlib"
TIMEOUT_S = 300
KEEP = 4  # zips kept in FOLDER: the product's and test sites' builds alternate
# Text codecs kept beside those the trace loads: Python's own and the web's common ones, so
# that opening or decoding text in them never fails for a codec left out.
CODECS = ("aliases", "ascii", "latin_1", "utf_8", "utf_8_sig", "utf_16", "utf_16_le",
          "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "charmap", "cp1252", "cp437",
          "raw_unicode_escape", "unicode_escape")
EPOCH = (1980, 1, 1, 0, 0, 0)  # the zip format's first date: no build's clock in the bytes
PLAY_SAMPLE = {"strategy": "tit_for_tat", "rounds": 5, "moves": "RAR"}
RAISES = "def strategy(mine, theirs):\n    return 1 / 0\n"
BROKEN = "def strategy(mine, theirs)\n    return 'C'\n"


class StdlibError(RuntimeError):
    """The set could not be found: the build stops."""


@dataclass(frozen=True)
class Stdlib:
    """The trimmed zip of this build, and how it compares with Pyodide's."""

    path: Path
    modules: int
    of_modules: int

    @property
    def url(self) -> str:
        """Its URL relative to the site root (a new set gets a new URL)."""
        return f"vendor/pyodide/stdlib-{self.path.stem}.zip"

    def summary(self) -> str:
        """One line of figures for the build's log."""
        small, full = self.path.read_bytes(), FULL.read_bytes()
        kb = [f"{len(b) / 1000:,.0f}" for b in (small, full)]
        gz = [f"{len(gzip.compress(b, 9)) / 1000:,.0f}" for b in (small, full)]
        return (f"stdlib: {self.modules} of {self.of_modules} modules, {kb[0]} KB of {kb[1]} KB "
                f"({gz[0]} KB of {gz[1]} KB gzipped)")


def _language(markdown: str, block: blocks.Fence) -> str:
    return re.search(r"\w+$", markdown[:block.header_end])[0]


def _block_requests(language: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    seed = data.get("seed", 0)
    if language == "play":
        settings = {k: data[k] for k in ("strategy", "rounds", "noise", "secret_end") if k in data}
        return [{"kind": "play", "params": {**settings, "moves": str(data.get("example", ""))},
                 "seed": seed}]
    if language == "strategy":
        return [{"kind": "strategy", "params": data.get("params") or {},
                 "tournament": data.get("tournament") or {},
                 "evolution": data.get("evolution") or {}, "seed": seed,
                 "source": custom_strategy.TEMPLATE}]
    params = data.get("params") or {}
    runs = [params, *({**params, **(p.get("params") or {})}
                      for p in data.get("presets") or [] if isinstance(p, dict))]
    worlds = {"worlds": data["worlds"]} if "worlds" in data else {}
    return [{"model": data.get("model"), "params": p, "seed": seed, **worlds} for p in runs]


def plan(docs: Path) -> dict[str, Any]:
    """What the trace runs: each model at its defaults, each block of the pages (and of the
    files they include) with its settings and presets, a game and strategies that fail."""
    requests: list[dict[str, Any]] = [{"model": m, "params": {}, "seed": 0}
                                      for m in registry.model_ids()]
    for page in sorted(docs.rglob("*.md")):
        markdown = page.read_text(encoding="utf-8")
        for block in blocks.fences(markdown):
            try:
                data = yaml.safe_load(block.body)
            except yaml.YAMLError:
                continue  # the fence reports it
            if isinstance(data, dict):
                requests += _block_requests(_language(markdown, block), data)
    yours = {"strategy": custom_strategy.ID, "rounds": 5, "moves": "RAR"}
    requests += [{"kind": "play", "params": PLAY_SAMPLE, "seed": 1},
                 {"kind": "play", "params": yours, "seed": 1, "source": custom_strategy.TEMPLATE},
                 *({"kind": "strategy", "params": {}, "source": s, "seed": 0}
                   for s in (custom_strategy.TEMPLATE, RAISES, BROKEN))]
    return {"requests": requests, "imports": list(custom_strategy.ALLOWED_IMPORTS)}


def _trace(wheel: Wheel, the_plan: dict[str, Any]) -> list[str]:
    """The full zip's files that modules were imported from (cached)."""
    key = json.dumps([wheel.digest, hashlib.sha256(FULL.read_bytes()).hexdigest(),
                      (NODE_MODULES / "pyodide" / "package.json").read_text(encoding="utf-8"),
                      SCRIPT.read_text(encoding="utf-8"), the_plan], sort_keys=True)
    kept = cache.get("stdlib-trace", key)
    if kept is not None:
        return json.loads(kept)
    files = json.loads(_node(SCRIPT, [str(wheel.path)], json.dumps(the_plan),
                             "finding what Python imports"))["files"]
    cache.put("stdlib-trace", key, json.dumps(files))
    return files


def entries(used: list[str], names: list[str]) -> list[str]:
    """The entries of the zip (``names``) to keep for the ``used`` files: every package used
    whole, but of ``encodings`` only the codecs used and :data:`CODECS`."""
    packages = {f.partition("/")[0] for f in used if "/" in f}
    codecs = {f"encodings/{c}.py" for c in CODECS} | {"encodings/__init__.py", "encodings/"}
    keep = set()
    for name in names:
        top = name.partition("/")[0]
        if name in used or name == "site-packages/" or (
                top in packages and (top != "encodings" or name in codecs)):
            keep.add(name)
    return sorted(keep)


def _node(script: Path, args: list[str], stdin: str, what: str) -> str:
    """What ``node script args`` prints for ``stdin``; a :class:`StdlibError` saying ``what``
    failed otherwise."""
    node = shutil.which("node")
    if node is None:
        raise StdlibError(f"node is not installed; it is needed for {what}")
    try:
        done = subprocess.run([node, str(script), *args], input=stdin, cwd=ROOT,
                              capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise StdlibError(f"{what} took over {TIMEOUT_S} s") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if 0 < len(line) <= 300]
        raise StdlibError(f"{what} failed: {' | '.join(lines[-3:]) or 'no output'}")
    return done.stdout


def stripped(names: list[str]) -> dict[str, str]:
    """The sources of the ``.py`` entries of ``names`` without docstrings and comments
    (:mod:`simsite.strip_source`, run in Pyodide's own Python by ``simsite/strip.mjs``)."""
    out = _node(STRIP, [str(STRIP_SOURCE), str(FULL)], json.dumps(names),
                "stripping the standard library's docstrings")
    return json.loads(out)


def pack(full: zipfile.ZipFile, names: list[str], sources: dict[str, str]) -> bytes:
    """A zip of ``names`` from ``full``, a name in ``sources`` with that text instead; the
    same bytes for the same input."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as small:
        for name in names:
            info = zipfile.ZipInfo(name, EPOCH)
            folder = name.endswith("/")
            info.external_attr = ((0o40755 if folder else 0o100644) << 16) | (0x10 * folder)
            info.compress_type = zipfile.ZIP_STORED if folder else zipfile.ZIP_DEFLATED
            data = b"" if folder else sources[name].encode("utf-8") if name in sources \
                else full.read(name)
            small.writestr(info, data, compresslevel=9)
    return out.getvalue()


def make(wheel: Wheel, docs: Path) -> Stdlib:
    """The trimmed standard library for this wheel and these pages (packed now unless kept)."""
    used = _trace(wheel, plan(docs))
    with zipfile.ZipFile(FULL) as full:
        names = full.namelist()
        keep = entries(used, names)
        how = [p.read_text(encoding="utf-8") for p in (STRIP, STRIP_SOURCE)]
        digest = hashlib.sha256("\n".join([hashlib.sha256(FULL.read_bytes()).hexdigest(),
                                           *how, *keep]).encode()).hexdigest()[:16]
        path = FOLDER / f"{digest}.zip"
        if path.exists():
            path.touch()  # recently used: the last to be dropped
        else:
            FOLDER.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{wheel.digest[:8]}.partial")
            partial.write_bytes(pack(full, keep, stripped(keep)))
            partial.replace(path)  # whole or not at all: builds may run side by side
            by_use = sorted(FOLDER.glob("*.zip"), key=lambda p: p.stat().st_mtime_ns,
                            reverse=True)
            for old in by_use[KEEP:]:
                old.unlink(missing_ok=True)  # another build may be dropping it too
    return Stdlib(path, sum(n.endswith(".py") for n in keep),
                  sum(n.endswith(".py") for n in names))


def copy(stdlib: Stdlib, site_dir: Path) -> None:
    """Put the zip in the site, at its URL."""
    out = site_dir / stdlib.url
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(stdlib.path, out)
