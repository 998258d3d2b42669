"""The charts show what the text claims: every series visible, every label legible.

Checked from the Vega-Lite specs themselves, for every chart of every model, at the model's
defaults and at every block and preset the notes hold (parsed by the site's own parser).
"""

from __future__ import annotations

import bisect
import functools
import itertools
from typing import Any

import pytest

from sims import charts, registry
from tests.helpers import ROOT, sim_blocks


@functools.cache
def settings() -> list[tuple[str, str, dict[str, Any], int]]:
    """(label, model, params, seed): each model's defaults, and each block and preset of the
    notes."""
    found = [(f"{m} defaults", m, {}, 0) for m in registry.model_ids()]
    for page in sorted((ROOT / "docs").glob("*.md")):
        for block in sim_blocks(page.read_text(encoding="utf-8")):
            found.append((f"{page.stem}: {block.title}", block.model, block.params, block.seed))
            found += [(f"{page.stem}: {block.title}: {p['label']}", block.model, p["params"],
                       block.seed) for p in block.presets]
    return found


@functools.cache
def all_charts() -> list[tuple[str, dict[str, Any]]]:
    return [(f"{label}: {spec['title']}", spec)
            for label, model, params, seed in settings()
            for spec in registry.run(model, params, seed).charts]


def line_charts() -> list[tuple[str, dict[str, Any]]]:
    return [(label, spec) for label, spec in all_charts()
            if isinstance(spec.get("mark"), dict) and spec["mark"]["type"] == "line"]


def curves(spec: dict[str, Any]) -> dict[str, list[tuple[float, float]]]:
    """Each series' points, in the order the chart joins them."""
    enc = spec["encoding"]
    along = enc.get("order", enc["x"])["field"]
    out: dict[str, list[tuple[float, float]]] = {}
    for row in sorted(spec["data"]["values"], key=lambda r: r[along]):
        out.setdefault(row[enc["color"]["field"]], []).append(
            (row[enc["x"]["field"]], row[enc["y"]["field"]]))
    return out


def dash_of(spec: dict[str, Any]) -> dict[str, list[float]]:
    scale = spec["encoding"]["strokeDash"]["scale"]
    return dict(zip(scale["domain"], scale["range"], strict=True))


def drawn_where(dash: list[float], length: int = 120) -> set[int]:
    """The pixels along a line that a dash pattern paints (SVG's stroke-dasharray: dash, gap,
    dash, ...; an empty one or one without gaps paints them all)."""
    if not any(dash[1::2]):
        return set(range(length))
    period = sum(dash)
    ends = list(itertools.accumulate(dash))
    return {p for p in range(length)
            if next(i for i, end in enumerate(ends) if p % period < end) % 2 == 0}


def test_the_coincidence_test_is_within_a_share_of_the_span_and_needs_every_point():
    rows = [{"t": t, "v": v, "s": s} for t in range(5)
            for s, v in (("A", t * 10), ("B", t * 10 + 0.05), ("C", t * 10 + 1))]
    assert charts.coinciding(rows, "s", "t", "v", "t", ["A", "B", "C"]) == [["A", "B"]]
    rows += [{"t": 5, "v": 50, "s": "A"}]  # A has one point more: no longer B's line
    assert charts.coinciding(rows, "s", "t", "v", "t", ["A", "B", "C"]) == []


def test_a_symmetric_arms_race_shows_both_lines_and_says_they_coincide():
    spec = registry.run("arms_race", {"a": 0.9, "b": 0.9, "m": 0.5, "n": 0.5}).charts[0]
    dash = dash_of(spec)
    assert drawn_where(dash["A"]) and drawn_where(dash["B"])
    assert drawn_where(dash["A"]) - drawn_where(dash["B"]), "A must show between B's dashes"
    assert spec["description"].startswith("A and B coincide")
    assert "B (same as A)" in spec["encoding"]["color"]["legend"]["labelExpr"]
    apart = registry.run("arms_race", {"a": 0.9, "b": 0.8, "m": 0.5, "n": 0.5}).charts[0]
    assert dash_of(apart) == {"A": charts.SOLID, "B": charts.SOLID}
    assert "coincide" not in apart["description"] and "legend" not in apart["encoding"]["color"]


def test_the_two_thresholds_of_a_symmetric_spiral_are_both_dashed_and_both_show():
    spec = registry.run("spiral", {}).charts[0]
    dash = dash_of(spec)
    a, b = drawn_where(dash["A arms above"]), drawn_where(dash["B arms above"])
    assert a and b and not a & b, "the two dashed thresholds take turns along one line"
    assert "A arms above and B arms above coincide" in spec["description"]


