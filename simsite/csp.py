"""A Content Security Policy for every built page, as a <meta> tag (GitHub Pages sends no headers).

Only the site's own scripts, styles, fonts, images and workers, plus WebAssembly compilation
for Pyodide ('wasm-unsafe-eval'). No 'unsafe-inline' and no 'unsafe-eval': the theme's few
inline scripts are allowed by their sha256 hashes, computed on every build (they change with
the theme's version and configuration), and the chart library runs in its CSP-safe mode.
The hashes are the union over the whole site, because instant navigation runs a new page's
inline scripts under the first page's policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:(?!\bsrc=)[^>])*)>(?P<body>.*?)</script>",
                           re.S | re.I)
DATA_BLOCK = re.compile(r"\btype=[\"']?application/(?:ld\+)?json", re.I)
HEAD = re.compile(r"<head[^>]*>", re.I)
EXISTING = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*', re.I)


def inline_hashes(html: str) -> set[str]:
    """The CSP hash source of every inline script (not data blocks) in ``html``."""
    found = set()
    for match in INLINE_SCRIPT.finditer(html):
        if DATA_BLOCK.search(match["attrs"]):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        found.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return found


def policy(hashes: set[str]) -> str:
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(hashes)])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def apply(site_dir: Path) -> str:
    """Put the policy first in the <head> of every page of ``site_dir``; return it."""
    pages = sorted(site_dir.rglob("*.html"))
    texts = {page: EXISTING.sub("", page.read_text(encoding="utf-8")) for page in pages}
    hashes = set().union(*(inline_hashes(t) for t in texts.values())) if texts else set()
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    for page, text in texts.items():
        head = HEAD.search(text)
        if head:
            text = text[: head.end()] + meta + text[head.end():]
        page.write_text(text, encoding="utf-8")
    return meta
