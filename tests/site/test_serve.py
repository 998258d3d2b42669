"""`mkdocs serve` reloads the models: an edited model is the one the page runs and shows.

One real `mkdocs serve` on a free port, over a scratch docs folder and a temporary model folder
(``SIMS_EXTRA_MODELS``), edited while it runs. A preview makes no Pyodide snapshot, so each
rebuild takes a second or two.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import socket
import subprocess
import time
import urllib.request
import zipfile

import pytest

from simsite.assets import EXTRA_MODELS
from tests.helpers import MKDOCS, site_config
from tests.site.test_build import make_docs

MODEL = '''"""A test model whose result is a number written in its code."""

from sims.result import Result, Table
from sims.spec import Spec, number

TITLE = "Edited while served"
SPEC = Spec((number("x", 1, 0, 10, "X", "A number."),))


def run(params, seed):
    value = VALUE
    return Result("edited", params, seed, f"The value is {value}.",
                  tables=[Table("values", "Values", ["value"], [[value]])])
'''
REBUILD_S = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    """A running `mkdocs serve` of one page with one block of the model ``edited``."""
    models = tmp_path / "models"
    models.mkdir()
    (models / "edited.py").write_text(MODEL.replace("VALUE", "41"))
    docs = make_docs(tmp_path, {"p.md": "# P\n\n```sim\nmodel: edited\n```\n"})
    config = site_config(docs, tmp_path / "unused-site", ["p.md"], tmp_path / "mkdocs.yml")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [str(MKDOCS), "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT, cwd="/",
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", EXTRA_MODELS: str(models)})
    server.url, server.model, server.log = f"http://127.0.0.1:{port}/", models / "edited.py", \
        tmp_path / "serve.log"
    try:
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


def page_when(server, text: str) -> str:
    """The page once it holds ``text`` (the server answering all the while)."""
    deadline = time.monotonic() + REBUILD_S
    while time.monotonic() < deadline:
        assert server.poll() is None, server.log.read_text()
        try:
            page = get(server.url + "p/")
        except OSError:  # not listening yet
            page = ""
        if text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"no {text!r} in the page after {REBUILD_S} s:\n"
                         f"{server.log.read_text()[-3000:]}")


def shown_source(page: str) -> str:
    """The View source block's code, as text."""
    details = re.search(r'<details class="sim-source".*?</details>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", details[0])) if details else ""


def served_model(server, page: str) -> str:
    """The model's code in the wheel that the page's live run loads."""
    config = json.loads(html.unescape(re.search(r'data-config="([^"]+)"', page)[1]))
    with urllib.request.urlopen(server.url + config["wheel"], timeout=30) as response:
        wheel = zipfile.ZipFile(io.BytesIO(response.read()))
    return wheel.read("sims/models/edited.py").decode()


def test_an_edited_model_rebuilds_and_a_broken_one_shows_an_alert_while_serving(served):
    page = page_when(served, "The value is 41.")
    assert "value = 41" in shown_source(page) and "value = 41" in served_model(served, page)
    assert "without the start-up snapshot" in page  # a preview says its live copy differs

    time.sleep(1.1)  # a new modification time, whatever the file system's resolution
    served.model.write_text(MODEL.replace("VALUE", "42"))
    page = page_when(served, "The value is 42.")
    assert "value = 42" in shown_source(page) and "value = 42" in served_model(served, page)

    served.model.write_text(MODEL.replace("VALUE", "1 / 0"))
    page = page_when(served, 'role="alert"')
    line = MODEL.splitlines().index("    value = VALUE") + 1
    assert html.unescape(page).count(
        f'p.md:3: block "sim-1" (model edited): ZeroDivisionError: division by zero '
        f'({served.model}, line {line})') == 1
    assert "sim-summary" not in page  # no result: the box stands in for the block

    served.model.write_text(MODEL.replace("VALUE", "43"))
    page = page_when(served, "The value is 43.")
    assert 'role="alert"' not in page
