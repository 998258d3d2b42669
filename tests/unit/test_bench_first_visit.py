"""The parts of benchmarks/first_visit.py that can be wrong without a browser: the GitHub Pages
stand-in's negotiation, headers and MIME types (over real HTTP), its link's pacing arithmetic,
the grouping of what a visit fetched, and the memory sum over a process tree (on a fake /proc).
"""

from __future__ import annotations

import gzip
import http.client
import sys
import time

import pytest

from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from memory import descendants, tree_kb
from pages_server import Link, Pacer, PagesServer, accepts_gzip
from tally import GROUPS, by_group, group_of

UNPACED = Link("unpaced", float("inf"), float("inf"), 0.0)
SCRIPT = b"export const x = 1;\n" * 200


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    (site / "index.html").write_text("<!doctype html><p>home</p>" * 50)
    (site / "404.html").write_text("<p>not here</p>")
    (site / "vendor").mkdir()
    (site / "vendor" / "m.mjs").write_bytes(SCRIPT)
    (site / "vendor" / "p.wasm").write_bytes(b"\0asm" + bytes(4000))
    (site / "vendor" / "python_stdlib.zip").write_bytes(b"PK" + bytes(4000))
    (site / "vendor" / "sims-0.1.0-py3-none-any.whl").write_bytes(b"PK" + bytes(100))
    (site / "folder").mkdir()
    (site / "folder" / "index.html").write_text("<p>folder</p>")
    server = PagesServer(site, UNPACED, {"/_bench/index.html": b"<p>bare</p>"})
    yield server
    server.close()


