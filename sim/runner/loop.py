"""The one place runs are made: one configuration, its seeds stepped together (``replicate``).

Whoever asks for runs (``sim.runner.replicate.run_replications`` in this process, a backend's worker
through ``sim.runner.batches.run_batch``), this function runs them: the seeds of one configuration
as one model in lockstep (``AIRaceModel(rng=[seed, ...])``, issue 25), each replication's numbers
those of its seed run alone, bit for bit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from sim.registry.outcomes import OUTCOMES
from sim.registry.params import Value


@dataclass(frozen=True)
class Config:
    """One configuration: parameter overrides by registry name (doctrines and a sweep point's levers
    included), the horizon in quarters, and the events (``Scenario.model_events``)."""

    params: Mapping[str, Value] = field(default_factory=dict)
    steps: int = 40
    events: tuple = ()

    @classmethod
    def of(cls, scenario, point: Mapping[str, Value] | None = None) -> Config:
        """A scenario's configuration (a sweep's own parameters, or with ``point``'s levers)."""
        return cls({**scenario.model_params, **(point or {})}, scenario.steps, scenario.model_events)

    def key(self) -> tuple:
        return (tuple(sorted((k, repr(v)) for k, v in self.params.items())), self.steps, repr(self.events))


LOCKSTEP_MAX = 250  # most replications one model steps together (memory: about 0.1 MB of draws each)


class Replicated(NamedTuple):
    """What :func:`replicate` returns for seeds ``s_1..s_R``: every outcome as one column, run after
    run (``lengths`` rows each, the registry's dtypes); each run's stack per nation per quarter
    (quarters x nations, indices into ``sim.model.mechanisms.adoption.STACKS``); and, when asked,
    each run's nation-level columns (``sim.model.frames.nation_columns``)."""

    columns: dict[str, np.ndarray]
    lengths: list[int]
    stacks: list[np.ndarray]
    nations: list[dict] | None


def replicate(
    config: Config, seeds: Sequence[int], nations: bool = False, varied: Mapping[str, Sequence[Value]] | None = None
) -> Replicated:
    """Run ``config`` on ``seeds``: THE place where replications are run.

    Every run of the project goes through here, whichever front end or backend asked for it. The
    seeds are stepped together, up to ``LOCKSTEP_MAX`` in one model; since each replication keeps
    its own random streams and nothing is summed across replications, each run's numbers are those
    of the same seed run alone (``tests/model/test_lockstep.py``). ``varied`` gives parameters one
    value per seed (``sim.model.varied.BY_REPLICATION``: sweep points run together), each run's
    numbers those of its seed and values run alone (``tests/model/test_varied.py``).
    """
    parts: list[dict[str, np.ndarray]] = []
    lengths: list[int] = []
    stacks: list[np.ndarray] = []
    kept: list[dict] | None = [] if nations else None
    seeds = [int(seed) for seed in seeds]
    for start in range(0, len(seeds), LOCKSTEP_MAX):
        chunk = slice(start, start + LOCKSTEP_MAX)
        model = _stepped(config, seeds[chunk], {name: values[chunk] for name, values in (varied or {}).items()})
        collected = model.datacollector.columns()  # outcome: quarters x replications
        quarters = len(model.datacollector.rows)
        parts.append({name: collected[name].T.reshape(-1) for name in OUTCOMES})
        history = model.population.history
        for r in range(model.replications):
            lengths.append(quarters)
            stacks.append(np.asarray([h[r] for h in history], dtype=np.int8))
            if kept is not None:
                from sim.model.frames import nation_columns

                kept.append(nation_columns(model, r))
    return Replicated(_joined(parts), lengths, stacks, kept)


def _stepped(config: Config, seeds: list[int], varied: Mapping[str, Sequence[Value]]):
    """One model of ``config`` over ``seeds`` (and ``varied``'s values, one a seed), run to its horizon."""
    from sim.model.model import AIRaceModel

    model = AIRaceModel(rng=seeds, steps=config.steps, events=config.events, varied=varied, **config.params)  # type: ignore[arg-type]
    while model.running:
        model.step()
    return model


def _joined(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Each outcome's column over the parts, with the registry's dtype."""
    if not parts:
        return {name: np.array([], dtype=o.dtype) for name, o in OUTCOMES.items()}
    return {name: np.concatenate([p[name] for p in parts]).astype(o.dtype) for name, o in OUTCOMES.items()}
