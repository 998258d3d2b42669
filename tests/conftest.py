"""Fixtures shared by the site and browser tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import sims.models
from simsite.assets import extra_models
from tests.helpers import ROOT, WITH_TEST_MODELS, Server, build, every_model_page

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# A folder of models named in SIMS_EXTRA_MODELS (one written outside sims/models, as the
# author guide's test scaffolds one) is searched here as the site build searches it. The
# test-only models of tests/fixtures/models are never added here: only to test builds.
_EXTRA = extra_models()
if _EXTRA is not None and str(_EXTRA) not in sims.models.__path__:
    sims.models.__path__.append(str(_EXTRA))


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: outside `make test-fast` (it runs `-m 'not slow'`; `make test` runs "
                   "all): imports axelrod (and so torch), starts node or a browser, fuzzes, sweeps "
                   "a whole grid of settings, or runs a model's largest workload")
    config.addinivalue_line(
        "markers", "first_visit: the page boots Python as on a reader's first visit, not from "
                   "the snapshot a returning reader's browser holds (tests/browser/conftest.py)")


def pytest_addoption(parser):
    parser.addoption("--model", action="append", default=[], metavar="ID",
                     help="run the contract suite (tests/contract) for this model only "
                          "(repeatable); `make test-model ID=...`")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium (Playwright's own download is unreachable), isolated from the net:
    no host name but localhost resolves (the test servers are on 127.0.0.1)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"],
    }


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The project's site, as `make build` left it (what the Pages workflow publishes)."""
    site = ROOT / "site"
    if not (site / "index.html").exists():
        pytest.fail("site/ is not built; run `make test` (it builds first)")
    return site


@pytest.fixture(scope="session")
def site_server(tmp_path_factory):
    """The project's notes, built with the real config into a temporary folder and served.

    Built here rather than taken from `make build`, so that ``site_url`` is this server's
    address (instant navigation only handles links under it).
    """
    out = tmp_path_factory.mktemp("notes") / "site"
    out.mkdir()
    server = Server(out)
    done = build(ROOT / "docs", out, env={"SITE_URL": server.url})
    assert done.returncode == 0, done.stderr
    server.site = out
    yield server
    server.close()


def serve_pages(base: Path, pages: dict[str, str], prefix: str = "/",
                env: dict[str, str] | None = None) -> Server:
    """Build ``pages`` (file name -> Markdown, all in the nav) with the real config and the
    site's own scripts and styles, and serve them; ``env`` may opt into extra models.

    The server starts first so the site can be built with its address as ``site_url``:
    mkdocs-material's instant navigation only handles links under ``site_url``.
    """
    docs, out = base / "docs", base / "site"
    docs.mkdir(parents=True)
    out.mkdir()
    server = Server(out, prefix)
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    for shared in ("javascripts", "stylesheets", "includes"):
        shutil.copytree(ROOT / "docs" / shared, docs / shared)
    done = build(docs, out, nav=sorted(pages), env={"SITE_URL": server.url, **(env or {})})
    assert done.returncode == 0, done.stderr
    server.site = out
    return server


def one_page_server(name: str, markdown: str):
    """A module's fixture: ``markdown`` as the only page of a site built with the real config,
    served for the module's tests."""

    @pytest.fixture(scope="module")
    def server(tmp_path_factory):
        served = serve_pages(tmp_path_factory.mktemp(name), {"index.md": markdown})
        yield served
        served.close()

    return server


def serve_fixture_site(base: Path, prefix: str = "/") -> Server:
    """The fixture pages (tests/fixtures/docs, plus a page of every model made from the
    registry), built with the test-only models (tests/fixtures/models) that they use."""
    pages = {p.name: p.read_text(encoding="utf-8")
             for p in (ROOT / "tests" / "fixtures" / "docs").glob("*.md")}
    pages["every-model.md"] = every_model_page()
    return serve_pages(base, pages, prefix, WITH_TEST_MODELS)


@pytest.fixture(scope="session")
def fixture_server(tmp_path_factory):
    """The fixture pages served at the root of a host."""
    server = serve_fixture_site(tmp_path_factory.mktemp("fixture"))
    yield server
    server.close()


@pytest.fixture(scope="session")
def subpath_server(tmp_path_factory):
    """The fixture pages served under a project path, as GitHub Pages serves a fork."""
    server = serve_fixture_site(tmp_path_factory.mktemp("subpath"), prefix="/security-notes/")
    yield server
    server.close()
