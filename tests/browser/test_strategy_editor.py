"""Writing a strategy in the page's editor (a ```strategy block, docs/javascripts/sims-strategy.js):
typed with the keyboard and ranked as Python ranks it; its mistakes told with their line (and
column) in the editor; a strategy that never returns stopped by the block's budget while the
page's other block keeps working; the code kept across a reload, reset, carried by a link, and
downloaded as a file the command line runs with the same scores. The guard fails any test whose
page logs an error, which includes every refusal by the page's Content Security Policy.

Observed as a reader meets it: the editor, the buttons, the status and error lines, the tables;
never the page module's objects.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sims import custom_strategy
from sims.models.strategies import label
from tests.browser.conftest import LIVE_TIMEOUT_MS, live, set_number
from tests.browser.test_accessibility import AXE, axe_violations
from tests.conftest import one_page_server
from tests.helpers import ROOT

BLOCK = "#strategy-1"
SETTINGS = {"turns": 10, "repetitions": 2, "generations": 10, "players": 3}
TOURNAMENT = {"strategies": ["tit_for_tat", "always_defect", "grim_trigger", "always_cooperate"]}
EVOLUTION = {"always_cooperate": 5, "always_defect": 3, "tit_for_tat": 3}
PAGE = (
    "# Strategies\n\nWrite one.\n\n```strategy\nbudget: 3\n"
    f"params: {json.dumps(SETTINGS)}\ntournament: {json.dumps(TOURNAMENT)}\n"
    f"evolution: {json.dumps(EVOLUTION)}\n```\n\nAnd a simulation.\n\n"
    "```sim\nmodel: arms_race\ncontrols: [a, b]\n```\n")
DEFECTOR = 'def strategy(mine, theirs): return "D"'


editor_server = one_page_server("editor", PAGE)


def python_view(source: str) -> dict:
    return custom_strategy.reply({"source": source, "params": SETTINGS, "seed": 0,
                                  "tournament": TOURNAMENT, "evolution": EVOLUTION})["view"]


# Every refusal by the page's Content Security Policy, kept by the page (the guard also fails
# a test on the console error each one logs).
COUNT_VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(`${e.violatedDirective} ${e.sourceFile}`), true);"""


def open_editor(page, url: str) -> None:
    page.add_init_script(COUNT_VIOLATIONS)
    page.goto(url)
    page.locator(f"{BLOCK} .strategy-editor").scroll_into_view_if_needed()
    page.wait_for_selector(f"{BLOCK}[data-editor=ready]", state="attached",
                           timeout=LIVE_TIMEOUT_MS)


def code(page, block: str = BLOCK) -> str:
    """The editor's text, line by line."""
    return page.eval_on_selector_all(f"{block} .cm-line",
                                     "lines => lines.map((l) => l.textContent).join('\\n')")


def duel(page) -> list[list[str]]:
    """The head-to-head table's rows, as text."""
    return page.eval_on_selector_all(
        f"{BLOCK} .strategy-duel tbody tr",
        "rows => rows.map((tr) => [...tr.children].map((c) => c.textContent))")


def replace_code(page, text: str) -> None:
    """Select all in the editor and put ``text`` in its place, by the keyboard."""
    page.locator(f"{BLOCK} .cm-content").click()
    page.keyboard.press("Control+a")
    if "\n" in text:
        page.keyboard.insert_text(text)  # typed lines would be indented again by the editor
    else:
        page.keyboard.type(text)


def run(page, expect: str = "live") -> str:
    page.locator(f"{BLOCK} .strategy-run").click()
    page.wait_for_selector(f"{BLOCK} .sim-status[data-kind={expect}]", timeout=LIVE_TIMEOUT_MS)
    return page.inner_text(f"{BLOCK} .sim-status")


