"""Typed parameter specifications: the single source of validation, the CLI and page controls.

Every model declares a `Spec`, a tuple of `Param`. Values arrive from three places
(the command line and URLs as strings, the page's controls and JSON as numbers, booleans and
lists) and all of them go through `Param.coerce`, so a bound is written once, here.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

NUMBER, INTEGER, CHOICE, BOOLEAN, CHOICES = "number", "integer", "choice", "boolean", "choices"
KINDS = (NUMBER, INTEGER, CHOICE, BOOLEAN, CHOICES)
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


class ParamError(ValueError):
    """A rejected value. ``param`` names the parameter (or is None for the whole set)."""

    def __init__(self, param: str | None, message: str) -> None:
        super().__init__(f"{param}: {message}" if param else message)
        self.param = param
        self.message = message


def show(value: Any, limit: int = 40) -> str:
    """A short, safe rendering of a rejected value for an error message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _fmt(x: float) -> str:
    return f"{x:g}"


@dataclass(frozen=True)
class Param:
    """One parameter: its type, default, bounds or choices, and the words shown to a reader."""

    name: str
    kind: str
    default: Any
    label: str
    help: str
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()
    choice_labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown parameter kind {self.kind!r}")
        self.coerce(self.default)  # a spec whose default is invalid is a programming error

    def allowed(self) -> str:
        """What this parameter accepts, in words, for error messages and help."""
        if self.kind in (NUMBER, INTEGER):
            what = "a whole number" if self.kind == INTEGER else "a number"
            return f"{what} from {_fmt(self.minimum)} to {_fmt(self.maximum)}"
        if self.kind == BOOLEAN:
            return "true or false"
        # Quoted: a label may hold a comma ("Win-stay, lose-shift").
        names = ", ".join(f"\"{name}\"" for name in self.choice_labels or self.choices)
        return f"one of {names}" if self.kind == CHOICE else f"a list of {names}"

    def _reject(self, value: Any) -> ParamError:
        """The refusal of ``value``, in the reader's words: choices by their labels, not their
        ids, and the parameter by its label too (the message may be read away from its control)."""
        where = f" for {self.label}" if self.kind in (CHOICE, CHOICES) else ""
        return ParamError(self.name,
                          f"{show(value)} is not allowed{where}; expected {self.allowed()}")

    def coerce(self, value: Any) -> Any:
        """Return ``value`` as this parameter's type, or raise `ParamError`."""
        if self.kind in (NUMBER, INTEGER):
            return self._number(value)
        if self.kind == BOOLEAN:
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
                return value.strip().lower() in _TRUE
            raise self._reject(value)
        if self.kind == CHOICE:
            if isinstance(value, str) and value.strip() in self.choices:
                return value.strip()
            raise self._reject(value)
        return self._choices(value)

    def _number(self, value: Any) -> int | float:
        original = value
        if isinstance(value, bool):
            raise self._reject(original)
        if isinstance(value, str):
            text = value.strip()
            try:
                value = int(text) if self.kind == INTEGER else float(text)
            except ValueError:
                raise self._reject(original) from None
        if not isinstance(value, int | float):
            raise self._reject(original)
        if isinstance(value, float) and not math.isfinite(value):
            raise self._reject(original)
        if not self.minimum <= value <= self.maximum:  # before float(): float(10**400) overflows
            raise self._reject(original)
        if self.kind == INTEGER:
            if isinstance(value, float):
                if not value.is_integer():
                    raise self._reject(original)
                value = int(value)
        else:
            value = float(value)
        return value

    def _choices(self, value: Any) -> list[str]:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise self._reject(value)
        picked: list[str] = []
        for item in items:
            if not isinstance(item, str) or item.strip() not in self.choices:
                raise self._reject(item)
            if item.strip() not in picked:
                picked.append(item.strip())
        lo = int(self.minimum or 0)
        if len(picked) < lo:
            raise ParamError(self.name, f"choose at least {lo}; got {len(picked)}")
        return picked

    def to_dict(self) -> dict[str, Any]:
        """The JSON form read by the page to build this parameter's control."""
        out: dict[str, Any] = {
            "name": self.name,
            "kind": self.kind,
            "default": list(self.default) if self.kind == CHOICES else self.default,
            "label": self.label,
            "help": self.help,
        }
        if self.kind in (NUMBER, INTEGER):
            out.update(min=self.minimum, max=self.maximum, step=self.step or self._auto_step())
        if self.kind in (CHOICE, CHOICES):
            out["choices"] = list(self.choices)
            out["choice_labels"] = list(self.choice_labels or self.choices)
            if self.kind == CHOICES:
                out["min_items"] = int(self.minimum or 0)
        return out

    def _auto_step(self) -> float:
        if self.kind == INTEGER:
            return 1
        span = self.maximum - self.minimum
        return 10 ** math.floor(math.log10(span / 100)) if span > 0 else 1


