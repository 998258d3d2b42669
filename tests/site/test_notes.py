"""The notes as scholarship: every footnote cites a bibliography entry, every work cited is
listed, every glossary term is defined once, and every page has the parts a lesson needs."""

from __future__ import annotations

import hashlib
import re

import pytest

from simsite import glossary
from tests.course import lessons, rules, within
from tests.helpers import ROOT, nav_pages, sim_blocks

DOCS = ROOT / "docs"
LESSON = rules()["lessons"]
FOOTNOTE = re.compile(r"^\[\^(?P<key>[^\]]+)\]:\s*(?P<text>.+)$", re.M)
CITES = re.compile(r"bibliography\.md#(?P<anchor>[\w-]+)")


def bibliography_anchors() -> set[str]:
    return set(re.findall(r"^\{ #([\w-]+) \}$", (DOCS / "bibliography.md").read_text(), re.M))


def page_text(name: str) -> str:
    return (DOCS / f"{name}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [p.rstrip("/") or "index" for p in nav_pages()])
def test_every_footnote_cites_an_entry_of_the_bibliography(name):
    anchors = bibliography_anchors()
    for match in FOOTNOTE.finditer(page_text(name)):
        cited = CITES.findall(match["text"])
        assert cited, f"{name}.md: footnote [^{match['key']}] links to no bibliography entry"
        missing = [a for a in cited if a not in anchors]
        assert not missing, f"{name}.md: footnote [^{match['key']}] cites unknown {missing}"


def test_every_bibliography_entry_is_cited_somewhere():
    cited = set()
    for page in DOCS.glob("*.md"):
        if page.name != "bibliography.md":
            cited |= set(CITES.findall(page.read_text(encoding="utf-8")))
    unused = bibliography_anchors() - cited
    assert not unused, f"listed but never cited: {sorted(unused)}"


def test_every_entry_is_one_paragraph_with_author_year_and_title():
    text = (DOCS / "bibliography.md").read_text(encoding="utf-8")
    entries = re.findall(r"^(?!#|\{)(.+)\n\{ #([\w-]+) \}$", text, re.M)
    assert len(entries) == len(bibliography_anchors()) >= 30
    for entry, anchor in entries:
        assert re.search(r"\b1[6-9]\d\d|20\d\d\b", entry), f"{anchor}: no year"
        assert "*" in entry or '"' in entry, f"{anchor}: no title in italics or quotes"


def test_every_glossary_term_is_defined_once():
    pairs = glossary.read(DOCS / "includes" / "glossary.md")
    assert len(pairs) >= 40
    assert glossary.problems(pairs) == []
    for term in ("security dilemma", "anarchy", "relative gains", "spiral model",
                 "deterrence model", "offense-defense balance", "balancing", "bandwagoning"):
        assert any(t.casefold() == term for t, _ in pairs), term


def test_the_seeds_errors_are_not_repeated():
    for page in DOCS.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "Jarvis" not in text, page.name
        assert not re.search(r"Walts?\b[^.]*objective reality", text), page.name


SHINGLE = 7  # words: a run this long shared with the source notes is copied, not common phrasing
CITED_QUOTATION = re.compile(r'"[^"]+"\s*\[\^')  # a quotation with its footnote is cited, not copied


def shingles(text: str) -> set[str]:
    """The hashes of every run of SHINGLE words, as tests/fixtures/notes/source_shingles.txt has
    them for the source notes (whose text is not kept in the repository)."""
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {hashlib.sha256(" ".join(words[i:i + SHINGLE]).encode()).hexdigest()[:16]
            for i in range(len(words) - SHINGLE + 1)}


@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md")))
def test_no_run_of_seven_words_of_the_source_notes_is_copied_outside_a_cited_quotation(page):
    lines = (ROOT / "tests" / "fixtures" / "notes" / "source_shingles.txt").read_text().splitlines()
    source = {line for line in lines if line and not line.startswith("#")}
    text = CITED_QUOTATION.sub("[^", (DOCS / page).read_text(encoding="utf-8"))
    copied = shingles(text) & source
    assert not copied, f"{page}: {len(copied)} runs of {SHINGLE} words copied from the source notes"


@pytest.mark.parametrize("name", lessons())
def test_every_lesson_has_the_parts_the_course_asks_for(name):
    """course.yml's lesson rules: its parts, its self-checks, a citation, a simulation."""
    text = page_text(name)
    for part in LESSON["must_contain"]:
        assert part in text, f"{name}.md has no {part!r} (course.yml, lessons.must_contain)"
    checks = len(re.findall(r"^\?\?\?\+? question", text, re.M))
    assert within(checks, LESSON["self_checks"]), \
        f"{name}.md has {checks} self-check questions (course.yml, lessons.self_checks)"
    if LESSON["footnotes"]:
        assert FOOTNOTE.search(text), f"{name}.md cites nothing (course.yml, lessons.footnotes)"
    if LESSON["simulations"]:
        assert sim_blocks(text), f"{name}.md has no sim block (course.yml, lessons.simulations)"


@pytest.mark.parametrize("name", lessons())
def test_every_simulation_offers_the_presets_the_course_asks_for_each_changing_something(name):
    """"Try this" buttons that show the page's point; the block's own settings are Reset's job."""
    bounds = rules()["blocks"]["presets"]
    for block in sim_blocks(page_text(name)):
        assert within(len(block.presets), bounds), \
            f"{name}.md: {block.title!r} has {len(block.presets)} presets (course.yml, " \
            f"blocks.presets: {bounds['min']} to {bounds['max']})"
        for preset in block.presets:
            merged = {**block.params, **preset["params"]}
            assert merged != block.params, f"{name}: {preset['label']} is the block as it opens"
