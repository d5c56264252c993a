"""What the benchmark scripts share: print the figures as a table and save them."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.json"


def report(figures: dict[str, float]) -> None:
    """Print ``figures`` as a table and merge them into ``bench/results.json``."""
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value:10.2f}")
    saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    saved.update({k: round(v, 4) for k, v in figures.items()})
    RESULTS.write_text(json.dumps(saved, indent=2) + "\n")
