"""Racing and safety (Armstrong, Bostrom and Shulman 2016, "Racing to the precipice").

In their model teams skimp on safety more when enmity between them is higher and when more teams
race. A lab's safety share of spending is a base share, raised by a safety coalition (seed 002:
"Support the creation of a global AI Safety Coalition."), cut in proportion to tension (enmity), and
divided by a factor growing with the number of racing labs.
"""

from __future__ import annotations

from sim.model.mechanisms.bounds import clip


def safety_share(
    base: float,
    coalition: float,
    tension: float,
    racing_labs: int,
    enmity_sensitivity: float,
    teams_sensitivity: float,
) -> float:
    """A lab's share of spending on safety, in [0, 1]."""
    share = base * (1.0 + coalition) * (1.0 - enmity_sensitivity * tension)
    share /= 1.0 + teams_sensitivity * (racing_labs - 1)
    return clip(share)
