"""The policy-response contract: the model's theory, written where a teacher and a reviewer can read it.

Every lever (at one end of its range), every mechanism switch (off) and every library scenario has
rows here: the outcome it must move, the direction, by when (a quarter, or the mean over the whole
run), and the sentence of a seed article or the public source that says so, or ``assumption`` with
the reason. ``tests/analysis/test_policy_responses.py`` and ``airace responses`` run every row with paired
replications (the same seeds as the reference) and check both the sign and the size: the paired
mean difference must be at least half the reference's spread across replications (``sim.analysis.effects``),
which is what a student notices on a chart, and at least a stated size in the outcome's own terms
(``Size``: a relative change, months of lag, a probability, points of a share), with the reason,
so that an outcome that barely varies cannot pass on a change nobody would see. A row that is true
by construction (a lever moving its own spending, a doctrine moving its own lever) is marked
``definition``: it is run and shown, and not counted. A row may instead bound an effect from above
(``at_most``): that is how the contract says an assumption makes a lever matter far less.
Printed rows also carry the size word every effects table uses (``sim.registry.verdict.size_word``:
negligible, small, moderate, large by z). ``docs/policy_responses.md`` is rendered from this table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import cast

from sim.analysis.effects import DECADE, Runs, Setup, effect, statistic
from sim.registry.params import MECHANISMS, PARAMS, SEED_000, SEED_001, SEED_002, SEED_003, SEED_FILES, Value
from sim.registry.verdict import size_word

UP, DOWN = 1, -1
THRESHOLD = 0.5  # paired mean difference, in reference standard deviations
REPLICATIONS = 40  # enough that a crisis chance of about a third is measured within a few points


@dataclass(frozen=True)
class Size:
    """The least change that counts, in the outcome's own terms: ``amount`` of the outcome's unit, or,
    if ``relative``, that share of the reference's mean; ``reason`` says why that size."""

    amount: float
    relative: bool
    reason: str

    def bound(self, reference_mean: float) -> float:
        return self.amount * abs(reference_mean) if self.relative else self.amount

    def label(self, unit: str = "") -> str:
        if self.relative:
            return f"{self.amount:.1%}" if self.amount < 0.01 else f"{self.amount:.0%}"
        return f"{self.amount:g} {unit}".strip()


POINT = "a point of a share is what a chart's axis shows; less is invisible"
NOTICEABLE: dict[str, Size] = {  # the default least change per outcome, when a row does not say
    "capability_gap": Size(0.05, False, "about a month of the frontier's growth"),
    "capability_lag_months": Size(1.0, False, "a month of lag, Epoch AI's unit"),
    "capability_us": Size(0.05, False, "about a month of the frontier's growth"),
    "capability_cn": Size(0.05, False, "about a month of the frontier's growth"),
    "compute_us": Size(0.05, True, "5%: a few weeks of compute growth"),
    "compute_cn": Size(0.03, True, "3% of China's compute: about what smuggled chips add (seed 000, CNAS 2025)"),
    "cn_domestic_chip_share": Size(0.02, False, "two points of a share"),
    "cn_self_sufficiency": Size(0.01, False, POINT),
    "cn_chip_capacity_h100e": Size(0.05, True, "5% of capacity: a few months of its growth"),
    "cn_chips_made_h100e": Size(0.05, True, "5% of output: a few months of its growth"),
    "smuggled_value_usd": Size(0.10, True, "10%: grey-market flows are lumpy (noise sd 25% a quarter)"),
    "open_models_chinese": Size(0.02, False, "two points of a share"),
    "governance_body_share": Size(0.01, False, POINT),
    "investment_us_usd": Size(0.05, True, "5% of spending"),
    "investment_cn_usd": Size(0.05, True, "5% of spending"),
    "safety_share": Size(0.005, False, "half a point of spending: a tenth of today's safety share"),
    "tension": Size(0.02, False, "two points on the 0-1 index"),
    "cooperation": Size(0.02, False, "two points on the 0-1 index"),
    "misuse_risk": Size(0.05, True, "5% of the risk"),
    "welfare": Size(0.02, True, "2% of the benefit"),
    "crisis_chance": Size(0.10, True, "10% of the chance"),
    "crisis_risk": Size(0.10, True, "10% of the decade's crisis risk"),
    "crises_started": Size(0.1, False, "a crisis in one more run in ten"),
    "crisis": Size(0.5, False, "a crisis in most runs"),
    "export_control_stringency": Size(0.02, False, "two points of the share blocked"),
}
SHARE_OF_POPULATION = Size(0.01, False, "a point of the developing world's population")


def noticeable(outcome: str) -> Size:
    """The default least change of ``outcome``: adoption and reach shares a point of population."""
    if outcome.startswith(("adoption_", "reach_")):
        return SHARE_OF_POPULATION
    return NOTICEABLE[outcome]


@dataclass(frozen=True)
class Expect:
    """One expected response: ``outcome`` moves ``direction`` (UP or DOWN) by ``when``, by at least
    ``size`` (the outcome's default when None); or, with ``at_most``, by no more than that."""

    outcome: str
    direction: int
    when: str
    source: str
    quote: str = ""
    reason: str = ""
    size: Size | None = None
    definition: bool = False
    at_most: Size | None = None

    @property
    def least(self) -> Size:
        return self.size or noticeable(self.outcome)


