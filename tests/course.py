"""The course's content rules (course.yml) and its lessons (the pages of mkdocs.yml's nav).

A fork for another course edits course.yml and its nav; the tests that enforce the rules read
them from here, so no test keeps its own list of pages or its own numbers.
"""

from __future__ import annotations

import functools
from typing import Any

import yaml

from tests.helpers import ROOT


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml's own tags (``!ENV``) read as nothing: only the nav is wanted here."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


@functools.cache
def rules() -> dict[str, Any]:
    """course.yml, as data."""
    return yaml.safe_load((ROOT / "course.yml").read_text(encoding="utf-8"))


def _lesson_files(entry: Any, skipped: set[str]) -> list[str]:
    if isinstance(entry, str):
        return [] if entry in skipped else [entry]
    if isinstance(entry, list):
        return [f for item in entry for f in _lesson_files(item, skipped)]
    return [f for title, value in entry.items() if title not in skipped
            for f in _lesson_files(value, skipped)]


def lessons() -> list[str]:
    """The lesson pages (file stems) in nav order: every nav page but the ``not_lessons``."""
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _ConfigLoader)["nav"]
    skipped = set(rules()["lessons"]["not_lessons"])
    return [f.removesuffix(".md") for f in _lesson_files(nav, skipped)]


def within(count: int, bounds: dict[str, int]) -> bool:
    """Whether ``count`` lies in a rule's ``{min, max}``."""
    return bounds["min"] <= count <= bounds["max"]
