"""Keeping shares and indices in range: the one clamp the mechanisms share."""


def clip(x: float, low: float = 0.0, high: float = 1.0) -> float:
    """``x`` kept within [low, high] (a share or an index in [0, 1] by default)."""
    return low if x < low else high if x > high else x
