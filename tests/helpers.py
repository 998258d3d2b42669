"""Shared test helpers: build a site from a docs folder, serve a folder over HTTP."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from simsite import stdlib
from simsite.assets import EXTRA_MODELS, Wheel

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
# Models that only tests use (a run that never ends); a build opts into them with this env.
TEST_MODELS = ROOT / "tests" / "fixtures" / "models"
WITH_TEST_MODELS = {EXTRA_MODELS: str(TEST_MODELS)}


def in_pyodide_command(node: str, wheel: Wheel) -> list[str]:
    """tests/runtime/run_in_pyodide.mjs on ``wheel``, with the standard library the site ships
    with it (simsite/stdlib.py), as a reader's browser runs it."""
    return [node, str(ROOT / "tests" / "runtime" / "run_in_pyodide.mjs"), str(wheel.path),
            str(stdlib.make(wheel, ROOT / "docs").path)]


def site_config(docs: Path, site: Path, nav: list[str] | None, config: Path) -> Path:
    """Write a copy of the project's mkdocs.yml that builds ``docs`` into ``site``."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for path in ("simsite/hooks.py", "simsite/theme"):
        text = text.replace(path, str(ROOT / path))
    if nav is not None:
        text = re.sub(r"^nav:.*", "nav:\n" + "".join(f"  - {p}\n" for p in nav), text,
                      flags=re.S | re.M)
    text += f"\ndocs_dir: {docs}\nsite_dir: {site}\n"
    config.write_text(text, encoding="utf-8")
    return config


def build(docs: Path, site: Path, nav: list[str] | None = None,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` on ``docs``; returns the finished process.

    It is a product build, whatever the caller's environment, unless ``env`` opts into the
    test-only models (``WITH_TEST_MODELS``).
    """
    config = site_config(docs, site, nav, site.parent / f"{site.name}-mkdocs.yml")
    inherited = {k: v for k, v in os.environ.items() if k != EXTRA_MODELS}
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "-f", str(config)], capture_output=True, text=True,
        env={**inherited, "NO_MKDOCS_2_WARNING": "1", **(env or {})}, cwd="/", check=False)


def build_pages(folder: Path, pages: dict[str, str],
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Build ``pages`` (file name -> Markdown, all in the nav) with the real config and the
    site's own scripts and styles: the Markdown in ``folder``/docs, the site in ``folder``/site."""
    docs = folder / "docs"
    docs.mkdir()
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    for shared in ("javascripts", "stylesheets", "includes"):
        shutil.copytree(ROOT / "docs" / shared, docs / shared)
    return build(docs, folder / "site", nav=sorted(pages), env=env)


def site_url_of(site: Path) -> str:
    """The ``site_url`` a built site was made with (its home page's canonical link)."""
    found = re.search(r'<link rel="canonical" href="([^"]+)"',
                      (site / "index.html").read_text(encoding="utf-8"))
    assert found, f"{site} has no canonical link: not a build of the real config"
    return found[1]


def rebased(site: Path, into: Path, base: str, url: str) -> Path:
    """A copy in ``into`` of ``site``, built with ``base`` as its ``site_url``, that names
    ``url`` as its address instead.

    The pages, the sitemap and the search index hold the ``site_url`` of the build, and
    mkdocs-material's instant navigation only follows links under it; those files are
    rewritten, every other file is a hard link (no copying of Pyodide's megabytes).
    """
    shutil.copytree(site, into, copy_function=_link, dirs_exist_ok=True)
    for path in into.rglob("*"):
        if path.suffix in (".html", ".xml", ".json") and path.is_file():
            text = path.read_text(encoding="utf-8")
            if base in text:
                replace_file(path, text.replace(base, url))
    sitemap = into / "sitemap.xml"
    if sitemap.exists():
        (into / "sitemap.xml.gz").unlink(missing_ok=True)
        (into / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap.read_bytes()))
    return into


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy2(source, target)


def replace_file(path: Path, text: str) -> None:
    """Write ``text`` as a new file at ``path``: a hard-linked copy's original stays as it is."""
    path.unlink(missing_ok=True)
    path.write_text(text, encoding="utf-8")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """``python -m sims ARGS`` in a real process."""
    return subprocess.run([sys.executable, "-m", "sims", *args], capture_output=True, text=True,
                          check=False, timeout=120)


def assert_rejected(model: str, raw: dict, param: str | None) -> str:
    """Running ``model`` with ``raw`` raises ParamError naming ``param``; the message."""
    from sims import registry
    from sims.spec import ParamError

    try:
        registry.run(model, raw)
    except ParamError as err:
        assert err.param == param, (err.param, param, str(err))
        return str(err)
    raise AssertionError(f"{model} accepted {raw!r}")


