"""A run's random variates, drawn for the whole horizon when the model is built.

A run needs a few small draws every quarter. Each numpy call costs microseconds however little it
draws, so drawing each source's variates for every quarter in one call is a large part of what
makes a run fast. It also gives common random numbers for free: every source is drawn in full, in
a fixed order, whatever the scenario switches off, so switching one mechanism off leaves the draws
of the others unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from sim.mechanisms.adoption import STACKS


def replication_seeds(root_seed: int, replications: int) -> list[int]:
    """One independent 32-bit seed per replication, derived from the root seed (numpy's
    ``SeedSequence``), so a run's numbers depend only on (root seed, replication)."""
    children = np.random.SeedSequence(root_seed).spawn(replications)
    return [int(child.generate_state(1)[0]) for child in children]


@dataclass
class Variates:
    """Each source's draws; the first axis of every array is the quarter (0-based)."""

    smuggling: list[float]  # standard normal: the lognormal shock to smuggled value
    efficiency: np.ndarray  # standard normal per lab: algorithmic progress
    adoption_timing: np.ndarray  # standard exponential per nation: does it weigh its stack (Bass)?
    adoption_choice: np.ndarray  # standard Gumbel per nation and stack: which stack (logit)
    governance_timing: np.ndarray  # uniform per nation: does it weigh the governance body?
    governance_choice: np.ndarray  # standard logistic per nation: does it join?
    crisis: list[float]  # uniform: does a crisis break out?
    misuse: list[float]  # uniform: how many misuse incidents (Poisson by inverse CDF)

    @classmethod
    def draw(cls, rng: np.random.Generator, quarters: int, nations: int, labs: int) -> Variates:
        q = max(quarters, 1)
        return cls(
            smuggling=rng.standard_normal(q).tolist(),  # lists: one number a quarter, used as Python floats
            efficiency=rng.standard_normal((q, labs)),
            adoption_timing=rng.standard_exponential((q, nations)),
            adoption_choice=-np.log(rng.standard_exponential((q, nations, len(STACKS)))),
            governance_timing=rng.random((q, nations)),
            governance_choice=rng.logistic(size=(q, nations)),
            crisis=rng.random(q).tolist(),
            misuse=rng.random(q).tolist(),
        )

    @property
    def quarters(self) -> int:
        return len(self.crisis)

    def extend(self, rng: np.random.Generator) -> None:
        """Double the horizon (for a model stepped past it), drawing on from the same generator."""
        more = Variates.draw(rng, self.quarters, self.adoption_timing.shape[1], self.efficiency.shape[1])
        for field in fields(self):
            now, added = getattr(self, field.name), getattr(more, field.name)
            setattr(self, field.name, now + added if isinstance(now, list) else np.concatenate([now, added]))
