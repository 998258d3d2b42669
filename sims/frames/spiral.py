"""The spiral's rounds: each state's suspicion of the other and both moves, round by round.

Round 0 is the start (the priors, no move yet); round t shows the moves of round t (chosen on
the beliefs before it), what each state saw of the other's, and the beliefs after it (the
model's ``beliefs[s][t]``). A bar per
state fills with its belief that the other is expansionist, a dashed line marks the level above
which it arms, and a token under it takes the colour of its move.
"""

from __future__ import annotations

from ..models.spiral import ARM, EXPANSIONIST, SIDES
from ..result import Result
from .stage import Stage, px, step_label

WIDTH, HEIGHT = 320, 220
TOP, BAR_H, BAR_W = 40, 110, 44  # the belief bars: their top, height and width
CENTRE = {"A": 90, "B": 230}
OTHER = {"A": "B", "B": "A"}
MOVE_CLASS = {ARM: "sim-arm", "restrain": "sim-restrain", None: "sim-none"}


def _percent(x: float) -> str:
    return f"{x:.0%}"


def _why(result: Result, side: str) -> str:
    """When the side arms: above its threshold, or always (an expansionist)."""
    if result.params[f"type_{side.lower()}"] == EXPANSIONIST:
        return "an expansionist, it arms whatever it believes"
    return f"it arms above {_percent(result.data['thresholds'][side])}"


def _round_words(result: Result, t: int) -> str:
    moves, seen, beliefs = result.data["moves"], result.data["seen"], result.data["beliefs"]
    sure = (f"A is {_percent(beliefs['A'][t])} sure that B is expansionist ({_why(result, 'A')}), "
            f"B {_percent(beliefs['B'][t])} sure of A ({_why(result, 'B')}).")
    if t == 0:
        return f"Before the first round: {sure}"
    did = ", ".join(f"{s} {'arms' if moves[s][t - 1] == ARM else 'restrains'}" for s in SIDES)
    misread = [f"{s} misread {OTHER[s]}'s move as {seen[s][t - 1]}"
               for s in SIDES if seen[s][t - 1] != moves[OTHER[s]][t - 1]]
    return (f"Round {t}: {did}" + (f" ({'; '.join(misread)})" if misread else "")
            + f". After it, {sure}")


def frames(result: Result) -> Stage:
    beliefs, moves = result.data["beliefs"], result.data["moves"]
    stage = Stage(
        "Suspicion and moves, round by round",
        "Each bar fills with one state's belief that the other is expansionist; the dashed "
        "line is the level above which it arms; the mark below shows its move in the round.",
        "Round", WIDTH, HEIGHT,
        legend=[{"class": "sim-arm", "text": "arms"},
                {"class": "sim-restrain", "text": "restrains"}])
    values = {}
    for s in SIDES:
        x = CENTRE[s] - BAR_W / 2
        stage.add("text", f"{s} suspects {OTHER[s]}", x=CENTRE[s], y=24,
                  class_="sim-replay-label")
        stage.add("rect", x=px(x), y=TOP, width=BAR_W, height=BAR_H, class_="sim-frame")
        bar = stage.add("rect", x=px(x), y=TOP + BAR_H, width=BAR_W, height=0,
                        class_="sim-belief")
        level = TOP + BAR_H * (1 - result.data["thresholds"][s])
        stage.add("line", x1=px(x - 8), x2=px(x + BAR_W + 8), y1=px(level), y2=px(level),
                  class_="sim-threshold")
        value = stage.add("text", "", x=CENTRE[s], y=TOP + BAR_H + 22,
                          class_="sim-replay-value")
        move = stage.add("circle", cx=CENTRE[s], cy=TOP + BAR_H + 44, r=10,
                         class_="sim-move sim-none")
        word = stage.add("text", "", x=CENTRE[s] + 16, y=TOP + BAR_H + 48,
                         class_="sim-replay-move")
        values[s] = (bar, value, move, word)
    last = len(beliefs["A"]) - 1
    for t in range(last + 1):
        shown = {}
        for s, (bar, value, move, word) in values.items():
            height = px(BAR_H * beliefs[s][t])
            played = moves[s][t - 1] if t else None
            shown[(bar, "y")] = px(TOP + BAR_H - height)
            shown[(bar, "height")] = height
            shown[(value, "text")] = _percent(beliefs[s][t])
            shown[(move, "class")] = f"sim-move {MOVE_CLASS[played]}"
            shown[(word, "text")] = {ARM: "arms", None: "waits"}.get(played, "restrains")
        stage.frame(step_label("Round", t, last), _round_words(result, t), shown)
    return stage
