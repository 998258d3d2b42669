"""Playing the game yourself (sims/play.py, sims/reasoning.py): the strategy answers the
reader's moves as it would answer another strategy's in the iterated model's own match, a game
replays the same from any prefix, and the words at the end say what the strategy did."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess

import pytest

from sims import custom_strategy, play, web
from sims.models import iterated
from sims.models import strategies as st
from sims.reasoning import rounds
from simsite.assets import build_wheel
from tests.helpers import ROOT, in_pyodide_command

SEEDS = range(40)
DETERMINISTIC = [s for s in st.IDS if not st.STRATEGIES[s].stochastic]
LETTER = {st.C: "R", st.D: "A"}


def settings(strategy: str, rounds_: int = 12, noise: float = 0.0) -> dict:
    return play.SPEC.validate({"strategy": strategy, "rounds": rounds_, "noise": noise})


def match_with_intentions(reader: str, strategy: str, turns: int, noise: float, seed: int):
    """The iterated model's match of ``reader`` (a deterministic strategy) against
    ``strategy``, and the moves ``reader`` chose before noise flipped any."""
    rng = random.Random(seed)
    pay = play.payoffs()
    first = st.bind(reader, rng.random, st.generosity(*pay))
    chosen: list[str] = []

    def recorded(mine: str, theirs: str) -> str:
        chosen.append(first(mine, theirs))
        return chosen[-1]

    second = st.bind(strategy, rng.random, st.generosity(*pay))
    you, them = iterated.play(recorded, second, turns, noise, rng.random)
    return "".join(chosen), you, them


@pytest.mark.parametrize("strategy", st.IDS)
@pytest.mark.parametrize("noise", [0.0, 0.1])
def test_the_strategy_answers_the_reader_as_in_the_iterated_models_match(strategy, noise):
    """The reader scripted to play another strategy's moves meets exactly the match that the
    iterated model plays between the two, noise and random draws included, for many seeds."""
    for seed in SEEDS:
        reader = DETERMINISTIC[seed % len(DETERMINISTIC)]
        chosen, you, them = match_with_intentions(reader, strategy, 12, noise, seed)
        game = play.play(settings(strategy, 12, noise), chosen, seed)
        assert (game.you, game.them) == (you, them), (reader, seed)
        assert iterated.scores(game.you, game.them, game.pay) == \
            iterated.scores(you, them, play.payoffs())


@pytest.mark.parametrize("strategy", [s for s in DETERMINISTIC if s != "tit_for_tat"])
def test_without_noise_the_scores_are_the_tournaments(strategy):
    """Against a deterministic strategy without noise, the reader who plays tit for tat scores
    what the tournament's head-to-head table gives tit for tat against it."""
    pay = play.payoffs()
    tally = iterated.tournament(["tit_for_tat", strategy], 10, 0, 0, 1, pay,
                                random.Random(0).random)
    h2h = iterated.head_to_head(tally)
    chosen, _, _ = match_with_intentions("tit_for_tat", strategy, 10, 0, 0)
    shown = play.reply({"strategy": strategy, "moves": "".join(LETTER[m] for m in chosen)}, 0)
    you = float(re.search(r"you (\S+),", shown["view"]["score"])[1])
    assert you == pytest.approx(h2h["tit_for_tat"][strategy] * 10)


@pytest.mark.parametrize("strategy", st.IDS)
def test_a_game_replays_the_same_from_any_of_its_beginnings(strategy):
    """Stateless moves: the game after k moves is the beginning of the game after more."""
    for seed in SEEDS:
        draw = random.Random(1000 + seed)
        moves = "".join(draw.choice("CD") for _ in range(10))
        full = play.play(settings(strategy, 10, 0.15), moves, seed)
        k = draw.randrange(1, 10)
        part = play.play(settings(strategy, 10, 0.15), moves[:k], seed)
        assert (part.you, part.them, part.replies) == \
               (full.you[:k], full.them[:k], full.replies[:k])