def get(server, path: str, encoding: str | None = "gzip, deflate, br", method: str = "GET"):
    host, port = server.httpd.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request(method, path, headers={"Accept-Encoding": encoding} if encoding else {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


@pytest.mark.parametrize(("header", "allowed"), [
    ("gzip, deflate, br, zstd", True), ("br;q=1.0, gzip;q=0.5", True), ("GZIP", True),
    ("gzip;q=0", False), ("identity", False), ("", False), (None, False), ("*", True),
    ("*;q=0", False), ("gzip;q=0, *", False), ("br, *;q=0.1", True), ("gzip;q=bad", False),
    ("x-gzip", True),
])
def test_gzip_is_negotiated_on_accept_encoding(header, allowed):
    assert accepts_gzip(header) is allowed


def test_text_is_gzipped_for_a_browser_with_the_encoded_length_and_vary(pages):
    response, body = get(pages, "/vendor/m.mjs")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/javascript; charset=utf-8"
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Vary") == "Accept-Encoding"
    assert int(response.getheader("Content-Length")) == len(body) < len(SCRIPT)
    assert gzip.decompress(body) == SCRIPT


def test_a_client_that_refuses_gzip_gets_the_file_as_stored(pages):
    response, body = get(pages, "/vendor/m.mjs", encoding="identity")
    assert response.getheader("Content-Encoding") is None
    assert body == SCRIPT and int(response.getheader("Content-Length")) == len(SCRIPT)


@pytest.mark.parametrize(("path", "kind", "encoded"), [
    ("/vendor/p.wasm", "application/wasm", "gzip"),
    ("/vendor/python_stdlib.zip", "application/zip", None),
    ("/vendor/sims-0.1.0-py3-none-any.whl", "application/zip", None),
    ("/", "text/html; charset=utf-8", "gzip"),
    ("/_bench/index.html", "text/html; charset=utf-8", "gzip"),
])
def test_types_and_compression_follow_github_pages(pages, path, kind, encoded):
    response, _ = get(pages, path)
    assert response.status == 200
    assert response.getheader("Content-Type") == kind
    assert response.getheader("Content-Encoding") == encoded
    assert response.getheader("Cache-Control") == "max-age=600"


def test_a_folder_without_its_slash_is_redirected_and_a_missing_file_gets_the_404_page(pages):
    response, _ = get(pages, "/folder")
    assert response.status == 301 and response.getheader("Location") == "/folder/"
    response, body = get(pages, "/nowhere.js", encoding=None)
    assert response.status == 404 and body == b"<p>not here</p>"


def test_head_sends_the_headers_and_no_body(pages):
    response, body = get(pages, "/vendor/m.mjs", method="HEAD")
    assert body == b"" and int(response.getheader("Content-Length")) > 0


def test_every_response_is_logged_with_its_encoded_body_bytes(pages):
    start = time.time()
    _, body = get(pages, "/vendor/p.wasm")
    served = [s for s in pages.between(start, time.time()) if s.path == "/vendor/p.wasm"]
    assert [(s.body, s.encoding, s.status) for s in served] == [(len(body), "gzip", 200)]
    assert served[0].headers > 0


def test_the_link_is_shared_by_every_response_in_flight():
    pacer = Pacer(rate=1000.0)  # bytes per second
    assert pacer.reserve(500, now=10.0) == pytest.approx(10.5)
    assert pacer.reserve(500, now=10.0) == pytest.approx(11.0)  # queued behind the first
    assert pacer.reserve(100, now=20.0) == pytest.approx(20.1)  # the link was idle meanwhile


def test_a_request_waits_the_latency_and_its_bytes_at_the_upload_rate():
    link = Link("test", down=1e6, up=1000.0, latency=0.150)
    assert link.request_delay(500) == pytest.approx(0.650)


def test_a_paced_server_delivers_at_the_links_rate(tmp_path):
    (tmp_path / "big.zip").write_bytes(bytes(200_000))  # not gzipped: 200 kB on the wire
    server = PagesServer(tmp_path, Link("1.6 Mbit/s", down=200_000.0, up=1e9, latency=0.0))
    try:
        begun = time.monotonic()
        _, body = get(server, "/big.zip")
        took = time.monotonic() - begun
    finally:
        server.close()
    assert len(body) == 200_000
    assert took >= 0.95  # a second at 200 kB/s, never faster (slower if the machine is busy)


@pytest.mark.parametrize(("path", "group"), [
    ("/vendor/pyodide/pyodide.asm.wasm", "pyodide wasm"),
    ("/vendor/pyodide/pyodide.asm.mjs", "pyodide js"),
    ("/vendor/pyodide/pyodide-lock.json", "pyodide js"),
    ("/vendor/pyodide/python_stdlib.zip", "stdlib zip"),
    ("/vendor/stdlib/3f2a/python_stdlib-trimmed.zip", "stdlib zip"),
    ("/vendor/wheels/e1ee/sims-0.1.0-py3-none-any.whl", "wheel"),
    ("/vendor/vega/vega-lite.min.js", "charts"),
    ("/javascripts/sims-charts.js", "charts"),
    ("/vendor/codemirror/editor.mjs", "editor"),
    ("/vendor/snapshot/2fa0.gz", "snapshot"),
    ("/javascripts/sims-runtime.js", "other"),
    ("/", "other"),
])
def test_each_file_falls_in_its_group(path, group):
    assert group_of(path) == group


def test_bytes_are_summed_by_group_with_every_group_shown():
    totals = by_group([("/vendor/pyodide/pyodide.asm.wasm", 10), ("/a.css", 3), ("/", 4)])
    assert list(totals) == list(GROUPS)
    assert totals["pyodide wasm"] == 10 and totals["other"] == 7 and totals["wheel"] == 0


def fake_process(proc, pid: int, ppid: int, name: str, rss: int, pss: int | None) -> None:
    folder = proc / str(pid)
    folder.mkdir()
    (folder / "stat").write_text(f"{pid} ({name} x) S {ppid} 1 1 0")
    (folder / "comm").write_text(name + "\n")
    (folder / "status").write_text(f"Name:\t{name}\nVmRSS:\t  {rss} kB\n")
    if pss is not None:
        (folder / "smaps_rollup").write_text(f"Rss:  {rss} kB\nPss:  {pss} kB\n")


def test_memory_is_summed_over_chromium_below_us_by_pss(tmp_path):
    fake_process(tmp_path, 10, 1, "python", 50, 40)  # us
    fake_process(tmp_path, 11, 10, "node", 70, 60)  # Playwright's driver: not counted
    fake_process(tmp_path, 12, 11, "chromium", 300, 200)
    fake_process(tmp_path, 13, 12, "chromium", 100, 30)
    fake_process(tmp_path, 14, 1, "chromium", 999, 999)  # another helper's browser
    assert descendants(10, tmp_path) == [11, 12, 13]
    assert tree_kb(10, proc=tmp_path) == (230, "PSS")


def test_memory_falls_back_to_rss_when_pss_is_not_readable_for_all(tmp_path):
    fake_process(tmp_path, 10, 1, "python", 50, 40)
    fake_process(tmp_path, 12, 10, "chromium", 300, 200)
    fake_process(tmp_path, 13, 12, "chromium", 100, None)
    assert tree_kb(10, proc=tmp_path) == (400, "RSS")
