"""Every link in the built site works, checked offline from the files themselves.

Internal links and resources (href and src, relative or under the site's own URL) must name an
existing file, and a #fragment must be an id (or an <a name>) in the page it points to; the
sitemap and the search index are held to the same rule. External links are only checked for
form: http(s) with a host, or mailto with an address. Whether the site also works under a
sub-path is tested in tests/browser/test_subpath.py.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.helpers import ROOT

SITE = ROOT / "site"
LINK_ATTRS = {"a": "href", "area": "href", "link": "href", "script": "src", "img": "src",
              "iframe": "src", "source": "src", "audio": "src", "video": "src", "track": "src",
              "embed": "src"}
INERT_SCHEMES = {"data", "blob"}  # self-contained: nothing to resolve


class Page(HTMLParser):
    """The ids (and anchor names) a page defines and the links it makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        url = values.get(LINK_ATTRS.get(tag, ""))
        if url is not None:
            self.links.append((tag, url.strip()))


@cache
def parsed(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def base_url() -> str:
    """The site's own URL (site_url at build time): the home page in the sitemap."""
    locs = [loc.text for loc in ET.parse(SITE / "sitemap.xml").iter() if loc.tag.endswith("loc")]
    return min(locs, key=len)


def page_url(path: Path, base: str) -> str:
    rel = path.relative_to(SITE).as_posix()
    return base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def local_file(url: str, base: str) -> Path | None:
    """The file an absolute URL under ``base`` names, or None if it is outside the site."""
    if not url.startswith(base):
        return None
    rel = unquote(urlsplit(url).path)[len(urlsplit(base).path):]
    path = SITE / rel
    return path / "index.html" if rel in ("", ".") or rel.endswith("/") or path.is_dir() else path


def check(url: str, where: str, base: str, context: str = "") -> str | None:
    """What is wrong with one link (``context``: the URL it is relative to), or None."""
    raw = urlsplit(url)
    if raw.scheme in INERT_SCHEMES:
        return None
    if raw.scheme == "mailto":
        return None if "@" in raw.path else f"{where}: mailto without an address {url!r}"
    if raw.scheme not in ("", "http", "https") or (raw.scheme and not raw.netloc) or " " in url:
        return f"{where}: malformed or unsupported link {url!r}"
    full = urljoin(context or base, url)
    target = local_file(full, base)
    if target is None:
        return None  # another site: only its form is checked, offline
    if not target.is_file():
        return f"{where}: {url!r} -> missing {target.relative_to(SITE)}"
    fragment = unquote(urlsplit(full).fragment)
    if fragment and target.suffix == ".html" and fragment not in parsed(target).ids:
        return f"{where}: {url!r} -> no #{fragment} in {target.relative_to(SITE)}"
    return None


def html_files() -> list[Path]:
    return sorted(SITE.rglob("*.html"))


def report(problems: list[str]) -> str:
    return f"{len(problems)} broken:\n" + "\n".join(problems[:40])


@pytest.fixture(scope="module")
def base(built_site) -> str:
    return base_url()


def test_the_site_has_pages_and_links(base):
    files = html_files()
    assert len(files) >= 10
    assert sum(len(parsed(f).links) for f in files) > 500


def test_every_link_and_anchor_in_every_page_resolves(base):
    problems = []
    for path in html_files():
        where = path.relative_to(SITE).as_posix()
        for tag, url in parsed(path).links:
            if tag == "a" and url.startswith("javascript:"):
                problems.append(f"{where}: a javascript: link")
                continue
            problem = check(url, where, base, page_url(path, base))
            if problem:
                problems.append(problem)
    assert not problems, report(problems)


def test_the_sitemap_and_the_search_index_point_at_real_pages_and_anchors(base):
    problems = []
    for loc in ET.parse(SITE / "sitemap.xml").iter():
        if loc.tag.endswith("loc") and (problem := check(loc.text, "sitemap.xml", base)):
            problems.append(problem)
    index = json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        if problem := check(doc["location"], "search_index.json", base):
            problems.append(problem)
    assert not problems, report(problems)


def test_the_checker_finds_broken_links(base):
    """The checks above can fail: a missing page, a missing anchor, a malformed address."""
    home = page_url(SITE / "index.html", base)
    assert check("games/", "t", base, home) is None
    assert "missing" in check("no-such-page/", "t", base, home)
    assert "no #nowhere" in check("games/#nowhere", "t", base, home)
    assert "malformed" in check("http:///no-host", "t", base, home)
    assert "without an address" in check("mailto:nobody", "t", base, home)
    assert "unsupported" in check("ftp://example.org/", "t", base, home)
    assert check("https://example.org/x#y", "t", base, home) is None
