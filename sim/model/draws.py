"""A run's random variates: one stream per source, keyed by name, drawn for the whole horizon.

Every source of chance (smuggling shocks, each lab's algorithmic progress, nations' timing and
choices, crises, misuse, sentiment) has its own random stream, a numpy ``SeedSequence`` keyed by
the run's root seed, the stream's name and, for a lab, its bloc and rank. So a change to one
source never moves another's numbers: adding labs leaves the nations' draws and the first labs'
draws as they were, and switching a mechanism off leaves the other mechanisms' draws unchanged.
That is what makes paired comparisons (common random numbers) of any lever meaningful.

Each stream is drawn for every quarter at once when the model is built: each numpy call costs
microseconds however little it draws, so one call per stream is a large part of what makes a run
fast. A batch of replications (``AIRaceModel(rng=[seed, ...])``) draws each replication's streams
exactly as a run alone would and stacks them, so a replication's numbers never depend on the batch.
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
    """Each source's draws for a batch of replications: the first axis of every array is the
    quarter (0-based), the replication axis comes next (after the lab for ``efficiency``, after
    the stack for ``adoption_choice``, whose stacks come first as the nations' utilities do).

    Each replication's draws are exactly those of its seed run alone: each is drawn from its own
    streams as for one run, and the replications' arrays are stacked."""

    smuggling: np.ndarray  # (quarters, R) standard normal: the lognormal shock to smuggled value
    efficiency: np.ndarray  # (quarters, labs, R) standard normal per lab: algorithmic progress
    adoption_timing: np.ndarray  # (quarters, R, nations) standard exponential: does it weigh its stack (Bass)?
    adoption_choice: np.ndarray  # (quarters, stacks, R, nations) standard Gumbel: which stack (logit)
    governance_timing: np.ndarray  # (quarters, R, nations) uniform: does it weigh the governance body?
    governance_choice: np.ndarray  # (quarters, R, nations) standard logistic: does it join?
    crisis: np.ndarray  # (quarters, R) uniform: does a crisis break out?
    misuse: np.ndarray  # (quarters, R) uniform: how many misuse incidents (Poisson by inverse CDF)
    generators: list[dict[str, object]] = field(default_factory=list, repr=False)  # each replication's streams

    @classmethod
    def draw(cls, roots: int | list[int], quarters: int, nations: int, labs: list[tuple[str, int]]) -> Variates:
        """Draw every stream of each replication (root seed; one int for one replication) for
        ``quarters`` quarters; ``labs`` are (bloc, rank) pairs, one per lab."""
        generators = []
        for root in [roots] if isinstance(roots, int) else roots:
            streams: dict[str, object] = {
                name: stream(root, name) for name in STREAMS if name not in ("efficiency", "sentiment")
            }
            streams["efficiency"] = [stream(root, "efficiency", BLOCS.index(bloc), rank) for bloc, rank in labs]
            generators.append(streams)
        return cls(**_stacked(generators, max(quarters, 1), nations), generators=generators)

    @property
    def quarters(self) -> int:
        return len(self.crisis)

    def extend(self) -> None:
        """Double the horizon (for a model stepped past it), drawing on from each stream."""
        more = _stacked(self.generators, self.quarters, self.adoption_timing.shape[2])
        for f in fields(self):
            if f.name != "generators":
                setattr(self, f.name, np.concatenate([getattr(self, f.name), more[f.name]]))


# The replication axis of each source's draws (after the quarter, or after the lab or the stack).
REPLICATION_AXIS = {"efficiency": 2}


def _stacked(generators: list[dict], q: int, nations: int) -> dict:
    drawn = [_draw(streams, q, nations) for streams in generators]
    stacked = {
        name: np.stack([d[name] for d in drawn], axis=REPLICATION_AXIS.get(name, 1))
        for name in drawn[0]
        if name != "adoption_choice"
    }
    return {**stacked, "adoption_choice": _stacks_first([d["adoption_choice"] for d in drawn])}


def _stacks_first(choices: list[np.ndarray]) -> np.ndarray:
    """Each replication's (quarters, nations, stacks) draws as one (quarters, stacks, R, nations) array."""
    q, nations, stacks = choices[0].shape
    out = np.empty((q, stacks, len(choices), nations))
    for r, choice in enumerate(choices):
        out[:, :, r, :] = choice.transpose(0, 2, 1)
    return out


def _draw(generators: dict, q: int, nations: int) -> dict:
    """One replication's draws for ``q`` quarters (each stream drawn as a run alone draws it)."""
    labs = generators["efficiency"]
    return {
        "smuggling": generators["smuggling"].standard_normal(q),
        "efficiency": np.stack([g.standard_normal(q) for g in labs], axis=1) if labs else np.zeros((q, 0)),
        "adoption_timing": generators["adoption_timing"].standard_exponential((q, nations)),
        "adoption_choice": -np.log(generators["adoption_choice"].standard_exponential((q, nations, len(STACKS)))),
        "governance_timing": generators["governance_timing"].random((q, nations)),
        "governance_choice": generators["governance_choice"].logistic(size=(q, nations)),
        "crisis": generators["crisis"].random(q),
        "misuse": generators["misuse"].random(q),
    }