@dataclass(frozen=True)
class Subject:
    """A change to test: a lever set to one end of its range, a mechanism switched off, or a scenario.

    ``change`` is applied on top of ``against`` (the reference, run with the same seeds).
    """

    name: str  # what a reader sees, e.g. "us.enforcement at 1" or "scenario tight_controls"
    kind: str  # lever, switch or scenario
    covers: str  # the registry name (lever or mechanisms.*) or the scenario name it tests
    change: Setup
    expects: tuple[Expect, ...]
    against: Setup = field(default_factory=Setup)
    note: str = ""


@dataclass(frozen=True)
class Row:
    """A subject's expectation with what the model gave."""

    subject: Subject
    expect: Expect
    z: float
    mean_difference: float
    reference_sd: float
    reference_mean: float = 0.0

    @property
    def passed(self) -> bool:
        """Sign and spread (z >= 0.5 in the expected direction) and the stated size; or, for an
        ``at_most`` row, a change no larger than its bound."""
        expect = self.expect
        if expect.at_most is not None:
            return abs(self.mean_difference) <= expect.at_most.bound(self.reference_mean)
        signed = expect.direction * self.mean_difference
        return expect.direction * self.z >= THRESHOLD and signed >= expect.least.bound(self.reference_mean)

    @property
    def counted(self) -> bool:
        return not self.expect.definition


def measure(subjects: tuple[Subject, ...], runs: Runs, assuming: dict[str, Value] | None = None) -> Iterator[Row]:
    """Every expectation of every subject, measured paired against its reference.

    ``assuming`` changes parameters (an assumption, say) in both the change and its reference;
    what a subject itself sets wins, so each row still tests what it says.
    """
    for subject in subjects:
        reference = runs.of(subject.against.under(assuming))
        changed = runs.of(subject.change.under(assuming))
        for expect in subject.expects:
            before = statistic(reference, expect.outcome, expect.when)
            e = effect(statistic(changed, expect.outcome, expect.when), before)
            yield Row(subject, expect, e.z, e.mean_difference, e.reference_sd, float(before.mean()))


def is_quoted(expect: Expect) -> bool:
    return expect.source in SEED_FILES


# ---- the table ------------------------------------------------------------------------------
# Quotes are verbatim parts of the seed articles (tests check them).
BACKFIRE = (
    SEED_002,
    "China has responded to this by accelerating their efforts towards self-sufficiency, which has caused US efforts to backfire.",
)
CHOKEPOINT = (SEED_002, "in order to limit China’s ability to access key technologies such as advanced semiconductors")
TRUST = (
    SEED_002,
    "Reduced import restrictions on civilian AI applications, for example, can help nations rebuild trust",
)
FOOLS_ERRAND = (
    SEED_002,
    "using such controls to hold back China’s progress on AI and advanced semiconductors is a “fool’s errand.”",
)
ENFORCEMENT = (
    SEED_000,
    "The administration advocates for creative approaches to export control enforcement to deny foreign adversaries, such as China, access to advanced AI technology.",
)
SMUGGLED = (SEED_000, "roughly $1 billion worth of Nvidia's banned advanced B200 chips had been smuggled into China")
INVESTING = (SEED_000, "Both countries are heavily investing in AI research and development and infrastructure")
ARMS_RACE = (
    SEED_000,
    "This lack of mutual cooperation and the U.S. rejection of Chinese governance proposals reflect fractured global AI collaboration, intensifying the AI arms race.",
)
REACTS = (
    SEED_003,
    "The United States has responded by ramping up investments in AI research, tightening export controls",
)
CN_INVESTS = (
    SEED_003,
    "The Chinese government has invested heavily in AI research, seeing it as essential for economic modernization and military advancement.",
)
FINANCING = (
    SEED_001,
    "Every bilateral cooperation agreement should combine advanced AI products with corresponding incentives, such as financing for secure data centers and access rights to cutting-edge models.",
)
PROMOTION = (
    SEED_001,
    "issuing an executive order in July 2025 requiring the promotion of American AI technology stacks overseas in order to counter China",
)
ACCESSIBLE = (
    SEED_001,
    "it must not only focus on technology but also work towards making its AI technology stack globally accessible",
)
INFRASTRUCTURE = (
    SEED_001,
    "A country that uses networks built by China, smart city platforms, and security systems will naturally embrace Chinese AI technologies.",
)
AFFORDABLE = (SEED_003, "offering affordable and scalable AI solutions, especially attractive to developing countries")
BAD_ACTORS = (
    SEED_002,
    "bad actors, such as extremist groups, are more likely to abuse AI abilities without hesitation",
)
DETECTION = (SEED_002, "Increase investment in detection and prevention of AI misuse.")
TOGETHER = (
    SEED_002,
    "The US and China need to agree on standards for responsible AI use and work together on tools that can monitor misuse and counter it globally.",
)
COALITION = (SEED_002, "Support the creation of a global AI Safety Coalition.")
ZERO_SUM = (
    SEED_002,
    "Framing artificial intelligence development as a zero sum race undermines the opportunities for collective advancement and safety.",
)
MILITARY_TOOL = (SEED_002, "They must stop viewing AI as a purely military tool.")
TRANSPARENCY = (SEED_002, "These measures would increase transparency, reduce the chance of miscommunication")
TALENT = (SEED_002, "This collaboration will help pool talent, data and computing resources")
GOVERNANCE = (
    SEED_000,
    "China has been advocating for a global AI governance framework and proposing the establishment of a world AI cooperation organisation.",
)
NORMS = (
    SEED_003,
    "China uses AI proliferation as a tool to extend soft power and influence international technology norms",
)
DISTILLATION = (
    SEED_003,
    "By leveraging adversarial model distillation—a cutting-edge technique to improve AI performance—and rapidly deploying AI developed within the People’s Republic of China, Beijing aims to diminish the US’s traditional lead in technology.",
)
TAIWAN = (
    SEED_002,
    "This is especially relevant given the importance Taiwan and TSMC, the global leader in foundries, has on the AI stack and the increasing tensions surrounding the high-tech Island.",
)
SENTIMENT = (SEED_002, "while in developing markets, the ratings are positive (60-80%)")
INDEPENDENCE = (
    SEED_003,
    "This AI push aligns with China’s broader goals of technological independence and expanding global influence.",
)
STATE_SUPPORTED = (
    SEED_003,
    "China challenges this with highly advanced, state-supported, and cost-effective AI alternatives.",
)
RICHARDSON = "Richardson 1960, Arms and Insecurity (hostility grows with the rival's armament)"
RACING = "Armstrong, Bostrom and Shulman 2016, Racing to the precipice (more teams and more enmity, less safety)"
SCALING = "Kaplan et al. 2020; Hoffmann et al. 2022 (capability grows with the logarithm of compute)"
BASS = "Bass, Krishnan and Jain 1994, the Generalized Bass model (effort that reaches a market speeds its adoption)"
DIFFUSION_RULE = (
    "BIS 2025, Framework for Artificial Intelligence Diffusion (country caps on US chips for most developing nations)"
)
DOCTRINE = "assumption"
GOALS = "an adaptive government moves its levers toward what it weighs (docs/ODD.md 7.1)"
CHIPS_DECIDE = (
    SEED_000,
    "has imposed export restrictions on advanced AI chips and related technologies to China and is pursuing its own massive AI investment initiatives",
)
NONE_VS_MAX = "two months of lag: how far the lag itself moved in 2024-25 (Epoch AI: 4-14 months, 7 on average)"
COMPUTE_DECIDES = (
    "with no catch-up beyond the ceiling, the lag follows the compute gap: at least twice the default's size"
)
DISTILLATION_ERASES = "under half the default world's effect (about 7-8 months): distillation, not chips, sets the lag"
RAISES_RISK = "a fifth of the decade's crisis risk: what a class should see of 'racing raises the risk of war'"
TIT_FOR_TAT = "Axelrod 1984, The Evolution of Cooperation (tit for tat: answer the rival's last move)"
SMALL_SHARE = "10% of a share that starts small (loose controls leave little domestic demand)"
MISUSE_SMALL = (
    "seed 002 gives a direction, no size; misuse follows the best open model, which the US frontier sets, so "
    "Chinese and joint levers move it by a few percent"
)
ADAPTIVE_TILT = "an adaptive government moves a lever a twentieth of the way a quarter (ODD 7.1): weights tilt, they do not overturn"


