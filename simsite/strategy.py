"""The ```strategy fence: an editor block where a reader writes a strategy of their own.

    ```strategy
    title: Your strategy against the field
    params: {turns: 20, repetitions: 5, players: 5}
    tournament: {strategies: [tit_for_tat, always_defect, grim_trigger]}
    evolution: {always_cooperate: 10, always_defect: 5, tit_for_tat: 5}
    ```

``params`` are the block's settings, which the reader can change (:data:`sims.custom_strategy.SPEC`:
turns per match, mistakes, repetitions, the reader's players in the population, generations);
``tournament`` and ``evolution`` the other parameters of the ``iterated`` and ``evolution``
models (which strategies meet in the tournament, the population's mix, the payoffs), fixed by
the author. ``title``, ``id`` (default ``strategy-1``, ...), ``seed`` and ``budget`` are as in a
```sim block; the budget is what stops a strategy that never returns.

At build time the template strategy (:data:`sims.custom_strategy.TEMPLATE`) runs in CPython
through the same :func:`sims.custom_strategy.reply` the browser calls, and the block's HTML
shows its code and its result, as every block does without JavaScript. In the browser
docs/javascripts/sims-strategy.js puts a code editor in place of the code and runs the reader's
own strategy in the page's worker. A mistake in the block fails ``mkdocs build --strict`` with
one line naming the page and the block's line.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from sims import custom_strategy
from sims.spec import ParamError

from . import fence
from .fence import STATE, BlockError
from .render import output_html, summary_html

KEYS = {"title", "params", "tournament", "evolution", "id", "seed", "budget"}
DEFAULT_TITLE = "Write your own strategy"
STATIC_STATUS = ("Computed when this page was built, for the strategy shown. Edit it and press "
                 "Run to play yours, in your browser.")


def validate(data: dict[str, Any], number: int) -> dict[str, Any]:
    """A block's settings, checked by running the template; raises `BlockError`."""
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise BlockError(f"unknown key {unknown[0]!r}; allowed keys: {', '.join(sorted(KEYS))}")
    for key in ("params", "tournament", "evolution"):
        if not isinstance(data.get(key) or {}, dict):
            raise BlockError(f"{key}: expected a mapping of parameter names to values")
    block = {"id": fence.block_id_of(data, f"strategy-{number}"),
             "title": str(data.get("title") or DEFAULT_TITLE),
             "params": data.get("params") or {}, "tournament": data.get("tournament") or {},
             "evolution": data.get("evolution") or {}, "seed": data.get("seed", 0),
             "budget": fence.budget_of(data)}
    try:
        reply = custom_strategy.reply({**block, "source": custom_strategy.TEMPLATE})
    except ParamError as err:
        raise BlockError(str(err)) from None
    block["params"] = {k: v for k, v in reply["values"].items() if k != "seed"}
    block["seed"] = reply["values"]["seed"]
    block["reply"] = reply
    return block


def duel_html(duel: dict[str, Any]) -> str:
    """The head-to-head table (docs/javascripts/sims-strategy.js fills the same markup)."""
    head = "".join(f"<th scope=\"col\">{escape(c)}</th>" for c in duel["columns"])
    body = "".join(f"<tr><th scope=\"row\">{escape(row[0])}</th>"
                   + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:]) + "</tr>"
                   for row in duel["rows"])
    return (f"<div class=\"sim-table-scroll strategy-duel\" tabindex=\"0\" role=\"region\" "
            f"aria-label=\"Your strategy head to head\"><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


def part_html(part: str, heading: str, shown: dict[str, Any], csv: str) -> str:
    return (f"<section class=\"strategy-part\" data-part=\"{part}\">"
            f"<p class=\"strategy-part-title\">{escape(heading)}</p>"
            f"{summary_html(shown)}<div class=\"sim-output\">{output_html(shown, csv)}</div>"
            f"</section>")


def commands_html(commands: list[str]) -> str:
    lines = "".join(f"<code>{escape(c)}</code>" for c in commands)
    return (f"<p class=\"strategy-commands\" data-search-exclude>The same runs on the command "
            f"line, with the file that Download saves: {lines}</p>")


def render(block: dict[str, Any]) -> str:
    """The block's HTML: its config for the page script, the template and its result."""
    shown = block["reply"]["view"]
    config = {k: v for k, v in block.items() if k != "reply"}
    config.update(spec=custom_strategy.SPEC.to_list(), template=custom_strategy.TEMPLATE,
                  file_name=custom_strategy.FILE_NAME, **STATE.files(),
                  csv_names=[fence.csv_name(STATE.uri, f"{block['id']}-{part}")
                             for part in ("tournament", "evolution")])
    data = escape(json.dumps(config, sort_keys=True), quote=True)
    code = escape(custom_strategy.TEMPLATE)
    block_id = escape(block["id"])
    return (
        f"<div class=\"sim-strategy\" id=\"{block_id}\" data-strategy=\"{data}\">"
        f"<h3 class=\"sim-title\">Your strategy: {escape(block['title'])}</h3>"
        f"<div class=\"strategy-editor\"><pre class=\"strategy-code\"><code>{code}</code></pre>"
        f"</div>"
        # Right under the code, where a reader looks for what is wrong with it (on a phone the
        # settings would push it off the screen).
        f"<div class=\"strategy-error\" role=\"alert\" hidden></div>"
        f"<p class=\"sim-help strategy-keys\" id=\"{block_id}-keys\" hidden>In the editor: Tab "
        f"indents; Escape then Tab leaves it; Ctrl+Enter runs.</p>"
        # The page script fills the box: the settings and the buttons.
        f"<div class=\"strategy-settings\" hidden></div>"
        f"<div class=\"sim-bar\"><p class=\"strategy-standing\">{escape(shown['standing'])}</p>"
        f"<p class=\"sim-status\" data-search-exclude>{STATIC_STATUS}</p></div>"
        f"{duel_html(shown['duel'])}"
        + "".join(part_html(part, heading, shown[part], csv) for part, heading, csv in zip(
            ("tournament", "evolution"), ("In the tournament", "In the evolving population"),
            config["csv_names"], strict=True))
        + f"{commands_html(shown['commands'])}</div>")


# pymdownx.superfences formatter for ```strategy blocks; a mistake is a located error.
format_strategy = fence.numbered_formatter("strategy", validate, render)
