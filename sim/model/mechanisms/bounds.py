"""Keeping shares and indices in range, and powers: the elementwise helpers the mechanisms share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

type Values = Any  # a number, or a numpy array over replications (every mechanism is elementwise)


def clip(x: Values, low: Values = 0.0, high: Values = 1.0) -> Values:
    """``x`` kept within [low, high] (a share or an index in [0, 1] by default), elementwise: a number or
    an array over replications (``np.minimum(np.maximum(x, low), high)``, cheaper than ``np.clip`` on
    small arrays)."""
    return np.minimum(np.maximum(x, low), high)


def power(base: Values, exponent: Values) -> np.ndarray:
    """``base ** exponent`` elementwise, computed the same way whether the exponent is one number or
    one per replication (issue 25: a replication's numbers must not depend on its batch). numpy
    takes shortcuts (``x * x`` for ``** 2``, a square root for ``** 0.5``) when the exponent is one
    number, even a 0-d array, and its general ``pow`` otherwise, which differs in the last bits; so
    both operands are made whole arrays of one shape, of at least one element, always."""
    base, exponent = np.asarray(base, dtype=float), np.asarray(exponent, dtype=float)
    shape = base.shape if base.shape == exponent.shape else np.broadcast_shapes(base.shape, exponent.shape)
    whole = shape or (1,)
    if base.shape != whole:
        base = np.full(whole, base)
    if exponent.shape != whole:
        exponent = np.full(whole, exponent)
    return np.power(base, exponent).reshape(shape)


def added(values: Iterable[Values]) -> Values:
    """The values added in order. Not ``sum``: Python's sum of floats compensates its rounding (since
    3.12) where a sum of arrays does not, so a run alone, whose values may be floats, would differ in
    the last bits from its replication in a batch, whose values are arrays."""
    iterator = iter(values)
    total = next(iterator)
    for value in iterator:
        total = total + value
    return total


def largest(rows: np.ndarray) -> np.ndarray:
    """The elementwise maximum over the first axis (the stacks, or a bloc's labs), as maximums of
    whole rows: each a contiguous block, where numpy would reduce a short axis one row at a time.
    Exact, so its order does not matter."""
    top = np.array(rows[0], dtype=float)
    for row in rows[1:]:
        np.maximum(top, row, out=top)
    return top
