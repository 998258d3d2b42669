"""Where each ```sim block of a page is: the line of its fence in the file an author edits.

pymdownx.superfences gives a fence's formatter only the block's text, so the hooks find the
blocks in the page's Markdown first (:func:`fences`), write each block's line into its fence's
header (``` ```sim line="42" ```, read back by the formatter from its options), and note the
blocks of the files the page includes (markdown-include's ``{!file!}``, pymdownx.snippets'
``--8<-- "file"``), which are only inserted later, by their text (:func:`included`).

A fence is read as CommonMark reads one: a ```sim inside another code block (an example of
the syntax in a ````markdown block) is text, not a block.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPEN = re.compile(r"(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*\n?")
INCLUDE = re.compile(r"\{!\s*(?P<path>.+?)\s*!\}")  # markdown-include
SNIPPET = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]+(?P<q>[\"'])(?P<path>[^\"'\n]+)(?P=q)", re.M)
INCLUDES = (INCLUDE, SNIPPET)  # pymdownx.snippets' --8<-- "file"
LANGUAGES = ("sim", "play", "strategy")  # the fences the site formats (simsite/fence.py,
# simsite/play.py, simsite/strategy.py)


@dataclass(frozen=True)
class Fence:
    """A ```sim or ```play block: its fence line (from 1), where its header ends, its end."""

    line: int
    header_end: int  # offset just after "```sim" (before any options and the newline)
    end: int  # offset just after the closing fence's line
    body: str


def display(path: Path) -> str:
    """A file as an author clicks it: relative to the repository, else absolute."""
    path = path.resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    offset = 0
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        yield number, offset, line
        offset += len(line)


def fences(markdown: str) -> list[Fence]:
    """The ```sim blocks of ``markdown``, in order (none inside another code block)."""
    found: list[Fence] = []
    opening: re.Match | None = None
    start = first = 0
    body: list[str] = []
    for number, offset, line in _lines(markdown):
        if opening is None:
            opening = OPEN.fullmatch(line)
            start, first, body = offset, number, []
            continue
        mark = re.escape(opening["fence"][0])
        if not re.fullmatch(rf"[ \t]*{mark}{{{len(opening['fence'])},}}[ \t]*\n?", line):
            body.append(line)
            continue
        language = opening["info"].split(" ")[0]
        if language in LANGUAGES:
            found.append(Fence(first, start + opening.start("info") + len(language),
                               offset + len(line), textwrap.dedent("".join(body))))
        opening = None
    return found


def mark_lines(markdown: str, first_line: int) -> str:
    """``markdown`` with each block's fence line written into its header (``line="N"``);
    ``first_line`` is the file's line of the Markdown's first line (after front matter)."""
    for fence in reversed(fences(markdown)):
        markdown = (f"{markdown[:fence.header_end]} line=\"{fence.line + first_line - 1}\""
                    f"{markdown[fence.header_end:]}")
    return markdown


def first_line(source: str, markdown: str) -> int:
    """The line of ``source`` (a page's file) where ``markdown`` (its text after the front
    matter that MkDocs takes off) begins."""
    head = len(source) - len(markdown) if source.endswith(markdown) else 0
    return source.count("\n", 0, head) + 1


def included(markdown: str, docs: Path, seen: frozenset[Path] = frozenset()) -> dict[str, str]:
    """The blocks of the files that ``markdown`` includes (and that they include), by their
    text: ``{block text: "docs/includes/x.md:12"}``."""
    found: dict[str, str] = {}
    for pattern in INCLUDES:
        for match in pattern.finditer(markdown):
            path = (docs / match["path"]).resolve()
            if path in seen or not path.is_file():
                continue  # a missing include is reported by the hooks
            text = path.read_text(encoding="utf-8")
            for fence in fences(text):
                found.setdefault(key(fence.body), f"{display(path)}:{fence.line}")
            found.update(included(text, docs, seen | {path}))
    return found


def key(body: str) -> str:
    """A block's text as the formatter and :func:`fences` both see it."""
    return textwrap.dedent(body).strip()
