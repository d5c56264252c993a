"""The developing nations' attributes as numpy arrays, one element per nation.

The model holds these arrays and the nation agents view them, so the adoption mechanism runs over
all nations in one vectorised call. The default table is ``seeds/nations.csv`` (sources in
``seeds/nations.md``); :func:`synthetic_nations` makes larger tables for benchmarks.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from sim.registry.paths import SEEDS_DIR

NATIONS_CSV = SEEDS_DIR / "nations.csv"

NUMERIC_COLUMNS = (
    "population_m",
    "gdp_per_capita_usd",
    "bri_member",
    "us_security_tie",
    "data_protection_law",
    "local_language_need",
)


@dataclass(frozen=True)
class NationTable:
    """Fixed attributes of the developing nations (read-only arrays of equal length)."""

    iso3: tuple[str, ...]
    name: tuple[str, ...]
    region: tuple[str, ...]
    population_m: np.ndarray
    gdp_per_capita_usd: np.ndarray
    bri_member: np.ndarray
    us_security_tie: np.ndarray
    data_protection_law: np.ndarray
    local_language_need: np.ndarray

    def __len__(self) -> int:
        return len(self.iso3)

    @property
    def population_weight(self) -> np.ndarray:
        return self.population_m / self.population_m.sum()


def _frozen(values) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    array.flags.writeable = False
    return array


@cache
def load_nations(path: Path = NATIONS_CSV) -> NationTable:
    """Read a nations CSV; raise ``ValueError`` naming the file, row and column on bad input."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        raise ValueError(f"{path}: no nations")
    columns: dict[str, list[float]] = {c: [] for c in NUMERIC_COLUMNS}
    for line, row in enumerate(rows, start=2):
        for column in NUMERIC_COLUMNS:
            try:
                columns[column].append(float(row[column]))
            except (KeyError, TypeError, ValueError):
                raise ValueError(f"{path}, line {line}, column {column}: {row.get(column)!r} is not a number") from None
    return NationTable(
        iso3=tuple(r["iso3"] for r in rows),
        name=tuple(r["name"] for r in rows),
        region=tuple(r["region"] for r in rows),
        **{c: _frozen(v) for c, v in columns.items()},
    )


def synthetic_nations(count: int, seed: int = 0) -> NationTable:
    """``count`` nations resampled from the real table, for scaling benchmarks only."""
    real = load_nations()
    pick = np.random.default_rng(seed).integers(0, len(real), size=count)
    return NationTable(
        iso3=tuple(f"S{i:05d}" for i in range(count)),
        name=tuple(f"synthetic {real.name[j]} {i}" for i, j in enumerate(pick)),
        region=tuple(real.region[j] for j in pick),
        **{c: _frozen(getattr(real, c)[pick]) for c in NUMERIC_COLUMNS},
    )
