"""Fixtures shared by the site and browser tests."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

import sims.models
from simsite.assets import extra_models
from tests.helpers import (
    ROOT,
    WITH_TEST_MODELS,
    Server,
    build_pages,
    every_model_page,
    rebased,
    site_url_of,
)

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


def serve_copy(site: Path, site_url: str, base: Path, prefix: str = "/") -> Server:
    """Serve from ``base`` a copy of ``site`` (built for ``site_url``), rewritten to name the
    server's address as its own (tests.helpers.rebased: instant navigation needs it)."""
    out = base / "site"
    server = Server(out, prefix)
    rebased(site, out, site_url, server.url)
    server.site = out
    return server


@pytest.fixture(scope="session")
def site_server(built_site, tmp_path_factory):
    """The project's notes as `make build` made them (what is published), served."""
    server = serve_copy(built_site, site_url_of(built_site), tmp_path_factory.mktemp("notes"))
    yield server
    server.close()


# The address a build shared by the test workers is made for; each serves a copy naming its own.
SHARED_SITE_URL = "http://shared-build.sims.test"


def shared_folder(tmp_path_factory) -> Path:
    """A folder of this test run that its parallel workers share (pytest-xdist's own advice:
    the parent of a worker's base temporary folder)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def build_once(tmp_path_factory, pages: dict[str, str], prefix: str = "/",
               env: dict[str, str] | None = None) -> Path:
    """``pages`` built (tests.helpers.build_pages) once per test run: the first worker to ask
    builds (the others wait on a lock) and every worker serves a copy. ``env`` may opt into
    extra models."""
    key = hashlib.sha256(json.dumps([pages, prefix, env], sort_keys=True).encode()).hexdigest()
    folder = shared_folder(tmp_path_factory) / f"build-{key[:16]}"
    folder.mkdir(exist_ok=True)
    site, built = folder / "site", folder / "built"  # the mark of a build that succeeded
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not built.exists():
            shutil.rmtree(folder / "docs", ignore_errors=True)  # what a failed build left
            shutil.rmtree(site, ignore_errors=True)
            done = build_pages(folder, pages, {"SITE_URL": SHARED_SITE_URL + prefix, **(env or {})})
            assert done.returncode == 0, done.stderr
            built.touch()
    return site


def serve_pages(tmp_path_factory, name: str, pages: dict[str, str], prefix: str = "/",
                env: dict[str, str] | None = None) -> Server:
    """Serve ``pages``, built once per test run (:func:`build_once`), from a new temporary
    folder named ``name``."""
    return serve_copy(build_once(tmp_path_factory, pages, prefix, env), SHARED_SITE_URL + prefix,
                      tmp_path_factory.mktemp(name), prefix)


def one_page_server(name: str, markdown: str):
    """A module's fixture: ``markdown`` as the only page of a site built with the real config,
    served for the module's tests."""

    @pytest.fixture(scope="module")
    def server(tmp_path_factory):
        served = serve_pages(tmp_path_factory, name, {"index.md": markdown})
        yield served
        served.close()

    return server


def serve_fixture_site(tmp_path_factory, name: str, prefix: str = "/") -> Server:
    """The fixture pages (tests/fixtures/docs, plus a page of every model made from the
    registry), built with the test-only models (tests/fixtures/models) that they use."""
    pages = {p.name: p.read_text(encoding="utf-8")
             for p in (ROOT / "tests" / "fixtures" / "docs").glob("*.md")}
    pages["every-model.md"] = every_model_page()
    return serve_pages(tmp_path_factory, name, pages, prefix, WITH_TEST_MODELS)


@pytest.fixture(scope="session")
def fixture_server(tmp_path_factory):
    """The fixture pages served at the root of a host."""
    server = serve_fixture_site(tmp_path_factory, "fixture")
    yield server
    server.close()


@pytest.fixture(scope="session")
def subpath_server(tmp_path_factory):
    """The fixture pages served under a project path, as GitHub Pages serves a fork."""
    server = serve_fixture_site(tmp_path_factory, "subpath", prefix="/security-notes/")
    yield server
    server.close()