def test_grim_trigger_answers_r_r_a_r_with_r_r_r_a():
    view = play.reply({"strategy": "grim_trigger", "moves": "RRAR", "rounds": 4}, 0)["view"]
    assert [r["them"] for r in view["rounds"]] == ["Restrain", "Restrain", "Restrain", "Arm"]
    assert view["score"] == "Score: you 11, grim trigger 11."
    assert view["explanation"].startswith(
        "Grim trigger restrained until you armed in round 3; from then on it armed every round")


def parse_rounds(text: str) -> list[int]:
    """The inverse of :func:`sims.reasoning.rounds`."""
    found: list[int] = []
    for part in re.split(r", | and ", text.removeprefix("rounds ").removeprefix("round ")):
        lo, _, hi = part.partition(" to ")
        found += range(int(lo), int(hi or lo) + 1)
    return found


@pytest.mark.parametrize("ks", [[1], [1, 2], [3, 4, 5], [1, 3, 4, 5, 8, 9], [2, 4, 6]])
def test_rounds_are_named_as_a_reader_says_them(ks):
    assert parse_rounds(rounds(ks)) == ks
    assert rounds([2, 3, 4, 7]) == "rounds 2 to 4 and 7"


ARMED = re.compile(r"it armed in (rounds? \d+(?:(?:, | and | to )\d+)*)")
REASONS = {  # a phrase each explanation has, for a game of 12 rounds with an arming early on
    "always_cooperate": "restrained every round, whatever you did",
    "always_defect": "armed every round, whatever you did",
    "tit_for_tat": "restrained in round 1, then copied your previous move",
    "suspicious_tit_for_tat": "armed in round 1, then copied your previous move",
    "generous_tit_for_tat": "forgives by chance, 33% of the time",
    "tit_for_two_tats": "armed only after you had armed in both of the two rounds before",
    "two_tits_for_tat": "answered each of your armings by arming in the next two rounds",
    "grim_trigger": "restrained until you armed in round",
    "win_stay_lose_shift": "kept a move that had paid",
    "alternator": "did the opposite of its own previous move every round",
    "random": "tossed a coin every round",
    "detective": "opened with restrain, arm, restrain, restrain, to test you",
}


@pytest.mark.parametrize("strategy", st.IDS)
def test_the_explanation_tells_what_the_strategy_chose(strategy):
    """Over many games with noise: the explanation names the strategy's rule, the rounds it
    says the strategy armed in are the rounds it chose to arm (after the test, for detective),
    and every misread move is told, and no other."""
    for seed in SEEDS:
        draw = random.Random(seed)
        moves = "RRA" + "".join(draw.choice("RA") for _ in range(9))
        game = play.play(settings(strategy, 12, 0.1), play.check_moves(moves, 12), seed)
        text = play.view(game)["explanation"]
        assert text.startswith(st.label(strategy)), text
        assert REASONS[strategy] in text, text
        armed = ARMED.search(text)
        if armed:
            start = 5 if strategy == "detective" else 2 if "copied" in text else 1
            chose = [k for k in range(start, 13) if game.replies[k - 1] == st.D]
            assert parse_rounds(armed[1]) == chose, text
        told = re.findall(r"in round (\d+) was misread", text)
        flipped = [k for k in range(1, 13) for a, b in ((game.chosen, game.you),
                                                       (game.replies, game.them))
                   if a[k - 1] != b[k - 1]]
        assert sorted(int(k) for k in told) == sorted(flipped), text


def test_a_misread_move_is_shown_as_such():
    for seed in SEEDS:
        view = play.reply({"strategy": "tit_for_tat", "moves": "R" * 10, "noise": 0.2}, seed)
        for row in view["view"]["rounds"]:
            if row["you_move"] == "D":  # the reader only restrained: noise armed them
                assert row["you"] == "Arm (misread)"
                assert f"Round {row['round']}: your restraint was misread as arming" in \
                    row["sentence"]


def test_the_end_is_kept_secret_when_asked():
    asked = play.reply({"moves": "RR", "secret_end": True}, 0)["view"]
    assert asked["prompt"] == "Round 3: restrain or arm?"
    told = play.reply({"moves": "RR"}, 0)["view"]
    assert told["prompt"] == "Round 3 of 10: restrain or arm?"


