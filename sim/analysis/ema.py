"""The model as an EMA Workbench ``Model``, built from the parameter registry.

``ema_model(uncertainties=[...], levers=[...], outcomes=[...])`` declares each named parameter
(as ``us__enforcement``: EMA takes Python identifiers, :func:`ema_name`) with its registry range
(``RealParameter``, or ``IntegerParameter`` for whole numbers; ranges narrowed by
``sim.registry.constraints`` so no sample is an impossible world) and each outcome as a ``ScalarOutcome``
(its value at the last quarter, averaged over ``replications`` runs on seeds fixed by ``seed``,
the same in every experiment: common random numbers). EMA Workbench is an optional extra
(``uv sync --extra ema``); its samplers, evaluators and analyses then work on the model as on any
other.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from sim.registry.outcomes import NUMERIC
from sim.registry.params import PARAMS, resolve


def _parameters(names: Sequence[str]):
    from ema_workbench import IntegerParameter, RealParameter

    from sim.registry.constraints import narrowed_ranges

    ranges = {}
    for name in names:
        p = PARAMS.get(name)
        if p is None or p.value_type not in (int, float) or p.min is None or p.max is None:
            raise ValueError(f"{name!r} is not a numeric parameter with a range; see `airace params`")
        ranges[name] = (float(p.min), float(p.max))
    ranges = narrowed_ranges(ranges, resolve({}))
    return [
        IntegerParameter(ema_name(n), int(low), int(high))
        if PARAMS[n].value_type is int
        else RealParameter(ema_name(n), low, high)
        for n, (low, high) in ranges.items()
    ]


def ema_name(name: str) -> str:
    """A registry name as EMA Workbench takes it, a Python identifier: ``us.enforcement`` -> ``us__enforcement``."""
    return name.replace(".", "__")


def registry_name(name: str) -> str:
    return name.replace("__", ".", 1)


def ema_model(
    uncertainties: Sequence[str],
    levers: Sequence[str] = (),
    outcomes: Sequence[str] = ("compute_cn", "tension", "crisis_chance"),
    steps: int = 40,
    replications: int = 5,
    seed: int = 0,
):
    """An EMA Workbench ``Model`` named ``airace`` running the model with the given parameters."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ipyparallel missing: its evaluator is not needed
        from ema_workbench import Model, ScalarOutcome

    unknown = [o for o in outcomes if o not in NUMERIC]
    if unknown:
        raise ValueError(f"{', '.join(unknown)} not an outcome; see `airace outcomes`")
    from sim.model.draws import replication_seeds

    seeds = replication_seeds(seed, replications)
    chosen = list(outcomes)

    def run(**values) -> dict[str, float]:
        from sim.runner.replicate import Config, run_replications

        config = Config({registry_name(k): v for k, v in values.items()}, steps)
        ends = run_replications(config, seeds, cached=False).outcomes(chosen)[:, -1, :]  # one-off points
        means = np.mean(ends, axis=0)
        return dict(zip(chosen, map(float, means), strict=True))

    model = Model("airace", function=run)
    model.uncertainties = _parameters(uncertainties)
    model.levers = _parameters(levers)
    model.outcomes = [ScalarOutcome(o) for o in chosen]
    return model
