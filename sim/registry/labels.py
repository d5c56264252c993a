"""Plain words for everything a person reads: outcomes, levers, mechanisms, articles and the glossary.

The registries (``sim.registry.outcomes``, ``sim.registry.params``) hold the modeller's names and units. A teacher and
a class need other words: "China's AI compute, in millions of top chips", not ``compute_cn`` in
H100-equivalents; "expected serious misuse cases per decade", not a probability per quarter. This
module is the one place those words live, so that the charts, the report, the dashboard and the
classroom game say the same thing. ``tests/registry/test_labels.py`` checks that every outcome and lever has
a label, and that no label uses a code name or scientific notation.

A label also says how a raw value is shown (``Display``): as a percentage, in USD bn, in millions,
as expected cases per decade, and so on. Every transform is monotone, so medians and percentiles
of the shown value are the shown values of the raw medians and percentiles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from sim.registry import verdict
from sim.registry.params import PARAMS, SEED_000, SEED_001, SEED_002, SEED_003, Value

QUARTERS_PER_DECADE = 40


class Display(StrEnum):
    """How a raw outcome value is shown to a person."""

    percent = "percent"  # a share in [0, 1] shown as 0-100%
    usd_bn = "usd_bn"  # USD shown in billions
    millions = "millions"  # a count shown in millions
    scale = "scale"  # already a plain number (an index, tenfold steps)
    per_decade = "per_decade"  # a chance per quarter shown as expected cases in ten years at that rate
    percent_a_year = "percent_a_year"  # a chance per quarter shown as the chance within a year, in %
    count = "count"  # type: ignore[assignment]  # a count, shown with one decimal (the member shadows str.count)


def shown(display: Display, raw):
    """The shown value of ``raw`` (a number or an array) for ``display``."""
    raw = np.asarray(raw, dtype=float)
    match display:
        case Display.percent:
            value = raw * 100.0
        case Display.usd_bn:
            value = raw / 1e9
        case Display.millions:
            value = raw / 1e6
        case Display.per_decade:
            # A chance p of at least one case a quarter is a Poisson hazard of -ln(1 - p) cases a quarter.
            value = -np.log1p(-np.clip(raw, 0.0, 1.0 - 1e-12)) * QUARTERS_PER_DECADE
        case Display.percent_a_year:
            value = (1.0 - (1.0 - np.clip(raw, 0.0, 1.0)) ** 4) * 100.0
        case _:
            value = raw
    return float(value) if value.ndim == 0 else value


def plain_number(value: float, decimals: int | None = None) -> str:
    """A number as a person writes it: no exponent, thousands separated, sensible decimals."""
    if not math.isfinite(value):
        return "n/a"
    size = abs(value)
    trim = decimals is None and 0 < size < 0.1
    if decimals is None:
        decimals = 0 if size >= 100 else 1 if size >= 10 else 2 if size >= 0.1 or size == 0 else 3
    text = f"{value:,.{decimals}f}"
    if trim:  # 0.070 -> 0.07
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "-0.0", "-0.00", "-0.000") else text


def trimmed(text: str) -> str:
    """``1.00`` -> ``1``, ``0.50`` -> ``0.5``: a setting reads best without trailing zeros."""
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class OutcomeLabel:
    """What a person reads about an outcome.

    ``title`` names it in a sentence ("China's AI compute"); ``unit`` says what the shown number
    counts, once per chart; ``display`` turns a raw value into the shown one; ``aggregate`` says
    whether a band's centre is the median across runs or, for yes/no outcomes, the mean (the share
    of runs). ``note`` is a short reading aid shown with the chart (e.g. which side of 0 is whose).
    """

    title: str
    unit: str
    display: Display
    aggregate: str = "median"
    note: str = ""
    suffix: str = ""  # what follows a number in a sentence: "a quarter", "cases per decade"

    def value(self, raw: float, finer: int = 0) -> str:
        """A raw value as a person reads it, with its unit: ``62%``, ``USD 1.2 bn a quarter``;
        ``finer`` more decimals, to tell apart two values that would read the same."""
        number = shown(self.display, raw)
        decimals = None if not finer else 1 + finer if abs(number) >= 10 else 2 + finer
        match self.display:
            case Display.percent | Display.percent_a_year:
                text = f"{plain_number(number, (0 if abs(number) >= 10 else 1) + finer)}%"
            case Display.usd_bn:
                text = f"USD {plain_number(number, decimals)} bn"
            case Display.millions:
                text = f"{plain_number(number, decimals)} million"
            case _:
                text = plain_number(number, decimals)
        return f"{text} {self.suffix}" if self.suffix else text

    def small(self, raw_changed: float, raw_reference: float) -> bool:
        """Whether a change is under 3% of the outcome's size (3 points for a share): steady across
        runs, perhaps, but small to a reader."""
        delta = abs(raw_changed - raw_reference)
        if self.display in (Display.percent, Display.percent_a_year):
            return abs(shown(self.display, raw_changed) - shown(self.display, raw_reference)) < 3.0
        return delta < 0.03 * max(abs(raw_changed), abs(raw_reference), 1e-12)

    def difference(self, raw_change: float, raw_reference: float) -> str:
        """How far the changed value is from the reference, in the label's own terms."""
        changed = shown(self.display, raw_reference + raw_change)
        reference = shown(self.display, raw_reference)
        delta = changed - reference
        match self.display:
            case Display.percent | Display.percent_a_year:
                return f"{plain_number(abs(delta), 0 if abs(delta) >= 10 else 1)} percentage points"
            case Display.usd_bn:
                return f"USD {plain_number(abs(delta))} bn"
            case Display.millions:
                return f"{plain_number(abs(delta))} million"
            case _:
                return plain_number(abs(delta)) + (f" {self.suffix}" if self.suffix else "")