def expect(
    outcome: str,
    direction: int,
    when: str,
    source: tuple[str, str] | str,
    reason: str = "",
    *,
    size: Size | None = None,
    definition: bool = False,
    at_most: Size | None = None,
) -> Expect:
    """One row's expectation: ``source`` is a (seed file, quote) pair, a public source, or ``assumption``;
    ``size`` the least change (the outcome's default if None); ``definition`` marks a row true by
    construction; ``at_most`` bounds the change instead."""
    if isinstance(source, tuple):
        return Expect(
            outcome, direction, when, source[0], quote=source[1], size=size, definition=definition, at_most=at_most
        )
    return Expect(outcome, direction, when, source, reason=reason, size=size, definition=definition, at_most=at_most)


def months(amount: float, reason: str) -> Size:
    return Size(amount, False, reason)


def relative(share: float, reason: str) -> Size:
    return Size(share, True, reason)


def lever(
    name: str,
    end: str | float,
    *expects: Expect,
    against: Mapping[str, Value] | None = None,
    note: str = "",
    label: str = "",
) -> Subject:
    """A lever at one end of its range (``min``, ``max``), a doctrine, or a value, against ``against``
    (``label`` names the subject when one lever has two subjects)."""
    param = PARAMS[name]
    value = {"min": param.min, "max": param.max}.get(end, end) if isinstance(end, str) else end
    whole = isinstance(param.default, int) and not isinstance(param.default, bool)
    value = param.check(int(cast(float, value)) if whole else value)
    reference = Setup(dict(against or {}))
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    if not label:
        label = f"{name} at {end} ({shown})" if end in ("min", "max") else f"{name} {end}"
        if not isinstance(end, str):
            label = f"{name} at {shown}"
    return Subject(label, "lever", name, reference.with_params(**{name: value}), expects, reference, note)


def switch(mechanism: str, *expects: Expect) -> Subject:
    name = f"mechanisms.{mechanism}"
    return Subject(f"{name} off", "switch", name, Setup({name: False}), expects)


def scenario(name: str, *expects: Expect, folder: str = "") -> Subject:
    from sim.scenario import LIBRARY, load_scenario

    loaded = load_scenario(LIBRARY / folder / f"{name}.yaml")
    if loaded.sweep is None:
        return Subject(f"scenario {name}", "scenario", name, Setup(loaded.model_params, loaded.model_events), expects)
    points = loaded.points()
    axes = loaded.swept
    low = {k: min(p[k] for p in points) for k in axes}
    high = {k: max(p[k] for p in points) for k in axes}
    base = Setup(loaded.model_params, loaded.model_events)
    return Subject(
        f"scenario {name}: highest corner against lowest",
        "scenario",
        name,
        base.with_params(**high),
        expects,
        base.with_params(**low),
        note="the sweep's levers all at their highest against all at their lowest",
    )


