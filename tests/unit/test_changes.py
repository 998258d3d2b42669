"""What changed from one run to the next: one sentence per model with a regime (sims/changes.py).

Each case runs the model at two settings whose regimes the model itself tells apart (checked
here from the model's own result fields), and reads the sentence the page would show after the
second run: the settings that moved, then the regime it moved from and to, or that it stayed.
"""

from __future__ import annotations

import json

import pytest

from sims import changes, charts, registry, web
from sims.models import strategies
from sims.models.two_by_two import GAME_NAMES


def run(model: str, params: dict):
    return registry.run(model, params, 0)


def previous(result) -> dict:
    """What the page sends back of the result on show."""
    return {"values": result.params, "regime": changes.regime(result).to_dict()}


def sentence(model: str, before: dict, after: dict) -> str | None:
    old, new = run(model, before), run(model, after)
    return changes.change(registry.get(model).SPEC, previous(old), new)


def lower(label: str) -> str:
    return label[0].lower() + label[1:]


def test_two_by_two_says_the_game_changed_from_one_kind_to_another():
    before, after = {"cc": 3, "cd": 0, "dc": 5, "dd": 1}, {"cc": 4, "cd": 0, "dc": 3, "dd": 2}
    old, new = run("two_by_two", before).data["game"], run("two_by_two", after).data["game"]
    assert old != new
    assert sentence("two_by_two", before, after) == (
        f"Both cooperate (CC) 3 → 4; Exploiting (DC) 5 → 3; Both defect (DD) 1 → 2: "
        f"the game changed from {GAME_NAMES[old]} to {GAME_NAMES[new]}.")


def test_two_by_two_says_when_the_game_stays_what_it_was():
    game = run("two_by_two", {}).data["game"]
    assert run("two_by_two", {"cc": 3.5}).data["game"] == game
    assert sentence("two_by_two", {}, {"cc": 3.5}) == \
        f"Both cooperate (CC) 3 → 3.5: still {GAME_NAMES[game]}."


@pytest.mark.parametrize(("before", "after", "words"), [
    (0.4, 0.9, "rose past m·n (0.36), so the race now runs away"),
    (0.9, 0.4, "fell below m·n (0.36), so the race now settles"),
    (0.4, 0.5, "is still below m·n (0.36), so the race still settles"),
])
def test_arms_race_says_where_a_b_stands_against_m_n(before, after, words):
    stable = [run("arms_race", {"a": x, "b": x}).data["stable"] for x in (before, after)]
    assert stable == [before < 0.6, after < 0.6]  # a·b against m·n = 0.36 at m = n = 0.6
    text = sentence("arms_race", {"a": before, "b": before}, {"a": after, "b": after})
    ab = registry.get("arms_race")  # labels from the spec
    label = ab.SPEC.params[0].label
    assert text.startswith(f"{label} {before} → {after}; ")
    assert f"a·b ({round(after * after, 6):g}) {words}." in text


def test_spiral_names_the_outcome_it_moved_from_and_to():
    after = {"type_b": "expansionist"}
    old, new = run("spiral", {}).data, run("spiral", after).data
    assert (old["arms_race"], new["arms_race"], new["driver"]) == (False, True, "deterrence")
    assert sentence("spiral", {}, after) == (
        "B is really a security seeker → an expansionist: the outcome changed from peace to "
        f"{changes.SPIRAL_OUTCOMES['deterrence']}.")


def test_the_iterated_tournament_names_the_old_and_the_new_winner():
    before = {"strategies": "always_defect,always_cooperate"}
    after = {}  # the model's own field of ten strategies
    old, new = run("iterated", before).data["winner"], run("iterated", after).data["winner"]
    assert old != new
    assert sentence("iterated", before, after).endswith(
        f": the winner changed from {lower(strategies.label(old))} "
        f"to {lower(strategies.label(new))}.")


def test_evolution_names_the_old_and_the_new_winner():
    old, new = run("evolution", {}).data["winner"], run("evolution", {"rounds": 2}).data["winner"]
    assert old != new
    assert sentence("evolution", {}, {"rounds": 2}) == (
        f"Rounds per match 10 → 2: the winner changed from {lower(strategies.label(old))} "
        f"to {lower(strategies.label(new))}.")


def test_alliances_say_whether_a_hegemon_or_a_war_came_of_it():
    new = run("alliances", {"rule": "bandwagon"}).data
    assert new["hegemon"] and not run("alliances", {}).data["wars"]
    assert sentence("alliances", {}, {"rule": "bandwagon"}) == (
        "How states choose sides balance against threat → bandwagon: the world changed from "
        "no war at all to a hegemon holding half of all power.")


def test_threat_says_when_the_two_rules_come_to_agree():
    after = {"w_power": 5, "w_proximity": 0, "w_offense": 0, "w_intentions": 0}
    assert run("threat", {}).data["disagree"] and not run("threat", after).data["disagree"]
    text = sentence("threat", {}, after)
    assert text.startswith("Weight of aggregate power 1 → 5; ")
    assert text.endswith(": the two rules went from disagreement over the United Kingdom, "
                         "France and Italy to agreement for every state.")


def test_more_than_three_settings_are_counted_not_listed():
    before = {"a": 0.3, "b": 0.3, "m": 0.6, "n": 0.6, "g": 1}
    after = {"a": 0.4, "b": 0.4, "m": 0.5, "n": 0.5, "g": 2}
    assert "; and 2 more settings: " in sentence("arms_race", before, after)


