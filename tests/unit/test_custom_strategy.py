"""A reader's own strategy (sims/custom_strategy.py): checked with the line and column at
fault, measured by play, entered into the tournament and the population beside the built-ins,
and accepted by the command line with the same messages the page shows."""

from __future__ import annotations

import json

import pytest

from sims import cli, custom_strategy, registry, web
from sims.models import iterated
from sims.models import strategies as st

TIT_FOR_TAT = 'def strategy(mine, theirs):\n    return theirs[-1] if theirs else "C"\n'


def refusal(source: str) -> custom_strategy.StrategyError:
    with pytest.raises(custom_strategy.StrategyError) as caught:
        custom_strategy.load(source)
    return caught.value


def test_the_template_loads_takes_rand_and_is_nice_reciprocating_and_forgiving():
    strategy = custom_strategy.load(custom_strategy.TEMPLATE).strategy
    assert strategy.stochastic and strategy.id == "yours"
    assert (strategy.nice, strategy.reciprocates) == (True, True)


@pytest.mark.parametrize(("built_in", "source"), [
    ("tit_for_tat", TIT_FOR_TAT),
    ("always_defect", 'def strategy(mine, theirs):\n    return "D"\n'),
    ("always_cooperate", 'def strategy(mine, theirs):\n    return "C"\n'),
    ("grim_trigger", 'def strategy(mine, theirs):\n    return "D" if "D" in theirs else "C"\n'),
    ("win_stay_lose_shift", "def strategy(mine, theirs):\n    if not mine:\n        return 'C'\n"
                            "    return 'C' if mine[-1] == theirs[-1] else 'D'\n"),
])
def test_measured_traits_are_those_of_the_built_in_that_plays_the_same(built_in, source):
    measured = custom_strategy.load(source).strategy
    known = st.STRATEGIES[built_in]
    assert (measured.nice, measured.reciprocates, measured.recovers) == \
        (known.nice, known.reciprocates, known.recovers)


def test_a_syntax_error_gives_its_line_and_column():
    err = refusal("def strategy(mine, theirs):\n    return (theirs[-1]\n")
    assert (err.line, err.column) == (2, 12)
    assert str(err) == "strategy: line 2, column 12: '(' was never closed"


def test_an_indentation_error_gives_its_line():
    err = refusal("def strategy(mine, theirs):\nreturn 'C'\n")
    assert err.line == 2 and "indented block" in str(err)


def test_an_exception_gives_the_strategys_own_line_and_the_move():
    err = refusal("def strategy(mine, theirs):\n    if len(mine) == 3:\n        return 1 / 0\n"
                  "    return 'C'\n")
    assert err.line == 3
    assert str(err) == "strategy: line 3: ZeroDivisionError: division by zero (on move 4)"


def test_a_wrong_return_value_says_what_was_expected():
    err = refusal("def strategy(mine, theirs):\n    return 'cooperate'\n")
    assert str(err) == "strategy: expected 'C' or 'D', got 'cooperate' (on move 1)"
    assert "got None" in str(refusal("def strategy(mine, theirs):\n    pass\n"))


def test_running_out_of_memory_is_caught():
    err = refusal("def strategy(mine, theirs):\n    return 'C' * 10**13\n")
    assert "MemoryError: ran out of memory (on move 1)" in str(err) and err.line == 2


def test_only_the_allowed_modules_import_and_random_is_refused_with_a_hint():
    assert custom_strategy.load("import math\nfrom collections import Counter\n"
                                "def strategy(mine, theirs):\n    return 'C'\n")
    err = refusal("import random\ndef strategy(mine, theirs):\n    return 'C'\n")
    assert err.line == 1 and "use rand() for a seeded random number" in str(err)
    assert "not allowed" in str(refusal("import os\ndef strategy(m, t):\n    return 'C'\n"))


def test_a_module_a_strategy_may_not_import_is_named_with_the_ones_it_may():
    err = refusal("import xml.dom\ndef strategy(mine, theirs):\n    return 'C'\n")
    assert err.line == 1
    assert str(err) == ("strategy: line 1: ImportError: import xml.dom is not allowed: a strategy "
                        "may import only " + ", ".join(custom_strategy.ALLOWED_IMPORTS))


def test_every_module_a_strategy_may_import_imports():
    source = "".join(f"import {name}\n" for name in custom_strategy.ALLOWED_IMPORTS)
    assert custom_strategy.load(source + "def strategy(mine, theirs):\n    return 'C'\n")


@pytest.mark.parametrize(("source", "words"), [
    ("", "no code"),
    ("def play(mine, theirs):\n    return 'C'\n", "define a function strategy(mine, theirs)"),
    ("def strategy(mine):\n    return 'C'\n", "takes 1 argument"),
    ("strategy = 3\n", "define a function strategy"),
    ("x" * 20_001, "above the limit"),
])
def test_a_source_without_a_usable_function_is_refused(source, words):
    assert words in str(refusal(source))


