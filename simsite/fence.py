"""The ```sim fence: an author's block of YAML becomes a pre-rendered, live simulation.

    ```sim
    model: arms_race
    title: Richardson's arms race
    params: {a: 0.9, b: 0.9}
    controls: [a, b, m, n]
    presets:
      - label: A race that settles
        params: {a: 0.3, b: 0.3}
    ```

Registered with pymdownx.superfences as a custom fence (the way mkdocs-material embeds Mermaid).
At build time the model runs in CPython with the block's parameters and the block's static HTML
is emitted; in the browser, sims-page.js builds the controls from the embedded spec and runs the
same model in Pyodide. Any error in a block is logged naming the page and the block, which
fails ``mkdocs build --strict``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from html import escape
from typing import Any

import yaml

from sims import registry, view
from sims.spec import ParamError

from .render import output_html, summary_html

log = logging.getLogger("mkdocs.plugins.simsite")
KEYS = {"model", "title", "params", "controls", "presets", "seed", "id", "budget"}
DEFAULT_BUDGET_S = 10.0


class BlockError(ValueError):
    """A mistake in an author's block."""


@dataclass
class PageState:
    """Which page is being rendered, so messages can name it; set by the hooks."""

    page: str = "?"
    count: int = 0
    wheel_url: str = ""
    snapshot_url: str = ""
    ids: set[str] = field(default_factory=set)


STATE = PageState()


def start_page(page: str) -> None:
    STATE.page, STATE.count, STATE.ids = page, 0, set()


@dataclass
class Block:
    """A parsed and validated block."""

    id: str
    model: str
    title: str
    params: dict[str, Any]
    controls: list[str]
    presets: list[dict[str, Any]]
    seed: int
    budget: float = DEFAULT_BUDGET_S


def parse(source: str, number: int) -> Block:
    """Parse and validate a block's YAML; raises :class:`BlockError` with a clear message."""
    try:
        data = yaml.safe_load(source) or {}
    except yaml.YAMLError as err:
        raise BlockError(f"not valid YAML: {err}") from None
    if not isinstance(data, dict):
        raise BlockError("a sim block is a YAML mapping with at least `model:`")
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise BlockError(f"unknown key {unknown[0]!r}; allowed keys: {', '.join(sorted(KEYS))}")
    try:
        module = registry.get(data.get("model"))
        params = _params(module.SPEC, data.get("params") or {}, "params")
        seed = registry.check_seed(data.get("seed", 0))
    except ParamError as err:
        raise BlockError(str(err)) from None
    controls = data.get("controls") or []
    if not isinstance(controls, list) or any(c not in module.SPEC.names for c in controls):
        bad = controls if not isinstance(controls, list) else \
            [c for c in controls if c not in module.SPEC.names]
        raise BlockError(f"controls: {bad!r} not parameters of {data['model']}; "
                         f"it takes {', '.join(module.SPEC.names)}")
    presets = []
    for i, preset in enumerate(data.get("presets") or [], 1):
        if not isinstance(preset, dict) or not isinstance(preset.get("label"), str) \
                or set(preset) - {"label", "params"}:
            raise BlockError(f"preset {i}: expected `label:` (text) and `params:` (mapping)")
        try:
            preset_params = _params(module.SPEC, {**(data.get("params") or {}),
                                                 **(preset.get("params") or {})}, "params")
        except ParamError as err:
            raise BlockError(f"preset {preset['label']!r}: {err}") from None
        presets.append({"label": preset["label"], "params": preset_params})
    budget = data.get("budget", DEFAULT_BUDGET_S)
    if isinstance(budget, bool) or not isinstance(budget, int | float) or not 0.5 <= budget <= 120:
        raise BlockError(f"budget: {budget!r} is not allowed; expected seconds from 0.5 to 120")
    block_id = str(data.get("id") or f"sim-{number}")
    if not block_id.replace("-", "").replace("_", "").isalnum():
        raise BlockError(f"id: {block_id!r} is not allowed; use letters, digits, - and _")
    return Block(block_id, data["model"], str(data.get("title") or module.TITLE), params,
                 controls, presets, seed, float(budget))


def _params(spec: Any, raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ParamError(None, f"{where} must be a mapping of parameter names to values")
    return spec.validate(raw)


def csv_name(page: str, block_id: str) -> str:
    """The file name a block's table downloads as: its page and its id."""
    stem = page.removesuffix(".md").replace("/", "-")
    return f"{stem}-{block_id}.csv"


def render(block: Block) -> str:
    """The block's HTML: its config for the page script, and its pre-rendered output."""
    result = registry.run(block.model, block.params, block.seed)
    module = registry.get(block.model)
    shown = view.view(result, module.SPEC)
    name = csv_name(STATE.page, block.id)
    config = {
        "id": block.id, "model": block.model, "title": block.title, "seed": block.seed,
        "params": result.params, "controls": block.controls, "presets": block.presets,
        "spec": module.SPEC.to_list(), "wheel": STATE.wheel_url, "snapshot": STATE.snapshot_url,
        "budget": block.budget, "csv_name": name,
    }
    # An attribute, not a <script type="application/json">: mkdocs-material's instant
    # navigation re-creates the scripts of a new page as JavaScript.
    config_json = escape(json.dumps(config, sort_keys=True), quote=True)
    return (
        f"<div class=\"sim\" id=\"{escape(block.id)}\" data-model=\"{escape(block.model)}\" "
        f"data-config=\"{config_json}\">"
        # A heading: its level follows the page's outline (simsite/a11y.py sets it).
        f"<h3 class=\"sim-title\">Simulation: {escape(block.title)}</h3>"
        f"<div class=\"sim-controls\" hidden></div>"
        # The result in words and what became of the last run, kept in view while a control
        # is used (sims.css); then the charts and the rest.
        f"<div class=\"sim-bar\">{summary_html(shown)}"
        f"<p class=\"sim-status\" data-search-exclude>"
        f"Computed when this page was built. "
        f"Change a setting to run it live in your browser.</p></div>"
        f"<div class=\"sim-output\">{output_html(shown, name)}</div>"
        f"</div>")


def format_sim(source: str, language: str, css_class: str, options: dict, md: Any,
               **kwargs: Any) -> str:
    """pymdownx.superfences formatter for ```sim blocks."""
    STATE.count += 1
    try:
        block = parse(source, STATE.count)
        if block.id in STATE.ids:
            raise BlockError(f"id {block.id!r} is used twice on this page")
        STATE.ids.add(block.id)
        return render(block)
    except BlockError as err:
        log.error("%s: sim block %d: %s", STATE.page, STATE.count, err)
        return (f"<div class=\"admonition failure\"><p class=\"admonition-title\">Simulation "
                f"block {STATE.count} is broken</p><p>{escape(str(err))}</p></div>")