@pytest.mark.parametrize(("label", "spec"), line_charts(), ids=[c[0] for c in line_charts()])
def test_every_series_of_every_line_chart_shows_somewhere(label, spec):
    """Where curves lie on one another each still paints pixels no curve above it covers."""
    tolerance = charts.COINCIDE / 2  # found independently: a stricter test than the model's
    lines = curves(spec)
    dash = dash_of(spec)
    assert set(dash) >= set(lines), f"{label}: every series has a dash pattern"
    xs = [p[0] for c in lines.values() for p in c]
    ys = [p[1] for c in lines.values() for p in c]
    span = (max(xs) - min(xs) or 1, max(ys) - min(ys) or 1)
    names = spec["encoding"]["color"]["scale"]["domain"]  # drawing order: later ones on top
    for i, name in enumerate(names):
        under = lines.get(name, [])
        above = [m for m in names[i + 1:] if len(lines.get(m, [])) == len(under) and all(
            abs(p[0] - q[0]) <= tolerance * span[0] and abs(p[1] - q[1]) <= tolerance * span[1]
            for p, q in zip(under, lines[m], strict=True))]
        covered = set().union(*(drawn_where(dash[m]) for m in above))
        assert drawn_where(dash[name]) - covered, f"{label}: {name} is hidden by {above}"
        if above:
            assert "coincide" in spec["description"], label


# What the page draws when a spec leaves a colour to the theme: text ink by palette.
THEME_TEXT = {"light": "#000000", "dark": "#ffffff"}


def colour(layer: dict[str, Any], row: dict[str, Any], theme: str) -> str:
    """The colour ``layer`` gives ``row``, read off the spec as Vega would compute it."""
    enc = layer.get("encoding", {}).get("color")
    mark = layer["mark"] if isinstance(layer["mark"], dict) else {"type": layer["mark"]}
    if enc is None:
        explicit = mark.get("color") or mark.get("fill")
        if explicit:
            return explicit
        assert mark["type"] == "text", f"a {mark['type']} coloured by the theme"
        return THEME_TEXT[theme]
    if "value" in enc:
        return enc["value"]
    scale = enc.get("scale", {})
    if scale.get("type") == "threshold":
        return scale["range"][bisect.bisect_right(scale["domain"], row[enc["field"]])]
    assert "range" in scale and "domain" in scale, f"colours the test cannot see: {enc}"
    return scale["range"][scale["domain"].index(row[enc["field"]])]


def cell_texts() -> list[tuple[str, dict[str, Any]]]:
    """The charts that write text on coloured cells (a rect layer and a text layer)."""
    def kinds(spec: dict[str, Any]) -> list[str]:
        return [(layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"])
                for layer in spec.get("layer", [])]
    return [(label, spec) for label, spec in all_charts()
            if "rect" in kinds(spec) and "text" in kinds(spec)]


def test_cell_texts_are_found():
    assert {spec["title"] for _, spec in cell_texts()} >= {
        "Head to head: score per turn", "The threat each state sees"}


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(("label", "spec"), cell_texts(), ids=[c[0] for c in cell_texts()])
def test_text_on_a_coloured_cell_has_at_least_4_5_to_1_contrast(label, spec, theme):
    """WCAG 2 AA for text: each cell's ink against that cell's own fill, in both palettes."""
    layers = {(lay["mark"] if isinstance(lay["mark"], str) else lay["mark"]["type"]): lay
              for lay in spec["layer"]}
    for row in spec["data"]["values"]:
        fill, ink = colour(layers["rect"], row, theme), colour(layers["text"], row, theme)
        ratio = charts.contrast(fill, ink)
        assert ratio >= 4.5, f"{label}: {ink} on {fill} is {ratio:.2f}:1 ({row})"


def test_the_contrast_ratio_is_wcags():
    assert charts.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert charts.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert charts.contrast("#000000", "#000080") == pytest.approx(1.31, abs=0.01)
    assert all(max(charts.contrast(fill, i) for i in charts.INKS) >= 4.5 for fill in charts.HEAT)


def background_texts() -> list[tuple[str, dict[str, Any]]]:
    return [(label, spec) for label, spec in all_charts()
            if spec not in [s for _, s in cell_texts()]
            and any(isinstance(lay["mark"], dict) and lay["mark"]["type"] == "text"
                    for lay in spec.get("layer", []))]


def test_background_texts_are_found():
    assert {spec["title"] for _, spec in background_texts()} >= {
        "Alliances at the end", "Who is allied with whom at the end"}


@pytest.mark.parametrize(("label", "spec"), background_texts(),
                         ids=[c[0] for c in background_texts()])
def test_text_on_the_background_brings_its_own_halo(label, spec):
    """No colour has 4.5:1 against both palettes' backgrounds: black text on a white halo."""
    layers = spec["layer"]
    for i, layer in enumerate(layers):
        mark = layer["mark"]
        if not isinstance(mark, dict) or mark["type"] != "text" or mark.get("stroke"):
            continue
        halo = layers[i - 1]
        assert i > 0 and {**halo, "mark": layer["mark"]} == layer, f"{label}: no halo"
        assert halo["mark"]["stroke"] == halo["mark"]["color"] and halo["mark"]["strokeWidth"] >= 3
        for theme in THEME_TEXT:
            assert charts.contrast(colour(layer, {}, theme), halo["mark"]["stroke"]) >= 4.5
