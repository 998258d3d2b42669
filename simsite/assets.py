"""Front-end files the site serves itself, and the ``sims`` wheel built for Pyodide.

Everything comes from the pinned npm packages in ``node_modules`` (see package.json) and from
this repository: the built site makes no request to any other host.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .strip_source import strip

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"

# (source under node_modules, destination under the site's vendor/ folder)
VENDOR_FILES: list[tuple[str, str]] = [
    *[(f"pyodide/{name}", f"pyodide/{name}") for name in (
        "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")],
    # not python_stdlib.zip: the site ships a smaller one (simsite/stdlib.py); not
    # pyodide-lock.json: the site ships it without its packages (LOCK_FILE)
    ("vega/build/vega.min.js", "vega/vega.min.js"),
    ("vega-lite/build/vega-lite.min.js", "vega/vega-lite.min.js"),
    ("vega-embed/build/vega-embed.min.js", "vega/vega-embed.min.js"),
    ("katex/dist/katex.min.css", "katex/katex.min.css"),  # the maths is typeset at build time
]
# What a first boot fetches besides the wheel (sims-worker.js counts these bytes as they come).
# The build's own standard library (simsite/stdlib.py) is fetched as well: download_size adds it.
FIRST_BOOT_FILES = ("pyodide/pyodide.asm.wasm",)
# Pyodide's lock file lists its 357 packages (119 KB), and loadPyodide fetches it on every
# first boot; the site loads none of them (the sims wheel is unzipped, sims-install.js), so it
# ships the file's "info" (which Pyodide checks against its ABI) and no packages.
LOCK_FILE = "pyodide/pyodide-lock.json"
VENDOR_DIRS: list[tuple[str, str]] = [("katex/dist/fonts", "katex/fonts")]
# vega-interpreter ships only an ES module importing from the bare specifier "vega-util",
# which a browser cannot resolve without an import map; the vega UMD global provides it.
INTERPRETER = ("vega-interpreter/build/vega-interpreter.js", "vega/vega-interpreter.mjs")
INTERPRETER_IMPORT = "import { ascending, isString, DisallowedObjectProperties } from 'vega-util';"
INTERPRETER_SHIM = (
    "const { ascending, isString } = globalThis.vega;\n"
    "const DisallowedObjectProperties = globalThis.vega.DisallowedObjectProperties"
    " ?? new Set(['__proto__', 'constructor', 'prototype']);"
)


# The strategy editor (CodeMirror 6): its entry module here, bundled by the pinned esbuild.
EDITOR_ENTRY = ROOT / "simsite" / "editor.js"
EDITOR_BUNDLE = "codemirror/editor.mjs"
ESBUILD = ("--bundle", "--format=esm", "--minify", "--legal-comments=none", "--target=es2022")


class AssetError(RuntimeError):
    """A front-end file is missing: the set-up step (npm ci) has not run."""


def _source(rel: str) -> Path:
    path = NODE_MODULES / rel
    if not path.exists():
        raise AssetError(f"{path} is missing; run `npm ci` (the Makefile does) before building")
    return path


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    if dst.exists() and dst.stat().st_size == src.stat().st_size \
            and dst.stat().st_mtime >= src.stat().st_mtime:
        return
    shutil.copy2(src, dst)


def copy_vendor(site_dir: Path) -> None:
    """Copy the pinned front-end files into ``site_dir/vendor``."""
    vendor = site_dir / "vendor"
    for src, dst in VENDOR_FILES:
        _copy(_source(src), vendor / dst)
    for src, dst in VENDOR_DIRS:
        for file in sorted(_source(src).iterdir()):
            _copy(file, vendor / dst / file.name)
    (vendor / LOCK_FILE).write_bytes(lock_without_packages())
    out = vendor / EDITOR_BUNDLE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(bundle_editor(), encoding="utf-8")
    text = _source(INTERPRETER[0]).read_text(encoding="utf-8")
    if INTERPRETER_IMPORT not in text:
        raise AssetError("vega-interpreter's import line changed; update simsite/assets.py")
    out = vendor / INTERPRETER[1]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text.replace(INTERPRETER_IMPORT, INTERPRETER_SHIM), encoding="utf-8")


def lock_without_packages() -> bytes:
    """Pyodide's lock file with its "info" and no packages (see LOCK_FILE)."""
    lock = json.loads(_source(LOCK_FILE).read_text(encoding="utf-8"))
    return json.dumps({"info": lock["info"], "packages": {}}, sort_keys=True).encode("utf-8")


