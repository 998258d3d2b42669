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
same model in Pyodide, from the block's own settings or a preset's, each of which is run here
too. Any error in a block (its YAML, its values, the model raising or returning a NaN) is
logged as one line naming the page's file, the block's line and the model's file and line,
which fails ``mkdocs build --strict``; the block then shows the same lines in an alert box.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import yaml

from sims import changes, ensemble, registry, view
from sims.failure import failure
from sims.result import Result
from sims.spec import ParamError, for_worlds

from . import blocks, predict
from .blocks import display
from .models import model_file
from .render import output_html, summary_html

log = logging.getLogger("mkdocs.plugins.simsite")
KEYS = {"model", "title", "params", "controls", "presets", "seed", "id", "budget", "worlds",
        "predict"}
DEFAULT_BUDGET_S = 10.0
PREVIEW_NOTE = ("<p class=\"sim-preview\" data-search-exclude>Preview (<code>mkdocs serve</code>): "
                "the live run loads the code of this build without the start-up snapshot, so "
                "its first run starts more slowly.</p>")


class BlockError(ValueError):
    """A mistake in an author's block; ``line`` is the block's own line it is on, if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class PageState:
    """Which page is being rendered, so messages can name it; set by the hooks."""

    uri: str = "?"  # the page's path in the docs, e.g. games.md
    page: str = "?"  # its file as an author clicks it, e.g. docs/games.md
    count: int = 0
    wheel_url: str = ""
    preview: bool = False  # `mkdocs serve`: a broken block is shown, the server keeps going
    failures: int = 0  # errors logged for blocks so far in this build, on every page
    ids: set[str] = field(default_factory=set)
    included: dict[str, str] = field(default_factory=dict)  # block text -> "file:line"

    def files(self) -> dict[str, Any]:
        """What every live block's config gives the runtime: this build's Python files. The
        standard library is traced after the pages (:func:`fill_in`), so a build that has
        failed by then stops without starting Node: until then its own three are placeholders."""
        return {"wheel": self.wheel_url, "stdlib": LATER["stdlib"],
                "snapshot": "" if self.preview else LATER["snapshot"],
                "download": LATER["download"]}


STATE = PageState()
# What a block's config holds until the pages are written (PageState.files).
LATER = {"stdlib": "__SIMS_STDLIB_URL__", "snapshot": "__SIMS_SNAPSHOT_URL__",
         "download": "__SIMS_DOWNLOAD__"}


def fill_in(site: Path, stdlib_url: str, snapshot_url: str, download: dict[str, int]) -> None:
    """Put this build's standard library, snapshot and a first boot's bytes into the block
    configs of every written page, in place of :data:`LATER` (configs are HTML-escaped JSON)."""
    quoted = escape(json.dumps(LATER["download"]), quote=True)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if not any(mark in text for mark in LATER.values()):
            continue
        text = (text.replace(quoted, escape(json.dumps(download, sort_keys=True), quote=True))
                .replace(LATER["stdlib"], escape(stdlib_url, quote=True))
                .replace(LATER["snapshot"], escape(snapshot_url, quote=True)))
        left = [mark for mark in LATER.values() if mark in text]
        if left:
            raise RuntimeError(f"{page}: {left} not filled in (not in a block's config?)")
        page.write_text(text, encoding="utf-8")


def start_page(uri: str, page: str, included: dict[str, str]) -> None:
    """A new page: its path and file, and where the blocks of the files it includes are."""
    STATE.uri, STATE.page, STATE.count, STATE.ids = uri, page, 0, set()
    STATE.included = included


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
    worlds: int | None = None  # an ensemble of this many seeds from `seed` (sims.ensemble)
    predict: dict[str, Any] | None = None  # the reader's question first (simsite/predict.py)


def load(source: str) -> dict[str, Any]:
    """A block's YAML as a mapping; raises :class:`BlockError` at the line of a YAML error."""
    try:
        data = yaml.safe_load(source) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        what = "; ".join(filter(None, (getattr(err, "context", None),
                                       getattr(err, "problem", None)))) or str(err)
        raise BlockError(f"not valid YAML: {what}", mark.line if mark else None) from None
    if not isinstance(data, dict):
        raise BlockError("a sim block is a YAML mapping with at least `model:`")
    return data


def parse(source: str, number: int) -> Block:
    """Parse and validate a block's YAML; raises :class:`BlockError` with a clear message."""
    return validate(load(source), number)


def validate(data: dict[str, Any], number: int) -> Block:
    """Check a block's keys and values against its model's spec."""
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise BlockError(f"unknown key {unknown[0]!r}; allowed keys: {', '.join(sorted(KEYS))}")
    try:
        module = registry.get(data.get("model"))
        worlds = None
        if "worlds" in data:
            ensemble.outcomes_of(data["model"])
            worlds = ensemble.check_worlds(data["worlds"])
        params = _params(module.SPEC, data.get("params") or {}, "params", worlds)
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
                                                 **(preset.get("params") or {})}, "params",
                                    worlds)
        except ParamError as err:
            raise BlockError(f"preset {preset['label']!r}: {err}") from None
        presets.append({"label": preset["label"], "params": preset_params})
    try:
        question = predict.parse(data.get("predict"))
    except predict.PredictError as err:
        raise BlockError(str(err)) from None
    return Block(block_id_of(data, f"sim-{number}"), data["model"],
                 str(data.get("title") or module.TITLE), params, controls, presets, seed,
                 budget_of(data), worlds, question)


