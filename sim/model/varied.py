"""Parameters that may differ between the replications of one batch in lockstep.

A sweep's points, or a sensitivity study's, differ only in their parameters, yet a batch in
lockstep steps one configuration: so a design with one run a point ran each point alone, at the
cost of a run alone (30 ms against under 1 ms a run in a batch of 100; issue 25). Every float
parameter may be one value per replication (an ``(R,)`` array in ``model.p``; the nations keep the
adoption assumptions as (R, 1) columns): every mechanism is elementwise, the initial state is built
as arrays, powers are taken by ``sim.model.mechanisms.bounds.power`` (the same way for one exponent
or one a replication), and the labs' shares are added in order rather than by Python's ``sum``. So
points that differ only in floats run as one batch, each replication's numbers still those of its
seed and values run alone (``tests/model/test_varied.py`` runs every one over its range, in a
world where it changes the runs).

The others must be one value for the whole batch (``ONE_PER_BATCH``): text, switches and counts
(a doctrine, a mechanism switched off, the number of labs or a crisis's length in quarters), which
decide the model's shape or its control flow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from sim.registry.params import SETTABLE, ParameterError, Parameters, Value, check

BY_REPLICATION = frozenset(name for name, param in SETTABLE.items() if param.value_type is float)
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
