"""Racing and safety (Armstrong, Bostrom and Shulman 2016, "Racing to the precipice").

In their model teams skimp on safety more when enmity between them is higher and when more teams
race. A lab's safety share of spending is a base share, raised by a safety coalition (seed 002:
"Support the creation of a global AI Safety Coalition."), cut in proportion to tension (enmity), and
divided by a factor growing with the number of racing labs.
"""

from __future__ import annotations

from sim.model.mechanisms.bounds import Values, clip
from sim.registry.groups import FirmsParameters


def safety_share(tension: Values, racing_labs: int, f: FirmsParameters) -> Values:
    """A lab's share of spending on safety, in [0, 1], at this tension with this many labs racing,
    under the firms' assumptions ``f`` (``p.firms``: base share, coalition, sensitivities)."""
    share = f.safety_share_base * (1.0 + f.safety_coalition) * (1.0 - f.racing_enmity_sensitivity * tension)
    share /= 1.0 + f.racing_teams_sensitivity * (racing_labs - 1)
    return clip(share)