_STEPS = "tenfold steps of effective compute"
_POP = "% of the developing world's people"
_NATIONS = "% of developing nations, each counted once"

OUTCOME_LABELS: dict[str, OutcomeLabel] = {
    "capability_us": OutcomeLabel("US AI capability", _STEPS, Display.scale, suffix="tenfold steps"),
    "capability_cn": OutcomeLabel("China's AI capability", _STEPS, Display.scale, suffix="tenfold steps"),
    "capability_gap": OutcomeLabel(
        "US lead in AI capability",
        "tenfold steps of effective compute",
        Display.scale,
        note="above 0 = US ahead, below 0 = China ahead",
        suffix="tenfold steps",
    ),
    "capability_lag_months": OutcomeLabel(
        "How far China's best AI trails the US's",
        "months behind the US frontier",
        Display.scale,
        note="months since the US's best AI was as good; below 0 = China ahead",
        suffix="months",
    ),
    "compute_us": OutcomeLabel(
        "US AI compute", "millions of top chips' worth", Display.millions, suffix="top chips' worth"
    ),
    "compute_cn": OutcomeLabel(
        "China's AI compute", "millions of top chips' worth", Display.millions, suffix="top chips' worth"
    ),
    "cn_domestic_chip_share": OutcomeLabel(
        "China's own chips, as a share of its compute", "% of China's AI compute", Display.percent
    ),
    "cn_self_sufficiency": OutcomeLabel(
        "Value for money of China's own chips",
        "% of an imported top chip's compute per dollar",
        Display.percent,
        note="100% = as good value as imported chips",
    ),
    "cn_chip_capacity_h100e": OutcomeLabel(
        "China's chip-making capacity",
        "millions of top chips' worth a quarter",
        Display.millions,
        suffix="top chips' worth a quarter",
    ),
    "cn_chips_made_h100e": OutcomeLabel(
        "AI chips China makes itself",
        "millions of top chips' worth a quarter",
        Display.millions,
        suffix="top chips' worth a quarter",
    ),
    "open_models_chinese": OutcomeLabel(
        "Chinese models' share of open-model use", "% of open-model use", Display.percent
    ),
    "smuggled_value_usd": OutcomeLabel(
        "Chips smuggled into China", "USD bn a quarter", Display.usd_bn, suffix="a quarter"
    ),
    "adoption_us": OutcomeLabel("Developing world on the US stack", _POP, Display.percent),
    "adoption_cn": OutcomeLabel("Developing world on China's stack", _POP, Display.percent),
    "adoption_open": OutcomeLabel("Developing world on open or local models", _POP, Display.percent),
    "adoption_hedge": OutcomeLabel("Developing world hedging between the US and China", _POP, Display.percent),
    "adoption_none": OutcomeLabel("Developing world with no AI stack yet", _POP, Display.percent),
    "reach_us": OutcomeLabel("Developing world using American models", _POP, Display.percent),
    "reach_cn": OutcomeLabel("Developing world using Chinese models", _POP, Display.percent),
    "adoption_us_nations": OutcomeLabel("Developing nations on the US stack", _NATIONS, Display.percent),
    "adoption_cn_nations": OutcomeLabel("Developing nations on China's stack", _NATIONS, Display.percent),
    "adoption_open_nations": OutcomeLabel("Developing nations on open or local models", _NATIONS, Display.percent),
    "adoption_hedge_nations": OutcomeLabel("Developing nations hedging", _NATIONS, Display.percent),
    "adoption_none_nations": OutcomeLabel("Developing nations with no AI stack yet", _NATIONS, Display.percent),
    "governance_body_share": OutcomeLabel("Developing world in China's AI governance body", _POP, Display.percent),
    "investment_us_usd": OutcomeLabel("US AI spending", "USD bn a quarter", Display.usd_bn, suffix="a quarter"),
    "investment_cn_usd": OutcomeLabel("China's AI spending", "USD bn a quarter", Display.usd_bn, suffix="a quarter"),
    "safety_share": OutcomeLabel("AI labs' spending on safety", "% of their spending", Display.percent),
    "tension": OutcomeLabel(
        "US-China tension", "score from 0 (calm) to 1 (the ceiling)", Display.scale, note="0.5 = early 2025"
    ),
    "cooperation": OutcomeLabel("US-China cooperation on AI", "score from 0 (none) to 1 (full)", Display.scale),
    "open_capability": OutcomeLabel("Best openly released AI model", _STEPS, Display.scale, suffix="tenfold steps"),
    "misuse_risk": OutcomeLabel(
        "Serious AI misuse by bad actors",
        "expected cases per decade at this rate",
        Display.per_decade,
        suffix="cases per decade",
    ),
    "misuse_incidents": OutcomeLabel(
        "Misuse incidents recorded", "incidents a quarter (average across runs)", Display.count, "mean"
    ),
    "welfare": OutcomeLabel(
        "Benefit of AI to developing nations",
        "score from 0 (none) to 1 (the best AI, no misuse)",
        Display.scale,
    ),
    "crisis_chance": OutcomeLabel(
        "Chance of a Taiwan crisis breaking out", "% within a year", Display.percent_a_year, suffix="a year"
    ),
    "crisis_risk": OutcomeLabel(
        "Chance a Taiwan crisis has broken out by now",
        "% chance since 2025",
        Display.percent,
        note="adds up each quarter's chance; the realised crises are in another chart",
    ),
    "crisis": OutcomeLabel("Runs in a Taiwan crisis", "% of runs in crisis that quarter", Display.percent, "mean"),
    "crises_started": OutcomeLabel(
        "Taiwan crises so far", "crises per run (average across runs)", Display.count, "mean", suffix="crises per run"
    ),
    "export_control_stringency": OutcomeLabel(
        "US export controls as applied", "score from 0 (none) to 1 (every gap closed)", Display.scale
    ),
    "enforcement": OutcomeLabel("US enforcement against smuggling", "score from 0 (none) to 1 (full)", Display.scale),
    "stance_us": OutcomeLabel(
        "US openness to joint safety rules", "score from 0 (refuses) to 1 (fully open)", Display.scale
    ),
    "stance_cn": OutcomeLabel(
        "China's openness to joint safety rules", "score from 0 (refuses) to 1 (fully open)", Display.scale
    ),
}

