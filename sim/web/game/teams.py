"""The teams of the classroom game: who plays whom, which levers each sets, and how each scores.

A team sets only levers the registry lists for its actor (``sim.registry.params``), and only those the
registry lets change during a run (``Param.mid_run``: not the number of labs); a government's
doctrine and its adaptive weights stay with the scenario, since a team *is* that government's
doctrine while it plays. The developing world has no lever in the model: its nations choose their AI
stack themselves (``sim.model.agents.nations``), from what the two powers offer. So the South team's moves
are *asks* addressed to a power, each naming the lever it asks the power to move; the model does not
read them, the other teams do, and an ask scores when the power answers it the next round. Its
briefing says so.

Scores are the model's verdicts, not a judge's: at the end of each round every goal outcome of a
team is compared with the reference run on the same seeds (``sim.analysis.whatchanged.paired_effect``). A
goal scores +1 when the world is clearly better on it (the paired difference is at least half the
reference's run-to-run spread, what a student notices on a chart), -1 when clearly worse, 0 when
the difference could be chance.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.registry.params import PARAMS, check_mid_run

ROUND_QUARTERS = 4  # a round is a simulated year


@dataclass(frozen=True)
class Goal:
    """An outcome a team wants ``direction`` (+1 higher, -1 lower), and why, in its own words."""

    outcome: str
    direction: int
    why: str


@dataclass(frozen=True)
class Ask:
    """What the South may ask a power for: the lever it names and the way it should move."""

    id: str
    words: str
    lever: str
    direction: int  # +1: raise it, -1: lower it


@dataclass(frozen=True)
class Team:
    """One team: its id, name, the levers it sets, its goals and the registry quotes of its position."""

    id: str
    name: str
    plays: str
    levers: tuple[str, ...]
    goals: tuple[Goal, ...]
    position: tuple[str, ...]  # parameters whose source quotes tell the team's position
    colour: str
    asks: bool = False

    def quotes(self) -> list[tuple[str, str]]:
        """(quote, seed file) for the briefing, from the registry (checked verbatim by its tests)."""
        return [(PARAMS[name].quote, PARAMS[name].source) for name in self.position if PARAMS[name].quote]


def _may_play(name: str) -> bool:
    """A lever an event may set mid-run, and not a doctrine, an adaptive weight or a budget."""
    key = name.split(".", 1)[1]
    if key == "doctrine" or key.startswith("weight_") or key == "budget_usd":
        return False
    return PARAMS[name].kind == "lever" and PARAMS[name].mid_run


def _levers(actor: str) -> tuple[str, ...]:
    return tuple(name for name in PARAMS if name.startswith(actor + ".") and _may_play(name))


ASKS: tuple[Ask, ...] = (
    Ask("us_financing", "US: finance our data centres and models", "us.partner_financing_usd", +1),
    Ask("us_no_caps", "US: sell us your AI without caps on chips", "us.diffusion_limits", -1),
    Ask("cn_silk_road", "China: build our digital infrastructure", "cn.digital_silk_road_usd", +1),
    Ask("cn_open_models", "China: cheaper open models for us", "cn.open_model_subsidy", +1),
    Ask("us_joint_safety", "US: detect AI misuse jointly with China", "us.joint_misuse_detection", +1),
    Ask("us_calm", "US: stop framing AI as an arms race", "us.military_framing", -1),
    Ask("cn_calm", "China: stop framing AI as an arms race", "cn.military_framing", -1),
)
ASKS_BY_ID = {ask.id: ask for ask in ASKS}
ASKS_PER_ROUND = 2  # as Intelligence Rising's two actions a round

TEAMS: dict[str, Team] = {
    "us": Team(
        "us",
        "United States",
        "the US government",
        _levers("us"),
        (
            Goal("capability_gap", +1, "stay ahead in AI capability"),
            Goal("reach_us", +1, "spread American AI in the developing world"),
            Goal("tension", -1, "avoid a war over Taiwan"),
            Goal("misuse_risk", -1, "keep AI out of bad actors' hands"),
        ),
        ("us.export_control_stringency", "us.compute_investment_usd", "us.safety_governance_stance"),
        "#1f5fa8",
    ),
    "cn": Team(
        "cn",
        "China",
        "the Chinese government",
        _levers("cn"),
        (
            Goal("capability_gap", -1, "close the gap with the US (lower US lead)"),
            Goal("cn_self_sufficiency", +1, "make China's own chips as good as imported ones"),
            Goal("reach_cn", +1, "spread Chinese AI in the developing world"),
            Goal("tension", -1, "avoid a war over Taiwan"),
        ),
        ("cn.self_sufficiency_investment_usd", "cn.governance_proposal", "cn.open_model_subsidy"),
        "#c0392b",
    ),
    "south": Team(
        "south",
        "The developing world",
        "the developing nations (in the model they choose their own AI stack; this team speaks for them)",
        (),
        (
            Goal("welfare", +1, "get the most benefit from AI"),
            Goal("adoption_none", -1, "leave no one without an AI stack"),
            Goal("misuse_risk", -1, "keep AI out of bad actors' hands"),
        ),
        ("us.partner_financing_usd", "cn.digital_silk_road_usd", "us.diffusion_limits"),
        "#1e8449",
        asks=True,
    ),
    "labs": Team(
        "labs",
        "The AI labs",
        "the frontier labs of both blocs",
        _levers("firms"),
        (
            Goal("capability_us", +1, "push the frontier of what AI can do (US labs lead it)"),
            Goal("misuse_risk", -1, "keep AI out of bad actors' hands"),
            Goal("tension", -1, "keep the labs out of a war"),
        ),
        ("firms.safety_coalition", "us.military_framing"),
        "#7d3c98",
    ),
}
ORDER = tuple(TEAMS)


def check_teams(ids: list[str]) -> list[str]:
    """The teams a game is played by, in the game's order: ``us`` and ``cn`` always, then any of
    ``south`` and ``labs``; a ValueError names what was wrong and what is allowed."""
    unknown = [team for team in ids if team not in TEAMS]
    if unknown:
        raise ValueError(f"unknown team {', '.join(unknown)}: choose from {', '.join(ORDER)}")
    if len(set(ids)) != len(ids):
        raise ValueError("a team is named twice: name each once, e.g. us,cn,south")
    if len(ids) < 2:
        raise ValueError("a game needs at least two teams, e.g. us,cn")
    return [team for team in ORDER if team in ids]


def check_move(team: str, lever: str, value: object):
    """The registry-checked value of ``team``'s move on ``lever``; ValueError when the lever is not
    the team's or the value is out of its range (the registry's words)."""
    if team not in TEAMS:
        raise ValueError(f"{team!r} is not a team")
    if lever not in TEAMS[team].levers:
        raise PermissionError(f"{TEAMS[team].name} does not set {lever!r}")
    return check_mid_run(lever, value)  # the registry's one check, for a change during a run


# ---- budgets: a government's spending levers count against its budget ------------------------------
def spending_levers(team: str) -> tuple[str, ...]:
    """The team's levers that spend money (``*_usd``, USD a quarter, as the model reads them)."""
    return tuple(lever for lever in TEAMS[team].levers if lever.endswith("_usd"))


def budget_lever(team: str) -> str | None:
    """The registry's budget its spending levers count against (``us.budget_usd``: the model's
    "budget for all its spending levers"), or None for a team with no budget in the model."""
    name = f"{team}.budget_usd"
    return name if name in PARAMS and spending_levers(team) else None
