"""The command line: ``sims list [--json]`` and ``sims run MODEL --set NAME=VALUE ...``.

``sims run MODEL --worlds N`` runs the model over the seeds ``--seed`` to ``--seed`` + N - 1
and prints the ensemble (`sims.ensemble`): the same numbers, JSON and CSV as a block with
``worlds: N``.

``sims run iterated --strategy-file my_strategy.py`` (or ``evolution``) enters a strategy of
your own, a Python file as the page's editor block saves it, beside the built-ins
(`sims.custom_strategy`); ``--strategy-players N`` sets how many players it starts with in
the population (default 5).

Bad input exits with status 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import custom_strategy, ensemble, registry
from .models.strategies import Entrant
from .spec import ParamError

DEFAULT_PLAYERS = custom_strategy.DEFAULT_PLAYERS


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line instead of usage + message
        raise ParamError(None, f"{message} (see `sims --help`)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sims", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    listing = sub.add_parser("list", help="list the models and their parameters")
    listing.add_argument("--json", action="store_true", help="print the specs as JSON")
    run = sub.add_parser("run", help="run a model and print its result")
    run.add_argument("model", help=f"one of: {', '.join(registry.model_ids())}")
    run.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                     help="set a parameter (repeatable); lists are comma-separated")
    run.add_argument("--seed", default="0", help="random seed (default 0)")
    run.add_argument("--worlds", metavar="N", help="run N worlds, seeds SEED to SEED + N - 1, "
                                                  "and print their shares of each ending")
    run.add_argument("--strategy-file", metavar="FILE",
                     help="enter your own strategy (a Python file defining strategy(mine, "
                          "theirs[, rand])) beside the built-ins: iterated and evolution")
    run.add_argument("--strategy-players", metavar="N", default=str(DEFAULT_PLAYERS),
                     help=f"how many players your strategy starts with in evolution "
                          f"(default {DEFAULT_PLAYERS})")
    fmt = run.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print the full result as JSON")
    fmt.add_argument("--csv", action="store_true", help="print the main table as CSV")
    return parser


def _parse_sets(pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ParamError(None, f"--set expects NAME=VALUE, got {pair[:40]!r}")
        if name.strip() in values:
            raise ParamError(name.strip(), "set more than once")
        values[name.strip()] = value
    return values


def _entrant(path: str | None, players: str) -> Entrant | None:
    """The strategy of the file at ``path``, checked as the page's editor checks it."""
    if path is None:
        return None
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise ParamError("strategy", f"cannot read {path}: {reason}") from None
    try:
        count = custom_strategy.SPEC["players"].coerce(players)
    except ParamError as err:
        raise ParamError("--strategy-players", err.message) from None
    return custom_strategy.load(source, path, count)


def _list(as_json: bool) -> str:
    specs = [registry.describe(m) for m in registry.model_ids()]
    if as_json:
        return json.dumps(specs, indent=2)
    lines = []
    for spec in specs:
        lines.append(f"{spec['id']}: {spec['title']}")
        for p in spec["params"]:
            lines.append(f"    {p['name']:<24} {p['label']} (default {p['default']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.command == "list":
            out = _list(args.json)
        else:
            sets = _parse_sets(args.set)
            if args.strategy_file is not None:
                registry.check_takes_strategy(args.model)
            entrant = _entrant(args.strategy_file, args.strategy_players)
            if entrant is not None and args.worlds is not None:
                raise ParamError(None, "--strategy-file runs one world; leave out --worlds")
            result = (registry.run(args.model, sets, args.seed, entrant)
                      if args.worlds is None
                      else ensemble.run(args.model, sets, args.seed, args.worlds))
            out = (result.to_json(indent=2) if args.json
                   else result.main_table().to_csv().rstrip("\n") if args.csv
                   else result.to_text().rstrip("\n"))
    except ParamError as err:
        print(f"sims: error: {err}", file=sys.stderr)
        return 2
    try:
        print(out)
    except BrokenPipeError:  # e.g. `sims list | head`: the reader has what it wanted
        sys.stderr.close()
    return 0
