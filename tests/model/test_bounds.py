"""The mechanisms' shared elementwise helpers give each element the same bits whether it comes as
one number or in an array over replications (issue 25: a replication's numbers must not depend on
its batch)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.model.mechanisms.bounds import added, power

BASES = st.floats(0.0, 50.0, allow_subnormal=False)
EXPONENTS = st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0]) | st.floats(0.0, 3.0, allow_subnormal=False)


@given(bases=st.lists(BASES, min_size=2, max_size=9), exponent=EXPONENTS)
def test_a_power_of_one_number_is_its_power_in_an_array_of_replications(bases, exponent):
    """numpy computes ``x ** 2`` as ``x * x`` (and ``x ** 0.5`` as a square root) when the exponent
    is one number, even a 0-d array, and by its general ``pow`` when there is one a replication;
    the two differ in the last bits for some x, so ``power`` never takes the shortcut."""
    together = power(np.array(bases), np.full(len(bases), exponent))
    by_base = power(np.array(bases), exponent)
    for r, base in enumerate(bases):
        assert power(base, exponent).tobytes() == together[r].tobytes()
        assert by_base[r].tobytes() == together[r].tobytes()


def test_a_power_of_two_numbers_keeps_their_shape_and_shapes_broadcast():
    assert power(2.0, 3.0).shape == () and float(power(2.0, 3.0)) == 8.0
    assert power(np.ones((3, 1)), np.full(4, 2.0)).shape == (3, 4)


def test_added_adds_in_order_as_arrays_do_not_as_python_sum_of_floats():
    values = [0.1, 0.2, 0.3, 1e16, -1e16]
    plain = (((0.1 + 0.2) + 0.3) + 1e16) + -1e16
    assert added(values) == plain == added(np.array(v) for v in values)
    assert sum(values) != plain  # Python's sum of floats compensates its rounding (3.12 and later)
