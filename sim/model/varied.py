"""Parameters that may differ between the replications of one batch in lockstep.

A sweep's points differ only in their levers, yet a batch in lockstep steps one configuration: so
a Latin hypercube with one run a point ran each point alone, at the cost of a run alone (30 ms
against under 1 ms a run in a batch of 100; issue 25). Most parameters are read where the state is
an array over replications already, so they can be one value per replication too (an ``(R,)`` array
in ``model.p``; the nations keep the adoption assumptions as (R, 1) columns), and points that
differ only in those run as one batch, each replication's numbers still those of its seed and
values run alone (``tests/model/test_varied.py`` runs every one over its range, in a world where it
changes the runs).

The others must be one value for the whole batch (``ONE_PER_BATCH``): text, switches and counts,
and the float parameters below: read as single numbers when the model is built, or used as
exponents or in Python's own powers, whose last bits numpy's arrays do not reproduce.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from sim.registry.params import SETTABLE, ParameterError, Parameters, Value, check

READ_WHEN_BUILT = frozenset(
    {  # initial stocks and shares, the chip industry's start, the spending path, sentiment drawn once
        "compute.initial_cn_share",
        "compute.initial_total_h100e",
        "compute.spending_growth_halflife_years",
        "compute.spending_growth_per_year",
        "efficiency.cn_initial_advantage",
        "export_controls.cn_capacity_initial_h100e",
        "export_controls.cn_domestic_share_initial",
        "export_controls.learning_rate",
        "sentiment.developing_positive",
        "sentiment.spread",
    }
)
POWERS = frozenset(
    {  # exponents, and powers a run alone takes in Python's arithmetic: numpy computes x ** 0.5, 1 or 2
        # by a shortcut for one exponent (a square root...) but not for one a replication, and
        # Python's power differs from numpy's in the last bits on some processors (with AVX-512)
        "adoption.compute_cost_share",
        "compute.price_performance_doubling_years",
        "smuggling.price_elasticity",
        "tension.crisis_escalation",
        # and one summed as Python floats in a run alone: a US lab's R&D share is this number, and
        # Python's sum() of floats compensates its rounding (since 3.12) where a sum of arrays does
        # not (``sim.model.market.compute_share``: 0.9500000000000001 alone, ...02 in a batch)
        "firms.rd_share_base",
    }
)
BY_REPLICATION = frozenset(
    name for name, param in SETTABLE.items() if param.value_type is float and name not in READ_WHEN_BUILT | POWERS
)
ONE_PER_BATCH = frozenset(SETTABLE) - BY_REPLICATION


def varied_parameters(p: Parameters, varied: Mapping[str, Sequence[Value]] | None, replications: int) -> Parameters:
    """``p`` with each parameter of ``varied`` holding one value per replication (a float array),
    each checked against the registry; ``p`` itself when nothing varies."""
    if not varied:
        return p
    changed: dict[str, dict[str, np.ndarray]] = {}
    for name, values in varied.items():
        if name not in BY_REPLICATION:
            raise ParameterError(name, values, "one value for the whole batch: it cannot vary by replication")
        if len(values) != replications:
            raise ValueError(f"{name}: {len(values)} values for {replications} replications")
        group, field = name.split(".", 1)
        changed.setdefault(group, {})[field] = np.array([float(check(name, value)) for value in values])
    return p._replace(**{group: getattr(p, group)._replace(**fields) for group, fields in changed.items()})
