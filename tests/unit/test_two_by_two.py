"""The 2x2 security game: classification by payoff order, equilibria, Jervis's levers, bad input."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from sims import registry
from sims.models import two_by_two as g
from tests.helpers import assert_rejected

OUTCOMES = ("CC", "CD", "DC", "DD")
CLASSIC = {  # the presets of docs/games.md, one per game
    "prisoners_dilemma": {"cc": 3, "cd": 0, "dc": 5, "dd": 1},
    "stag_hunt": {"cc": 4, "cd": 0, "dc": 3, "dd": 2},
    "chicken": {"cc": 3, "cd": 1, "dc": 4, "dd": 0},
    "deadlock": {"cc": 1, "cd": 0, "dc": 3, "dd": 2},
    "harmony": {"cc": 4, "cd": 2, "dc": 3, "dd": 1},
}


def run(seed: int = 0, **params):
    return registry.run("two_by_two", params, seed)


def test_every_strict_order_is_named_by_its_definition():
    """All 24 strict orders: exactly the textbook orders get a name, the other 17 are other."""
    named = {
        ("DC", "CC", "DD", "CD"): "prisoners_dilemma",
        ("CC", "DC", "DD", "CD"): "stag_hunt",
        ("DC", "CC", "CD", "DD"): "chicken",
        ("DC", "DD", "CC", "CD"): "deadlock",
        # harmony: CC on top and CD above DD, wherever DC falls
        ("CC", "DC", "CD", "DD"): "harmony",
        ("CC", "CD", "DC", "DD"): "harmony",
        ("CC", "CD", "DD", "DC"): "harmony",
    }
    for best_first in itertools.permutations(OUTCOMES):
        value = {o: 4 - i for i, o in enumerate(best_first)}
        pay = [value[o] for o in OUTCOMES]
        assert g.classify(*pay) == named.get(best_first, "other"), best_first
        assert g.order(tuple(pay)) == " > ".join(best_first)


def test_classic_presets_classify_and_solve_as_the_textbooks_say():
    expected = {  # game: (pure equilibria, Pareto-optimal outcomes, dominant move)
        "prisoners_dilemma": (["DD"], ["CC", "CD", "DC"], "D"),
        "stag_hunt": (["CC", "DD"], ["CC"], None),
        "chicken": (["CD", "DC"], ["CC", "CD", "DC"], None),
        "deadlock": (["DD"], ["CD", "DC", "DD"], "D"),
        "harmony": (["CC"], ["CC"], "C"),
    }
    for game, params in CLASSIC.items():
        d = run(**params).data
        ne, pareto, dom = expected[game]
        assert d["game"] == game
        assert d["games"] == {"row": game, "column": game}
        assert d["nash_equilibria"] == ne
        assert d["pareto_optimal"] == pareto
        assert d["dominant"] == {"row": dom, "column": dom}


def test_ties_follow_the_stated_definitions():
    assert g.classify(4, 0, 2, 2) == "stag_hunt"  # T = P is allowed in the stag hunt
    assert g.classify(3, 0, 3, 1) == "other"  # T = R: no longer a prisoner's dilemma
    assert g.classify(3, 1, 5, 1) == "other"  # S = P
    assert g.classify(2, 2, 2, 2) == "other"
    assert g.order((4, 0, 2, 2)) == "CC > DC = DD > CD"
    d = run(cc=3, cd=1, dc=3, dd=0).data  # C never worse, better against D: weakly dominant
    assert d["dominant"]["row"] == "C" and d["dominance"]["row"] == "weak"
    assert run(**CLASSIC["prisoners_dilemma"]).data["dominance"]["row"] == "strict"
    d = run(cc=2, cd=2, dc=2, dd=2).data
    assert d["nash_equilibria"] == list(OUTCOMES) and d["dominant"]["row"] is None
    assert d["mixed_equilibrium"] is None
    assert d["cooperation_pays"]["row"]["when"] == "indifferent"


def _expected(pay, q):
    """Expected payoffs of cooperating and defecting when the other cooperates with q."""
    cc, cd, dc, dd = pay
    return q * cc + (1 - q) * cd, q * dc + (1 - q) * dd


def test_mixed_equilibrium_makes_each_player_indifferent_in_random_games():
    rng = random.Random(1)
    found = 0
    for _ in range(500):
        row = tuple(rng.randint(-5, 5) for _ in range(4))
        col = tuple(rng.randint(-5, 5) for _ in range(4))
        p = dict(zip(("cc", "cd", "dc", "dd"), row, strict=True))
        p.update({f"col_{k}": v for k, v in zip(("cc", "cd", "dc", "dd"), col, strict=True)})
        mixed = run(asymmetric=True, **p).data["mixed_equilibrium"]
        r_gaps, c_gaps = (row[0] - row[2], row[1] - row[3]), (col[0] - col[2], col[1] - col[3])
        interior = all(a * b < 0 for a, b in (r_gaps, c_gaps))
        assert (mixed is not None) == interior
        if mixed:
            found += 1
            assert 0 < mixed["row"] < 1 and 0 < mixed["column"] < 1
            for own, other_mix, who in ((row, mixed["column"], "row"),
                                        (col, mixed["row"], "column")):
                c, d = _expected(own, other_mix)  # facing the other's mix, C and D pay alike
                assert math.isclose(c, d, abs_tol=1e-9)
                assert math.isclose(mixed["payoffs"][who], c, abs_tol=1e-9)
    assert found > 30


def test_pure_equilibria_and_pareto_set_agree_with_their_definitions_in_random_games():
    rng = random.Random(2)
    flip = {"C": "D", "D": "C"}
    for _ in range(300):
        pay = {k: rng.randint(-3, 3) for k in ("cc", "cd", "dc", "dd", "col_cc", "col_cd",
                                                 "col_dc", "col_dd")}
        d = run(asymmetric=True, **pay).data
        m = d["payoffs"]
        assert m["CD"] == [pay["cd"], pay["col_dc"]]  # the column defects against a cooperator
        assert m["DC"] == [pay["dc"], pay["col_cd"]]
        for o in OUTCOMES:
            no_deviation = (m[o][0] >= m[flip[o[0]] + o[1]][0]
                            and m[o][1] >= m[o[0] + flip[o[1]]][1])
            assert (o in d["nash_equilibria"]) == no_deviation
            improved = any(m[x][0] >= m[o][0] and m[x][1] >= m[o][1]
                           and (m[x][0] > m[o][0] or m[x][1] > m[o][1]) for x in OUTCOMES)
            assert (o in d["pareto_optimal"]) == (not improved)


def test_the_cost_of_being_exploited_raises_the_confidence_needed():
    """The claims of docs/subjective-security.md (CC 4, DC 3, DD 2)."""
    def needed(cd):
        return run(cc=4, cd=cd, dc=3, dd=2).data

    assert needed(2.5)["game"] == "harmony"
    assert needed(2.5)["cooperation_pays"]["row"] == {"when": "always", "threshold": None}
    assert needed(1)["game"] == "stag_hunt"
    assert needed(1)["mixed_equilibrium"]["row"] == pytest.approx(0.5)
    assert needed(-2)["cooperation_pays"]["row"]["threshold"] == pytest.approx(0.8)
    assert needed(-8)["cooperation_pays"]["row"]["threshold"] > 0.9


def test_jervis_levers_move_the_threshold_of_trust_in_every_stag_hunt():
    """Raising CC or CD lowers the belief needed to cooperate; raising DC or DD raises it."""
    rng = random.Random(3)
    checked = 0
    for _ in range(400):
        pay = sorted(rng.uniform(-10, 10) for _ in range(4))  # S < P < T < R
        s, p, t, r = pay
        base = g.threshold((r, s, t, p))
        assert base["when"] == "above"
        for i, sign in ((0, -1), (1, -1), (2, 1), (3, 1)):  # cc, cd lower; dc, dd raise it
            nudged = [r, s, t, p]
            nudged[i] += 0.01
            if g.classify(*nudged) != "stag_hunt":
                continue
            after = g.threshold(tuple(nudged))["threshold"]
            assert sign * (after - base["threshold"]) > 0
            checked += 1
    assert checked > 1000


def test_jervis_reading_is_phrased_for_the_current_payoffs():
    d = run(**CLASSIC["prisoners_dilemma"]).data
    assert "CC (now 3)" in d["jervis"] and "DC (now 5)" in d["jervis"]
    assert "raise CC above DC (5)" in d["jervis"]
    stag = run(**CLASSIC["stag_hunt"]).data["jervis"]
    assert "above 0.67" in stag and "lowers it to 0.50" in stag and "raises it to 0.75" in stag
    assert "no security dilemma" in run(**CLASSIC["harmony"]).data["jervis"]
    asym = run(asymmetric=True, col_cc=4, col_cd=0, col_dc=3, col_dd=2).data
    assert asym["jervis"].startswith("For the row player:")
    assert "For the column player:" in asym["jervis"]


def test_asymmetric_games_name_each_players_game():
    d = run(asymmetric=True, col_cc=4, col_cd=0, col_dc=3, col_dd=2).data
    assert d["games"] == {"row": "prisoners_dilemma", "column": "stag_hunt"}
    assert d["game"] == "other"
    assert d["dominant"] == {"row": "D", "column": None}
    assert d["nash_equilibria"] == ["DD"]  # the row player defects; the column answers D
    mirrored = run(asymmetric=True, col_cc=3, col_cd=0, col_dc=5, col_dd=1).data
    plain = run().data
    assert {**mirrored, "jervis": None} == {**plain, "jervis": None}
    ignored = run(col_cc=9, col_cd=9).data  # symmetric: the column's own payoffs are unused
    assert ignored == run().data


def test_summary_charts_and_table():
    for game, params in CLASSIC.items():
        result = run(**params)
        sentences = [s for s in result.summary.split(". ") if s]
        assert 2 <= len(sentences) <= 3, result.summary
        assert result.summary.startswith("This is ")
        matrix, outcomes = result.tables
        assert result.main_table() is matrix  # the page's table and the CSV
        assert matrix.columns == ["Row player", "Column player: Cooperate",
                                  "Column player: Defect"]
        assert [row[0] for row in matrix.rows] == ["Cooperate", "Defect"]
        m = result.data["payoffs"]
        for r, row in zip("CD", matrix.rows, strict=True):
            for c, cell in zip("CD", row[1:], strict=True):
                payoffs, marked, _ = cell.partition(" (Nash)")
                assert [float(x) for x in payoffs.split(", ")] == m[r + c]
                assert bool(marked) == (r + c in result.data["nash_equilibria"])
        assert [row[0][:2] for row in outcomes.rows] == list(OUTCOMES)
        assert [row[1] for row in outcomes.rows] == [params[k] for k in ("cc", "cd", "dc", "dd")]
        (replies,) = result.charts
        assert result.summary not in replies["description"]
        lines = {(r["move"], r["belief"]): r["payoff"] for r in replies["data"]["values"]}
        assert lines[("Cooperate", 1.0)] == params["cc"]
        assert lines[("Defect", 0.0)] == params["dd"]
        if game == "stag_hunt":
            assert "turns on trust" in result.summary


BAD = [
    ({"cc": "three"}, "cc"),  # wrong type
    ({"cd": 21}, "cd"),  # out of range
    ({"dc": float("nan")}, "dc"),
    ({"dd": float("inf")}, "dd"),
    ({"dd": "-inf"}, "dd"),
    ({"asymmetric": "maybe"}, "asymmetric"),
    ({"col_cc": [1]}, "col_cc"),
    ({"cc": True}, "cc"),
    ({"reward": 3}, "reward"),  # unknown name
]


@pytest.mark.parametrize("bad,param", BAD)
def test_bad_input_is_rejected_naming_the_parameter(bad, param):
    assert_rejected("two_by_two", bad, param)


def test_the_csv_is_the_bimatrix_a_textbook_prints():
    csv = run(cc=4, dc=3, dd=2).main_table().to_csv()
    assert csv.splitlines()[:3] == [
        "Row player,Column player: Cooperate,Column player: Defect",
        'Cooperate,"4, 4 (Nash)","0, 3"', 'Defect,"3, 0","2, 2 (Nash)"']


def test_an_asymmetric_game_prints_each_players_own_payoff_in_each_cell():
    """Row CD is the column player's DC: the cell (Cooperate, Defect) reads "S_row, T_col".
    DD is no equilibrium here: facing D, the column player would rather cooperate (0 > -0.5)."""
    result = run(cc=3, cd=-1.5, dc=5, dd=1, asymmetric=True,
                 col_cc=2, col_cd=0, col_dc=4, col_dd=-0.5)
    assert result.main_table().rows == [["Cooperate", "3, 2", "-1.5, 4"],
                                        ["Defect", "5, 0 (Nash)", "1, -0.5"]]
