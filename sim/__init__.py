"""An agent-based simulation of the US-China competition in AI, on Mesa.

The public API, for use from Python (the ``airace`` command line covers the rest)::

    import sim

    model = sim.AIRaceModel(rng=42, **{"us.export_control_stringency": 1.0})
    model.run_model()
    sim.outcome_frame(model)  # one row per quarter

    runs = sim.run_scenario(sim.load_scenario("scenarios/tight_controls.yaml"))

The package is layered, lowest first: ``registry`` (what exists and what it means), ``model`` (one
run), ``scenario`` (a file becomes a validated config), ``runner`` (many runs), ``analysis``
(effects and studies), ``report`` (tables, charts, pages), ``web`` (dashboard and game) and ``cli``;
docs/ARCHITECTURE.md draws them. Names here are imported when first used, so ``import sim`` is quick.
"""

from __future__ import annotations

from importlib import import_module, metadata
from typing import TYPE_CHECKING

try:
    __version__ = metadata.version("airace")
except metadata.PackageNotFoundError:  # a source tree on sys.path, not installed
    __version__ = "0+unknown"

_PUBLIC = {
    "AIRaceModel": "sim.model.model",
    "outcome_frame": "sim.model.frames",
    "nation_frame": "sim.model.frames",
    "PARAMS": "sim.registry.params",
    "OUTCOMES": "sim.registry.outcomes",
    "Scenario": "sim.scenario",
    "load_scenario": "sim.scenario",
    "library": "sim.scenario",
    "run_scenario": "sim.runner",
    "run_replications": "sim.runner",
}

__all__ = [
    "OUTCOMES",
    "PARAMS",
    "AIRaceModel",
    "Scenario",
    "__version__",
    "library",
    "load_scenario",
    "nation_frame",
    "outcome_frame",
    "run_replications",
    "run_scenario",
]

if TYPE_CHECKING:
    from sim.model.frames import nation_frame, outcome_frame
    from sim.model.model import AIRaceModel
    from sim.registry.outcomes import OUTCOMES
    from sim.registry.params import PARAMS
    from sim.runner import run_replications, run_scenario
    from sim.scenario import Scenario, library, load_scenario


def __getattr__(name: str) -> object:
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'sim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
