"""Watch time pass: a replay's scrubber and play button, observed as a reader meets them.

A page of three blocks (evolution, the alliance world, the spiral) is built with the real
config. The reader moves the scrubber with the keyboard and the test reads what the figure
draws (tokens per colour, the states' classes and sizes, the beliefs' bars) and says (the
scrubber's value text, the state in words), against the model's own result at that step in
CPython. Play runs and Pause stops; a live result replays from the start, except under reduced
motion; scrubbing never moves the figure or what follows it.
"""

from __future__ import annotations

import math
import time

import pytest

from sims import registry, view
from sims.frames.alliances import AREA
from sims.models.strategies import label
from tests.browser.conftest import live, set_number
from tests.conftest import one_page_server

EVOLUTION = {"generations": 30}
WORLD = {"rule": "balance_power", "states": 12, "revisionists": 3, "turns": 40}
SPIRAL = {"misperception": 0.2, "prior_a": 0.4}
PAGE = f"""# Replays

```sim
model: evolution
id: evo
controls: [generations, rounds]
params: {EVOLUTION}
```

```sim
model: alliances
id: world
seed: 1
params: {WORLD}
```

```sim
model: spiral
id: spiral
params: {SPIRAL}
```
"""


replay_server = one_page_server("replay", PAGE)


def python(model: str, params: dict, seed: int = 0) -> tuple[dict, dict]:
    """The model's result and its replay's stage, as CPython makes them."""
    result = registry.run(model, params, seed)
    return result.to_dict(), view.view(result, registry.get(model).SPEC)["replay"]


def scrubber(page, block: str):
    return page.locator(f"#{block} .sim-replay input[type=range]")


def step_of(page, block: str) -> int:
    return int(scrubber(page, block).input_value())


def drawn(page, block: str) -> dict:
    """What the figure shows: each mark's tag and attributes, the labels and the words."""
    return page.eval_on_selector(f"#{block} figure.sim-replay", """(figure) => ({
        marks: [...figure.querySelectorAll(".sim-marks > *")].map((m) => ({
            tag: m.tagName, cls: m.getAttribute("class") ?? "",
            r: Number(m.getAttribute("r")), height: Number(m.getAttribute("height")),
            text: m.textContent})),
        valuetext: figure.querySelector("input[type=range]").getAttribute("aria-valuetext"),
        now: figure.querySelector(".sim-replay-now").textContent,
        state: figure.querySelector(".sim-replay-state").textContent,
        playing: figure.dataset.playing === "true",
    })""")


def press(page, block: str, *keys: str) -> None:
    scrubber(page, block).focus()
    for key in keys:
        page.keyboard.press(key)


