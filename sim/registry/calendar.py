"""The model's calendar: one step a quarter, step 1 is 2025Q1."""

from __future__ import annotations

import functools
import re

START_YEAR = 2025
QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


@functools.cache
def quarter_label(step: int) -> str:
    """The calendar quarter of a step: step 1 is 2025Q1."""
    year, quarter = divmod(step - 1, 4)
    return f"{START_YEAR + year}Q{quarter + 1}"


def step_of(quarter: str) -> int:
    """The step whose quarter is ``quarter`` (2025Q1 is step 1); ValueError for anything else."""
    match = QUARTER.match(str(quarter))
    if not match or int(match.group(1)) < START_YEAR:
        raise ValueError(f"{quarter!r} is not a quarter like 2027Q1, from {START_YEAR}Q1 on")
    return (int(match.group(1)) - START_YEAR) * 4 + int(match.group(2))
