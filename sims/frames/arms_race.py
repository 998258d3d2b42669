"""The arms race's years: the two arms levels as two bars, at the times of the model's table.

The steps are the rows of the result's main table (every tenth of the model's 200 samples, so a
step is a year when 20 years are simulated): at each, a bar per state stands for its arms level,
up from a zero line (down from it for a negative level, which Richardson read as cooperation),
on one scale for the whole run. When the race settles, a dashed line across each bar marks the
level it settles at (the model's ``equilibrium``), within the scale.
"""

from __future__ import annotations

from ..models.arms_race import SAMPLES
from ..result import Result
from .stage import Stage, colour, px, step_label

WIDTH, HEIGHT = 320, 200
TOP, PLOT_H, BAR_W = 30, 140, 60
CENTRE = {"A": 100, "B": 220}
STEPS = 20  # steps after the start: the table's rows


def _level(x: float) -> str:
    return f"{x:.3g}"


def frames(result: Result) -> Stage:
    ts, levels = result.data["t"], {"A": result.data["x"], "B": result.data["y"]}
    every = SAMPLES // STEPS
    samples = range(0, len(ts), every)
    rest = result.data["equilibrium"] if result.data["stable"] else None
    marks = [*levels["A"], *levels["B"], *((rest["x"], rest["y"]) if rest else ())]
    lo, hi = min(0.0, *marks), max(1.0, *marks)  # the scale holds the rest point too
    scale = PLOT_H / (hi - lo)
    zero = TOP + hi * scale
    stage = Stage(
        "Arms levels, year by year",
        "Each bar is one state's arms level (below the line: negative, read as cooperation), "
        "on one scale for the whole run.", "Year", WIDTH, HEIGHT,
        legend=[{"class": colour(i), "text": f"{s}'s arms"} for i, s in enumerate(levels)])
    bars = {}
    for i, s in enumerate(levels):
        stage.add("text", s, x=CENTRE[s], y=HEIGHT - 8, class_="sim-replay-label")
        bar = stage.add("rect", x=CENTRE[s] - BAR_W / 2, y=px(zero), width=BAR_W, height=0,
                        class_=f"sim-bar {colour(i)}")
        value = stage.add("text", "", x=CENTRE[s], y=px(zero), class_="sim-replay-value")
        bars[s] = (bar, value)
    stage.add("line", x1=20, x2=WIDTH - 20, y1=px(zero), y2=px(zero), class_="sim-zero")
    if rest:
        for s, k in (("A", "x"), ("B", "y")):
            level = px(zero - rest[k] * scale)
            stage.add("line", x1=CENTRE[s] - BAR_W / 2 - 8, x2=CENTRE[s] + BAR_W / 2 + 8,
                      y1=level, y2=level, class_="sim-threshold")
        stage.legend.append({"class": "sim-threshold", "text": "where it settles"})
    horizon = f"{result.params['horizon']:g}"
    for i in samples:
        shown = {}
        for s, (bar, value) in bars.items():
            level = levels[s][i]
            top = zero - max(level, 0.0) * scale
            shown[(bar, "y")] = px(top)
            shown[(bar, "height")] = px(abs(level) * scale)
            shown[(value, "y")] = px(top - 6 if level >= 0 else zero + abs(level) * scale + 14)
            shown[(value, "text")] = _level(level)
        year = f"{ts[i]:.4g}"
        stage.frame(step_label("Year", year, horizon),
                    f"Year {year}: A's arms {_level(levels['A'][i])}, B's "
                    f"{_level(levels['B'][i])}.", shown)
    return stage
