"""Assumptions in plain units: a share as a percentage, dollars in billions, chips in millions of
top chips' worth, tenfold steps instead of orders of magnitude.

The registry keeps a modeller's units (``share``, ``USD``, ``H100-equivalents``, ``OOM``); the
Assumptions tab shows and takes values in these, and turns them back into the registry's before the
registry's one check. Each conversion is a factor, so a value read back is the value shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sim.registry.labels import plain_number, trimmed
from sim.registry.params import PARAMS, Value

WORDS = (  # the registry's words -> a reader's, longest first
    ("USD per H100e a quarter", "USD per top chip's worth a quarter"),
    ("USD per H100e", "USD per top chip"),
    ("H100-equivalents", "million top chips' worth"),
    ("H100e per quarter", "million top chips' worth a quarter"),
    ("log10 effective compute", "tenfold steps of effective compute"),
    ("per OOM", "per tenfold step"),
    ("OOM", "tenfold steps"),
    ("probability per quarter", "% chance a quarter"),
    ("log sd per quarter", "spread on a log scale, a quarter"),
    ("log sd", "spread on a log scale"),
    ("utils per", "appeal points per"),
    ("utils", "appeal points"),
    ("index 0-1", "score from 0 to 1"),
    ("tie 0-1", "tie from 0 to 1"),
)


@dataclass(frozen=True)
class PlainUnit:
    """How an assumption's value is shown: ``shown = raw / factor``, with its unit in words."""

    name: str
    factor: float
    unit: str

    def shown(self, raw: Value) -> float:
        return float(f"{float(raw) / self.factor:.6g}")

    def raw(self, shown: float, start: Value) -> Value:
        """The registry's value of a shown number; the current value when the shown one is its own."""
        if abs(float(shown) - self.shown(start)) <= 1e-9 * max(1.0, abs(float(shown))):
            return start
        raw = float(shown) * self.factor
        return round(raw) if isinstance(PARAMS[self.name].default, int) else float(f"{raw:.9g}")

    def text(self, raw: Value) -> str:
        """``38 USD bn``, ``25%``, ``on``: the value as a reader writes it."""
        if isinstance(raw, bool):
            return "on" if raw else "off"
        if isinstance(raw, str):
            return raw
        number = trimmed(plain_number(self.shown(raw), None if abs(self.shown(raw)) < 100 else 0))
        if self.unit.startswith("%"):
            return f"{number}%" + self.unit.removeprefix("%")
        if self.unit == "USD bn":
            return f"USD {number} bn"
        return f"{number} {self.unit}"


def plain_unit(name: str) -> PlainUnit:
    """The plain unit of a parameter (an assumption or a lever) from its registry unit and range."""
    param = PARAMS[name]
    unit = param.unit
    if isinstance(param.default, bool | str):
        return PlainUnit(name, 1.0, "" if isinstance(param.default, str) else "on or off")
    if unit == "USD":
        return PlainUnit(name, 1e9, "USD bn")
    if unit in ("H100-equivalents", "H100e per quarter"):
        return PlainUnit(name, 1e6, dict(WORDS)[unit])
    if unit == "probability per quarter" or (unit.startswith("share") and param.max is not None and param.max <= 1):
        rest = unit.removeprefix("probability per quarter").removeprefix("share")
        words = "% chance a quarter" if unit.startswith("probability") else "%" + rest
        return PlainUnit(name, 0.01, words.replace(" of gap", " of the gap"))
    for registry, reader in WORDS:
        unit = unit.replace(registry, reader)
    unit = re.sub(r"\bper unit (?!of)", "per unit of ", unit)
    return PlainUnit(name, 1.0, unit)


def plain_text(text: str) -> str:
    """Registry prose with its code names in words: a lever by its label, another parameter by its
    last name part spelled out (``crisis_hazard`` -> ``crisis hazard``), a docs file by its subject."""
    from sim.registry.labels import LEVER_LABELS

    def name(match: re.Match) -> str:
        found = match.group(0)
        if found in LEVER_LABELS:
            return f"'{LEVER_LABELS[found].title}'"
        return found.rsplit(".", 1)[-1].replace("_", " ").replace(" oom", "")

    text = re.sub(r"\bdocs/(\w+)\.md\b", lambda m: f"the project's {m.group(1)} notes", text)
    text = re.sub(r"\b[a-z]+\.[a-z][a-z0-9_]*\b", name, text)
    return re.sub(r"\b[a-z]+(?:_[a-z0-9]+)+\b", lambda m: m.group(0).replace("_", " "), text)
