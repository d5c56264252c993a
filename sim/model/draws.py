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
exactly as a run alone would, each into its own block of one array a source, so a replication's
numbers never depend on the batch. A batch's streams are seeded together (``sim.model.seeding``
computes numpy's own seeding of many streams at once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.model import seeding

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
SEEDED_AT_ONCE = 32  # streams x roots from which hashing them together beats numpy's one at a time


def replication_seeds(root_seed: int, replications: int) -> list[int]:
    """One independent 32-bit seed per replication, derived from the root seed (numpy's
    ``SeedSequence``), so a run's numbers depend only on (root seed, replication)."""
    children = np.random.SeedSequence(root_seed).spawn(replications)
    return [int(child.generate_state(1)[0]) for child in children]


# The streams drawn for the whole horizon (``Variates``), besides each lab's efficiency stream.
DRAWN = tuple(name for name in STREAMS if name not in ("efficiency", "sentiment"))


def stream(root: int, name: str, *key: int) -> np.random.Generator:
    """The generator of source ``name`` (and ``key``, e.g. a lab's bloc and rank) in the run seeded ``root``."""
    return np.random.default_rng(np.random.SeedSequence(root, spawn_key=(STREAMS.index(name), *key)))


def draw_each[T](roots: list[int], name: str, draw: Callable[[np.random.Generator], T], *key: int) -> list[T]:
    """``draw(stream(root, name, *key))`` for each root, the streams seeded together (``stream_states``):
    ``draw`` is called once a root, in the roots' order."""
    return _each_state(stream_states(roots, [(STREAMS.index(name), *key)])[0], draw)


def stream_states(roots: list[int], keys: list[tuple[int, ...]]) -> list[list[Any]]:
    """Each stream's starting state (a spawn key: the stream's number and, for a lab, its bloc and
    rank) for each root. Many are seeded at once (``sim.model.seeding``); a few, or roots past
    2**64, by numpy one at a time, which is quicker for a few (a run alone)."""
    if len(roots) * len(keys) >= SEEDED_AT_ONCE and all(seeding.in_range(root) for root in roots):
        return seeding.pcg64_states(roots, keys)
    return [[np.random.PCG64(np.random.SeedSequence(root, spawn_key=key)).state for root in roots] for key in keys]


def _each_state[T](states: list[Any], draw: Callable[[np.random.Generator], T]) -> list[T]:
    """``draw`` applied to a generator in each of ``states`` in turn. One generator takes each
    state (making one costs more than drawing), and only ``draw`` sees it, so none is kept past its
    turn."""
    bit = np.random.PCG64(0)
    generator = np.random.Generator(bit)
    drawn = []
    for state in states:
        bit.state = state
        drawn.append(draw(generator))
    return drawn


def root_seed(rng) -> int:
    """The run's root seed: the integer the model was seeded with, or one drawn from its generator."""
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool):
        return int(rng)
    source = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    return int(source.integers(2**63))


@dataclass
class Variates:
    """Each source's draws for a batch of replications: the first axis of every array is the
    quarter (0-based), the replication axis comes next (after the lab for ``efficiency``).

    Each replication's draws are exactly those of its seed run alone: each is drawn from its own
    streams as for one run, into its own block (replication by replication in memory)."""

    smuggling: np.ndarray  # (quarters, R) standard normal: the lognormal shock to smuggled value
    efficiency: np.ndarray  # (quarters, labs, R) standard normal per lab: algorithmic progress
    adoption_timing: np.ndarray  # (quarters, R, nations) standard exponential: does it weigh its stack (Bass)?
    adoption_choice: np.ndarray  # (quarters, R, nations) uniform: which stack (logit, by inverse CDF)
    governance_timing: np.ndarray  # (quarters, R, nations) uniform: does it weigh the governance body?
    governance_choice: np.ndarray  # (quarters, R, nations) uniform: does it join?
    crisis: np.ndarray  # (quarters, R) uniform: does a crisis break out?
    misuse: np.ndarray  # (quarters, R) uniform: how many misuse incidents (Poisson by inverse CDF)
    # the roots and labs they were drawn for (``extend``)
    source: tuple[list[int], list[tuple[str, int]]] = field(default_factory=lambda: ([], []), repr=False)

    @classmethod
    def draw(cls, roots: int | list[int], quarters: int, nations: int, labs: list[tuple[str, int]]) -> Variates:
        """Draw every stream of each replication (root seed; one int for one replication) for
        ``quarters`` quarters; ``labs`` are (bloc, rank) pairs, one per lab."""
        roots = [roots] if isinstance(roots, int) else list(roots)
        return cls(**_drawn(roots, labs, max(quarters, 1), nations), source=(roots, labs))

    @property
    def quarters(self) -> int:
        return len(self.crisis)

    def extend(self) -> None:
        """Double the horizon (for a model stepped past it). Each stream is drawn again for twice
        as many quarters: a stream's draws come in order, so the first half is what was drawn."""
        roots, labs = self.source
        longer = _drawn(roots, labs, 2 * self.quarters, self.adoption_timing.shape[2])
        for name, drawn in longer.items():
            setattr(self, name, drawn)


def _drawn(roots: list[int], labs: list[tuple[str, int]], q: int, nations: int) -> dict[str, np.ndarray]:
    """Every source's draws for ``q`` quarters, each replication's from its own stream (as a run
    alone draws it) straight into its own block of one array, so nothing is copied: each array is
    laid out replication by replication and seen quarter first (``Variates``)."""
    keys: list[tuple[int, ...]] = [(STREAMS.index(name),) for name in DRAWN] + [lab_key(*lab) for lab in labs]
    states = dict(zip(keys, stream_states(roots, keys), strict=True))

    def each(key: tuple[int, ...], shape: tuple[int, ...], draw) -> np.ndarray:
        out = np.empty((len(roots), *shape))
        blocks = iter(out)  # each replication's block, in the order of the states
        _each_state(states[key], lambda generator: draw(generator, next(blocks)))
        return out.swapaxes(0, 1)

    def drawn(name: str, shape: tuple[int, ...], draw) -> np.ndarray:
        return each((STREAMS.index(name),), shape, draw)

    per_lab = [each(lab_key(*lab), (q,), _normal) for lab in labs]
    return {
        "smuggling": drawn("smuggling", (q,), _normal),
        "efficiency": np.stack(per_lab, axis=1) if labs else np.zeros((q, 0, len(roots))),
        "adoption_timing": drawn("adoption_timing", (q, nations), _exponential),
        "adoption_choice": drawn("adoption_choice", (q, nations), _uniform),
        "governance_timing": drawn("governance_timing", (q, nations), _uniform),
        "governance_choice": drawn("governance_choice", (q, nations), _uniform),
        "crisis": drawn("crisis", (q,), _uniform),
        "misuse": drawn("misuse", (q,), _uniform),
    }


def _normal(generator: np.random.Generator, out: np.ndarray) -> None:
    generator.standard_normal(out=out)


def _exponential(generator: np.random.Generator, out: np.ndarray) -> None:
    generator.standard_exponential(out=out)


def _uniform(generator: np.random.Generator, out: np.ndarray) -> None:
    generator.random(out=out)


def lab_key(bloc: str, rank: int) -> tuple[int, int, int]:
    """The spawn key of a lab's efficiency stream: the stream's number, the lab's bloc and rank."""
    return STREAMS.index("efficiency"), BLOCS.index(bloc), rank
