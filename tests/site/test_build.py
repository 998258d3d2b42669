"""The build itself: mistakes in a page fail `mkdocs build --strict` with a clear message."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

from tests.helpers import ROOT, build

BLOCK = "```sim\n{body}\n```\n"


def make_docs(tmp_path: Path, pages: dict[str, str], glossary: str | None = None) -> Path:
    docs = tmp_path / "docs"
    for shared in ("javascripts", "stylesheets"):
        shutil.copytree(ROOT / "docs" / shared, docs / shared)
    (docs / "includes").mkdir()
    (docs / "includes" / "glossary.md").write_text(
        glossary if glossary is not None else "*[arms race]: A build-up of arms.\n")
    for name, text in pages.items():
        (docs / name).write_text(text)
    return docs


def build_pages(tmp_path: Path, pages: dict[str, str], **kw) -> subprocess.CompletedProcess:
    return build(make_docs(tmp_path, pages, **kw), tmp_path / "site", nav=list(pages))


def test_a_good_block_builds_with_static_output(tmp_path):
    done = build_pages(tmp_path, {"p.md": "# P\n\n" + BLOCK.format(
        body="model: arms_race\nparams: {a: 0.9}\ncontrols: [a]")})
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site" / "p" / "index.html").read_text()
    assert 'class="sim"' in html and "<svg" in html and "The race" in html
    assert "View source: sims/models/arms_race.py" in html
    assert "two states each arm in reaction" in html  # the model's source, included
    # The Python files the block's config names, filled in once the pages were written.
    config = json.loads(unescape(re.search(r'data-config="([^"]+)"', html)[1]))
    for name in ("wheel", "stdlib", "snapshot"):
        assert (tmp_path / "site" / config[name]).is_file(), name
    assert config["download"]["gzip"] < config["download"]["raw"]


def test_the_search_index_holds_the_prose_and_summary_but_not_the_numbers_or_code(tmp_path):
    """The index is downloaded by every page: charts, tables and source stay out of it."""
    done = build_pages(tmp_path, {"p.md": "# P\n\nRichardson wrote about fatigue.\n\n"
                                  + BLOCK.format(body="model: arms_race\ncontrols: [a]")})
    assert done.returncode == 0, done.stderr
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "Richardson wrote about fatigue." in text
    assert "Simulation:" in text and "The race" in text  # the block's title and summary
    for left_out in ("Parameters used", "Table:", "Computed when this page was built",
                     "two states each arm in reaction", "def run("):
        assert left_out not in text, left_out

@pytest.mark.parametrize(("body", "message"), [
    ("model: no_such_model", "unknown model 'no_such_model'"),
    ("model: arms_race\nparams: {zz: 1}", "zz: unknown parameter"),
    ("model: arms_race\nparams: {a: 99}", "a: 99 is not allowed; expected a number from 0 to 2"),
    ("model: arms_race\nparams: {a: high}", "a: 'high' is not allowed"),
    ("model: arms_race\ncontrols: [a, q]", "controls: ['q'] not parameters of arms_race"),
    ("model: arms_race\npresets: [{label: x, params: {b: -1}}]",
     "preset 'x': b: -1 is not allowed"),
    ("model: arms_race\ncolour: red", "unknown key 'colour'"),
    ("model: arms_race\nparams: [1, 2", "not valid YAML"),
    ("model: arms_race\nbudget: 0", "budget: 0 is not allowed"),
])
def test_a_bad_block_fails_the_build_naming_page_and_block(tmp_path, body, message):
    page = "# P\n\n" + BLOCK.format(body="model: arms_race") + "\n" + BLOCK.format(body=body)
    done = build_pages(tmp_path, {"bad-page.md": page})
    assert done.returncode != 0
    # The second block's fence is on line 7; a YAML error is told at its own line in it.
    line = "(?:8|9)" if "YAML" in message else "7"
    found = re.search(rf'^ERROR +- +{re.escape(str(tmp_path))}/docs/bad-page.md:{line}: '
                      rf'block "sim-2"(?: \(model \w+\))?: (?P<text>.*)$', done.stderr, re.M)
    assert found and message in found["text"], done.stderr
    # It failed before Node traced what Python imports: no standard library was packed.
    assert not list((tmp_path / "site" / "vendor" / "pyodide").glob("stdlib-*.zip"))


def test_two_blocks_with_one_id_fail(tmp_path):
    page = BLOCK.format(body="model: arms_race\nid: x") + "\n" + BLOCK.format(
        body="model: arms_race\nid: x")
    done = build_pages(tmp_path, {"p.md": page})
    assert done.returncode != 0 and "id 'x' is used twice" in done.stderr


def test_includes_resolve_from_any_directory_and_a_missing_one_fails(tmp_path):
    good = build_pages(tmp_path / "good", {"p.md": "# P\n\n{!includes/glossary.md!}\n"})
    assert good.returncode == 0, good.stderr  # the build runs with cwd="/"
    bad = build_pages(tmp_path / "bad", {"p.md": "# P\n\n{!includes/nothing-here.md!}\n"})
    assert bad.returncode != 0
    assert "p.md: include {!includes/nothing-here.md!} not found" in bad.stderr


def test_a_glossary_term_defined_twice_fails(tmp_path):
    done = build_pages(tmp_path, {"p.md": "# P\n"},
                       glossary="*[anarchy]: No government.\n*[anarchy]: Again.\n")
    assert done.returncode != 0 and "'anarchy' is defined more than once" in done.stderr


def test_glossary_terms_become_tooltips_reachable_by_keyboard(tmp_path):
    done = build_pages(tmp_path, {"p.md": "# P\n\nAn arms race began.\n"})
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site" / "p" / "index.html").read_text()
    assert '<abbr tabindex="0" title="A build-up of arms.">arms race</abbr>' in html


def test_the_pages_workflow_passes_actionlint():
    actionlint = shutil.which("actionlint") or str(Path(ROOT / ".venv" / "bin" / "actionlint"))
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    done = subprocess.run([actionlint, *map(str, workflows)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    text = workflows[0].read_text()
    assert "make build" in text and "actions/deploy-pages" in text


def test_view_source_follows_the_first_block_of_each_model_only(tmp_path):
    page = "# P\n\n" + "\n".join(BLOCK.format(body=f"model: {m}")
                                  for m in ("arms_race", "threat", "arms_race"))
    done = build_pages(tmp_path, {"p.md": page})
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site" / "p" / "index.html").read_text()
    assert html.count("View source: sims/models/arms_race.py") == 1
    assert html.count("View source: sims/models/threat.py") == 1


def test_maths_is_typeset_at_build_time_as_katex_html_and_mathml(tmp_path):
    page = ("# Maths\n\nInline $x^2 + y_1$, a price of $5, a dollar sign &#36; that is not "
            "maths, and `$code$`.\n\n$$\n\\frac{a}{b} \\geq 0\n$$\n")
    done = build_pages(tmp_path, {"p.md": page})
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    html = (site / "p" / "index.html").read_text()
    article = html[html.index("<article"):html.index("</article>")]
    assert article.count('<span class="katex">') == 2
    assert article.count('<span class="katex-mathml"><math ') == 2  # for screen readers
    assert article.count('<span class="katex-html" aria-hidden="true"') == 2  # for the eye
    assert '<annotation encoding="application/x-tex">x^2 + y_1</annotation>' in article
    assert 'display="block"' in article  # the $$ formula
    assert "<code>$code$</code>" in article and "a price of $5" in article
    assert "\\(" not in article and "\\[" not in article
    # KaTeX's styles arrive as classes, since the page's policy refuses inline styles.
    assert ' style="' not in article
    assert "style-src 'self';" in html and "unsafe-inline" not in html
    used = set(re.findall(r"\bks-[0-9a-f]+", article))
    rules = (site / "stylesheets" / "maths.css").read_text()
    assert used and used <= set(re.findall(r"^\.(ks-[0-9a-f]+)\{", rules, re.M))
    for sheet in ("vendor/katex/katex.min.css", "stylesheets/maths.css"):
        assert f'<link rel="stylesheet" href="../{sheet}">' in html, sheet
        assert (site / sheet).is_file()
    assert (site / "vendor" / "katex" / "fonts" / "KaTeX_Main-Regular.woff2").is_file()
    precached = (site / "sw.js").read_text()  # offline after a first visit
    for file in ("vendor/katex/katex.min.css", "stylesheets/maths.css",
                 "vendor/katex/fonts/KaTeX_Main-Regular.woff2"):
        assert f'"{file}"' in precached, file
    scripts = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
    assert scripts and not [s for s in scripts if "math" in s or "katex" in s], scripts
    assert not list((site / "vendor" / "katex").rglob("*.js"))


def test_bad_or_unrendered_maths_fails_the_build_naming_page_and_line(tmp_path):
    page = ("# Bad\n\nFine: $x$.\n\n"  # lines 1-3
            "<p>Raw HTML keeps $y$ as it is.</p>\n\n"  # 5
            "<p>Or \\(z\\) in HTML.</p>\n\n"  # 7
            "The ordering becomes $a > b\n> c$: cut in two.\n\n"  # 9, 10
            "An unknown command $\\fooo$ here.\n\n"  # 12
            "$$\n\\frac{1}{\n$$\n")  # 14-16
    done = build_pages(tmp_path, {"bad.md": page})
    assert done.returncode != 0
    stray = "unrendered TeX in the text"
    for message in (f'bad.md: line 5: {stray}: "Raw HTML keeps $y$ as it is."',
                    f'bad.md: line 7: {stray}: "Or \\(z\\) in HTML."',
                    f'bad.md: line 9: {stray}: "The ordering becomes $a > b"',
                    f'bad.md: line 10: {stray}: "c$: cut in two."',
                    "bad.md: line 12: formula $\\fooo$: KaTeX: "
                    "Undefined control sequence: \\fooo, at character 1",
                    "bad.md: line 15: formula $$\\frac{1}{$$: KaTeX: Unexpected end of input"):
        assert message in done.stderr, (message, done.stderr)
    assert done.stderr.count("bad.md: ") == 6, done.stderr  # not the good formula on line 3