def bundle_editor() -> str:
    """The editor's entry module with CodeMirror bundled in, as one ES module.

    Bundled by the esbuild pinned in package.json (so a fresh clone's `npm ci` is all it
    needs), and kept in the build cache under the entry's text and the lock file's, which pin
    every package the bundle holds.
    """
    from . import cache  # it imports this module

    esbuild = _source(".bin/esbuild")
    lock = (ROOT / "package-lock.json").read_text(encoding="utf-8")
    key = "\0".join([*ESBUILD, EDITOR_ENTRY.read_text(encoding="utf-8"), lock])
    bundle = cache.get("editor", key)
    if bundle is None:
        done = subprocess.run([str(esbuild), str(EDITOR_ENTRY), *ESBUILD], cwd=ROOT,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise AssetError(f"esbuild could not bundle {EDITOR_ENTRY.name}: "
                             f"{done.stderr.strip()}")
        bundle = done.stdout
        cache.put("editor", key, bundle)
    return bundle


@dataclass(frozen=True)
class Wheel:
    """The built ``sims`` wheel: its bytes' digest names the folder it is served from."""

    path: Path
    digest: str

    @property
    def url(self) -> str:
        """Its URL relative to the site root (a new build of sims gets a new URL)."""
        return f"vendor/wheels/{self.digest[:16]}/{self.path.name}"


EXTRA_MODELS = "SIMS_EXTRA_MODELS"


def extra_models() -> Path | None:
    """The folder of test-only models that this build opts into, if any.

    A test site that needs a model readers must never get (a run that never ends, for the
    runtime's tests) names its folder in ``SIMS_EXTRA_MODELS``; the product build sets
    nothing, so its registry, wheel and snapshot hold only the models in ``sims/models``.
    """
    folder = os.environ.get(EXTRA_MODELS)
    if not folder:
        return None
    path = Path(folder).resolve()
    if not path.is_dir():
        raise AssetError(f"{EXTRA_MODELS}={folder} is not a folder")
    return path


def build_wheel(extra: Path | None = None) -> Wheel:
    """Build the pure-Python ``sims`` wheel with its PEP 517 backend (flit_core), offline.

    The wheel is built from a temporary copy of the sources (the top-level files, which the
    metadata may name, and the ``sims`` package), with the models of ``extra`` added to the
    copy's ``sims/models``: that is how a test site's Pyodide gets them, while the product's
    sources never hold them. pyodide-build is not used: it downloads a cross-build environment,
    and a pure-Python wheel needs none of it. SOURCE_DATE_EPOCH fixes the zip timestamps, so
    the same sources give the same bytes and the same URL.

    The copy's modules lose their docstrings and comments, line for line (a third of the
    wheel's bytes; :mod:`simsite.strip_source`), but for each module's first line, which the
    registry reads. Nothing in the browser reads the rest: View source is cut from the sources
    at build time, and a traceback's line numbers are unchanged.
    """
    from flit_core import buildapi

    out = Path(tempfile.mkdtemp(dir=_wheels_folder()))
    cwd, epoch = os.getcwd(), os.environ.get("SOURCE_DATE_EPOCH")
    with tempfile.TemporaryDirectory(prefix="sims-source-") as tmp:
        source = Path(tmp)
        for file in ROOT.iterdir():
            if file.is_file():
                shutil.copy2(file, source / file.name)
        shutil.copytree(ROOT / "sims", source / "sims",
                        ignore=shutil.ignore_patterns("__pycache__"))
        for model in sorted(extra.glob("*.py")) if extra else ():
            target = source / "sims" / "models" / model.name
            if target.exists():
                raise AssetError(f"{model} has the name of a file of sims/models")
            shutil.copy2(model, target)
        for module in (source / "sims").rglob("*.py"):
            _strip_file(module)
        os.environ["SOURCE_DATE_EPOCH"] = "315532800"  # 1980-01-01, the zip format's epoch
        try:
            os.chdir(source)
            name = buildapi.build_wheel(str(out))
        finally:
            os.chdir(cwd)
            if epoch is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = epoch
    path = out / name
    return Wheel(path, hashlib.sha256(path.read_bytes()).hexdigest())


@functools.cache
def _wheels_folder() -> Path:
    """This process's folder of built wheels (one subfolder each: a build and a test's build
    may hold wheels of the same name), removed when the process exits (``mkdocs serve``
    builds one at every change)."""
    folder = Path(tempfile.mkdtemp(prefix="sims-wheels-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _strip_file(module: Path) -> None:
    """Strip ``module`` in place; one that does not parse is left whole, for the build's
    import check to report with its file and line (simsite/hooks.py), not a traceback here."""
    text = module.read_text(encoding="utf-8")
    with contextlib.suppress(SyntaxError):  # strip() raises before anything is written
        module.write_text(strip(text, summary=True), encoding="utf-8")


def copy_wheel(wheel: Wheel, site_dir: Path) -> None:
    _copy(wheel.path, site_dir / wheel.url)


def _gzip_size(data: bytes) -> int:
    """The size of ``data`` gzipped at level 9, as a static host may serve it; kept in the
    build cache under its digest (gzipping Pyodide's wasm takes a second or two)."""
    from . import cache  # it imports this module

    key = hashlib.sha256(data).hexdigest()
    size = cache.get("gzip-size", key)
    if size is None:
        size = str(len(gzip.compress(data, compresslevel=9, mtime=0)))
        cache.put("gzip-size", key, size)
    return int(size)


def download_size(wheel: Wheel, stdlib_zip: Path) -> dict[str, int]:
    """The bytes a first boot downloads (Pyodide's fetched files, the build's standard library
    and the wheel), unpacked and gzipped: the page shows them before and while they arrive."""
    paths = [_source(name) for name in FIRST_BOOT_FILES] + [stdlib_zip, wheel.path]
    files = [p.read_bytes() for p in paths] + [lock_without_packages()]
    return {"raw": sum(map(len, files)), "gzip": sum(map(_gzip_size, files))}
