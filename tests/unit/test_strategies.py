"""Each strategy's moves against scripted opponents, as axelrod tests its own, and its traits.

``versus(rule, script)`` plays a rule against an opponent that plays ``script`` whatever
happens, and returns the rule's moves: the expected strings below are worked out by hand from
each rule's definition. The last tests replay the same scripts through axelrod's own players.
"""

from __future__ import annotations

import random

import pytest

from sims import registry
from sims.models import strategies as st
from sims.models.iterated import play
from tests.helpers import import_axelrod

DETERMINISTIC = [s for s in st.IDS if not st.STRATEGIES[s].stochastic]


def versus(strategy_id: str, script: str, rand=None, generosity: float = 1 / 3) -> str:
    move = st.bind(strategy_id, rand or random.Random(0).random, generosity)
    mine = ""
    for turn in range(len(script)):
        mine += move(mine, script[:turn])
    return mine


@pytest.mark.parametrize("strategy,script,expected", [
    ("always_cooperate", "DDDCD", "CCCCC"),
    ("always_defect", "CCCCC", "DDDDD"),
    ("tit_for_tat", "CDDCCD", "CCDDCC"),
    ("tit_for_tat", "DDDD", "CDDD"),
    ("suspicious_tit_for_tat", "CDDCCD", "DCDDCC"),
    ("suspicious_tit_for_tat", "CCCC", "DCCC"),
    ("tit_for_two_tats", "DCDDDC", "CCCCDD"),  # retaliates only after two in a row
    ("tit_for_two_tats", "DCDCDC", "CCCCCC"),
    ("two_tits_for_tat", "DCCCDC", "CDDCCD"),  # each defection answered twice
    ("grim_trigger", "CCDCCC", "CCCDDD"),  # one defection, punished for ever
    ("grim_trigger", "CCCCC", "CCCCC"),
    ("win_stay_lose_shift", "CDCCDD", "CCDDDC"),  # CC stay, CD shift, DC stay, DD shift
    ("win_stay_lose_shift", "DDDD", "CDCD"),
    ("alternator", "DDDDDD", "CDCDCD"),
    ("alternator", "CCCCC", "CDCDC"),
    ("detective", "CCCCCCC", "CDCCDDD"),  # never defected during the test: exploit
    ("detective", "CCDCCDC", "CDCCCCD"),  # defected during the test: tit for tat
    ("detective", "CCCDCCD", "CDCCDCC"),  # the fourth reply counts too (axelrod, not Case)
    ("detective", "DDDDDD", "CDCCDD"),
])
def test_moves_against_scripted_opponents(strategy, script, expected):
    assert versus(strategy, script) == expected


def test_generous_tit_for_tat_forgives_with_its_generosity_and_draws_only_then():
    draws = iter([0.1, 0.5, 0.2, 0.9])
    calls = []

    def rand():
        calls.append(1)
        return next(draws)

    # After each D it draws: 0.1 < 1/3 forgive, 0.5 punish, then C needs no draw, 0.2 forgive.
    assert versus("generous_tit_for_tat", "DDCDC", rand) == "CCDCC"
    assert len(calls) == 3
    assert versus("generous_tit_for_tat", "DDDD", lambda: 0.0, generosity=0) == "CDDD"
    assert versus("generous_tit_for_tat", "DDDD", lambda: 0.99, generosity=1) == "CCCC"
    moves = versus("generous_tit_for_tat", "D" * 30001, random.Random(5).random)
    assert moves[1:].count("C") / 30000 == pytest.approx(1 / 3, abs=0.01)


def test_generosity_follows_the_payoffs():
    assert st.generosity(3, 0, 5, 1) == pytest.approx(1 / 3)  # min(1/3, 1/2)
    assert st.generosity(2, -1, 3, 0) == pytest.approx(2 / 3)  # Case's coin machine
    assert st.generosity(4, 0, 5, 1) == pytest.approx(3 / 4)  # min(3/4, 3/4)
    assert st.generosity(1, 0, 10, 0) == 0.0  # the formula goes negative: clamped
    assert st.generosity(3, 3, 3, 3) == 1.0  # no term is defined: no limit


