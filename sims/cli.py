"""The command line: ``sims list [--json]`` and ``sims run MODEL --set NAME=VALUE ...``.

``sims run MODEL --worlds N`` runs the model over the seeds ``--seed`` to ``--seed`` + N - 1
and prints the ensemble (`sims.ensemble`): the same numbers, JSON and CSV as a block with
``worlds: N``.

Bad input exits with status 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import ensemble, registry
from .spec import ParamError


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
            result = (registry.run(args.model, sets, args.seed) if args.worlds is None
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