def test_a_strategy_typed_with_the_keyboard_is_ranked_as_python_ranks_it(
        page, guard, editor_server):
    open_editor(page, editor_server.url)
    assert code(page).startswith("def strategy(mine, theirs, rand):")
    replace_code(page, DEFECTOR)
    assert code(page) == DEFECTOR
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(f"{BLOCK} .sim-status[data-kind=live]", timeout=LIVE_TIMEOUT_MS)
    expected = python_view(DEFECTOR)
    assert page.get_attribute(BLOCK, "data-rank") == str(expected["rank"])
    assert page.inner_text(f"{BLOCK} .strategy-standing") == expected["standing"]
    assert duel(page) == expected["duel"]["rows"]
    page.wait_for_selector(f"{BLOCK} [data-part=evolution] .sim-output[data-charts=drawn]",
                           timeout=LIVE_TIMEOUT_MS)
    assert page.evaluate("() => window.__violations") == []


def test_the_editor_is_styled_as_it_appears_and_a_checker_finds_nothing_to_refuse(
        page, guard, editor_server):
    """The editor's stylesheet is in place when the editor is (no unstyled first paint), and
    its shadow root holds no <link> for a checker such as axe-core to copy into a <style>
    element that the page's policy refuses."""
    page.add_init_script(path=str(AXE))
    page.add_init_script("""new MutationObserver(() => {
        const editor = document.querySelector("#strategy-1 .strategy-host")
            ?.shadowRoot?.querySelector(".cm-editor");
        if (editor && !window.__firstLook) {
            const style = getComputedStyle(editor);
            window.__firstLook = {border: style.borderTopWidth, radius: style.borderTopLeftRadius};
        }
    }).observe(document, {subtree: true, childList: true});""")
    open_editor(page, editor_server.url)
    first_look = page.evaluate("() => window.__firstLook")
    assert first_look["border"] == "1px" and first_look["radius"] != "0px", first_look
    assert page.eval_on_selector(f"{BLOCK} .strategy-host",
                                 "h => [...h.shadowRoot.children].map((c) => c.tagName)") == ["DIV"]
    assert axe_violations(page) == []
    assert page.evaluate("() => window.__violations") == []


def test_the_keyboard_can_leave_the_editor_and_it_has_a_label(page, guard, editor_server):
    open_editor(page, editor_server.url)
    content = page.locator(f"{BLOCK} .cm-content")
    assert "Your strategy, in Python" in content.get_attribute("aria-label")
    content.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Tab")  # Tab indents inside the editor
    assert code(page).endswith("    ")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")  # Escape, then Tab, moves on
    focused = page.evaluate("() => document.activeElement.className")
    assert "strategy-host" not in focused and "md-button" in focused


@pytest.mark.parametrize(("source", "message", "line"), [
    ("def strategy(mine, theirs):\n    return (theirs[-1]\n",
     "Not run: strategy: line 2, column 12: '(' was never closed", 2),
    ("def strategy(mine, theirs):\n    if len(mine) == 2:\n        return theirs[9]\n"
     "    return 'C'\n",
     "Not run: strategy: line 3: IndexError: string index out of range (on move 3)", 3),
    ("def strategy(mine, theirs):\n    return 'cooperate'\n",
     "Not run: strategy: expected 'C' or 'D', got 'cooperate' (on move 1)", None),
    ("import xml.dom\ndef strategy(mine, theirs):\n    return 'C'\n",
     "Not run: strategy: line 1: ImportError: import xml.dom is not allowed: a strategy may "
     f"import only {', '.join(custom_strategy.ALLOWED_IMPORTS)}", 1),
])
def test_a_broken_strategy_says_what_and_where_and_marks_the_line(
        page, guard, editor_server, source, message, line):
    open_editor(page, editor_server.url)
    replace_code(page, source)
    assert run(page, "error") == message
    assert page.inner_text(f"{BLOCK} .strategy-error") == message
    marked = page.locator(f"{BLOCK} .cm-error-line")
    if line is None:
        assert marked.count() == 0
    else:
        lines = page.locator(f"{BLOCK} .cm-line")
        assert marked.count() == 1
        assert lines.nth(line - 1).get_attribute("class").count("cm-error-line") == 1
    page.locator(f"{BLOCK} .cm-content").click()
    page.keyboard.type("x")  # the mark goes once the code changes
    assert page.locator(f"{BLOCK} .cm-error-line").count() == 0


