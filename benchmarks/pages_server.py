"""A built site served as GitHub Pages serves it, over an emulated link: for benchmarks of a
reader's first visit.

What GitHub Pages does (it sits behind Fastly): it gzips text on the fly (HTML, CSS,
JavaScript, JSON, SVG, XML, plain text), and WebAssembly too (seen in the wild in
maxence-charriere/go-app#866, 2023); not images, woff2 fonts, favicons (github.community
"Favicon.ico never compressed on GH Pages"), nor zip files or wheels (application/zip is
neither in Fastly's default gzip list nor "compressible" in mime-db). No Brotli. Every file
gets `Cache-Control: max-age=600`. Pyodide's python_stdlib.zip is deflated inside already:
gzip would save 2% of it.

The link is emulated here, in the server, not by Chrome DevTools'
`Network.emulateNetworkConditions`: that applies to the page's own session, not to the fetches
of a dedicated worker (where Pyodide downloads its wasm) unless every worker target is
attached and throttled too. Pacing the bytes in the server applies to every fetch alike. A
link is a DevTools preset's three numbers: each request waits the link's latency (DevTools'
"minimum request latency") plus its own bytes at the upload rate before its response starts;
response bodies share one download rate across all connections, as on one real link.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Content types GitHub Pages gzips (see above); compared without parameters (";charset=...").
GZIPPED = frozenset({
    "text/html", "text/css", "text/javascript", "application/javascript", "application/json",
    "application/manifest+json", "image/svg+xml", "application/xml", "text/xml", "text/plain",
    "application/wasm", "font/ttf", "font/otf", "application/vnd.ms-fontobject",
})
# The types that matter to a browser (a wrong one hangs Pyodide's boot); the rest by name.
TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8", ".wasm": "application/wasm",
    ".zip": "application/zip", ".whl": "application/zip", ".gz": "application/gzip",
    ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".map": "application/json",
}
CACHE_CONTROL = "max-age=600"
CHUNK = 16 * 1024  # bytes written per step of the pacing


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def compressed(kind: str) -> bool:
    """Whether GitHub Pages gzips a response of this Content-Type."""
    return kind.split(";")[0].strip().lower() in GZIPPED


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header admits gzip (RFC 9110: q=0 refuses; "*" stands for
    any coding not named)."""
    named, star = None, None
    for item in (header or "").split(","):
        coding, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        coding = coding.strip().lower()
        if coding in ("gzip", "x-gzip"):
            named = q > 0 if named is None else named or q > 0
        elif coding == "*":
            star = q > 0
    return named if named is not None else bool(star)


@dataclass(frozen=True)
class Link:
    """A network link as Chrome DevTools defines a throttling preset."""

    name: str
    down: float  # bytes per second
    up: float  # bytes per second
    latency: float  # seconds before each response starts

    def request_delay(self, request_bytes: int) -> float:
        return self.latency + request_bytes / self.up


class Pacer:
    """One link's download direction, shared by every response: bytes cross it at ``rate``
    bytes per second, in the order they were queued."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._free_at = 0.0
        self._lock = threading.Lock()

    def reserve(self, size: int, now: float) -> float:
        """The time at which ``size`` more bytes, queued at ``now``, have crossed the link."""
        with self._lock:
            self._free_at = max(self._free_at, now) + size / self.rate
            return self._free_at


@dataclass(frozen=True)
class Entry:
    """One file as the server holds it: its bytes, gzipped once at start if GitHub Pages
    would gzip it (so compressing never counts in a timing)."""

    raw: bytes
    kind: str
    gz: bytes | None


@dataclass(frozen=True)
class Served:
    """One response, as the server sent it. Times are wall-clock (time.time()), the clock the
    browser's performance.timeOrigin + now() also reads."""

    path: str
    status: int
    body: int  # encoded body bytes sent
    headers: int  # response header bytes (HTTP/1.1 text; Pages' HTTP/2 sends fewer)
    encoding: str  # "gzip" or ""
    asked: float  # the request arrived
    started: float  # the first body byte left
    ended: float  # the last body byte left


def entry(raw: bytes, name: str) -> Entry:
    kind = content_type(name)
    return Entry(raw, kind, gzip.compress(raw, 6, mtime=0) if compressed(kind) else None)


def load_site(folder: Path, extra: dict[str, bytes] | None = None) -> dict[str, Entry]:
    """URL path -> Entry for every file of ``folder``, plus ``extra`` (URL path -> bytes)."""
    files = {"/" + p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
    table = {url: entry(p.read_bytes(), p.name) for url, p in files.items()}
    table.update({url: entry(raw, url) for url, raw in (extra or {}).items()})
    return table


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers and Pages use
    site: dict[str, Entry]
    link: Link
    pacer: Pacer
    record: Callable[[Served], None]

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.respond(body=True)

    def do_HEAD(self) -> None:
        self.respond(body=False)

    def request_size(self) -> int:
        return len(self.requestline) + 2 + len(bytes(self.headers)) + 2

    def respond(self, body: bool) -> None:
        asked = time.time()
        path = unquote(urlsplit(self.path).path)
        found = self.site.get(path) or self.site.get(path.rstrip("/") + "/index.html")
        status = 200
        if found and not path.endswith("/") and path + "/index.html" in self.site:
            status, found = 301, None
        elif found is None:
            status, found = 404, self.site.get("/404.html", Entry(b"Not found", "text/plain", None))
        use_gzip = found is not None and found.gz is not None and accepts_gzip(
            self.headers.get("Accept-Encoding"))
        payload = b"" if found is None else found.gz if use_gzip else found.raw
        time.sleep(self.link.request_delay(self.request_size()))
        self.send_response(status)
        if status == 301:
            self.send_header("Location", path + "/")
        else:
            self.send_header("Content-Type", found.kind)
            self.send_header("Cache-Control", CACHE_CONTROL)
            if found.gz is not None:
                self.send_header("Vary", "Accept-Encoding")
            if use_gzip:
                self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(payload)))
        headers = sum(len(line) for line in self._headers_buffer) + 2
        self.end_headers()
        started = time.time()
        sent = self.paced(payload) if body else 0
        self.record(Served(path, status, sent, headers, "gzip" if use_gzip else "", asked,
                           started, time.time()))

    def paced(self, payload: bytes) -> int:
        sent = 0
        for at in range(0, len(payload), CHUNK):
            chunk = payload[at:at + CHUNK]
            wait = self.pacer.reserve(len(chunk), time.time()) - time.time()
            if wait > 0:
                time.sleep(wait)
            try:
                self.wfile.write(chunk)
            except ConnectionError:  # the browser gave up on it (a page left mid-load)
                break
            sent += len(chunk)
        return sent


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a browser that drops a connection is normal here


class PagesServer:
    """``folder`` served on 127.0.0.1 as GitHub Pages would, over ``link``; every response is
    kept in ``log``."""

    def __init__(self, folder: Path, link: Link, extra: dict[str, bytes] | None = None) -> None:
        self.log: list[Served] = []
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {
            "site": load_site(folder, extra), "link": link, "pacer": Pacer(link.down),
            "record": staticmethod(self._record)})
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def _record(self, served: Served) -> None:
        with self._lock:
            self.log.append(served)

    def between(self, start: float, end: float) -> list[Served]:
        """The responses to requests that arrived from ``start`` to ``end`` (wall clock, s)."""
        with self._lock:
            return [s for s in self.log if start <= s.asked <= end]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
