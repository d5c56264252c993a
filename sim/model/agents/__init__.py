"""Agent kinds: governments, firms, frontier labs and developing nations, one module each."""

from sim.model.agents.firms import ChipMaker, CloudProvider
from sim.model.agents.governments import ChinaGovernment, Government, USGovernment
from sim.model.agents.labs import FrontierLab, Labs
from sim.model.agents.nations import Nation, Nations

__all__ = [
    "ChinaGovernment",
    "ChipMaker",
    "CloudProvider",
    "FrontierLab",
    "Government",
    "Labs",
    "Nation",
    "Nations",
    "USGovernment",
]
