"""Keeping shares and indices in range: the one clamp the mechanisms share."""

from __future__ import annotations

from typing import Any

import numpy as np

type Values = Any  # a number, or a numpy array over replications (every mechanism is elementwise)


def clip(x: Values, low: Values = 0.0, high: Values = 1.0) -> Values:
    """``x`` kept within [low, high] (a share or an index in [0, 1] by default), elementwise: a number or
    an array over replications (``np.minimum(np.maximum(x, low), high)``, cheaper than ``np.clip`` on
    small arrays)."""
    return np.minimum(np.maximum(x, low), high)
