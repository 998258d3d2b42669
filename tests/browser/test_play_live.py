"""Playing the game yourself in the browser (a ```play block, docs/javascripts/sims-play.js):
moves by keyboard, the strategy's replies and the score as Python's own match gives them, each
round said once, New game, a link that holds the game, and the example game without JavaScript;
on a page with an editor block, a game against the reader's own strategy (its code as the
editor holds it, or as kept from a last visit), and its mistakes told in the play block.

Observed as a reader meets it: the buttons and keys, the table, the score, the status region
and the address; never the page module's objects.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from sims import custom_strategy, play
from sims.models import strategies as st
from tests.browser.conftest import LIVE_TIMEOUT_MS
from tests.browser.test_accessibility import AXE, axe_violations
from tests.browser.test_strategy_editor import DEFECTOR, code, open_editor, replace_code
from tests.conftest import one_page_server
from tests.unit.test_play import used_text

EXAMPLE = "RRAARRRR"
PAGE = ("# Play\n\nA game.\n\n```play\nstrategy: tit_for_tat\nrounds: 8\nseed: 3\n"
        f"example: {EXAMPLE}\n```\n")
BLOCK = "#play-1"


play_server = one_page_server("play", PAGE)


def table(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        f"{BLOCK} .play-rounds tbody tr",
        "rows => rows.map((tr) => [...tr.children].map((c) => c.textContent))")


def python_table(view: dict) -> list[list[str]]:
    return [[r["round"], r["you"], r["them"], r["you_points"], r["them_points"]]
            for r in view["rounds"]]


def settled(page, rounds: int) -> None:
    """Wait until the game on show has ``rounds`` rounds and the block is not busy."""
    page.wait_for_selector(f"{BLOCK}[data-round='{rounds}'] .sim-status[data-kind=live]",
                           timeout=LIVE_TIMEOUT_MS)


def record_announcements(page) -> None:
    page.evaluate("""() => {
        window.__said = [];
        const region = document.querySelector('#play-1 .sim-announce');
        new MutationObserver(() => window.__said.push(region.textContent))
            .observe(region, {childList: true, characterData: true, subtree: true});
    }""")


def test_a_game_by_keyboard_against_grim_trigger_replies_and_scores_as_python(
        page, guard, play_server):
    page.goto(play_server.url)
    page.wait_for_selector(f"{BLOCK} .play-moves")
    record_announcements(page)
    page.select_option("#play-1-strategy", "grim_trigger")
    settled(page, 0)
    assert table(page) == []
    page.locator(f"{BLOCK} .play-move[data-move=R]").focus()
    for k, key in enumerate("rrar", 1):
        page.keyboard.press(key)
        settled(page, k)
    expected = play.reply({"strategy": "grim_trigger", "rounds": 8, "moves": "RRAR"}, 3)["view"]
    assert [row[2] for row in table(page)] == ["Restrain", "Restrain", "Restrain", "Arm"]
    assert table(page) == python_table(expected)
    assert page.inner_text(f"{BLOCK} .play-score") == expected["score"]
    assert page.inner_text(f"{BLOCK} .play-last") == expected["last"]
    assert page.inner_text(f"{BLOCK} .play-prompt") == "Round 5 of 8: restrain or arm?"
    assert page.inner_text(f"{BLOCK} .sim-used") == used_text(expected)  # Python's words
    said = page.evaluate("() => window.__said.filter((t) => t)")
    for k in range(1, 5):  # each round's result is said once
        assert sum(f"Round {k}:" in text for text in said) == 1, said
    assert said[-1] == expected["announce"]
    query = parse_qs(urlsplit(page.url).query)
    assert query["play-1.moves"] == ["RRAR"] and query["play-1.strategy"] == ["grim_trigger"]

    page.locator(f"{BLOCK} .play-new").click()
    settled(page, 0)
    assert table(page) == []
    assert page.inner_text(f"{BLOCK} .play-prompt") == "Round 1 of 8: restrain or arm?"
    assert page.input_value("#play-1-strategy") == "grim_trigger"
    assert "play-1.moves" not in parse_qs(urlsplit(page.url).query)


def test_quick_presses_each_count_once_and_each_round_is_said_once(page, guard, play_server):
    """Moves pressed faster than Python answers: none is lost or played twice."""
    page.goto(play_server.url + "?play-1.strategy=two_tits_for_tat")
    settled(page, 0)
    record_announcements(page)
    page.locator(f"{BLOCK} .play-move[data-move=A]").focus()
    for key in "arar":
        page.keyboard.press(key)
    settled(page, 4)
    expected = play.reply({"strategy": "two_tits_for_tat", "rounds": 8, "moves": "ARAR"},
                          3)["view"]
    assert table(page) == python_table(expected)
    said = " ".join(page.evaluate("() => window.__said"))
    for k in range(1, 5):
        assert said.count(f"Round {k}:") == 1, said


def test_a_link_replays_the_game_it_holds(page, guard, play_server):
    page.goto(play_server.url + "?play-1.strategy=detective&play-1.moves=RARRA&play-1.noise=0.2"
              "&play-1.seed=11")
    settled(page, 5)
    expected = play.reply({"strategy": "detective", "rounds": 8, "noise": 0.2,
                           "moves": "RARRA"}, 11)["view"]
    assert table(page) == python_table(expected)
    assert page.inner_text(f"{BLOCK} .play-score") == expected["score"]
    assert page.input_value("#play-1-noise-value") == "0.2"


def test_the_last_round_ends_the_game_with_the_strategys_reasoning(page, guard, play_server):
    page.goto(play_server.url + "?play-1.rounds=2")
    settled(page, 0)
    page.locator(f"{BLOCK} .play-move[data-move=A]").click()
    settled(page, 1)
    page.locator(f"{BLOCK} .play-move[data-move=R]").click()
    settled(page, 2)
    expected = play.reply({"strategy": "tit_for_tat", "rounds": 2, "moves": "AR"}, 3)["view"]
    assert page.inner_text(f"{BLOCK} .play-explanation") == expected["explanation"]
    spent = page.locator(f"{BLOCK} .play-move[data-move=R]")
    assert spent.get_attribute("aria-disabled") == "true"
    spent.focus()
    page.keyboard.press("Enter")  # the game is over: nothing is played, and it says so
    page.wait_for_selector(f"{BLOCK} .sim-status[data-kind=info]")
    assert len(table(page)) == 2


def test_without_javascript_the_example_game_is_shown(browser, play_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(play_server.url)
    expected = play.reply({"strategy": "tit_for_tat", "rounds": 8, "moves": EXAMPLE}, 3)["view"]
    assert table(page) == python_table(expected)
    assert page.inner_text(f"{BLOCK} .play-explanation") == expected["explanation"]
    assert page.inner_text(f"{BLOCK} .play-score") == expected["score"]
    assert page.inner_text(f"{BLOCK} .sim-used") == used_text(expected)
    assert page.locator(f"{BLOCK} .play-controls").is_hidden()
    assert page.locator(f"{BLOCK} .play-settings").is_hidden()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_game_has_no_axe_violations_before_and_after_moves(page, guard, play_server, scheme):
    page.add_init_script(path=str(AXE))
    page.emulate_media(color_scheme=scheme)
    page.goto(play_server.url)
    page.wait_for_selector(f"{BLOCK} .play-moves")
    assert axe_violations(page) == []
    page.locator(f"{BLOCK} .play-move[data-move=A]").click()
    settled(page, 1)
    assert axe_violations(page) == []


# A page with an editor block too: the reader's own strategy is one of the game's opponents.
BOTH = ("# Play your own\n\nA game.\n\n```play\nstrategy: tit_for_tat\nrounds: 4\nseed: 3\n"
        "example: RRAR\n```\n\nAnd your strategy.\n\n```strategy\nbudget: 5\n"
        "params: {turns: 10, repetitions: 1, generations: 5}\n"
        "tournament: {strategies: [tit_for_tat, always_defect]}\n"
        "evolution: {always_cooperate: 3, always_defect: 2}\n```\n")
# Arms after each of your restraints, restrains after each of your armings: no built-in does.
CONTRARIAN = 'def strategy(mine, theirs): return "D" if theirs[-1:] == "C" else "C"'
SELECT = "#play-1-strategy"


both_server = one_page_server("both", BOTH)


def yours_view(moves: str, source: str) -> dict:
    return play.reply({"strategy": custom_strategy.ID, "rounds": 4, "moves": moves}, 3,
                      source)["view"]


def choose(page, strategy: str, expect: str = "live") -> None:
    """Choose the opponent in the play block; wait for the new game (or its refusal)."""
    page.select_option(SELECT, strategy)
    if expect == "live":
        settled(page, 0)
    else:
        page.wait_for_selector(f"{BLOCK} .sim-status[data-kind={expect}]",
                               timeout=LIVE_TIMEOUT_MS)


def play_moves(page, letters: str) -> None:
    page.locator(f"{BLOCK} .play-move[data-move=R]").focus()
    for k, key in enumerate(letters.lower(), 1):
        page.keyboard.press(key)
        settled(page, k)


def test_without_an_editor_block_the_opponents_are_the_built_ins(page, guard, play_server):
    page.goto(play_server.url)
    page.wait_for_selector(f"{BLOCK} .play-moves")
    assert page.eval_on_selector_all(f"{SELECT} option", "os => os.map((o) => o.value)") == \
        list(st.IDS)


def test_the_strategy_typed_in_the_editor_is_the_opponent_it_codes(page, guard, both_server):
    open_editor(page, both_server.url)
    replace_code(page, CONTRARIAN)
    assert code(page) == CONTRARIAN
    options = page.eval_on_selector_all(f"{SELECT} option",
                                        "os => os.map((o) => [o.value, o.textContent])")
    assert options[-1] == [custom_strategy.ID, custom_strategy.LABEL]
    choose(page, custom_strategy.ID)
    assert "as it was when this game began" in page.inner_text(f"{BLOCK} .sim-status")
    play_moves(page, "RRAR")
    expected = yours_view("RRAR", CONTRARIAN)
    assert [row[2] for row in table(page)] == ["Restrain", "Arm", "Arm", "Restrain"]
    assert table(page) == python_table(expected)
    assert page.inner_text(f"{BLOCK} .play-score") == expected["score"]
    assert page.inner_text(f"{BLOCK} .play-explanation") == expected["explanation"]
    assert expected["explanation"].startswith("Your strategy is your own code")
    # The game keeps the code it began with; New game takes the editor's code as it is now.
    replace_code(page, DEFECTOR)
    page.locator(f"{BLOCK} .play-new").click()
    settled(page, 0)
    play_moves(page, "RA")
    assert table(page) == python_table(yours_view("RA", DEFECTOR))


def test_a_broken_strategy_says_why_in_the_play_block_which_plays_on_with_a_built_in(
        page, guard, both_server):
    wrong = 'def strategy(mine, theirs): return "X"'
    open_editor(page, both_server.url)
    replace_code(page, wrong)
    choose(page, custom_strategy.ID, expect="error")
    with pytest.raises(custom_strategy.StrategyError) as err:
        custom_strategy.load(wrong)
    assert page.inner_text(f"{BLOCK} .sim-status") == f"Not played: {err.value}"
    assert str(err.value) == "strategy: expected 'C' or 'D', got 'X' (on move 1)"
    assert page.input_value(SELECT) == "tit_for_tat"  # back to the game on show
    choose(page, "grim_trigger")
    play_moves(page, "RAR")
    assert table(page) == python_table(
        play.reply({"strategy": "grim_trigger", "rounds": 4, "moves": "RAR"}, 3)["view"])
    replace_code(page, CONTRARIAN)  # mended: choosing it again plays it
    choose(page, custom_strategy.ID)
    play_moves(page, "A")
    assert table(page) == python_table(yours_view("A", CONTRARIAN))


def test_the_code_kept_from_a_last_visit_is_played_before_the_editor_loads(
        page, guard, both_server):
    """A reader back on the page plays the strategy they left in the editor, even if they
    never scroll to it (the editor is not loaded: its code is the one kept in the browser)."""
    page.goto(both_server.url)
    page.evaluate("(code) => localStorage.setItem(`sims-strategy:${location.pathname}"
                  "#strategy-1`, code)", DEFECTOR)
    page.reload()
    page.wait_for_selector(f"{BLOCK} .play-moves")
    choose(page, custom_strategy.ID)
    play_moves(page, "RR")
    assert table(page) == python_table(yours_view("RR", DEFECTOR))
