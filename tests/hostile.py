"""Crafted values that readers, links and scripts can feed a simulation, shared by the fuzz tests.

Every value is text, as it arrives from a link or the command line. The JSON values beyond
text (lists, objects, null, huge numbers) that only a script could send are tried on the
browser's entry point in CPython (tests/unit/test_cli_fuzz.py): the page itself sends only
what its controls and its address hold.
"""

from __future__ import annotations

from sims import registry
from sims.spec import BOOLEAN, CHOICES, INTEGER, NUMBER, Param

MARKUP = (
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=window.pwned=1>",
    '"><script>window.pwned=1</script>',
    "</div><p>",
    "<svg onload=window.pwned=1>",
    "javascript:window.pwned=1",
    "'; DROP TABLE sims; --",
    "{{7*7}}${7*7}",
    "&lt;b&gt;&amp;",
)
NUMBERS = (
    "1e308", "-1e308", "1.7976931348623157e308", "1e400", "-1e400", "1" + "0" * 40,
    "-1" + "0" * 40, "1e-400", "5e-324", "-1", "-0", "-0.0", "0.1", "2.5", "1e3", "+1", "1_0",
    "0x10", "1e", "1.2.3", "--1", "9" * 10_000,
)
NON_FINITE = ("nan", "NaN", "-nan", "inf", "-inf", "Infinity", "-Infinity", "infinity")
TEXT = (
    "", " ", "\t\n", "abc", "null", "None", "undefined", "true", "[1, 2]", "1,2", "{}",
    "x" * 10_000, "é", "💣", "٣", "１", "²", "½", "\u202e1", "%41", "\\u0031",
)
COMMON = MARKUP + NUMBERS + NON_FINITE + TEXT
# Unknown parameter names: nonsense, markup, prototype keys, near-misses, huge.
NAMES = ("zz", "", " ", "<img src=x onerror=window.pwned=1>", "__proto__", "constructor",
         "toString", "seed", "A", "a.b", "x" * 10_000)


def for_param(param: Param) -> tuple[str, ...]:
    """The common values plus a few that only a parameter of this kind can misread."""
    if param.kind in (NUMBER, INTEGER):
        extra = (f"{param.minimum:g}", f"{param.maximum:g}", f" {param.maximum:g} ",
                 f"{param.maximum + 1:g}", f"{param.minimum - 1:g}", f"{param.maximum}1")
    elif param.kind == BOOLEAN:
        extra = ("TRUE", " yes ", "on", "2", "-1", "oui", "true,false")
    else:
        first, last = param.choices[0], param.choices[-1]
        extra = (first.upper(), f" {first} ", f"{first},{last}", f"{first};{last}", ",",
                 f"{first},,{last}", f"{first},{first}", f"{first}\u200b", f"{first}<b>")
        if param.kind == CHOICES:
            extra += (",".join(param.choices), f"{first},zz")
    return COMMON + extra


def available_models() -> list[str]:
    """The registered models whose module exists (another engineer may still be writing one)."""
    found = []
    for model in registry.model_ids():
        try:
            registry.get(model)
        except ModuleNotFoundError:
            continue
        found.append(model)
    return found


def print_count(request, label: str, tried) -> None:
    """Print how many hostile inputs were tried, past pytest's output capture."""
    if tried:
        detail = ", ".join(f"{k} {v}" for k, v in tried.items())
        with request.config.pluginmanager.getplugin("capturemanager") \
                .global_and_fixture_disabled():
            print(f"\n[{label}] {sum(tried.values())} hostile inputs ({detail})")