def number(name: str, default: float, lo: float, hi: float, label: str, help: str,
           step: float | None = None) -> Param:
    """A real-valued parameter bounded to ``[lo, hi]``."""
    return Param(name, NUMBER, float(default), label, help, float(lo), float(hi), step)


def integer(name: str, default: int, lo: int, hi: int, label: str, help: str) -> Param:
    """A whole-number parameter bounded to ``[lo, hi]``."""
    return Param(name, INTEGER, default, label, help, lo, hi, 1)


def boolean(name: str, default: bool, label: str, help: str) -> Param:
    """An on/off parameter."""
    return Param(name, BOOLEAN, default, label, help)


def choice(name: str, default: str, options: Iterable[str], label: str, help: str,
           labels: Iterable[str] = ()) -> Param:
    """One of a fixed set of ids."""
    return Param(name, CHOICE, default, label, help, choices=tuple(options),
                 choice_labels=tuple(labels))


def choices(name: str, default: Iterable[str], options: Iterable[str], label: str, help: str,
            min_items: int = 1, labels: Iterable[str] = ()) -> Param:
    """A list of ids from a fixed set (at least ``min_items`` of them)."""
    return Param(name, CHOICES, tuple(default), label, help, minimum=min_items,
                 choices=tuple(options), choice_labels=tuple(labels))


@dataclass(frozen=True)
class Spec:
    """A model's parameters, plus an optional check across them (e.g. a work budget)."""

    params: tuple[Param, ...]
    check: Callable[[dict[str, Any]], None] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        names = [p.name for p in self.params]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate parameter names in {names}")

    def __getitem__(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.params]

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.coerce(p.default) for p in self.params}

    def validate(self, raw: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Defaults overlaid with ``raw``, every value coerced; raises `ParamError`."""
        raw = dict(raw or {})
        unknown = [k for k in raw if k not in self.names]
        if unknown:
            name = show(unknown[0])  # quoted unless a plain name: '' or '<b>' must show as such
            raise ParamError(
                name.strip("'") if str(unknown[0]).isidentifier() else name,
                f"unknown parameter; this model takes {', '.join(self.names)}",
            )
        values = {p.name: p.coerce(raw.get(p.name, p.default))
                  for p in self.params}
        if self.check:
            self.check(values)
        return values

    def to_list(self) -> list[dict[str, Any]]:
        return [p.to_dict() for p in self.params]


# How many worlds (seeded runs) a check is made for: an ensemble (`sims.ensemble`) asks for its
# N runs at once, so every work budget counts the work of all of them.
_WORLDS: contextvars.ContextVar[int] = contextvars.ContextVar("worlds", default=1)


@contextlib.contextmanager
def for_worlds(n: int) -> Iterator[None]:
    """Within this context every `budget` counts ``n`` runs' work, not one's."""
    token = _WORLDS.set(n)
    try:
        yield
    finally:
        _WORLDS.reset(token)


def budget(limit: int, cost: Callable[[dict[str, Any]], int], what: str,
           advice: str) -> Callable[[dict[str, Any]], None]:
    """A cross-parameter check that rejects a run whose work ``cost(values)`` exceeds ``limit``
    (times the number of worlds asked for at once, `for_worlds`)."""

    def check(values: dict[str, Any]) -> None:
        worlds = _WORLDS.get()
        work = cost(values) * worlds
        if work > limit:
            many = worlds > 1
            raise ParamError(None, f"too much work: {f'{worlds} worlds × ' if many else ''}"
                                   f"{what} = {work:,}, above the limit of {limit:,}; "
                                   f"{advice}{', or fewer worlds' if many else ''}")

    return check