def nav_pages() -> list[str]:
    """The pages in mkdocs.yml's navigation, as paths under the site root ("" for home)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text[text.index("\nnav:"):]
    files = re.findall(r"([\w-]+)\.md", nav)
    return ["" if f == "index" else f"{f}/" for f in files]


def every_model_page() -> str:
    """A test page with one block per registered model, made from the registry.

    Each block's id is its model's id and its controls are the model's first two parameters,
    so a browser test can reach any model's block as ``#MODEL`` and a new model is on the
    page without anyone writing it in.
    """
    from sims import registry

    blocks = [f"```sim\nmodel: {model}\nid: {model}\n"
              f"controls: [{', '.join(registry.get(model).SPEC.names[:2])}]\n```\n"
              for model in registry.model_ids()]
    return ("# Test page: every model\n\n"
            "One block per model (made from the registry by tests/helpers.py).\n\n"
            + "\n".join(blocks))


SIM_FENCE = re.compile(r"^```sim\n(.*?)^```", re.M | re.S)


def sim_blocks(markdown: str) -> list:
    """The ```sim blocks of a page's Markdown, parsed by the site's own parser, in order."""
    from simsite import fence

    return [fence.parse(source, n) for n, source in enumerate(SIM_FENCE.findall(markdown), 1)]


def pages_with_sims() -> list[str]:
    """The navigation pages whose Markdown holds at least one ```sim block."""
    found = []
    for page in nav_pages():
        text = (ROOT / "docs" / f"{page.rstrip('/') or 'index'}.md").read_text()
        text = re.sub(r"^````.*?^````", "", text, flags=re.M | re.S)  # examples of syntax
        if re.search(r"^\s*```sim\s*$", text, re.M):
            found.append(page)
    return found


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder, optionally under a path prefix (a GitHub Pages project path)."""

    prefix = "/"

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        self.server.count(path)
        if path in self.server.failing:  # a test's broken network: this file cannot be had
            self.send_error(503, "Service Unavailable (made to fail by a test)")
            return
        self.rate = self.server.throttled.get(path)
        super().do_GET()

    def copyfile(self, source, outputfile) -> None:
        """Send the file, at the test's rate for a throttled one (a slow link, on the server's
        side: it applies to the page's workers too, whose requests Playwright cannot route)."""
        if not getattr(self, "rate", None):
            super().copyfile(source, outputfile)
            return
        chunk = 64 * 1024
        while data := source.read(chunk):  # each chunk arrives when the link would have sent it
            time.sleep(len(data) / self.rate)
            outputfile.write(data)
            outputfile.flush()

    def do_HEAD(self) -> None:  # a file that cannot be had cannot be asked about either
        if urlsplit(self.path).path in self.server.failing:
            self.send_error(503, "Service Unavailable (made to fail by a test)")
            return
        super().do_HEAD()

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return "/nonexistent-outside-prefix"
        return super().translate_path("/" + path[len(self.prefix):])


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that cancels a request (a page left mid-load) is normal, not an error.

    It counts the GET requests per path: the only view of what a browser's workers (Pyodide's,
    the service worker) fetched from the network, which Playwright's page events do not see.
    """

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.requests: Counter[str] = Counter()
        self.failing: set[str] = set()
        self.throttled: dict[str, float] = {}  # path -> bytes per second
        self._lock = threading.Lock()

    def count(self, path: str) -> None:
        with self._lock:
            self.requests[path] += 1

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Server:
    """A threaded static server on 127.0.0.1 with a free port."""

    def __init__(self, folder: Path, prefix: str = "/") -> None:
        handler = type("Handler", (_Handler,), {"prefix": prefix})
        self.folder = folder
        self.httpd = _QuietServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{prefix}"
        self.requests = self.httpd.requests  # path -> GET requests so far
        self.failing = self.httpd.failing  # paths answered with 503, for tests of failure
        self.throttled = self.httpd.throttled  # path -> bytes per second, for a slow link
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Anything(type):
    """A stand-in class whose every attribute is another stand-in (torch.nn.Module, ...)."""

    def __getattr__(cls, name: str) -> type:
        return _Anything(name, (), {})

    def __call__(cls, *args, **kwargs) -> type:  # torch.device("cpu"), ...
        return cls


def import_axelrod():
    """The reference library for the iterated game, imported without torch.

    axelrod imports torch at import time, only for its Attention strategy (a neural network
    none of our tests plays); loading torch takes 45 s or more. A stand-in takes its place
    while axelrod imports, so torch's names resolve and nothing of torch runs.
    """
    import types
    import warnings

    if "axelrod" not in sys.modules and "torch" not in sys.modules:
        stand_in = types.ModuleType("torch")
        stand_in.__getattr__ = lambda name: _Anything(name, (), {})
        sys.modules["torch"] = stand_in
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import axelrod
        finally:
            del sys.modules["torch"]
    import axelrod

    return axelrod