def companion(name: str, *expects: Expect) -> Subject:
    """A single-lever companion of a library scenario (``scenarios/companions/``)."""
    return scenario(name, *expects, folder="companions")


ADAPTIVE = {"us.doctrine": "adaptive", "cn.doctrine": "adaptive"}
CERN_FOR_AI = {
    "us.safety_governance_stance": 1.0,
    "cn.governance_stance": 1.0,
    "us.military_framing": 0.1,
    "cn.military_framing": 0.1,
    "us.export_control_stringency": 0.4,
    "us.joint_misuse_detection": 0.5,
}
CHINA_SURGES = {"us.export_control_stringency": 0.2, "us.enforcement": 0.2, "cn.compute_investment_usd": 6e10}


@cache
def contract() -> tuple[Subject, ...]:
    return (
        # ---- US levers ------------------------------------------------------------------------
        lever(
            "us.doctrine",
            "reactive",
            expect("export_control_stringency", UP, DECADE, REACTS, definition=True),
            expect("cn_domestic_chip_share", UP, DECADE, BACKFIRE, size=relative(0.1, SMALL_SHARE)),
            against=CHINA_SURGES,
            note="with loose controls and China investing 60 bn a quarter, so China gains and the US has something to react to",
        ),
        lever(
            "us.doctrine",
            "reciprocal",
            expect("cooperation", UP, DECADE, TIT_FOR_TAT),
            expect("tension", DOWN, DECADE, TRANSPARENCY),
            note="the US stance moves halfway to China's each quarter: from 0.2 toward China's 0.6",
        ),
        lever(
            "us.doctrine",
            "adaptive",
            expect("cooperation", UP, DECADE, DOCTRINE, GOALS),
            expect("misuse_risk", DOWN, DECADE, DOCTRINE, GOALS),
        ),
        lever(
            "us.export_control_stringency",
            "max",
            expect("compute_cn", DOWN, "2026Q4", CHOKEPOINT),
            expect("cn_domestic_chip_share", UP, "2034Q4", BACKFIRE),
            expect("tension", UP, DECADE, TRUST),
            expect("crisis_risk", UP, "2034Q4", TAIWAN),
        ),
        lever(
            "us.export_control_stringency",
            "max",
            expect("capability_lag_months", UP, "2034Q4", CHIPS_DECIDE, size=months(2.0, NONE_VS_MAX)),
            expect("capability_gap", UP, "2034Q4", CHIPS_DECIDE),
            against={"us.export_control_stringency": 0.0},
            label="us.export_control_stringency at max against none",
            note="controls at their tightest against none at all, catch-up at its default (midway)",
        ),
        lever(
            "us.export_control_stringency",
            "max",
            expect("capability_lag_months", UP, "2034Q4", CHIPS_DECIDE, size=months(4.0, COMPUTE_DECIDES)),
            against={"us.export_control_stringency": 0.0, "efficiency.catch_up_strength": 0.0},
            label="us.export_control_stringency at max against none, compute decides",
            note="catch-up at 0 ('compute decides'): a follower stays as far behind as its compute",
        ),
        lever(
            "us.export_control_stringency",
            "max",
            expect("capability_lag_months", UP, "2034Q4", DISTILLATION, at_most=months(3.0, DISTILLATION_ERASES)),
            against={"us.export_control_stringency": 0.0, "efficiency.catch_up_strength": 1.0},
            label="us.export_control_stringency at max against none, distillation erases compute",
            note="catch-up at 1 ('distillation erases compute'): controls move the lag far less",
        ),
        lever(
            "us.export_control_stringency",
            "max",
            expect("cooperation", DOWN, DECADE, TRUST),
            expect("tension", UP, DECADE, TRUST),
            against={**CERN_FOR_AI, "us.doctrine": "reciprocal", "cn.doctrine": "reciprocal"},
            label="us.export_control_stringency at max beside CERN for AI",
            note="a total embargo beside cern_for_ai's cooperation: trust needs trade",
        ),
        lever(
            "us.export_control_stringency",
            "min",
            expect("compute_cn", UP, "2026Q4", CHOKEPOINT),
            expect("cn_self_sufficiency", DOWN, "2034Q4", BACKFIRE),
        ),
        lever(
            "us.enforcement",
            "max",
            expect("smuggled_value_usd", DOWN, DECADE, ENFORCEMENT),
            expect("compute_cn", DOWN, "2026Q4", ENFORCEMENT),
        ),
        lever(
            "us.compute_investment_usd",
            "max",
            expect("compute_us", UP, "2030Q4", INVESTING),
            expect("capability_gap", UP, "2030Q4", SCALING),
            expect("tension", UP, DECADE, RICHARDSON),
            expect("crisis_risk", UP, "2034Q4", ARMS_RACE),
        ),
        lever(
            "us.compute_investment_usd",
            160e9,
            expect("capability_lag_months", UP, "2034Q4", SCALING, size=months(1.0, "a month of lag, Epoch AI's unit")),
            note="US data-centre investment doubled (its 2025Q1 level, on the same spending path)",
        ),
        lever(
            "us.compute_investment_usd",
            "min",
            expect("capability_gap", DOWN, "2030Q4", SCALING),
            expect("tension", DOWN, DECADE, RICHARDSON),
        ),
        lever(
            "us.partner_financing_usd",
            "max",
            expect("adoption_us", UP, "2030Q4", FINANCING),
            expect("adoption_none", DOWN, "2027Q4", BASS),
        ),
        lever("us.export_promotion", "max", expect("adoption_us", UP, "2030Q4", PROMOTION)),
        lever(
            "us.safety_governance_stance",
            "max",
            expect("cooperation", UP, DECADE, GOVERNANCE),
            expect("tension", DOWN, DECADE, TRANSPARENCY),
        ),
        lever(
            "us.military_framing",
            "max",
            expect("tension", UP, DECADE, ZERO_SUM),
            expect("safety_share", DOWN, DECADE, RACING),
            expect("crisis_risk", UP, "2034Q4", ZERO_SUM, size=relative(0.2, RAISES_RISK)),
        ),
        lever("us.military_framing", "min", expect("tension", DOWN, DECADE, MILITARY_TOOL)),
        lever("us.distillation_countermeasures", "max", expect("capability_gap", UP, "2030Q4", DISTILLATION)),
        lever("us.joint_misuse_detection", "max", expect("misuse_risk", DOWN, DECADE, DETECTION)),
        lever(
            "us.budget_usd",
            "min",
            expect(
                "investment_us_usd",
                DOWN,
                DECADE,
                DOCTRINE,
                "the budget caps what the investment race adds to the levers as set",
                definition=True,
            ),
            expect("compute_us", DOWN, "2034Q4", INVESTING),
            against={**CHINA_SURGES, "cn.compute_investment_usd": 2e11},
            note="with loose controls and China investing its most, so China gains and the US races",
        ),
        lever(
            "us.diffusion_limits",
            "max",
            expect("adoption_us", DOWN, "2030Q4", ACCESSIBLE),
            expect("adoption_cn", UP, "2030Q4", DIFFUSION_RULE),
            expect("smuggled_value_usd", DOWN, DECADE, DIFFUSION_RULE),
        ),
        lever(
            "us.weight_lead",
            "max",
            expect("export_control_stringency", UP, DECADE, DOCTRINE, GOALS, definition=True),
            expect("cooperation", DOWN, DECADE, DOCTRINE, GOALS),
            against=ADAPTIVE,
            note="both doctrines adaptive",
        ),
        lever(
            "us.weight_adoption",
            "max",
            expect("investment_us_usd", UP, DECADE, DOCTRINE, GOALS, definition=True),
            expect("adoption_us", UP, DECADE, DOCTRINE, GOALS),
            against=ADAPTIVE,
            note="both doctrines adaptive",
        ),
        lever(
            "us.weight_tension",
            "max",
            expect("export_control_stringency", DOWN, DECADE, DOCTRINE, GOALS, definition=True),
            expect("tension", DOWN, DECADE, DOCTRINE, GOALS),
            against=ADAPTIVE,
            note="both doctrines adaptive",
        ),
        lever(
            "us.weight_misuse",
            "max",
            expect("misuse_risk", DOWN, DECADE, DOCTRINE, GOALS),
            against=ADAPTIVE,
            note="both doctrines adaptive",
        ),
        # ---- China's levers -------------------------------------------------------------------
        lever(
            "cn.doctrine",
            "reactive",
            expect("investment_cn_usd", UP, DECADE, BACKFIRE, definition=True, size=relative(0.02, "2% of spending")),
            expect("cn_chip_capacity_h100e", UP, "2034Q4", BACKFIRE),
        ),
        lever(
            "cn.doctrine",
            "reciprocal",
            expect("cooperation", UP, DECADE, TIT_FOR_TAT),
            against={"us.safety_governance_stance": 1.0},
            note="with the US seeking joint governance (stance 1), so China has a stance to answer",
        ),
        lever(
            "cn.doctrine",
            "adaptive",
            expect("cn_chip_capacity_h100e", UP, DECADE, DOCTRINE, GOALS),
            expect("cn_domestic_chip_share", UP, DECADE, DOCTRINE, GOALS),
        ),
        lever(
            "cn.compute_investment_usd",
            "max",
            expect("compute_cn", UP, "2027Q4", CN_INVESTS),
            expect("tension", UP, DECADE, RICHARDSON),
            expect("crisis_risk", UP, "2034Q4", ARMS_RACE),
        ),
        lever(
            "cn.compute_investment_usd",
            "min",
            expect("tension", DOWN, DECADE, RICHARDSON),
            expect("capability_lag_months", UP, "2034Q4", SCALING, size=months(12.0, "years behind: a year at least")),
        ),
        lever(
            "cn.self_sufficiency_investment_usd",
            "max",
            expect("cn_chip_capacity_h100e", UP, "2030Q4", BACKFIRE),
            expect("cn_domestic_chip_share", UP, "2030Q4", BACKFIRE),
        ),
        lever(
            "cn.domestic_chip_mandate",
            "max",
            expect("cn_domestic_chip_share", UP, "2030Q4", INDEPENDENCE),
            note="the mandate claims domestic capacity first, ahead of the demand controls block",
        ),
        lever(
            "cn.open_model_subsidy",
            "max",
            expect("adoption_open", UP, "2030Q4", AFFORDABLE),
            expect("reach_cn", UP, "2030Q4", STATE_SUPPORTED),
            expect("misuse_risk", UP, DECADE, BAD_ACTORS, size=relative(0.02, MISUSE_SMALL)),
        ),
        lever(
            "cn.digital_silk_road_usd",
            "max",
            expect("adoption_cn", UP, "2030Q4", INFRASTRUCTURE),
            expect("adoption_none", DOWN, "2027Q4", BASS),
        ),
        lever(
            "cn.governance_proposal",
            "min",
            expect("governance_body_share", DOWN, DECADE, GOVERNANCE),
            expect("adoption_cn", DOWN, "2030Q4", NORMS),
        ),
        lever(
            "cn.governance_stance",
            "min",
            expect("cooperation", DOWN, DECADE, GOVERNANCE),
            expect("tension", UP, DECADE, TRANSPARENCY),
        ),
        lever("cn.distillation_tolerance", "min", expect("capability_gap", UP, "2030Q4", DISTILLATION)),
        lever("cn.smuggling_tolerance", "min", expect("smuggled_value_usd", DOWN, DECADE, SMUGGLED)),
        lever(
            "cn.military_framing",
            "max",
            expect("tension", UP, DECADE, ZERO_SUM),
            expect("safety_share", DOWN, DECADE, RACING),
        ),
        lever(
            "cn.budget_usd",
            "min",
            expect(
                "cn_chip_capacity_h100e",
                DOWN,
                "2030Q4",
                DOCTRINE,
                "the budget caps what a reactive doctrine adds to self-sufficiency investment",
            ),
            against={"cn.doctrine": "reactive"},
            note="China reactive",
        ),
        lever(
            "cn.weight_lead",
            "max",
            expect("cn_chip_capacity_h100e", UP, DECADE, DOCTRINE, GOALS),
            against=ADAPTIVE,
            note="both doctrines adaptive",
        ),
        lever(
            "cn.weight_adoption",
            "max",
            expect("adoption_cn", UP, DECADE, DOCTRINE, GOALS),
            against=ADAPTIVE,
            note="both doctrines adaptive",
        ),
        lever(
            "cn.weight_tension",
            "max",
            expect("tension", DOWN, DECADE, DOCTRINE, GOALS, size=Size(0.005, False, ADAPTIVE_TILT)),
            against=ADAPTIVE,
            note="both doctrines adaptive",
        ),
        lever(
            "cn.weight_misuse",
            "max",
            expect("misuse_risk", DOWN, DECADE, DOCTRINE, GOALS, size=relative(0.005, ADAPTIVE_TILT)),
            against=ADAPTIVE,
            note="both doctrines adaptive",
        ),
        # ---- Firms ----------------------------------------------------------------------------
        lever("firms.frontier_labs_per_bloc", "max", expect("safety_share", DOWN, DECADE, RACING)),
        lever(
            "firms.safety_coalition",
            "max",
            expect("safety_share", UP, DECADE, COALITION),
            expect("misuse_risk", DOWN, DECADE, COALITION),
        ),
        # ---- Mechanism switches ---------------------------------------------------------------
        switch(
            "export_controls",
            expect("compute_cn", UP, "2026Q4", CHOKEPOINT),
            expect("cn_domestic_chip_share", DOWN, "2034Q4", BACKFIRE),
        ),
        switch(
            "smuggling",
            expect("smuggled_value_usd", DOWN, DECADE, SMUGGLED),
            expect("compute_cn", DOWN, "2026Q4", SMUGGLED),
        ),
        switch("efficiency", expect("capability_lag_months", UP, "2034Q4", DISTILLATION)),
        switch("adoption", expect("adoption_none", UP, DECADE, INFRASTRUCTURE)),
        switch("race", expect("investment_cn_usd", DOWN, DECADE, INVESTING, definition=True)),
        switch("cooperation", expect("cooperation", DOWN, DECADE, TALENT), expect("tension", UP, DECADE, TRANSPARENCY)),
        switch("misuse", expect("misuse_risk", DOWN, DECADE, BAD_ACTORS)),
        switch("tension", expect("crisis_risk", DOWN, "2034Q4", TAIWAN), expect("tension", DOWN, DECADE, ZERO_SUM)),
        switch("sentiment", expect("adoption_none", UP, "2027Q4", SENTIMENT)),
        # ---- Library scenarios ----------------------------------------------------------------
        scenario(
            "tight_controls",
            expect("compute_cn", DOWN, "2026Q4", CHOKEPOINT),
            expect("cn_domestic_chip_share", UP, "2034Q4", BACKFIRE),
            expect("tension", UP, DECADE, TRUST),
            expect("crisis_risk", UP, "2034Q4", TAIWAN, size=relative(0.2, RAISES_RISK)),
            expect("capability_lag_months", UP, "2034Q4", CHIPS_DECIDE),
        ),
        scenario(
            "controls_lifted",
            expect("compute_cn", UP, "2030Q4", CHOKEPOINT),
            expect("capability_gap", DOWN, "2030Q4", CHOKEPOINT),
            expect("capability_cn", UP, "2030Q4", CHOKEPOINT),
            expect("cn_domestic_chip_share", DOWN, "2030Q4", FOOLS_ERRAND),
            expect("tension", DOWN, DECADE, TRUST),
        ),
        scenario(
            "smuggling_crackdown",
            expect("smuggled_value_usd", DOWN, DECADE, ENFORCEMENT),
            expect("compute_cn", DOWN, "2026Q4", ENFORCEMENT),
        ),
        scenario(
            "china_open_models",
            expect("adoption_open", UP, "2030Q4", AFFORDABLE),
            expect("reach_cn", UP, "2030Q4", STATE_SUPPORTED),
            expect("adoption_us", DOWN, "2030Q4", AFFORDABLE),
            expect("misuse_risk", UP, DECADE, BAD_ACTORS, size=relative(0.02, MISUSE_SMALL)),
        ),
        scenario(
            "digital_silk_road",
            expect("adoption_cn", UP, "2030Q4", INFRASTRUCTURE),
            expect("adoption_us", DOWN, "2030Q4", INFRASTRUCTURE),
            expect("adoption_none", DOWN, "2027Q4", BASS),
        ),
        scenario(
            "us_partner_programme",
            expect("adoption_us", UP, "2030Q4", FINANCING),
            expect("adoption_none", DOWN, "2027Q4", BASS),
        ),
        scenario(
            "cern_for_ai",
            expect("cooperation", UP, DECADE, TALENT),
            expect("tension", DOWN, DECADE, TRANSPARENCY),
            expect("crisis_risk", DOWN, "2034Q4", TAIWAN, size=relative(0.2, RAISES_RISK)),
            expect("misuse_risk", DOWN, DECADE, TOGETHER),
            expect("capability_gap", DOWN, "2030Q4", TALENT),
        ),
        scenario(
            "manhattan_project",
            expect("tension", UP, DECADE, ZERO_SUM),
            expect("crisis_risk", UP, "2034Q4", TAIWAN, size=relative(0.2, RAISES_RISK)),
            expect("safety_share", DOWN, DECADE, RACING),
            expect("capability_gap", UP, "2030Q4", SCALING),
        ),
        scenario(
            "safety_coalition",
            expect("misuse_risk", DOWN, DECADE, TOGETHER),
            expect("safety_share", UP, DECADE, COALITION),
            expect("cooperation", UP, DECADE, TOGETHER),
            expect("tension", DOWN, DECADE, TRANSPARENCY),
            expect("crisis_risk", DOWN, "2034Q4", TRANSPARENCY),
        ),
        scenario(
            "distillation_crackdown",
            expect("capability_lag_months", UP, "2034Q4", DISTILLATION),
            expect("capability_cn", DOWN, "2030Q4", DISTILLATION),
            expect("reach_cn", DOWN, "2030Q4", DISTILLATION),
            expect("misuse_risk", DOWN, DECADE, BAD_ACTORS, size=relative(0.005, MISUSE_SMALL)),
        ),
        scenario(
            "taiwan_crisis",
            expect("crisis", UP, "2028Q1", TAIWAN),
            expect("compute_us", DOWN, "2028Q2", TAIWAN),
            expect("cn_domestic_chip_share", UP, "2028Q2", TAIWAN),
            expect("tension", UP, "2028Q1", TAIWAN),
        ),
        scenario(
            "sweep_controls_enforcement",
            expect("compute_cn", DOWN, "2026Q4", CHOKEPOINT),
            expect("cn_domestic_chip_share", UP, "2034Q4", BACKFIRE),
            expect("tension", UP, DECADE, TRUST),
        ),
        scenario(
            "sweep_open_models_cooperation",
            expect("cooperation", UP, DECADE, GOVERNANCE),
            expect("adoption_open", UP, "2030Q4", AFFORDABLE),
        ),
        # ---- Single-lever companions of the library scenarios (scenarios/companions/) ---------
        companion(
            "tight_controls_controls_only",
            expect("compute_cn", DOWN, "2026Q4", CHOKEPOINT),
            expect("cn_domestic_chip_share", UP, "2034Q4", BACKFIRE),
            expect("tension", UP, DECADE, TRUST),
        ),
        companion(
            "smuggling_crackdown_enforcement_only",
            expect("smuggled_value_usd", DOWN, DECADE, ENFORCEMENT),
            expect("compute_cn", DOWN, "2026Q4", ENFORCEMENT),
        ),
        companion(
            "distillation_crackdown_us_only",
            expect("capability_lag_months", UP, "2034Q4", DISTILLATION),
            expect("reach_cn", DOWN, "2030Q4", DISTILLATION),
        ),
        companion(
            "china_open_models_subsidy_only",
            expect("adoption_open", UP, "2030Q4", AFFORDABLE),
            expect("misuse_risk", UP, DECADE, BAD_ACTORS, size=relative(0.02, MISUSE_SMALL)),
        ),
        companion(
            "digital_silk_road_spending_only",
            expect("adoption_cn", UP, "2030Q4", INFRASTRUCTURE),
            expect("adoption_none", DOWN, "2030Q4", BASS),
        ),
        companion(
            "us_partner_programme_financing_only",
            expect("adoption_us", UP, "2030Q4", FINANCING),
            expect("adoption_none", DOWN, "2030Q4", BASS),
        ),
        companion(
            "cern_for_ai_cooperation_only",
            expect("cooperation", UP, DECADE, TALENT),
            expect("tension", DOWN, DECADE, TRANSPARENCY),
            expect("misuse_risk", DOWN, DECADE, TOGETHER, size=relative(0.02, MISUSE_SMALL)),
        ),
        companion(
            "manhattan_project_investment_only",
            expect("tension", UP, DECADE, RICHARDSON),
            expect("crisis_risk", UP, "2034Q4", ARMS_RACE),
            expect(
                "safety_share", DOWN, DECADE, RACING, size=Size(0.003, False, "a third of a point: one lever's racing")
            ),
            expect("capability_gap", UP, "2026Q4", SCALING),
        ),
        companion(
            "safety_coalition_labs_only",
            expect("safety_share", UP, DECADE, COALITION),
            expect("misuse_risk", DOWN, DECADE, COALITION),
        ),
    )