# The stacks a developing nation can be on (``sim.model.mechanisms.adoption.STACKS``), in words.
STACK_WORDS = {
    "us": "US stack",
    "cn": "Chinese stack",
    "open": "open / local models",
    "hedge": "hedging both",
    "none": "no stack yet",
}

# What a class compares first when a scenario names nothing to watch: the race, chips, the
# developing world, and the risks.
DEFAULT_WATCH = ("capability_lag_months", "compute_cn", "cn_domestic_chip_share", "reach_cn", "tension", "misuse_risk")

# Outcomes that echo a policy a scenario sets (or that repeat another outcome by another count):
# never "what changed", since they change because the scenario says so.
ECHOES = frozenset(
    {
        "export_control_stringency",
        "enforcement",
        "stance_us",
        "stance_cn",
        "misuse_incidents",
        "adoption_us_nations",
        "adoption_cn_nations",
        "adoption_open_nations",
        "adoption_hedge_nations",
        "adoption_none_nations",
        "crisis",
    }
)


def outcome_label(name: str) -> OutcomeLabel:
    return OUTCOME_LABELS[name]


# ---- levers ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class LeverLabel:
    """A lever as a person reads it: who pulls it, what it is, and how its value reads."""

    title: str
    display: Display = Display.scale
    scale_words: str = ""  # what 0 and 1 mean, for levers on a 0-1 scale

    def value(self, value: Value) -> str:
        if isinstance(value, bool):
            return "on" if value else "off"
        if isinstance(value, str):
            return value
        match self.display:
            case Display.usd_bn:
                return f"USD {trimmed(plain_number(shown(Display.usd_bn, value)))} bn a quarter"
            case Display.percent:
                return f"{plain_number(shown(Display.percent, value), 0)}%"
            case _:
                return trimmed(plain_number(float(value))) + (f" ({self.scale_words})" if self.scale_words else "")


