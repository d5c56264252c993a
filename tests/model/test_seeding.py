"""Many streams seeded at once start exactly where numpy's own seeding starts each one."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.model import seeding
from sim.model.draws import STREAMS, draw_each, stream

ROOTS = st.lists(st.integers(0, 2**64 - 1) | st.sampled_from([0, 1, 2**32 - 1, 2**32, 2**64 - 1]), min_size=1)
KEYS = st.tuples(st.integers(0, len(STREAMS) - 1)) | st.tuples(
    st.integers(0, len(STREAMS) - 1), st.integers(0, 1), st.integers(0, 40)
)


@given(roots=ROOTS, keys=st.lists(KEYS, min_size=1, max_size=5))
def test_each_state_is_numpys_pcg64_seeded_by_its_seed_sequence(roots, keys):
    """Keys of both lengths in one call, in any order, as ``Variates`` asks for them."""
    for key, states in zip(keys, seeding.pcg64_states(roots, keys), strict=True):
        for root, state in zip(roots, states, strict=True):
            assert state == np.random.PCG64(np.random.SeedSequence(root, spawn_key=key)).state


@given(roots=st.lists(st.integers(0, 2**64 - 1) | st.integers(2**64, 2**80), min_size=1, max_size=40))
def test_each_root_draws_what_its_stream_alone_draws(roots):
    """Few roots and many (seeded at once), roots past 2**64 (seeded by numpy itself), mixed."""
    together = draw_each(roots, "efficiency", lambda g: g.random(3), 1, 2)
    assert all(np.array_equal(d, stream(r, "efficiency", 1, 2).random(3)) for r, d in zip(roots, together, strict=True))


def test_a_batch_large_enough_to_seed_at_once_draws_what_each_stream_alone_draws():
    roots = [*range(1000, 1040), 2**63 + 5, 2**64 - 1]
    together = draw_each(roots, "adoption_choice", lambda g: g.standard_exponential(4))
    alone = [stream(r, "adoption_choice").standard_exponential(4) for r in roots]
    assert all(np.array_equal(a, b) for a, b in zip(together, alone, strict=True))