# ---- reading and running the table ----------------------------------------------------------
# Below ``contract()``: the table as rows for the docs and the CLI, what it leaves uncovered, and
# the measurement ``airace responses`` and the slow tests run.


def source_label(expect: Expect) -> str:
    """``seed 002`` for a seed article, else the source as written (``assumption``, a public source)."""
    return f"seed {expect.source.split('_', 1)[0]}" if is_quoted(expect) else expect.source


def says(expect: Expect) -> str:
    """What the source says: the verbatim quote of a seed article, or the reason of an assumption."""
    if is_quoted(expect):
        return expect.quote
    if expect.source == "assumption":
        return expect.reason
    return expect.quote or expect.reason


def when_label(when: str) -> str:
    return "decade mean" if when == DECADE else when


def direction_label(direction: int) -> str:
    return "up" if direction == UP else "down"


def size_label(expect: Expect) -> str:
    """The stated size: ``>= 2 months``, ``>= 20%``, ``at most 3 months``, or ``definition``."""
    from sim.registry.outcomes import OUTCOMES

    unit = OUTCOMES[expect.outcome].unit
    if expect.at_most is not None:
        return f"at most {expect.at_most.label(unit)}"
    least = f">= {expect.least.label(unit)}"
    return f"{least} (definition: not counted)" if expect.definition else least


