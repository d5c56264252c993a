"""The loop that makes every run: one configuration, once per seed (``replicate``).

Whoever asks for runs (``sim.runner.replicate.run_replications`` in this process, a backend's worker
through ``sim.runner.batches.run_batch``), this loop runs them. It is the one place a batch engine
that steps replications together (issue 25) replaces.
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


class Replicated(NamedTuple):
    """What :func:`replicate` returns for seeds ``s_1..s_R``: every run's DataCollector rows, run
    after run (``lengths`` rows each, in ``OUTCOMES`` order); each run's stack per nation per quarter
    (R x quarters x nations, indices into ``sim.model.mechanisms.adoption.STACKS``); and, when asked,
    each run's nation-level columns (``sim.model.frames.nation_columns``)."""

    rows: list[tuple]
    lengths: list[int]
    stacks: list[np.ndarray]
    nations: list[dict] | None


def replicate(config: Config, seeds: Sequence[int], nations: bool = False) -> Replicated:
    """Run ``config`` once per seed: THE place where a replication is run.

    Every run of the project goes through this loop over seeds, whichever front end or backend asked
    for it. A batch engine that steps R replications together (issue 25) replaces this loop only:
    it takes the same configuration and seeds and returns the same ``Replicated``, each run's numbers
    those of the same seed run alone.
    """
    from sim.model.frames import nation_columns
    from sim.model.model import AIRaceModel

    rows: list[tuple] = []
    lengths: list[int] = []
    stacks: list[np.ndarray] = []
    kept: list[dict] | None = [] if nations else None
    for seed in seeds:
        model = AIRaceModel(rng=int(seed), steps=config.steps, events=config.events, **config.params)  # type: ignore[arg-type]
        while model.running:
            model.step()
        collected = model.datacollector.rows
        rows.extend(collected)
        lengths.append(len(collected))
        stacks.append(np.asarray(model.population.history, dtype=np.int8))
        if kept is not None:
            kept.append(nation_columns(model))
    return Replicated(rows, lengths, stacks, kept)


def outcome_columns(rows: list[tuple]) -> dict[str, np.ndarray]:
    """DataCollector rows as one array per outcome, with the registry's dtypes."""
    if not rows:
        return {name: np.array([], dtype=o.dtype) for name, o in OUTCOMES.items()}
    return {
        name: np.array(values, dtype=OUTCOMES[name].dtype)
        for name, values in zip(OUTCOMES, zip(*rows, strict=True), strict=True)
    }