_WEIGHT = "weight an adaptive {who} puts on {what}"

LEVER_LABELS: dict[str, LeverLabel] = {
    "us.doctrine": LeverLabel("US doctrine"),
    "us.export_control_stringency": LeverLabel(
        "US export controls on chips to China", scale_words="0 = none, 1 = every gap closed"
    ),
    "us.enforcement": LeverLabel("US enforcement against chip smuggling", scale_words="0 = none, 1 = full"),
    "us.compute_investment_usd": LeverLabel("US investment in AI data centres", Display.usd_bn),
    "us.partner_financing_usd": LeverLabel("US financing for partner nations' AI", Display.usd_bn),
    "us.export_promotion": LeverLabel("US sales and promotion of its AI abroad", scale_words="0 = none, 1 = full"),
    "us.safety_governance_stance": LeverLabel(
        "US openness to joint safety rules with China", scale_words="0 = refuses, 1 = fully open"
    ),
    "us.military_framing": LeverLabel(
        "US framing of AI as a national-security race", scale_words="1 = a Manhattan Project"
    ),
    "us.distillation_countermeasures": LeverLabel(
        "US effort to stop others copying its models", scale_words="0 = none, 1 = full"
    ),
    "us.joint_misuse_detection": LeverLabel(
        "US commitment to joint misuse detection", scale_words="0 = none, 1 = full"
    ),
    "us.budget_usd": LeverLabel("US budget for all its spending levers", Display.usd_bn),
    "us.diffusion_limits": LeverLabel(
        "US caps on AI chip exports to non-allied developing nations", scale_words="1 = the January 2025 rule"
    ),
    "us.weight_lead": LeverLabel(_WEIGHT.format(who="US", what="its lead")),
    "us.weight_adoption": LeverLabel(_WEIGHT.format(who="US", what="its reach in developing nations")),
    "us.weight_tension": LeverLabel(_WEIGHT.format(who="US", what="keeping tension down")),
    "us.weight_misuse": LeverLabel(_WEIGHT.format(who="US", what="keeping misuse down")),
    "cn.doctrine": LeverLabel("China's doctrine"),
    "cn.compute_investment_usd": LeverLabel("China's investment in AI data centres", Display.usd_bn),
    "cn.self_sufficiency_investment_usd": LeverLabel("China's state investment in its own chips", Display.usd_bn),
    "cn.domestic_chip_mandate": LeverLabel("China's rule to buy its own chips first", Display.percent),
    "cn.open_model_subsidy": LeverLabel(
        "China's support for open-weight model releases", scale_words="0 = none, 1 = full"
    ),
    "cn.digital_silk_road_usd": LeverLabel("China's Digital Silk Road spending", Display.usd_bn),
    "cn.governance_proposal": LeverLabel(
        "China's push for its world AI cooperation body", scale_words="0 = none, 1 = full"
    ),
    "cn.governance_stance": LeverLabel(
        "China's openness to joint safety rules with the US", scale_words="0 = refuses, 1 = fully open"
    ),
    "cn.distillation_tolerance": LeverLabel(
        "China's tolerance of copying rival models", scale_words="0 = none, 1 = full"
    ),
    "cn.smuggling_tolerance": LeverLabel("China's tolerance of smuggled chips", scale_words="0 = none, 1 = full"),
    "cn.military_framing": LeverLabel(
        "China's framing of AI as a national-security race", scale_words="0 = civilian, 1 = all-out"
    ),
    "cn.budget_usd": LeverLabel("China's budget for all its spending levers", Display.usd_bn),
    "cn.weight_lead": LeverLabel(_WEIGHT.format(who="China", what="its lead")),
    "cn.weight_adoption": LeverLabel(_WEIGHT.format(who="China", what="its reach in developing nations")),
    "cn.weight_tension": LeverLabel(_WEIGHT.format(who="China", what="keeping tension down")),
    "cn.weight_misuse": LeverLabel(_WEIGHT.format(who="China", what="keeping misuse down")),
    "firms.frontier_labs_per_bloc": LeverLabel("Frontier AI labs racing in each bloc"),
    "firms.safety_coalition": LeverLabel("Global AI safety coalition of labs", scale_words="0 = none, 1 = full"),
}

