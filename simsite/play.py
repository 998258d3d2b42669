"""The ```play fence: a game of the repeated security game the reader plays move by move.

    ```play
    title: Play against a strategy
    strategy: grim_trigger
    rounds: 10
    example: RRARRRRAAR
    ```

Its keys are the game's settings (:data:`sims.play.SPEC`: ``strategy``, ``rounds``, ``noise``,
``secret_end``), ``example`` (the reader's moves of an example game, R to restrain and A to
arm, at most ``rounds`` of them), and ``title``, ``id`` (default ``play-1``, ``play-2``, ... in
page order), ``seed`` and ``budget`` as in a ```sim block. At build time the example game is
played in CPython (:func:`sims.play.play`) and the block's HTML shows it: its rounds, the score
and, if it is played to the end, how the strategy reasoned; that is what prints and what a
reader without JavaScript reads. In the browser docs/javascripts/sims-play.js adds the
controls and plays the reader's own game through the same Python in the worker. A mistake in
the block fails ``mkdocs build --strict`` with one line naming the page and the block's line,
as for a ```sim block.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from sims import custom_strategy, play
from sims.spec import ParamError

from . import fence
from .fence import STATE, BlockError
from .render import used_html

SETTINGS = tuple(play.SPEC.names)
KEYS = {*SETTINGS, "example", "title", "id", "seed", "budget"}
DEFAULT_TITLE = "Play the repeated security game"
STATIC_STATUS = ("An example game: its moves were chosen in advance, and it was played when "
                 "this page was built.")


def validate(data: dict[str, Any], number: int) -> dict[str, Any]:
    """A block's settings, checked; raises :class:`~simsite.fence.BlockError`."""
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise BlockError(f"unknown key {unknown[0]!r}; allowed keys: {', '.join(sorted(KEYS))}")
    if "example" not in data:
        raise BlockError("example: missing; give the reader's moves of an example game, "
                         "e.g. RRARR (R to restrain, A to arm)")
    if data.get("strategy") == custom_strategy.ID:
        raise BlockError(f"strategy: the example game is played at build time, against a "
                         f"built-in strategy; on a page with a ```strategy block a reader can "
                         f"choose {custom_strategy.LABEL!r} in the page")
    try:
        params, _, seed, _ = play.validate(
            {**{k: data[k] for k in SETTINGS if k in data}, "moves": str(data["example"])},
            data.get("seed", 0))
    except ParamError as err:
        raise BlockError(str(err).replace("moves:", "example:", 1)) from None
    return {"id": fence.block_id_of(data, f"play-{number}"),
            "title": str(data.get("title") or DEFAULT_TITLE), "params": params,
            "example": str(data["example"]), "seed": seed, "budget": fence.budget_of(data)}


def rounds_html(view: dict[str, Any]) -> str:
    """The table of the game's rounds (docs/javascripts/sims-play.js fills the same markup)."""
    head = "".join(f"<th scope=\"col\">{escape(c)}</th>" for c in view["columns"])
    body = "".join(
        f"<tr><th scope=\"row\">{escape(r['round'])}</th>"
        f"<td data-move=\"{r['you_move']}\">{escape(r['you'])}</td>"
        f"<td data-move=\"{r['them_move']}\">{escape(r['them'])}</td>"
        f"<td>{escape(r['you_points'])}</td><td>{escape(r['them_points'])}</td></tr>"
        for r in view["rounds"])
    return (f"<div class=\"sim-table-scroll play-rounds\" tabindex=\"0\" role=\"region\" "
            f"aria-label=\"The rounds of the game\"><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


def render(block: dict[str, Any]) -> str:
    """The block's HTML: its config for the page script and the example game, played."""
    params, seed = block["params"], block["seed"]
    shown = play.reply({**params, "moves": block["example"]}, seed)["view"]
    config = {**block, "spec": play.SPEC.to_list(), "yours": custom_strategy.ID,
              **STATE.files()}
    data = escape(json.dumps(config, sort_keys=True), quote=True)
    return (
        f"<div class=\"sim-play\" id=\"{escape(block['id'])}\" data-play=\"{data}\">"
        f"<h3 class=\"sim-title\">Play it yourself: {escape(block['title'])}</h3>"
        f"<p class=\"play-rules\">{escape(shown['rules'])}</p>"
        # The page script fills the two hidden boxes: the settings, then the move buttons
        # right under the question they answer and above the reply.
        f"<div class=\"play-settings\" hidden></div>"
        f"<div class=\"play-bar\"><p class=\"play-prompt\">{escape(shown['prompt'])}</p>"
        f"<div class=\"play-controls\" hidden></div>"
        f"<p class=\"play-last\">{escape(shown['last'])}</p>"
        f"<p class=\"play-score\">{escape(shown['score'])}</p>"
        f"<p class=\"sim-status\" data-search-exclude>{STATIC_STATUS}</p></div>"
        f"{rounds_html(shown)}"
        f"<p class=\"play-explanation\">{escape(shown['explanation'])}</p>"
        f"<p class=\"sim-used\" data-search-exclude>{used_html(shown['used'])}</p></div>")


# pymdownx.superfences formatter for ```play blocks; a mistake is a located error.
format_play = fence.numbered_formatter("play", validate, render)
