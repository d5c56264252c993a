"""Agent kinds: governments, firms and developing nations, one module each."""

from sim.agents.firms import ChipMaker, CloudProvider, FrontierLab
from sim.agents.governments import ChinaGovernment, Government, USGovernment
from sim.agents.nations import Nation, Nations

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