# Mechanisms in plain words, and the one assumption behind each that a teacher is most likely to
# question, with the command that tries the lesson without it.
MECHANISM_LABELS: dict[str, str] = {
    "export_controls": "export controls and China's own chips",
    "smuggling": "smuggling of banned chips",
    "efficiency": "Chinese labs' efficiency and copying of stronger models (distillation)",
    "adoption": "developing nations choosing an AI stack",
    "race": "each side raising its investment when the other gains",
    "cooperation": "cooperation, pooled talent and trust",
    "misuse": "misuse of AI by bad actors",
    "tension": "tension and the chance of a Taiwan crisis",
    "sentiment": "public opinion on AI in developing nations",
}
_ADOPTION = (
    "adoption_us",
    "adoption_cn",
    "adoption_open",
    "adoption_hedge",
    "adoption_none",
    "reach_us",
    "reach_cn",
    "governance_body_share",
    "welfare",
)
# The outcomes each mechanism drives (docs/ODD.md, section 7): a lesson about one of them rests on
# the mechanism, so its report lists that mechanism's key assumption and switch.
MECHANISM_OUTCOMES: dict[str, tuple[str, ...]] = {
    "export_controls": (
        "compute_cn",
        "cn_domestic_chip_share",
        "cn_self_sufficiency",
        "cn_chip_capacity_h100e",
        "cn_chips_made_h100e",
        "capability_cn",
        "capability_gap",
        "capability_lag_months",
        "tension",
        "crisis_risk",
        "cooperation",
    ),
    "smuggling": ("smuggled_value_usd", "compute_cn"),
    "efficiency": (
        "capability_cn",
        "capability_gap",
        "capability_lag_months",
        "open_capability",
        "open_models_chinese",
        "reach_cn",
        "misuse_risk",
    ),
    "adoption": _ADOPTION,
    "race": (
        "investment_us_usd",
        "investment_cn_usd",
        "compute_us",
        "compute_cn",
        "tension",
        "crisis_risk",
        "capability_lag_months",
    ),
    "cooperation": ("cooperation", "tension", "crisis_risk", "capability_gap", "capability_cn", "misuse_risk"),
    "misuse": ("misuse_risk", "misuse_incidents", "welfare"),
    "tension": ("tension", "crisis_chance", "crisis_risk", "crisis", "crises_started", "safety_share", "compute_us"),
    "sentiment": _ADOPTION,
}
KEY_ASSUMPTIONS: dict[str, tuple[str, Value, str]] = {
    # mechanism: (parameter, a value that weakens it, what that asks)
    "export_controls": ("export_controls.learning_rate", 0.0, "China's own chips never gain on imported ones"),
    "smuggling": ("smuggling.enforcement_efficacy", 1.0, "enforcement is a third as effective"),
    "efficiency": (
        "efficiency.catch_up_strength",
        0.0,
        "catch-up makes up none of a follower's compute shortfall (compute decides)",
    ),
    "adoption": ("adoption.infrastructure_weight", 0.5, "Chinese-built networks pull a third as hard"),
    "race": ("race.intensity", 0.0, "neither side raises its investment when the other gains"),
    "cooperation": ("cooperation.talent_pooling_gain", 0.0, "pooling talent brings no extra progress"),
    "misuse": ("misuse.capability_elasticity", 0.0, "stronger open models do not raise misuse"),
    "tension": ("tension.crisis_hazard", 0.006, "a crisis is a third as likely at any tension"),
    "sentiment": ("sentiment.developing_positive", 0.35, "developing nations are as wary as developed ones"),
}


def mechanisms_behind(outcomes, most: int = 3) -> list[str]:
    """The (at most ``most``) mechanisms that drive the most of ``outcomes``; ties in the registry's order."""
    wanted = set(outcomes)
    counts = {m: len(wanted & set(driven)) for m, driven in MECHANISM_OUTCOMES.items()}
    ranked = sorted((m for m, n in counts.items() if n), key=lambda m: -counts[m])
    return ranked[:most]


