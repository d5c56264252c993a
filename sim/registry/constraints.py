"""Constraints between parameters: values that are each allowed alone but describe an impossible world together.

Declared here, beside the registry (``sim.registry.params``), by parameter name. ``airace validate`` and
``airace run`` refuse a scenario that breaks one (its own values, every sweep point, and what its
events set), a Latin hypercube resamples until its points keep them, and the samplers of
``sensitivity`` and ``screen`` narrow the ranges they vary so every point they run keeps them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sim.registry.params import PARAMS


@dataclass(frozen=True)
class SumAtMost:
    """The parameters ``names`` sum to at most ``limit`` (shares of one whole)."""

    names: tuple[str, ...]
    limit: float
    why: str

    def holds(self, values: Mapping[str, Any]) -> bool:
        return sum(float(values[n]) for n in self.names) <= self.limit + 1e-12

    def words(self, values: Mapping[str, Any]) -> str:
        shown = " + ".join(f"{n} ({float(values[n]):g})" for n in self.names)
        total = sum(float(values[n]) for n in self.names)
        return f"{shown} = {total:g}, more than {self.limit:g}; {self.why}"

    def largest(self, name: str, values: Mapping[str, Any]) -> float:
        """The most ``name`` may be with the others at ``values``."""
        return self.limit - sum(float(values[n]) for n in self.names if n != name)


CONSTRAINTS: tuple[SumAtMost, ...] = (
    SumAtMost(
        ("compute.initial_us_share", "compute.initial_cn_share"),
        1.0,
        "both are shares of the world's AI compute, which cannot add up to more than all of it",
    ),
)

for _constraint in CONSTRAINTS:  # a misspelt name would silently never apply
    assert all(n in PARAMS for n in _constraint.names), _constraint.names


def broken(values: Mapping[str, Any]) -> list[str]:
    """Each constraint ``values`` (every parameter, resolved) break, in words."""
    return [c.words(values) for c in CONSTRAINTS if not c.holds(values)]


def keeps(values: Mapping[str, Any]) -> bool:
    return all(c.holds(values) for c in CONSTRAINTS)


def largest_allowed(name: str, values: Mapping[str, Any]) -> float | None:
    """The most ``name`` may be, the other parameters at ``values``; None when no constraint bounds it."""
    bounds = [c.largest(name, values) for c in CONSTRAINTS if name in c.names]
    return min(bounds) if bounds else None


def narrowed_ranges(ranges: Mapping[str, tuple[float, float]], fixed: Mapping[str, Any]) -> dict:
    """``ranges`` (name -> (low, high)) narrowed so every point of the box keeps every constraint:
    for a constraint whose parameters are varied, what the fixed ones leave is shared among the
    varied ones in proportion to their ranges' tops."""
    result = dict(ranges)
    for c in CONSTRAINTS:
        varied = [n for n in c.names if n in ranges]
        if not varied:
            continue
        room = c.limit - sum(float(fixed[n]) for n in c.names if n not in ranges)
        tops = sum(ranges[n][1] for n in varied)
        if tops <= room:
            continue
        for n in varied:
            low, high = result[n]
            result[n] = (low, max(low, min(high, room * ranges[n][1] / tops if tops > 0 else low)))
    return result