def test_a_secret_end_comes_after_half_the_rounds_or_more_and_varies_with_the_seed():
    lengths = set()
    for seed in SEEDS:
        secret = {"secret_end": True, "rounds": 10}
        n = play.length(play.SPEC.validate(secret), seed)
        assert 5 <= n <= 10
        lengths.add(n)
        view = play.reply({**secret, "moves": "R" * n}, seed)["view"]
        assert view["done"] and view["prompt"] == f"The game is over after {n} rounds."
        assert not play.reply({**secret, "moves": "R" * (n - 1)}, seed)["view"]["done"]
        # The end is drawn apart from the match: the replies are those of an announced end.
        open_end = play.reply({"rounds": 10, "moves": "RA" * (n // 2)}, seed)["view"]
        hidden = play.reply({**secret, "moves": "RA" * (n // 2)}, seed)["view"]
        assert open_end["rounds"] == hidden["rounds"]
    assert len(lengths) >= 4


def test_the_worker_gets_a_game_or_a_refusal_naming_the_field():
    ok = json.loads(web.handle(json.dumps(
        {"kind": "play", "model": "play", "params": {"strategy": "detective", "moves": "RA"},
         "seed": 5})))
    assert ok["ok"] and ok["values"]["moves"] == "RA" and ok["values"]["seed"] == 5
    assert len(ok["view"]["rounds"]) == 2 and not ok["view"]["done"]
    for params, field in (({"moves": "RX"}, "moves"), ({"strategy": "grim"}, "strategy"),
                          ({"moves": "RRR", "rounds": 2}, "moves"), ({"noise": 2}, "noise")):
        refused = json.loads(web.handle(json.dumps({"kind": "play", "params": params})))
        assert refused["ok"] is False and refused["error"]["param"] == field, refused


# A reader's own strategies, written as a reader would, and the built-in each plays like: the
# same moves from the same draws (rand() where the built-in draws).
GTFT_FORGIVES = st.generosity(*play.payoffs())
WRITTEN = {
    "always_defect": 'def strategy(mine, theirs):\n    return "D"\n',
    "tit_for_tat": "def strategy(mine, theirs):\n    return theirs[-1] if theirs else 'C'\n",
    "random": "def strategy(mine, theirs, rand):\n    return 'C' if rand() < 0.5 else 'D'\n",
    "generous_tit_for_tat": (
        "def strategy(mine, theirs, rand):\n    if not theirs or theirs[-1] == 'C':\n"
        f"        return 'C'\n    return 'C' if rand() < {GTFT_FORGIVES!r} else 'D'\n"),
}


def yours(moves: str, source: str, rounds_: int = 12, noise: float = 0.0,
          seed: int = 0) -> dict:
    return play.reply({"strategy": custom_strategy.ID, "rounds": rounds_, "noise": noise,
                       "moves": moves}, seed, source)


@pytest.mark.parametrize("builtin", WRITTEN)
@pytest.mark.parametrize("noise", [0.0, 0.15])
def test_a_readers_strategy_replies_as_its_code_does(builtin, noise):
    """Against the reader's own code the replies, the misreadings and the scores are those of
    the built-in that the code writes out, draw for draw, for many seeds and games."""
    for seed in SEEDS:
        moves = "".join(random.Random(seed).choice("RA") for _ in range(12))
        theirs = yours(moves, WRITTEN[builtin], noise=noise, seed=seed)
        ours = play.reply({"strategy": builtin, "rounds": 12, "noise": noise, "moves": moves},
                          seed)
        mine, built = theirs["view"]["rounds"], ours["view"]["rounds"]
        assert [(r["you_move"], r["them_move"], r["them"]) for r in mine] == \
            [(r["you_move"], r["them_move"], r["them"]) for r in built], (builtin, seed)
        assert theirs["view"]["score"] == ours["view"]["score"].replace(
            st.label(builtin).lower(), "your strategy")
        assert theirs["values"]["strategy"] == custom_strategy.ID


def test_a_readers_strategy_is_named_as_the_editor_names_it():
    view = yours("RRAR", WRITTEN["always_defect"], rounds_=4)["view"]
    assert [r["them"] for r in view["rounds"]] == ["Arm"] * 4
    assert view["columns"][2] == custom_strategy.LABEL == "Your strategy"
    assert view["score"] == "Score: you 1, your strategy 16."
    assert view["rounds"][0]["sentence"] == \
        "Round 1: you restrained; your strategy armed. You get 0, it gets 5."
    labels = dict(zip(play.SPEC["strategy"].choices, play.SPEC["strategy"].choice_labels,
                      strict=True))
    assert labels[custom_strategy.ID] == custom_strategy.LABEL


BROKEN = [
    "def strategy(mine, theirs):\n    return (theirs[-1]\n",  # a syntax error
    "def strategy(mine, theirs):\n    return 'cooperate'\n",  # a wrong move
    "import random\ndef strategy(mine, theirs):\n    return 'C'\n",  # a refused import
    "def strategy(mine):\n    return 'C'\n",  # a wrong signature
]


@pytest.mark.parametrize("source", BROKEN)
def test_a_broken_strategy_is_refused_with_the_editor_blocks_own_message(source):
    """The play block's request is refused with the message, line and column that the editor
    block's Run gets for the same code (sims.custom_strategy)."""
    def ask(kind: str, params: dict) -> dict:
        return json.loads(web.handle(json.dumps(
            {"kind": kind, "model": kind, "params": params, "seed": 0, "source": source})))

    refused = ask("play", {"strategy": custom_strategy.ID, "moves": "R"})
    ran = ask("strategy", {})
    assert refused == ran
    assert refused["ok"] is False and refused["error"]["kind"] == "strategy"
    with pytest.raises(custom_strategy.StrategyError) as err:
        custom_strategy.load(source)
    assert refused["error"]["message"] == str(err.value)


def test_a_strategy_that_fails_only_in_the_game_says_on_which_move():
    """A mistake the trial does not meet (the code fails on what this reader did) is told
    with the strategy's line and the move, and the game before it plays."""
    source = ("def strategy(mine, theirs):\n    if theirs == 'CDC':\n        return 1 / 0\n"
              "    return 'C'\n")
    assert [r["them"] for r in yours("RAR", source)["view"]["rounds"]] == ["Restrain"] * 3
    refused = json.loads(web.handle(json.dumps(
        {"kind": "play", "params": {"strategy": custom_strategy.ID, "moves": "RARR"},
         "source": source})))
    assert refused["error"] == {
        "kind": "strategy", "param": "strategy", "line": 3, "column": None,
        "message": "strategy: line 3: ZeroDivisionError: division by zero (on move 4)"}


def test_a_game_against_your_strategy_without_its_code_is_refused():
    refused = json.loads(web.handle(json.dumps(
        {"kind": "play", "params": {"strategy": custom_strategy.ID, "moves": "R"}})))
    assert refused["error"]["param"] == "strategy"
    assert "code is missing" in refused["error"]["message"]
    ignored = play.reply({"strategy": "tit_for_tat", "moves": "A"}, 0, BROKEN[0])  # not its
    assert ignored["view"]["rounds"][0]["them"] == "Restrain"


AFTER = re.compile(r"after a round in which you (restrained|armed), it (.+)")


def told_after(text: str) -> dict[tuple[str, str], list[int]]:
    """(your move, its answer) -> the rounds, as the explanation's first sentence says them."""
    told = {}
    for clause in text.split(". ")[0].split("; ")[1:]:
        after, answers = AFTER.fullmatch(clause).groups()
        for part in re.split(r" and (?=(?:restrained|armed) in )", answers):
            did, _, ks = part.partition(" in ")
            told[after, did] = parse_rounds(ks)
    return told


@pytest.mark.parametrize("source", [*WRITTEN.values(), (
    "def strategy(mine, theirs):\n    return 'D' if len(mine) % 3 == 2 else 'C'\n")])
def test_the_explanation_of_your_strategy_tells_what_it_did_and_claims_no_rule(source):
    """The words at the end name, for each of the reader's moves as the strategy saw them,
    the rounds after it in which the strategy restrained and armed, and nothing else: no
    built-in's reasoning is put in the mouth of the reader's code."""
    for seed in SEEDS:
        n = 12
        moves = "".join(random.Random(seed).choice("RA") for _ in range(n))
        view = yours(moves, source, rounds_=n, noise=0.1, seed=seed)["view"]
        game = play.play(*play.validate({"strategy": custom_strategy.ID, "rounds": n,
                                         "noise": 0.1, "moves": moves}, seed, source))
        text = view["explanation"]
        opening = "armed" if game.replies[0] == st.D else "restrained"
        assert text.startswith("Your strategy is your own code, so this tells only what it "
                               f"did, not why: it {opening} in round 1;"), text
        verb = {st.C: "restrained", st.D: "armed"}
        truth: dict[tuple[str, str], list[int]] = {}
        for k in range(2, n + 1):
            truth.setdefault((verb[game.you[k - 2]], verb[game.replies[k - 1]]), []).append(k)
        assert told_after(text) == truth, text
        assert ("misread ones included" in text) == (game.chosen[:-1] != game.you[:-1])
        assert not any(phrase in text for phrase in REASONS.values()), text


@pytest.mark.slow
def test_pyodide_plays_every_game_byte_for_byte_as_cpython():
    """The example game is played in CPython at build time and the reader's in Pyodide: the
    same request gives the same reply, text for text, for every strategy, with noise."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Pyodide side of the comparison cannot run")
    requests = [{"kind": "play", "seed": seed,
                 "params": {"strategy": strategy, "noise": 0.15, "rounds": 20,
                            "secret_end": secret, "moves": "".join(
                                random.Random(seed).choice("RA") for _ in range(20 - 10 * secret))}}
                for strategy in st.IDS for seed in range(5) for secret in (False, True)]
    requests += [{"kind": "play", "seed": seed, "source": source,
                  "params": {"strategy": custom_strategy.ID, "noise": 0.15, "rounds": 12,
                             "moves": "".join(random.Random(seed).choice("RA")
                                              for _ in range(12))}}
                 for source in [*WRITTEN.values(), BROKEN[0]] for seed in range(3)]
    done = subprocess.run(in_pyodide_command(node, build_wheel()),
                          input=json.dumps([{"request": r} for r in requests]),
                          capture_output=True, text=True, cwd=ROOT, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    replies = [r["reply"] for r in json.loads(done.stdout)["results"]]
    assert replies == [web.handle(json.dumps(r)) for r in requests]


def used_text(view: dict) -> str:
    """The line of the game's settings as a reader reads it, from Python's parts."""
    return "".join(part["text"] + part.get("code", "") for part in view["used"])


def test_the_game_settings_line_is_written_once_in_python_and_only_placed_by_the_page():
    from simsite.render import used_html

    shown = play.reply({"strategy": "detective", "rounds": 6, "noise": 0.1, "moves": "RA"},
                       5)["view"]
    line = used_text(shown)
    assert line.startswith("Game settings: ") and line.endswith("; your moves RA; seed 5.")
    labels = [q.label for q in play.SPEC.params]
    assert [p["text"] for p in shown["used"] if p.get("setting")] == [f"{x} = " for x in labels]
    html = used_html(shown["used"])  # the pre-rendered line: the same parts, the same words
    assert re.sub(r"<[^>]+>", "", html) == line
    assert html.count('<span class="sim-param">') == len(labels)
    assert used_text(play.reply({}, 0)["view"]).endswith("; your moves none; seed 0.")
    script = (ROOT / "docs" / "javascripts" / "sims-play.js").read_text(encoding="utf-8")
    own = {p["text"] for p in shown["used"]
           if not p.get("setting") and re.search("[a-z]", p["text"])}
    assert own == {"Game settings: ", "; your moves ", "; seed "}
    for text in own:  # the page script writes none of the line's words itself
        assert text not in script, text
    assert "Game settings" not in script and "your moves" not in script
