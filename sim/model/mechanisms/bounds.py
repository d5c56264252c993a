"""Keeping shares and indices in range, and powers: the elementwise helpers the mechanisms share."""

from __future__ import annotations

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
    takes shortcuts for ``x ** 2`` or ``x ** 0.5`` with one exponent, and may take another loop when
    an operand is a single number; here both are whole arrays of one shape, always."""
    base, exponent = np.asarray(base, dtype=float), np.asarray(exponent, dtype=float)
    shape = base.shape if base.ndim >= exponent.ndim else exponent.shape  # a number, or one per replication
    if base.shape != shape:
        base = np.full(shape, base)
    if exponent.shape != shape:
        exponent = np.full(shape, exponent)
    return np.power(base, exponent)
