"""Agent kinds: governments, firms and developing nations, one module each."""

from sim.model.agents.firms import ChipMaker, CloudProvider, FrontierLab
from sim.model.agents.governments import ChinaGovernment, Government, USGovernment
from sim.model.agents.nations import Nation, Nations

__all__ = [
    "ChinaGovernment",
    "ChipMaker",
    "CloudProvider",
    "FrontierLab",
    "Government",
    "Nation",
    "Nations",
    "USGovernment",
]
