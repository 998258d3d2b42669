"""The service worker's build-specific parts: a digest of the build and the files to precache.

Precached on install: every page, the sitemap and the theme's own small files (CSS, JS, search
index, fonts of the math). Not precached: Pyodide, the chart library, the code editor and the
sims wheel (megabytes), which the service worker caches the first time a reader uses a
simulation, and the search's language packs (about 220 KB compressed), which English search
never loads.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

TEMPLATE = Path(__file__).with_name("sw.js")
RUNTIME_ONLY = ("vendor/pyodide/", "vendor/vega/", "vendor/codemirror/", "vendor/wheels/",
                "vendor/snapshot/", "assets/javascripts/lunr/")
# Not sitemap.xml: every page's instant navigation fetches it, also on a first visit before
# the service worker is in control, and offline that fetch must not fail.
SKIP = ("sw.js", "404.html", "sitemap.xml.gz")


def build_digest(site_dir: Path) -> str:
    """A digest of every file of the build (but the service worker itself)."""
    digest = hashlib.sha256()
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.is_file() and rel != "sw.js":
            digest.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:20]


def precache_list(site_dir: Path) -> list[str]:
    """Paths relative to the site root: pages as their folder URL, small assets as files."""
    out = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if not path.is_file() or rel in SKIP or rel.startswith(RUNTIME_ONLY) or rel.endswith(
                (".map", ".ttf", ".woff")):
            continue
        if rel.endswith("index.html"):
            rel = rel[: -len("index.html")] or "./"
        out.append(rel)
    return out


def write_service_worker(site_dir: Path, preview: bool = False) -> str:
    """Write the service worker (simsite/sw.js, filled in) to the site; return the digest.

    For a preview (``mkdocs serve``) it caches nothing, so an author always sees the latest.
    """
    sw = site_dir / "sw.js"
    build = build_digest(site_dir)
    text = TEMPLATE.read_text(encoding="utf-8")
    text = text.replace('"__BUILD__"', json.dumps(build))
    text = text.replace("__PRECACHE__", json.dumps([] if preview else precache_list(site_dir)))
    text = text.replace("__PASSTHROUGH__", json.dumps(preview))
    sw.write_text(text, encoding="utf-8")
    return build