def budget_of(data: dict[str, Any]) -> float:
    """A block's ``budget`` (seconds a live run may take), checked."""
    budget = data.get("budget", DEFAULT_BUDGET_S)
    if isinstance(budget, bool) or not isinstance(budget, int | float) or not 0.5 <= budget <= 120:
        raise BlockError(f"budget: {budget!r} is not allowed; expected seconds from 0.5 to 120")
    return float(budget)


def block_id_of(data: dict[str, Any], default: str) -> str:
    """A block's ``id`` (its anchor and its prefix in links), checked."""
    block_id = str(data.get("id") or default)
    if not block_id.replace("-", "").replace("_", "").isalnum():
        raise BlockError(f"id: {block_id!r} is not allowed; use letters, digits, - and _")
    return block_id


def _params(spec: Any, raw: Any, where: str, worlds: int | None) -> dict[str, Any]:
    """``raw`` validated; the work limits count every world of an ensemble."""
    if not isinstance(raw, dict):
        raise ParamError(None, f"{where} must be a mapping of parameter names to values")
    with for_worlds(worlds or 1):
        return spec.validate(raw)


def csv_name(page: str, block_id: str) -> str:
    """The file name a block's table downloads as: its page and its id."""
    stem = page.removesuffix(".md").replace("/", "-")
    return f"{stem}-{block_id}.csv"


def _run(block: Block, params: dict[str, Any]) -> tuple[Result, dict[str, Any]]:
    """Run the block's model as the page does (the result and its view), at build time."""
    module = registry.get(block.model)
    result = (registry.run(block.model, params, block.seed) if block.worlds is None
              else ensemble.run(block.model, params, block.seed, block.worlds))
    try:
        result.to_dict()  # every number finite, anywhere in the result
    except ValueError as err:  # the path to the value; the model is not in the traceback
        code = module.run.__code__
        where = f"{display(Path(code.co_filename))}, line {code.co_firstlineno}"
        raise BlockError(f"ValueError: {err}, returned by run() ({where})") from None
    return result, view.view(result, module.SPEC)


def render(block: Block) -> str:
    """The block's HTML: its config for the page script, and its pre-rendered output."""
    result, shown = _run(block, block.params)
    if block.predict:
        try:
            predict.check(block.predict, result.to_dict())
        except predict.PredictError as err:
            raise BlockError(str(err)) from None
    module = registry.get(block.model)
    name = csv_name(STATE.uri, block.id)
    regime = None if block.worlds else changes.regime(result)  # an ensemble has shares
    config = {
        "id": block.id, "model": block.model, "title": block.title, "seed": block.seed,
        "params": result.params, "controls": block.controls, "presets": block.presets,
        "spec": module.SPEC.to_list(), **STATE.files(),
        "budget": block.budget, "csv_name": name, "regime": regime and regime.to_dict(),
        "predict": block.predict and predict.config(block.predict),
    }
    if block.worlds is not None:
        config["worlds"] = block.worlds
    # An attribute, not a <script type="application/json">: mkdocs-material's instant
    # navigation re-creates the scripts of a new page as JavaScript.
    config_json = escape(json.dumps(config, sort_keys=True), quote=True)
    return (
        f"<div class=\"sim\" id=\"{escape(block.id)}\" data-model=\"{escape(block.model)}\" "
        f"data-config=\"{config_json}\">"
        # A heading: its level follows the page's outline (simsite/a11y.py sets it).
        f"<h3 class=\"sim-title\">Simulation: {escape(block.title)}</h3>"
        f"{predict.static_html(block.predict) if block.predict else ''}"
        f"<div class=\"sim-controls\" hidden></div>"
        # The result in words and what became of the last run, kept in view while a control
        # is used (sims.css); then the charts and the rest.
        f"<div class=\"sim-bar\">{summary_html(shown)}"
        f"<p class=\"sim-status\" data-search-exclude>"
        f"Computed when this page was built. "
        f"Change a setting to run it live in your browser.</p></div>"
        f"<div class=\"sim-output\">{output_html(shown, name)}</div>"
        f"{PREVIEW_NOTE if STATE.preview else ''}</div>")


def claim_id(block_id: str) -> None:
    """Take ``block_id`` for this page; raises :class:`BlockError` if a block already has it."""
    if block_id in STATE.ids:
        raise BlockError(f"id {block_id!r} is used twice on this page")
    STATE.ids.add(block_id)


def error_line(line: int | None, err: BlockError) -> int | None:
    """The .md file's line of ``err``: the fence's ``line`` plus its line in the block."""
    return line + 1 + err.line if line is not None and err.line is not None else line


