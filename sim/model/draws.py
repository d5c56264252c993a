"""A run's random variates: one stream per source, keyed by name, drawn for the whole horizon.

Every source of chance (smuggling shocks, each lab's algorithmic progress, nations' timing and
choices, crises, misuse, sentiment) has its own random stream, a numpy ``SeedSequence`` keyed by
the run's root seed, the stream's name and, for a lab, its bloc and rank. So a change to one
source never moves another's numbers: adding labs leaves the nations' draws and the first labs'
draws as they were, and switching a mechanism off leaves the other mechanisms' draws unchanged.
That is what makes paired comparisons (common random numbers) of any lever meaningful.

Each stream is drawn for every quarter at once when the model is built: each numpy call costs
microseconds however little it draws, so one call per stream is a large part of what makes a run
fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from sim.model.mechanisms.adoption import STACKS

# A stream's number is its place here: append new streams, never reorder (the numbers would change).
STREAMS = (
    "sentiment",
    "smuggling",
    "efficiency",
    "adoption_timing",
    "adoption_choice",
    "governance_timing",
    "governance_choice",
    "crisis",
    "misuse",
)
BLOCS = ("us", "cn")


def replication_seeds(root_seed: int, replications: int) -> list[int]:
    """One independent 32-bit seed per replication, derived from the root seed (numpy's
    ``SeedSequence``), so a run's numbers depend only on (root seed, replication)."""
    children = np.random.SeedSequence(root_seed).spawn(replications)
    return [int(child.generate_state(1)[0]) for child in children]


def stream(root: int, name: str, *key: int) -> np.random.Generator:
    """The generator of source ``name`` (and ``key``, e.g. a lab's bloc and rank) in the run seeded ``root``."""
    return np.random.default_rng(np.random.SeedSequence(root, spawn_key=(STREAMS.index(name), *key)))


def root_seed(rng) -> int:
    """The run's root seed: the integer the model was seeded with, or one drawn from its generator."""
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool):
        return int(rng)
    source = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    return int(source.integers(2**63))


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
    generators: dict[str, object] = field(default_factory=dict, repr=False)  # each stream, to draw on

    @classmethod
    def draw(cls, root: int, quarters: int, nations: int, labs: list[tuple[str, int]]) -> Variates:
        """Draw every stream for ``quarters`` quarters; ``labs`` are (bloc, rank) pairs, one per lab."""
        generators: dict[str, object] = {
            name: stream(root, name) for name in STREAMS if name not in ("efficiency", "sentiment")
        }
        generators["efficiency"] = [stream(root, "efficiency", BLOCS.index(bloc), rank) for bloc, rank in labs]
        variates = cls(**_draw(generators, max(quarters, 1), nations), generators=generators)
        return variates

    @property
    def quarters(self) -> int:
        return len(self.crisis)

    def extend(self) -> None:
        """Double the horizon (for a model stepped past it), drawing on from each stream."""
        more = _draw(self.generators, self.quarters, self.adoption_timing.shape[1])
        for f in fields(self):
            if f.name == "generators":
                continue
            now, added = getattr(self, f.name), more[f.name]
            setattr(self, f.name, now + added if isinstance(now, list) else np.concatenate([now, added]))


def _draw(generators: dict, q: int, nations: int) -> dict:
    labs = generators["efficiency"]
    return {
        "smuggling": generators["smuggling"].standard_normal(q).tolist(),  # lists: used as Python floats
        "efficiency": np.stack([g.standard_normal(q) for g in labs], axis=1) if labs else np.zeros((q, 0)),
        "adoption_timing": generators["adoption_timing"].standard_exponential((q, nations)),
        "adoption_choice": -np.log(generators["adoption_choice"].standard_exponential((q, nations, len(STACKS)))),
        "governance_timing": generators["governance_timing"].random((q, nations)),
        "governance_choice": generators["governance_choice"].logistic(size=(q, nations)),
        "crisis": generators["crisis"].random(q).tolist(),
        "misuse": generators["misuse"].random(q).tolist(),
    }