def test_the_strategy_joins_the_tournament_and_is_ranked_beside_the_built_ins():
    entrant = custom_strategy.load(TIT_FOR_TAT)
    result = registry.run("iterated", {"strategies": ["tit_for_tat", "always_defect"],
                                       "turns": 10, "repetitions": 1}, 0, entrant)
    h2h = result.data["head_to_head"]
    assert [r["strategy"] for r in result.data["ranking"]][-1] == "always_defect"
    assert h2h["yours"]["tit_for_tat"] == h2h["tit_for_tat"]["yours"] == 3
    assert h2h["yours"]["always_defect"] == h2h["tit_for_tat"]["always_defect"] == 0.9


def test_the_strategy_joins_the_population_with_its_players():
    entrant = custom_strategy.load(TIT_FOR_TAT, players=7)
    result = registry.run("evolution", {}, 0, entrant)
    assert result.data["counts"]["yours"][0] == 7
    assert "Your strategy" in result.tables[0].columns


def test_a_model_without_strategies_refuses_one():
    with pytest.raises(registry.ParamError, match="takes no strategy"):
        registry.run("spiral", {}, 0, custom_strategy.load(TIT_FOR_TAT))


def test_an_exception_in_the_tournament_is_told_not_raised_as_a_model_bug():
    source = "def strategy(mine, theirs):\n    if len(mine) == 40:\n        raise KeyError('x')\n" \
             "    return 'C'\n"
    reply = json.loads(web.handle(json.dumps({"kind": "strategy", "params": {"turns": 50},
                                              "source": source, "seed": 0})))
    assert reply["error"] == {"kind": "strategy", "param": "strategy", "line": 3,
                              "column": None,
                              "message": "strategy: line 3: KeyError: 'x' (on move 41)"}


def test_the_reply_gives_the_rank_the_head_to_head_and_the_population():
    reply = custom_strategy.reply({"source": custom_strategy.TEMPLATE, "seed": 0})
    shown = reply["view"]
    assert shown["standing"].startswith(f"Your strategy ranked {shown['rank']}")
    assert len(shown["duel"]["rows"]) == len(iterated.DEFAULT_STRATEGIES)
    assert "Your strategy" in shown["tournament"]["table"]["rows"][shown["rank"] - 1]
    assert shown["evolution"]["table"]["columns"][-1] == "Your strategy"


def test_the_reply_command_lines_give_the_same_scores(tmp_path, capsys):
    reply = custom_strategy.reply({"source": custom_strategy.TEMPLATE, "seed": 3,
                                   "params": {"turns": 12, "noise": 0.05, "players": 4},
                                   "tournament": {"strategies": ["tit_for_tat", "random"]}})
    (tmp_path / "my_strategy.py").write_text(custom_strategy.TEMPLATE, encoding="utf-8")
    for command, model in zip(reply["view"]["commands"], ("tournament", "evolution"),
                              strict=True):
        argv = command.split()[1:]
        argv[argv.index("my_strategy.py")] = str(tmp_path / "my_strategy.py")
        assert cli.main([*argv, "--csv"]) == 0
        rows = [line.split(",") for line in capsys.readouterr().out.splitlines()[1:]]
        shown = reply["view"][model]["table"]["rows"]
        assert [row[1] for row in rows] == [row[1] for row in shown]


@pytest.mark.parametrize(("source", "message"), [
    ("def strategy(mine, theirs):\n    return (\n",
     "strategy: line 2, column 12: '(' was never closed"),
    ("def strategy(mine, theirs):\n    return 'X'\n",
     "strategy: expected 'C' or 'D', got 'X' (on move 1)"),
])
def test_the_command_line_refuses_a_bad_file_with_one_line_and_status_2(
        tmp_path, capsys, source, message):
    path = tmp_path / "my_strategy.py"
    path.write_text(source, encoding="utf-8")
    for model in ("iterated", "evolution"):
        assert cli.main(["run", model, "--strategy-file", str(path)]) == 2
        assert capsys.readouterr().err == f"sims: error: {message}\n"


def test_the_command_line_refuses_a_missing_file_a_bad_count_and_worlds(tmp_path, capsys):
    path = tmp_path / "s.py"
    path.write_text(TIT_FOR_TAT, encoding="utf-8")
    for argv in (["--strategy-file", str(tmp_path / "none.py")],
                 ["--strategy-file", str(path), "--strategy-players", "0"],
                 ["--strategy-file", str(path), "--worlds", "3"]):
        assert cli.main(["run", "evolution", *argv]) == 2
        assert len(capsys.readouterr().err.splitlines()) == 1
    assert cli.main(["run", "spiral", "--strategy-file", str(path)]) == 2
    assert "takes no strategy" in capsys.readouterr().err