def colours(marks: list[dict], base: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for m in marks:
        names = m["cls"].split()
        if base in names:
            for n in names:
                if n.startswith("sim-k"):
                    found[n] = found.get(n, 0) + 1
    return found


def test_scrubbing_evolution_with_the_keyboard_shows_each_generations_players(
        page, guard, replay_server):
    page.goto(replay_server.url)
    data, stage = python("evolution", EVOLUTION)
    legend = {item["text"]: item["class"] for item in stage["legend"]}
    last = EVOLUTION["generations"]
    assert drawn(page, "evo")["valuetext"] == f"Generation {last} of {last}"  # the final frame
    for keys, t in ((["Home"], 0), (["ArrowRight"] * 3, 3), (["ArrowRight", "ArrowLeft",
                                                                "ArrowRight"], 4),
                    (["End"], last)):
        press(page, "evo", *keys)
        shown = drawn(page, "evo")
        assert step_of(page, "evo") == t
        assert shown["valuetext"] == shown["now"] == f"Generation {t} of {last}"
        assert shown["state"] == stage["steps"][t]["text"]
        tokens = colours(shown["marks"], "sim-token")
        for s, counts in data["counts"].items():
            assert tokens.get(legend[label(s)], 0) == counts[t], (t, s)


def test_scrubbing_the_alliance_world_shows_each_turns_sides_and_power(
        page, guard, replay_server):
    page.goto(replay_server.url)
    data, stage = python("alliances", WORLD, seed=1)
    names = data["states"]
    for t in (0, 1, 7, WORLD["turns"]):
        press(page, "world", "Home", *["ArrowRight"] * t)
        shown = drawn(page, "world")
        assert shown["valuetext"] == f"Turn {t} of {WORLD['turns']}"
        assert shown["state"] == stage["steps"][t]["text"]
        states = [m for m in shown["marks"] if "sim-state" in m["cls"].split()]
        assert len(states) == len(names)
        by_side: dict[str, set[str]] = {}
        for k, m in enumerate(states):
            share = data["shares"][t][k]
            assert ("sim-gone" in m["cls"]) == (share == 0), (t, names[k])
            if t and share:
                side = data["sides"][t - 1][k]
                by_side.setdefault(side, set()).update(
                    n for n in m["cls"].split() if n.startswith("sim-k"))
        assert all(len(c) == 1 for c in by_side.values()), by_side  # one colour a side
        for m, share in zip(states, data["shares"][t], strict=True):
            if share:  # a circle's area is its share of power
                assert m["r"] == pytest.approx(AREA * math.sqrt(share), abs=0.06)


def test_scrubbing_the_spiral_shows_each_rounds_beliefs_and_moves(page, guard, replay_server):
    page.goto(replay_server.url)
    data, stage = python("spiral", SPIRAL)
    rounds = registry.run("spiral", SPIRAL, 0).params["rounds"]
    for t in (0, 1, 2, rounds // 2, rounds):
        press(page, "spiral", "Home", *["ArrowRight"] * t)
        shown = drawn(page, "spiral")
        assert shown["valuetext"] == f"Round {t} of {rounds}"
        assert shown["state"] == stage["steps"][t]["text"]
        frames = [m for m in shown["marks"] if m["cls"] == "sim-frame"]
        bars = [m for m in shown["marks"] if m["cls"] == "sim-belief"]
        moves = [m["cls"].split()[1] for m in shown["marks"] if "sim-move" in m["cls"]]
        for side, frame, bar, move in zip("AB", frames, bars, moves, strict=True):
            assert bar["height"] / frame["height"] == pytest.approx(
                data["beliefs"][side][t], abs=0.002)
            played = data["moves"][side][t - 1] if t else None
            assert move == {"arm": "sim-arm", "restrain": "sim-restrain", None: "sim-none"}[
                played]


def test_play_runs_to_the_end_and_pause_stops(page, guard, replay_server):
    page.goto(replay_server.url)
    press(page, "evo", "Home")
    play = page.locator("#evo .sim-replay-play")
    assert play.inner_text() == "Play"
    play.click()
    assert play.inner_text() == "Pause"
    deadline = time.monotonic() + 10
    while step_of(page, "evo") < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert step_of(page, "evo") >= 3
    play.click()
    assert play.inner_text() == "Play"
    stopped = step_of(page, "evo")
    time.sleep(1)
    assert step_of(page, "evo") == stopped < EVOLUTION["generations"]
    play.click()  # on from where it stopped, to the end, and it stops there
    deadline = time.monotonic() + 20
    while drawn(page, "evo")["playing"] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert step_of(page, "evo") == EVOLUTION["generations"]
    assert play.inner_text() == "Play"


def test_a_live_result_replays_from_the_start_but_not_under_reduced_motion(
        page, guard, replay_server):
    page.goto(replay_server.url)
    set_number(page, "evo", "generations", "20")
    live(page, "evo")
    _, stage = python("evolution", {**EVOLUTION, "generations": 20})
    assert scrubber(page, "evo").get_attribute("max") == "20"
    deadline = time.monotonic() + 20
    seen = []
    while drawn(page, "evo")["playing"] and time.monotonic() < deadline:
        seen.append(step_of(page, "evo"))
        time.sleep(0.05)
    assert seen and min(seen) < 20, "a live result plays from the start"
    assert drawn(page, "evo")["state"] == stage["steps"][20]["text"]

    page.emulate_media(reduced_motion="reduce")
    set_number(page, "evo", "generations", "12")
    page.wait_for_selector("#evo .sim-replay input[type=range][max='12']", timeout=90_000)
    for _ in range(10):  # a second: it never moves by itself
        shown = drawn(page, "evo")
        assert not shown["playing"]
        assert shown["valuetext"] == "Generation 12 of 12"
        time.sleep(0.1)
    press(page, "evo", "Home", "ArrowRight")  # the scrubber still steps
    assert drawn(page, "evo")["valuetext"] == "Generation 1 of 12"


def test_a_drag_replays_only_its_settled_result_and_keeps_the_figures_marks(
        page, guard, replay_server):
    """A slider dragged faster than Python answers: a result that a newer request is already
    replacing shows its last step and does not play; only the settled result plays from the
    start. Results with as many marks as the figure on show are set on its marks in place."""
    page.goto(replay_server.url)
    set_number(page, "evo", "generations", "25")
    live(page, "evo")
    drag = [26, 27, 28, 29, 30]
    sizes = {len(python("evolution", {**EVOLUTION, "generations": g})[1]["marks"])
             for g in (25, *drag)}
    assert len(sizes) == 1  # every generation count draws the same players
    page.evaluate("""() => {
        const root = document.querySelector("#evo");
        const figure = root.querySelector("figure.sim-replay");
        window.__drag = {plays: [], replies: [], rebuilt: 0,
                         first: figure.querySelector(".sim-marks > *")};
        new MutationObserver(() => {
            if (figure.dataset.playing === "true") window.__drag.plays.push(
                root.querySelector(".sim-replay input[type=range]").max);
        }).observe(figure, {attributes: true, attributeFilter: ["data-playing"]});
        new MutationObserver(() => { window.__drag.rebuilt += 1; }).observe(
            figure.querySelector(".sim-replay-svg"), {childList: true});
        root.addEventListener("sims:outcome", (e) => window.__drag.replies.push(e.detail.kind));
    }""")
    page.evaluate("""(values) => {  // one drag, every step before Python answers the first
        const slider = document.querySelector("#evo-generations");
        for (const v of values) {
            slider.value = String(v);
            slider.dispatchEvent(new Event("input", {bubbles: true}));
        }
    }""", drag)
    page.wait_for_function("() => window.__drag.replies.filter((k) => k === 'reply').length >= 2",
                           timeout=90_000)
    page.wait_for_selector("#evo .sim-status[data-kind=live]")
    result = page.evaluate("""() => ({...window.__drag,
        same: window.__drag.first === document.querySelector("#evo .sim-marks > *")})""")
    assert result["replies"].count("reply") == 2, result["replies"]  # the first and the last
    assert result["plays"] == ["30"], "only the settled result plays"
    assert result["rebuilt"] == 0 and result["same"], "the marks are set in place"
    deadline = time.monotonic() + 20
    while drawn(page, "evo")["playing"] and time.monotonic() < deadline:
        time.sleep(0.1)
    _, stage = python("evolution", {**EVOLUTION, "generations": 30})
    assert drawn(page, "evo")["state"] == stage["steps"][30]["text"]


@pytest.mark.parametrize("width", [1280, 360])
def test_scrubbing_keeps_the_figure_and_the_page_below_it_still(
        page, guard, replay_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(replay_server.url)

    def boxes():
        return page.eval_on_selector("#world", """(block) => {
            const box = (sel) => { const r = block.querySelector(sel).getBoundingClientRect();
                                   return [r.width, r.height, r.top + scrollY]; };
            return [box(".sim-replay-svg"), box(".sim-replay-controls"), box(".sim-charts")];
        }""")

    first = boxes()
    for t in (0, 1, 5, 20, 40):
        press(page, "world", "Home", *["ArrowRight"] * t)
        assert boxes() == first, t


def test_without_javascript_the_figure_is_the_last_frame_and_has_no_scrubber(
        browser, replay_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(replay_server.url)
    _, stage = python("alliances", WORLD, seed=1)
    assert page.locator("#world .sim-replay-svg").is_visible()
    assert page.locator("#world .sim-replay input[type=range]").count() == 0
    assert page.locator("#world .sim-replay-now").inner_text() == stage["steps"][-1]["label"]
    assert page.locator("#world .sim-replay-state").inner_text() == stage["steps"][-1]["text"]
    context.close()