def lever_label(name: str) -> LeverLabel:
    """The lever's label; for a mechanism switch, its plain name."""
    if name in LEVER_LABELS:
        return LEVER_LABELS[name]
    if name.startswith("mechanisms."):
        return LeverLabel(f"Mechanism: {MECHANISM_LABELS[name.removeprefix('mechanisms.')]}")
    return LeverLabel(PARAMS[name].meaning.rstrip("."))


def setting(name: str, value: Value) -> str:
    """``US export controls on chips to China: 1 (0 = none, 1 = every gap closed)``."""
    label = lever_label(name)
    return f"{label.title}: {label.value(value)}"


def settings_phrase(values: dict[str, Value]) -> str:
    """What a ``--set`` changed, as a phrase for a title: ``US export controls on chips to China at 1``."""
    parts = []
    for name, value in values.items():
        label = lever_label(name)
        text = label.value(value).split(" (")[0]
        parts.append(f"{label.title} at {text}")
    return "; ".join(parts)


# ---- the articles ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Article:
    """A seed article as a teacher judges it (the index is ``seeds/README.md``)."""

    short: str  # how a report cites it
    title: str
    outlet: str
    author: str
    date: str
    kind: str


ARTICLES: dict[str, Article] = {
    SEED_000: Article(
        "news report (2025)",
        "United States Ponders New Approach in Competition with China for AI Superiority",
        "not named in the file",
        "not named",
        "not dated; it reports the Stockholm trade talks and Shanghai's World AI Conference (July 2025)",
        "news report: a retelling of other outlets' reporting (it cites a Financial Times report)",
    ),
    SEED_001: Article(
        "Spike News, retelling Foreign Policy",
        "US-China AI Development: Convergence or Competition?",
        "Spike News",
        "not named",
        "not dated; a photo caption in it is dated June 22, 2026",
        "news retelling of an opinion commentary published in Foreign Policy",
    ),
    SEED_002: Article(
        "Graylin and Triolo, opinion (2025)",
        "untitled in the file: an essay against a US-China AI arms race",
        "not named in the file",
        "Alvin Wang Graylin and Paul Triolo",
        "not dated; written in January 2025 (it cites a post by Donald Trump of January 17)",
        "opinion: an argued essay with policy recommendations",
    ),
    SEED_003: Article(
        "news analysis summary",
        "untitled in the file: a summary of China's spread of AI models",
        "not named in the file",
        "not named",
        "not dated",
        "news analysis: an unsigned summary with no sources named",
    ),
}


def cite(seed_file: str) -> str:
    """How a report names a seed article: ``Graylin and Triolo, opinion (2025)``."""
    return ARTICLES[seed_file].short


# ---- the glossary ----------------------------------------------------------------------------
GLOSSARY: dict[str, str] = {
    "tenfold step": "Capability is counted in tenfold steps of effective compute: one step more means the lab "
    "can train with ten times the compute, after counting smarter methods as extra compute. A US lead of 0.5 "
    "steps is about a threefold edge, roughly seven months of progress in 2025.",
    "effective compute": "Computing power times how efficiently it is used. Better methods count as extra "
    "computing power: halving the compute a result needs doubles the effective compute.",
    "top chip's worth": "Compute is counted in top chips' worth: the work one Nvidia H100, the leading AI chip "
    "of 2023-2024, does. One million of them is a national-scale AI industry.",
    "stack": "An AI stack is everything a country builds its AI on: the models, the chips and data centres, "
    "and the cloud services around them, bought from the US, from China, or built locally on open models.",
    "hedging": "A nation that hedges uses both the US and the Chinese stack, so it depends on neither.",
    "tension": "Tension is a score from 0 (calm) to 1 (the ceiling) built from both sides' hostility. "
    "It starts at 0.5 in early 2025; around 0.5-0.6 the chance of a Taiwan crisis is about 1% a quarter, "
    "about 4% a year.",
    "band": "The model runs each scenario many times with different chance events. The line is the middle run "
    "(the median); the shaded band holds 90% of the runs. Where two bands overlap a lot, the difference "
    "may be chance.",
    # the verdict's words, defined once in sim.registry.verdict
    **{word: verdict.MEANINGS[word] for word in (verdict.NO_CLEAR, "negligible", "small", "moderate", "large")},
    "baseline": "The reference world: today's policies held (the library's baseline scenario), run "
    "with the same chance events as the scenario.",
}
