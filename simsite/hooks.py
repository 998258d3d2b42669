"""MkDocs hooks: wire the build-time side of the site into the build.

MkDocs loads hook files by path, without putting their folder on ``sys.path``; the repository
root is put first on it here, at the start of each build, so ``simsite`` and ``sims`` import
from this working tree whatever the current directory is (and whatever other copy an editable
install points at).

``mkdocs serve`` runs every rebuild in one process, with this file loaded once; it watches
``sims/`` and ``simsite/`` (added in :func:`on_config`), and each build imports both packages
afresh (:func:`_import_afresh`), so a rebuild runs the models as they are now, and the
pre-rendered result, View source and the live run (a new wheel) agree.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent

if TYPE_CHECKING:  # imported by _import_afresh, at the start of every build
    import sims.models
    from simsite import (
        a11y,
        assets,
        blocks,
        csp,
        fence,
        glossary,
        maths,
        models,
        offline,
        play,
        snapshot,
        stdlib,
        strategy,
    )

log = logging.getLogger("mkdocs.plugins.simsite")
FRESH = ("a11y", "assets", "blocks", "csp", "fence", "glossary", "maths", "models", "offline",
         "play", "snapshot", "stdlib", "strategy")
_wheel: assets.Wheel | None = None
_maths: maths.Maths | None = None
_serving = False


def on_startup(command, dirty):
    """Remember whether this is `mkdocs serve` (a preview; see :func:`_preview`)."""
    global _serving
    _serving = command == "serve"
    # No bytecode written into the watched folders: it would set off a second rebuild.
    sys.dont_write_bytecode = sys.dont_write_bytecode or _serving


def _preview() -> bool:
    """A `mkdocs serve` preview: its live-reload script is inline and unhashable, nothing is
    cached for offline use, a broken block is shown in its page without stopping the server,
    and no Pyodide snapshot is made (the live copy boots from this build's wheel)."""
    return _serving


def _import_afresh() -> None:
    """Drop every ``sims`` and ``simsite`` module imported so far and import them again, so a
    model (or any part of either) edited since the last build of this process is the one that
    runs; the hooks' names are bound to the new modules. One that does not import stops the
    build with its error, file and line (sims.failure has no import that could fail)."""
    if sys.path[:1] != [str(ROOT)]:  # MkDocs restores sys.path after loading this file
        sys.path.insert(0, str(ROOT))
    for name in [n for n in sys.modules if n.partition(".")[0] in ("sims", "simsite")]:
        del sys.modules[name]
    try:
        importlib.import_module("sims.models")
        globals().update(sims=sys.modules["sims"],
                         **{name: importlib.import_module(f"simsite.{name}") for name in FRESH})
    except Exception as err:
        from sims.failure import failure
        from simsite.blocks import display
        raise PluginError(f"the site's Python does not import: {failure(err, None, display)}") \
            from None


def on_config(config):
    """Make include paths absolute, register the ```sim fence, link KaTeX's stylesheets, build
    the sims wheel (with the test-only models this build opts into: the fence runs them here,
    Pyodide from the wheel)."""
    global _wheel, _maths
    _import_afresh()
    docs = Path(config.docs_dir)
    mdx = config.mdx_configs
    mdx.setdefault("markdown_include.include", {})["base_path"] = str(docs)
    mdx.setdefault("pymdownx.snippets", {})["base_path"] = [str(docs)]
    fences = mdx.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
    if not any(f.get("name") == "sim" for f in fences):
        fences.append({"name": "sim", "class": "sim", "format": fence.format_sim,
                       "validator": fence.validator})
    if not any(f.get("name") == "play" for f in fences):
        fences.append({"name": "play", "class": "sim-play", "format": play.format_play,
                       "validator": fence.validator})
    if not any(f.get("name") == "strategy" for f in fences):
        fences.append({"name": "strategy", "class": "sim-strategy",
                       "format": strategy.format_strategy, "validator": fence.validator})
    config.extra_css.extend(s for s in maths.STYLESHEETS if s not in config.extra_css)
    _maths = maths.Maths()
    try:
        extra = assets.extra_models()
        _wheel = assets.build_wheel(extra)  # refuses a test model named like a product one
    except assets.AssetError as err:
        raise PluginError(str(err)) from None
    if extra is not None and str(extra) not in sims.models.__path__:
        sims.models.__path__.append(str(extra))
    config.watch.extend(str(p) for p in (ROOT / "sims", ROOT / "simsite", extra)
                        if p is not None and str(p) not in config.watch)
    fence.STATE.wheel_url, fence.STATE.preview = _wheel.url, _preview()
    broken = models.import_errors()  # in CPython, before any Pyodide step
    for name, error in broken.items():
        (log.info if _preview() else log.error)("model %s does not import: %s", name, error)
    if broken and not _preview():
        raise PluginError(f"{len(broken)} of the models do not import (above); "
                          f"no Pyodide snapshot can be made of them")
    # The standard library is traced and the snapshot made after the pages (on_post_build):
    # not at all for a build that has failed by then, which so fails in about a second.
    pairs = glossary.read(docs / "includes" / "glossary.md")
    for problem in glossary.problems(pairs):
        log.error("docs/includes/glossary.md: %s", problem)
    return config


def on_page_markdown(markdown, page, config, files):
    """Locate each sim block, add its View source, check includes, fill the glossary page."""
    docs = Path(config.docs_dir)
    fence.start_page(page.file.src_uri, blocks.display(Path(page.file.abs_src_path)),
                     blocks.included(markdown, docs))
    markdown = blocks.mark_lines(markdown, blocks.first_line(page.file.content_string, markdown))
    markdown = _with_sources(markdown, docs)
    for match in blocks.INCLUDE.finditer(markdown):
        if not (docs / match["path"]).is_file():
            log.error("%s: include {!%s!} not found (looked in %s)", page.file.src_uri,
                      match["path"], docs)
    if glossary.MARKER in markdown:
        markdown = markdown.replace(
            glossary.MARKER, glossary.page_html(glossary.read(docs / "includes" / "glossary.md")))
    return markdown


def _with_sources(markdown: str, docs: Path) -> str:
    """Append a collapsible View source (the model's Python, included at build time) after
    the first block of each model on a page."""
    firsts: dict[str, blocks.Fence] = {}
    for block in blocks.fences(markdown):
        model = re.search(r"^\s*model:\s*([A-Za-z0-9_]+)", block.body, re.M)
        if model and models.model_file(model[1]):  # an unknown model is told by the fence
            firsts.setdefault(model[1], block)
    for model, block in sorted(firsts.items(), key=lambda item: -item[1].end):
        source = models.model_file(model)
        rel = os.path.relpath(source, docs)
        shown = source.relative_to(ROOT) if source.is_relative_to(ROOT) else source.name
        # markdown-include does not indent what it includes, so the code sits unindented
        # inside an HTML <details> (md_in_html) rather than in an indented admonition. The
        # code is left out of the search index: it would triple the index every page loads.
        markdown = (f"{markdown[:block.end]}\n\n"
                    f"<details class=\"sim-source\" markdown=\"1\" data-search-exclude=\"\">\n"
                    f"<summary>View source: {shown}</summary>\n\n"
                    f"```python\n{{!{rel}!}}\n```\n\n</details>\n{markdown[block.end:]}")
    return markdown


def on_page_content(html, page, config, files):
    """Typeset the page's maths with KaTeX (simsite/maths.py); stray TeX fails the build."""
    try:
        return _maths.typeset(html, page.file.src_uri, page.file.content_string)
    except maths.MathsError as err:
        raise PluginError(str(err)) from None


def on_post_page(output, page, config):
    """Accessibility fixes to the theme's markup and to two-way tables (simsite/a11y.py);
    glossary terms reachable by keyboard (simsite/glossary.py)."""
    return glossary.focusable(a11y.fix_page(output))


def on_post_build(config):
    """Copy the front-end files and the wheel into the site; add the security policy."""
    site = Path(config.site_dir)
    _maths.close()
    _maths.write_stylesheet(site)
    assets.copy_vendor(site)
    assets.copy_wheel(_wheel, site)
    if not (config.strict and fence.STATE.failures):
        _python_files(site, Path(config.docs_dir))
    if not _preview():  # the preview server injects an inline live-reload script
        csp.apply(site)
    offline.write_service_worker(site, preview=_preview())


def _python_files(site: Path, docs: Path) -> None:
    """The standard library the pages' Python imports (traced in Node) and, but in a preview,
    the memory snapshot, put in the site and named in every block's config."""
    try:
        made = stdlib.make(_wheel, docs)
    except stdlib.StdlibError as err:
        raise PluginError(str(err)) from None
    log.info(made.summary())
    stdlib.copy(made, site)
    snapshot_url = ""
    if not _preview():
        try:
            kept = snapshot.make(_wheel, made.path)
        except snapshot.SnapshotError as err:
            raise PluginError(str(err)) from None
        snapshot_url = snapshot.url(kept.stem)  # the cache names it by its key
        (site / snapshot_url).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(kept, site / snapshot_url)
    fence.fill_in(site, made.url, snapshot_url, assets.download_size(_wheel, made.path))


def on_build_error(error):
    """A failed build stops its KaTeX process too."""
    if _maths is not None:
        _maths.close()
