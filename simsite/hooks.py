"""MkDocs hooks: wire the build-time side of the site into the build.

MkDocs loads hook files by path, without putting their folder on ``sys.path``; the repository
root is added here so ``simsite`` and ``sims`` import from the working tree whatever the
current directory is.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sims.models  # noqa: E402
from simsite import a11y, assets, csp, fence, glossary, offline, snapshot  # noqa: E402

log = logging.getLogger("mkdocs.plugins.simsite")
INCLUDE = re.compile(r"\{!\s*(?P<path>.+?)\s*!\}")
SIM_FENCE = re.compile(r"^(?P<indent>[ \t]*)```sim[ \t]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
                       re.M | re.S)
_wheel: assets.Wheel | None = None
_snapshot: Path | None = None
_serving = False


def on_startup(command, dirty):
    """Remember whether this is `mkdocs serve`: its live-reload script is inline and unhashable."""
    global _serving
    _serving = command == "serve"


def on_config(config):
    """Make include paths absolute, register the ```sim fence, build the sims wheel (with the
    test-only models this build opts into: the fence runs them here, Pyodide from the wheel)."""
    global _wheel, _snapshot
    docs = Path(config.docs_dir)
    mdx = config.mdx_configs
    mdx.setdefault("markdown_include.include", {})["base_path"] = str(docs)
    mdx.setdefault("pymdownx.snippets", {})["base_path"] = [str(docs)]
    fences = mdx.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
    if not any(f.get("name") == "sim" for f in fences):
        fences.append({"name": "sim", "class": "sim", "format": fence.format_sim})
    try:
        extra = assets.extra_models()
        _wheel = assets.build_wheel(extra)  # refuses a test model named like a product one
    except assets.AssetError as err:
        raise PluginError(str(err)) from None
    if extra is not None and str(extra) not in sims.models.__path__:
        sims.models.__path__.append(str(extra))
    fence.STATE.wheel_url = _wheel.url
    try:
        _snapshot = snapshot.make(_wheel)
    except snapshot.SnapshotError as err:
        raise PluginError(str(err)) from None
    fence.STATE.snapshot_url = snapshot.url(_snapshot.stem)
    pairs = glossary.read(docs / "includes" / "glossary.md")
    for problem in glossary.problems(pairs):
        log.error("docs/includes/glossary.md: %s", problem)
    return config


def on_page_markdown(markdown, page, config, files):
    """Check includes, add each sim block's View source, fill the glossary page."""
    fence.start_page(page.file.src_uri)
    docs = Path(config.docs_dir)
    shown: set[str] = set()
    markdown = SIM_FENCE.sub(lambda m: _with_source(m, docs, shown), markdown)
    for match in INCLUDE.finditer(markdown):
        if not (docs / match["path"]).is_file():
            log.error("%s: include {!%s!} not found (looked in %s)", page.file.src_uri,
                      match["path"], docs)
    if glossary.MARKER in markdown:
        markdown = markdown.replace(
            glossary.MARKER, glossary.page_html(glossary.read(docs / "includes" / "glossary.md")))
    return markdown


def _with_source(match: re.Match, docs: Path, shown: set[str]) -> str:
    """Append a collapsible View source (the model's Python, included at build time) after
    the first block of each model on a page."""
    model = re.search(r"^\s*model:\s*([A-Za-z0-9_]+)", match["body"], re.M)
    source = ROOT / "sims" / "models" / f"{model[1] if model else ''}.py"
    if not model or not source.is_file() or model[1] in shown:
        return match[0]  # an unknown model is reported by the fence itself
    shown.add(model[1])
    rel = os.path.relpath(source, docs)
    # markdown-include does not indent what it includes, so the code sits unindented inside
    # an HTML <details> (md_in_html) rather than in an indented admonition. The code is
    # left out of the search index: it would triple the index that every page downloads.
    return (f"{match[0]}\n\n"
            f"<details class=\"sim-source\" markdown=\"1\" data-search-exclude=\"\">\n"
            f"<summary>View source: sims/models/{model[1]}.py</summary>\n\n"
            f"```python\n{{!{rel}!}}\n```\n\n</details>\n")


def on_post_page(output, page, config):
    """Accessibility fixes to the theme's markup and to two-way tables (simsite/a11y.py)."""
    return a11y.fix_page(output)


def on_post_build(config):
    """Copy the front-end files and the wheel into the site; add the security policy."""
    site = Path(config.site_dir)
    assets.copy_vendor(site)
    assets.copy_wheel(_wheel, site)
    snapshot_path = site / fence.STATE.snapshot_url
    snapshot_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(_snapshot, snapshot_path)
    if not _serving:  # the preview server injects an inline live-reload script
        csp.apply(site)
    offline.write_service_worker(site, preview=_serving)