def format_sim(source: str, language: str, css_class: str, options: dict, md: Any,
               **kwargs: Any) -> str:
    """pymdownx.superfences formatter for ```sim blocks.

    Anything that goes wrong in a block is caught here (superfences would otherwise show the
    block's YAML as text and carry on) and told as located errors, one per failing run: the
    block's own settings and each preset. The block shows them in an alert box instead.
    """
    STATE.count += 1
    file, line = _located(source, options)
    block_id, model = f"sim-{STATE.count}", None
    failed: list[tuple[int | None, str | None, str]] = []  # (line, preset, message)
    try:
        data = load(source)
        block_id = str(data.get("id") or block_id)
        model = data["model"] if isinstance(data.get("model"), str) else None
        block = validate(data, STATE.count)
        claim_id(block.id)
        html, failed = _runs(block, line)
        if not failed:
            return html
    except BlockError as err:
        failed.append((error_line(line, err), None, str(err)))
    except Exception as err:  # the model does not import, or the spec fails: located too
        failed.append((line, None, _failure(err, model)))
    return broken(block_id, [_message(file, at, block_id, model, label, text)
                             for at, label, text in failed])


def broken(block_id: str, messages: list[str]) -> str:
    """Log a broken block's located errors (failing a strict build) and return its alert box."""
    STATE.failures += len(messages)
    for message in messages:
        # A preview keeps serving (a strict rebuild that fails leaves `mkdocs serve` hanging):
        # the error is printed and shown in the page; `mkdocs build --strict` fails on it.
        (log.info if STATE.preview else log.error)(message)
    items = "".join(f"<li><code>{escape(m)}</code></li>" for m in messages)
    return (f"<div class=\"admonition failure sim-broken\" role=\"alert\">"
            f"<p class=\"admonition-title\">Simulation {escape(block_id)} is broken</p>"
            f"<ul>{items}</ul></div>")


def _runs(block: Block, line: int | None) -> tuple[str, list]:
    """The block's HTML, and what fails of its own settings and of each preset's."""
    html, failed = "", []
    for label, params in [(None, block.params)] + [(p["label"], p["params"])
                                                   for p in block.presets]:
        try:
            if label is None:
                html = render(block)
            else:
                _run(block, params)
        except BlockError as err:  # a result that is not one: said with its own place
            failed.append((line, label, str(err)))
        except Exception as err:  # the model's own bug, at its own file and line
            failed.append((line, label, _failure(err, block.model)))
    return html, failed


def _failure(err: BaseException, model: str | None) -> str:
    """What the model raised, at the model's own line (where it is in the traceback)."""
    return failure(err, model_file(model) if model else None, display)


def _located(source: str, options: dict) -> tuple[str, int | None]:
    """The file and line of the block's fence: from the line the hooks wrote into its header,
    or, for a block of an included file, from the hooks' note of that file's blocks."""
    if str(options.get("line", "")).isdecimal():
        return STATE.page, int(options["line"])
    file, _, line = STATE.included.get(blocks.key(source), STATE.page).rpartition(":")
    return (file, int(line)) if line.isdecimal() else (STATE.page, None)


def _message(file: str, line: int | None, block_id: str, model: str | None,
             preset: str | None, text: str) -> str:
    """One located error: 'docs/p.md:42: block "sim-2" (model m, preset "P"): what'."""
    what = ", ".join(filter(None, (model and f"model {model}",
                                   preset is not None and f"preset {json.dumps(preset)}")))
    where = f"{file}:{line}" if line is not None else file
    return f"{where}: block {json.dumps(block_id)}{f' ({what})' if what else ''}: {text}"


def validator(language: str, inputs: dict, options: dict, attrs: dict, md: Any) -> bool:
    """pymdownx.superfences validator: a ```sim fence takes the ``line`` the hooks wrote."""
    if "line" in inputs:
        options["line"] = inputs["line"]
    return True


def numbered_formatter(prefix: str, validate: Callable[[dict[str, Any], int], dict[str, Any]],
                       render: Callable[[dict[str, Any]], str]) -> Callable[..., str]:
    """A pymdownx.superfences formatter for a block kind other than ``sim`` (```play,
    ```strategy): its blocks are numbered per page (``{prefix}-1``, ...), each is checked by
    ``validate(data, number)``, claims its id and is drawn by ``render``; a mistake is a
    located error, as a sim block's is."""
    page: dict[str, Any] = {"ids": None, "count": 0}  # this page's blocks of the kind so far

    def format_block(source: str, language: str, css_class: str, options: dict, md: Any,
                     **kwargs: Any) -> str:
        if page["ids"] is not STATE.ids:  # a new page (start_page made a new set)
            page.update(ids=STATE.ids, count=0)
        page["count"] += 1
        file, line = _located(source, options)
        block_id = f"{prefix}-{page['count']}"
        try:
            data = load(source)
            block_id = str(data.get("id") or block_id)
            block = validate(data, page["count"])
            claim_id(block["id"])
            return render(block)
        except BlockError as err:
            return broken(block_id, [_message(file, error_line(line, err), block_id, None, None,
                                              str(err))])

    return format_block