def rows_for_docs() -> list[dict[str, str]]:
    """Every expectation of the contract as a plain row, for ``docs/policy_responses.md``."""
    return [
        {
            "subject": subject.name,
            "kind": subject.kind,
            "against": subject.note or "the baseline",
            "outcome": expect.outcome,
            "direction": direction_label(expect.direction),
            "when": when_label(expect.when),
            "size": size_label(expect),
            "why that size": (expect.at_most or expect.least).reason,
            "source": source_label(expect),
            "says": says(expect),
        }
        for subject in contract()
        for expect in subject.expects
    ]


def coverage_gaps() -> list[str]:
    """The levers, mechanism switches and library scenarios that no subject ``covers``.

    The library baseline is left out: it is the reference every scenario is compared with.
    """
    from sim.scenario import library, reference_for

    covered = {subject.covers for subject in contract()}
    wanted = [p.name for p in PARAMS.values() if p.kind == "lever"]
    wanted += [f"mechanisms.{m}" for m in MECHANISMS]
    wanted += [scenario.name for _, scenario in library() if reference_for(scenario) is not None]
    return [name for name in wanted if name not in covered]


def chosen(only: str | None = None) -> tuple[Subject, ...]:
    """The subjects whose name or ``covers`` contains ``only`` (case-insensitive); all without it."""
    subjects = contract()
    if not only:
        return subjects
    text = only.lower()
    return tuple(s for s in subjects if text in s.name.lower() or text in s.covers.lower())