@pytest.mark.parametrize("sent", [
    None, "garbage", {"values": {}}, {"values": {"a": "x"}, "regime": {"key": "settles",
                                                                       "name": "n"}},
    {"values": {}, "regime": {"key": 3, "name": "n"}},
])
def test_no_sentence_without_a_usable_previous_run(sent):
    assert changes.change(registry.get("arms_race").SPEC, sent, run("arms_race", {"a": 1})) \
        is None


def test_no_sentence_when_nothing_moved():
    assert sentence("arms_race", {"a": 0.5}, {"a": 0.5}) is None


def test_the_browser_reply_carries_the_regime_and_the_sentence():
    old = run("two_by_two", {})
    reply = json.loads(web.handle(json.dumps(
        {"model": "two_by_two", "params": {"cc": 3.5}, "previous": previous(old)})))
    assert reply["regime"] == changes.regime(run("two_by_two", {"cc": 3.5})).to_dict()
    assert reply["change"] == sentence("two_by_two", {}, {"cc": 3.5})
    first = json.loads(web.handle(json.dumps({"model": "two_by_two", "params": {}})))
    assert first["change"] is None


def ghosts(model: str, before: dict, after: dict, shown=None, send=True):
    """The charts of ``after``'s result, given the page's view of ``before``'s (with its
    charts, unless ``send`` is false: the page shows the build's result)."""
    old, new = run(model, before), run(model, after)
    sent = {**previous(old), "charts": old.charts if shown is None else shown}
    if not send:
        del sent["charts"]
    again = []

    def rerun(values):
        again.append(values)
        return registry.run(model, values, 0)

    drawn = changes.with_ghosts(registry.get(model).SPEC, sent, new, rerun).charts
    assert bool(again) == (not send and any(charts_of_lines(new)))
    return old, new, drawn


def charts_of_lines(result) -> list[bool]:
    return [charts.ghostable(c) for c in result.charts]


def test_a_line_chart_draws_the_previous_run_in_grey_behind_the_new_one():
    old, new, drawn = ghosts("arms_race", {"a": 0.5}, {"a": 0.9})
    over_time = drawn[0]
    ghost, line = over_time["layer"]
    assert ghost["data"]["values"] == old.charts[0]["data"]["values"]
    assert over_time["data"]["values"] == new.charts[0]["data"]["values"]
    assert ghost["encoding"]["color"]["datum"] == "previous run"
    assert ghost["encoding"]["color"]["scale"]["range"] == [charts.NEUTRAL]
    assert line["mark"] == new.charts[0]["mark"]
    assert over_time["description"] == f"{new.charts[0]['description']} {charts.GHOST_NOTE}"


def test_a_ghost_stays_inside_a_phase_plane_as_its_lines_do():
    """The phase plane's axes are fixed; a previous run that ran away is cut at its edge."""
    _, _, drawn = ghosts("arms_race", {"a": 0.3}, {"a": 0.9})
    plane = next(c for c in drawn if "layer" in c and c["layer"][1]["mark"].get("clip"))
    assert plane["layer"][0]["mark"]["clip"] is True


def test_a_ghost_of_a_ghosted_chart_is_the_previous_run_only():
    _, middle, first = ghosts("arms_race", {"a": 0.5}, {"a": 0.9})
    _, _, second = ghosts("arms_race", {"a": 0.9}, {"a": 1.1}, shown=first)
    assert second[0]["layer"][0]["data"]["values"] == middle.charts[0]["data"]["values"]


def test_charts_that_are_not_lines_and_unmoved_settings_get_no_ghost():
    _, new, drawn = ghosts("evolution", {}, {"rounds": 3})
    kinds = [(c.get("mark") or {}).get("type") for c in new.charts]
    assert "line" not in kinds
    assert drawn == new.charts
    _, new, drawn = ghosts("arms_race", {"a": 0.5}, {"a": 0.5})
    assert drawn == new.charts
    _, new, drawn = ghosts("arms_race", {"a": 0.5}, {"a": 0.9}, shown=[{"title": 3}, "x"])
    assert drawn == new.charts


def test_without_the_previous_charts_the_previous_run_is_remade_for_its_ghost():
    old, _, drawn = ghosts("arms_race", {"a": 0.5}, {"a": 0.9}, send=False)
    assert drawn[0]["layer"][0]["data"]["values"] == old.charts[0]["data"]["values"]
    _, new, drawn = ghosts("evolution", {}, {"rounds": 3}, send=False)  # no line chart: no rerun
    assert drawn == new.charts


def test_a_rerun_of_the_same_values_is_compared_with_the_run_before():
    first, second = run("two_by_two", {}), run("two_by_two", {"cc": 4, "dc": 3, "dd": 2})
    spec = registry.get("two_by_two").SPEC
    sent = {**previous(second), "before": previous(first)}
    assert changes.against(spec, sent, second) == previous(first)
    assert changes.against(spec, sent, run("two_by_two", {"cc": 5})) == sent
    assert changes.against(spec, previous(second), second) is None
    reply = json.loads(web.handle(json.dumps(
        {"model": "two_by_two", "params": second.params, "previous": sent})))
    assert reply["change"] == sentence("two_by_two", {}, {"cc": 4, "dc": 3, "dd": 2})
