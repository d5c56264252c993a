"""The starting states of many random streams at once, exactly as numpy seeds each one alone.

A stream is ``np.random.default_rng(SeedSequence(root, spawn_key=key))`` (``sim.model.draws``): a
PCG64 generator whose state numpy derives from the root seed and the key by hashing. Making one
costs about 12 us of Python-level work, and a batch of 100 replications makes 1,400 of them, a
sixth of the batch's time (issue 25); numpy has no call that seeds many at once. The hashing is the
same fixed sequence of 32-bit multiplies and shifts for every stream, so here it runs once over
all streams as numpy arrays (``_pool`` is numpy's ``SeedSequence.mix_entropy`` and ``_generated``
its ``generate_state``, in ``numpy/random/bit_generator.pyx``, after O'Neill's ``seed_seq``:
https://www.pcg-random.org/posts/developing-a-seed_seq-alternative.html; ``_pcg64_state`` is
``pcg64_set_seed`` in ``numpy/random/src/pcg64/pcg64.c``). A batch's generator then takes each
stream's state in turn (``sim.model.draws``). numpy keeps a seeded generator's stream the same
across versions (NEP 19), and ``tests/model/test_seeding.py`` checks every state against numpy's
own seeding, over roots from 0 to 2**64 - 1 and every key shape the model uses, so a change would
fail it rather than pass unseen; a root outside that range is seeded by numpy itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

POOL = 4  # numpy's SeedSequence pool size (words)
INIT_A, MULT_A = 0x43B0D7E5, 0x931E8875
INIT_B, MULT_B = 0x8B51F9DD, 0x58F38DED
MIX_MULT_L, MIX_MULT_R = 0xCA01F9DD, 0x4973F715
MASK32, MASK128 = 0xFFFFFFFF, (1 << 128) - 1
PCG_MULTIPLIER = 0x2360ED051FC65DA44385DF649FCCF645  # PCG64's 128-bit LCG multiplier


def pcg64_states(roots: Sequence[int], keys: Sequence[tuple[int, ...]]) -> list[list[Any]]:
    """For each key, the state dict of ``PCG64(SeedSequence(root, spawn_key=key))`` for each root
    (its ``.state``), for roots in [0, 2**64) and keys of small non-negative integers. Keys of one
    length are hashed together, in one pass over (keys x roots) arrays."""
    states: list[list[Any]] = [[] for _ in keys]
    for length in sorted({len(key) for key in keys}):
        group = [i for i, key in enumerate(keys) if len(key) == length]
        words = _entropy(np.asarray(roots, dtype=np.uint64), [keys[i] for i in group])
        words32 = _generated(_pool(words)).astype(np.uint64)  # (8, keys x roots) 32-bit words
        values = words32[0::2] | (words32[1::2] << np.uint64(32))  # four little-endian 64-bit values
        flat = [_pcg64_state(*column) for column in values.T.tolist()]
        for place, i in enumerate(group):
            states[i] = flat[place * len(roots) : (place + 1) * len(roots)]
    return states


def in_range(root: int) -> bool:
    """Whether ``pcg64_states`` seeds this root (numpy seeds any other itself)."""
    return 0 <= root < 2**64


def _entropy(roots: np.ndarray, keys: list[tuple[int, ...]]) -> list[np.ndarray]:
    """SeedSequence's entropy words of each (key, root), keys outer: the root's 32-bit words padded
    to the pool with zeros (a key follows), then the key's words."""
    low = np.tile((roots & MASK32).astype(np.uint32), len(keys))
    high = np.tile((roots >> np.uint64(32)).astype(np.uint32), len(keys))
    key_words = np.repeat(np.array(keys, dtype=np.uint32), len(roots), axis=0).T
    # a root below 2**32 is one word, padded with zeros; above, two words: the same either way
    return [low, high, np.zeros_like(low), np.zeros_like(low), *key_words]


def _hash_constants(start: int, multiplier: int, count: int) -> list[np.uint32]:
    """The hash constant before each mixing step: it runs through the same values for any input."""
    constants, value = [], start
    for _ in range(count):
        constants.append(np.uint32(value))
        value = (value * multiplier) & MASK32
    return constants


def _hashmix(value: np.ndarray, before: np.uint32, after: np.uint32) -> np.ndarray:
    mixed = (value ^ before) * after
    return mixed ^ np.right_shift(mixed, 16)


def _mix(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    result = np.uint32(MIX_MULT_L) * x - np.uint32(MIX_MULT_R) * y
    return result ^ np.right_shift(result, 16)


def _pool(entropy: list[np.ndarray]) -> list[np.ndarray]:
    """SeedSequence.mix_entropy over every stream at once."""
    steps = POOL + POOL * (POOL - 1) + POOL * (len(entropy) - POOL)
    constants = iter(_hash_constants(INIT_A, MULT_A, steps + 1))
    before = next(constants)

    def hashmix(value: np.ndarray) -> np.ndarray:
        nonlocal before
        after = next(constants)
        mixed, before = _hashmix(value, before, after), after
        return mixed

    pool = [hashmix(entropy[i]) for i in range(POOL)]
    for source in range(POOL):
        for target in range(POOL):
            if source != target:
                pool[target] = _mix(pool[target], hashmix(pool[source]))
    for word in entropy[POOL:]:
        for target in range(POOL):
            pool[target] = _mix(pool[target], hashmix(word))
    return pool


def _generated(pool: list[np.ndarray]) -> np.ndarray:
    """SeedSequence.generate_state(4, uint64) as eight 32-bit words a stream."""
    constants = _hash_constants(INIT_B, MULT_B, 2 * POOL + 1)
    return np.array([_hashmix(pool[i % POOL], constants[i], constants[i + 1]) for i in range(2 * POOL)])


def _pcg64_state(*v: int) -> Any:  # numpy's PCG64 state dict (typed as a TypedDict numpy keeps private)
    """PCG64's seeding (``pcg64_set_seed``) from the four 64-bit values: the first two are the
    initial state (high first), the next two the stream (increment)."""
    initial, sequence = (v[0] << 64) | v[1], (v[2] << 64) | v[3]
    increment = ((sequence << 1) | 1) & MASK128
    state = increment  # one step from 0
    state = (((state + initial) & MASK128) * PCG_MULTIPLIER + increment) & MASK128
    return {"bit_generator": "PCG64", "state": {"state": state, "inc": increment}, "has_uint32": 0, "uinteger": 0}