def test_random_cooperates_half_the_time_drawing_once_per_move():
    rng = random.Random(11)
    moves = versus("random", "C" * 20000, rng.random)
    assert moves.count("C") / 20000 == pytest.approx(0.5, abs=0.015)
    replay = random.Random(11)
    assert moves == "".join("C" if replay.random() < 0.5 else "D" for _ in range(20000))


def test_nice_strategies_are_never_the_first_to_defect():
    for s in st.IDS:
        first_defections = []
        for other in DETERMINISTIC:
            mine, theirs = play(st.bind(s, random.Random(1).random, 1 / 3),
                                st.bind(other, None, 0), 50, 0, None)
            if "D" in mine:
                first_defections.append(mine.index("D") > theirs.find("D") >= 0)
        assert all(first_defections) == st.STRATEGIES[s].nice, s


def test_reciprocators_answer_defections_and_the_others_ignore_them():
    probe, calm = "CDDCCCCCCC", "C" * 10
    for s in st.IDS:
        never_forgive = lambda: 0.99  # noqa: E731  (GTFT punishes every defection)
        against_probe = versus(s, probe, never_forgive)
        against_calm = versus(s, calm, never_forgive)
        assert (against_probe != against_calm) == st.STRATEGIES[s].reciprocates, s


def test_strategies_that_recover_restore_cooperation_after_one_mistake():
    """Two copies; the first's fifth move is flipped. Who settles back into CC for good?"""
    for s in st.IDS:
        recovered = 0
        for seed in range(20):
            rng = random.Random(seed)
            first, second = (st.bind(s, rng.random, st.generosity(3, 0, 5, 1))
                             for _ in range(2))
            mine = theirs = ""
            for turn in range(30):
                a, b = first(mine, theirs), second(theirs, mine)
                mine += {"C": "D", "D": "C"}[a] if turn == 4 else a
                theirs += b
            both = [x == y == "C" for x, y in zip(mine[5:], theirs[5:], strict=True)]
            recovered += any(all(both[k:]) for k in range(15))
        assert (recovered >= 18) == st.STRATEGIES[s].recovers, (s, recovered)


@pytest.mark.slow  # imports axelrod (many seconds)
def test_stochastic_flags_match_axelrod_and_axelrod_names_exist():
    axl = import_axelrod()
    for s in st.IDS:
        player = getattr(axl, st.STRATEGIES[s].axelrod)()
        assert player.classifier["stochastic"] == st.STRATEGIES[s].stochastic, s


@pytest.mark.slow  # imports axelrod (many seconds)
@pytest.mark.parametrize("strategy", DETERMINISTIC)
def test_moves_equal_axelrods_against_random_scripts(strategy):
    axl = import_axelrod()
    rng = random.Random(strategy)
    for length in (1, 2, 3, 5, 8, 30):
        for _ in range(25):
            script = "".join(rng.choice("CD") for _ in range(length))
            player = getattr(axl, st.STRATEGIES[strategy].axelrod)()
            opponent = axl.MockPlayer(actions=[axl.Action.C if m == "C" else axl.Action.D
                                               for m in script])
            match = axl.Match((player, opponent), turns=length)
            theirs = "".join(str(a) for a, _ in match.play())
            assert versus(strategy, script) == theirs, script


def test_docstrings_give_names_and_every_strategy_has_a_label():
    for s in st.STRATEGIES.values():
        assert "Names:" in s.rule.__doc__, s.id
        assert s.axelrod in s.rule.__doc__, s.id
        assert s.label and s.label[0].isupper()
    assert len(set(st.LABELS)) == len(st.IDS) == len(set(st.IDS))
    offered = registry.get("iterated").SPEC["strategies"]
    assert offered.choices == tuple(st.IDS) and offered.choice_labels == tuple(st.LABELS)