def contract_runs(replications: int) -> Runs:
    """A run cache over ``replications`` seeds from the library baseline's root seed and steps."""
    from sim.runner.batches import replication_seeds
    from sim.scenario import LIBRARY, load_scenario

    baseline = load_scenario(LIBRARY / "baseline.yaml")
    return Runs(replication_seeds(baseline.seed, replications), baseline.steps)


def run_contract(
    replications: int = REPLICATIONS,
    only: str | None = None,
    progress: Callable[[Subject], object] | None = None,
    assuming: dict[str, Value] | None = None,
) -> list[Row]:
    """Measure every row of the chosen subjects (see :func:`chosen`), paired on the same seeds,
    under the parameter changes ``assuming`` (see :func:`measure`).

    ``progress`` is called with each subject once its rows are measured.
    """
    runs = contract_runs(replications)
    rows: list[Row] = []
    for subject in chosen(only):
        rows.extend(measure((subject,), runs, assuming))
        if progress is not None:
            progress(subject)
    return rows


def result_rows(rows: list[Row]) -> list[dict[str, str]]:
    """Measured rows as plain rows for printing: the expectation, z, ok or FAIL, the source."""
    return [
        {
            "subject": row.subject.name,
            "outcome": row.expect.outcome,
            "direction": direction_label(row.expect.direction),
            "when": when_label(row.expect.when),
            "difference": f"{row.mean_difference:.3g}",
            "relative": f"{row.mean_difference / row.reference_mean:+.0%}" if row.reference_mean else "",
            "reference sd": f"{row.reference_sd:.3g}",
            "z": f"{row.z:.2f}",
            "size word": size_word(row.z),
            "size": size_label(row.expect),
            "result": ("ok" if row.passed else "FAIL") + ("" if row.counted else " (definition)"),
            "source": source_label(row.expect),
        }
        for row in rows
    ]


def tally(rows: list[Row], replications: int) -> str:
    """One line: e.g. ``41 of 43 rows hold at 20 replications (and 5 of 5 definitions)``: rows true by
    construction are counted apart."""
    counted = [row for row in rows if row.counted]
    held = sum(row.passed for row in counted)
    line = f"{held} of {len(counted)} rows hold with their sizes at {replications} replications"
    definitions = [row for row in rows if not row.counted]
    if definitions:
        line += f" (and {sum(r.passed for r in definitions)} of {len(definitions)} definitions)"
    return line