def test_a_strategy_that_never_returns_is_stopped_and_the_other_block_still_works(
        page, guard, editor_server):
    open_editor(page, editor_server.url)
    replace_code(page, "def strategy(mine, theirs):\n    while True:\n        pass\n")
    status = run(page, "error")
    assert status.startswith("Your strategy was stopped after 3 s") and "never end" in status
    set_number(page, "sim-1", "a", "0.4")
    live(page, "sim-1")
    replace_code(page, DEFECTOR)  # and the editor runs again, in the new Python
    run(page)
    assert page.get_attribute(BLOCK, "data-rank") == str(python_view(DEFECTOR)["rank"])


def test_the_code_is_kept_across_a_reload_and_reset_brings_the_template_back(
        page, guard, editor_server):
    open_editor(page, editor_server.url)
    replace_code(page, DEFECTOR)
    page.reload()
    page.locator(f"{BLOCK} .strategy-editor").scroll_into_view_if_needed()
    page.wait_for_selector(f"{BLOCK}[data-editor=ready]", state="attached")
    assert code(page) == DEFECTOR
    assert "from your last visit" in page.inner_text(f"{BLOCK} .sim-status")
    page.locator(f"{BLOCK} .strategy-reset").click()
    assert code(page) == custom_strategy.TEMPLATE
    page.reload()
    page.locator(f"{BLOCK} .strategy-editor").scroll_into_view_if_needed()
    page.wait_for_selector(f"{BLOCK}[data-editor=ready]", state="attached")
    assert code(page) == custom_strategy.TEMPLATE


def test_a_copied_link_restores_the_code_and_its_result_elsewhere(
        page, guard, editor_server):
    source = "def strategy(mine, theirs):\n    # grim, in my words\n" \
             "    return 'D' if 'D' in theirs else 'C'\n"
    open_editor(page, editor_server.url)
    replace_code(page, source)
    page.locator(f"{BLOCK} .strategy-copy").click()
    page.wait_for_selector(f"{BLOCK}[data-link]", state="attached")
    link = page.get_attribute(BLOCK, "data-link")
    assert "#strategy-1.code=" in link and "grim" not in link  # compressed, in the fragment
    other = page.context.new_page()
    other.goto(link)
    other.wait_for_selector(f"{BLOCK} .sim-status[data-kind=live]", timeout=LIVE_TIMEOUT_MS)
    other.wait_for_selector(f"{BLOCK}[data-editor=ready]", state="attached")
    assert code(other) == source
    assert other.inner_text(f"{BLOCK} .strategy-standing") == python_view(source)["standing"]
    other.close()


def test_the_download_runs_on_the_command_line_with_the_same_scores(
        page, guard, editor_server, tmp_path):
    open_editor(page, editor_server.url)
    replace_code(page, DEFECTOR)
    run(page)
    with page.expect_download() as download:
        page.locator(f"{BLOCK} .strategy-download").click()
    assert download.value.suggested_filename == "my_strategy.py"
    saved = tmp_path / "my_strategy.py"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == DEFECTOR
    command = page.locator(f"{BLOCK} .strategy-commands code").first.inner_text()
    argv = command.split()[1:]
    argv[argv.index("my_strategy.py")] = str(saved)
    done = subprocess.run([sys.executable, "-m", "sims", *argv, "--json"], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    h2h = json.loads(done.stdout)["head_to_head"]
    assert {row[0]: row[1:] for row in duel(page)} == {
        label(b): [f"{h2h['yours'][b]:.2f}", f"{h2h[b]['yours']:.2f}"]
        for b in h2h if b != "yours"}


def test_without_javascript_the_block_shows_the_template_and_its_result(
        browser, editor_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(editor_server.url)
    expected = python_view(custom_strategy.TEMPLATE)
    assert page.text_content(f"{BLOCK} .strategy-code") == custom_strategy.TEMPLATE
    assert page.inner_text(f"{BLOCK} .strategy-standing") == expected["standing"]
    assert page.locator(f"{BLOCK} .strategy-settings").is_hidden()
    context.close()
