"""The service worker belongs to one build: a change to any file gives it a new cache."""

from __future__ import annotations

from simsite import offline


def make_site(root):
    (root / "games").mkdir(parents=True)
    (root / "games" / "index.html").write_text("<p>games</p>")
    (root / "index.html").write_text("<p>home</p>")
    (root / "vendor" / "pyodide").mkdir(parents=True)
    (root / "vendor" / "pyodide" / "pyodide.asm.wasm").write_bytes(b"\0asm")
    (root / "assets" / "javascripts" / "lunr").mkdir(parents=True)
    (root / "assets" / "javascripts" / "lunr" / "wordcut.js").write_text("// Thai search")
    (root / "assets" / "main.css").write_text("body {}")
    (root / "sitemap.xml").write_text("<urlset/>")
    (root / "sitemap.xml.gz").write_bytes(b"\x1f\x8b")
    return root


def test_any_changed_file_changes_the_build_and_so_the_cache(tmp_path):
    site = make_site(tmp_path / "site")
    first = offline.write_service_worker(site)
    assert offline.write_service_worker(site) == first  # sw.js itself does not count
    (site / "vendor" / "pyodide" / "pyodide.asm.wasm").write_bytes(b"\0asm2")
    second = offline.write_service_worker(site)
    assert second != first
    text = (site / "sw.js").read_text()
    assert f'const BUILD = "{second}"' in text and "const PASSTHROUGH = false" in text


def test_pages_and_small_files_are_precached_and_python_is_not(tmp_path):
    site = make_site(tmp_path / "site")
    assert sorted(offline.precache_list(site)) == ["./", "assets/main.css", "games/",
                                                   "sitemap.xml"]


def test_the_preview_server_gets_a_service_worker_that_caches_nothing(tmp_path):
    site = make_site(tmp_path / "site")
    offline.write_service_worker(site, preview=True)
    text = (site / "sw.js").read_text()
    assert "const PRECACHE = []" in text and "const PASSTHROUGH = true" in text
