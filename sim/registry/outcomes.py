"""The outcome registry: every column the model records each quarter, with its unit and meaning.

Each outcome is declared once, with its unit, meaning, dtype and reporter: the attribute path on the
model that holds it (its own name unless said otherwise, e.g. ``relations.tension``). The model's
Mesa DataCollector reads the reporters at the end of every quarter; the runner takes the dtypes and
the charts, reports, effects and ``airace outcomes`` take the lists from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.registry.calendar import quarter_label  # noqa: F401  (re-exported: callers import it from here)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One recorded column: its name, unit and meaning, its dtype, and the model attribute it reads."""

    name: str
    unit: str
    meaning: str
    dtype: str = "float64"
    reporter: str = ""

    @property
    def attribute(self) -> str:
        return self.reporter or self.name


_OUTCOMES = [
    Outcome(
        "step",
        "quarter index",
        "Quarters since the start; 1 is 2025Q1, the state at the end of that quarter.",
        "int64",
        "steps",
    ),
    Outcome("quarter", "label", "Calendar quarter, e.g. 2025Q1.", "object"),
    Outcome(
        "capability_us",
        "log10 effective compute",
        "Capability of the best US lab: log10 of H100-equivalents times algorithmic efficiency.",
        reporter="frontier.capability_us",
    ),
    Outcome(
        "capability_cn",
        "log10 effective compute",
        "Capability of the best Chinese lab, same scale.",
        reporter="frontier.capability_cn",
    ),
    Outcome(
        "capability_gap",
        "OOM",
        "US capability minus Chinese capability, in orders of magnitude of effective compute.",
        reporter="frontier.capability_gap",
    ),
    Outcome(
        "capability_lag_months",
        "months",
        "How many months ago the US frontier stood where China's stands now (Epoch AI's measure of the lag); "
        "negative when China leads, counted on China's frontier.",
        reporter="frontier.capability_lag_months",
    ),
    Outcome("compute_us", "H100-equivalents", "AI compute stock of US labs.", reporter="frontier.compute_us"),
    Outcome(
        "compute_cn",
        "H100-equivalents",
        "AI compute stock of Chinese labs, all origins.",
        reporter="frontier.compute_cn",
    ),
    Outcome("cn_domestic_chip_share", "share", "Share of China's compute stock made by domestic chip makers."),
    Outcome(
        "cn_self_sufficiency",
        "share",
        "Compute per dollar of Chinese domestic chips relative to imported frontier chips.",
    ),
    Outcome(
        "cn_chip_capacity_h100e",
        "H100-equivalents per quarter",
        "Most AI compute China's own chip makers can make this quarter.",
    ),
    Outcome(
        "cn_chips_made_h100e",
        "H100-equivalents per quarter",
        "AI compute China's own chip makers made and sold to Chinese labs this quarter.",
        reporter="market.cn_chips_made_h100e",
    ),
    Outcome(
        "smuggled_value_usd",
        "USD per quarter",
        "Value of restricted chips smuggled into China this quarter.",
        reporter="market.smuggled_value_usd",
    ),
    Outcome(
        "adoption_us",
        "share of population",
        "Population-weighted share of developing nations on the US stack "
        "(each nation counted by its chance of being on it).",
        reporter="population.adoption_us",
    ),
    Outcome(
        "adoption_cn",
        "share of population",
        "Population-weighted share on the Chinese stack (expected, as adoption_us).",
        reporter="population.adoption_cn",
    ),
    Outcome(
        "open_models_chinese",
        "share",
        "Share of open-model use that runs Chinese models (the bloc with the better open release wins most of it).",
        reporter="frontier.open_models_chinese",
    ),
    Outcome(
        "adoption_open",
        "share of population",
        "Population-weighted share on open or local models (expected).",
        reporter="population.adoption_open",
    ),
    Outcome(
        "adoption_hedge",
        "share of population",
        "Population-weighted share hedging across the US and Chinese stacks (expected).",
        reporter="population.adoption_hedge",
    ),
    Outcome(
        "adoption_none",
        "share of population",
        "Population-weighted share with no national AI stack yet (expected).",
        reporter="population.adoption_none",
    ),
    Outcome(
        "reach_us",
        "share of population",
        "Population-weighted share running US models: the US stack, half of hedgers, "
        "and the American part of open-model use.",
        reporter="population.reach_us",
    ),
    Outcome(
        "reach_cn",
        "share of population",
        "Population-weighted share running Chinese models: the Chinese stack, half of hedgers, "
        "and the Chinese part of open-model use.",
        reporter="population.reach_cn",
    ),
    Outcome(
        "adoption_us_nations",
        "share of nations",
        "Share of developing nations (each counted once) on the US stack: the nations' actual picks.",
        reporter="population.adoption_us_nations",
    ),
    Outcome(
        "adoption_cn_nations",
        "share of nations",
        "Share of developing nations on the Chinese stack.",
        reporter="population.adoption_cn_nations",
    ),
    Outcome(
        "adoption_open_nations",
        "share of nations",
        "Share of developing nations on open or local models.",
        reporter="population.adoption_open_nations",
    ),
    Outcome(
        "adoption_hedge_nations",
        "share of nations",
        "Share of developing nations hedging.",
        reporter="population.adoption_hedge_nations",
    ),
    Outcome(
        "adoption_none_nations",
        "share of nations",
        "Share of developing nations with no stack yet.",
        reporter="population.adoption_none_nations",
    ),
    Outcome(
        "governance_body_share",
        "share of population",
        "Population-weighted share of developing nations in China's proposed AI governance body.",
        reporter="population.governance_body_share",
    ),
    Outcome(
        "investment_us_usd",
        "USD per quarter",
        "US AI spending this quarter, private and public: data-centre investment and partner financing.",
    ),
    Outcome(
        "investment_cn_usd",
        "USD per quarter",
        "Chinese AI spending this quarter, private and state: data centres, domestic chip-making "
        "and the Digital Silk Road.",
    ),
    Outcome(
        "safety_share",
        "share of spending",
        "Frontier labs' mean share of spending on safety.",
        reporter="frontier.safety_share",
    ),
    Outcome(
        "tension",
        "index 0-1",
        "US-China tension: mean of the two sides' Richardson hostility.",
        reporter="relations.tension",
    ),
    Outcome(
        "cooperation",
        "index 0-1",
        "Level of US-China cooperation on AI research and safety governance.",
        reporter="relations.cooperation",
    ),
    Outcome(
        "open_capability",
        "log10 effective compute",
        "Capability of the best openly released model, on the capability scale.",
        reporter="frontier.open_capability",
    ),
    Outcome("misuse_risk", "probability per quarter", "Chance of serious AI misuse by bad actors this quarter."),
    Outcome(
        "misuse_incidents", "count per quarter", "Recorded misuse incidents this quarter (random, Poisson).", "int64"
    ),
    Outcome(
        "welfare",
        "index 0-1",
        "Benefit to developing nations: population-weighted quality of the AI they use, discounted by misuse risk.",
    ),
    Outcome(
        "crisis_chance",
        "probability per quarter",
        "Chance that a Taiwan / TSMC crisis breaks out this quarter (if none is under way), from tension.",
        reporter="relations.crisis_chance",
    ),
    Outcome(
        "crisis_risk",
        "probability",
        "Chance that a Taiwan / TSMC crisis has broken out by this quarter: 1 - product of (1 - crisis_chance) "
        "over the quarters so far. Smooth and paired; the realised crises are the stories.",
        reporter="relations.crisis_risk",
    ),
    Outcome("crisis", "0/1", "1 while a Taiwan / TSMC crisis disrupts chip supply.", "int64", "relations.crisis"),
    Outcome(
        "crises_started",
        "count",
        "Taiwan / TSMC crises that have broken out so far in the run.",
        "int64",
        "relations.crises_started",
    ),
    Outcome(
        "export_control_stringency",
        "share",
        "Export-control stringency the US applied this quarter (moves under reactive and adaptive doctrines).",
    ),
    Outcome("enforcement", "index 0-1", "US enforcement against smuggling this quarter."),
    Outcome("stance_us", "index 0-1", "US stance on joint safety governance this quarter."),
    Outcome("stance_cn", "index 0-1", "Chinese stance on joint safety governance this quarter."),
]

OUTCOMES: dict[str, Outcome] = {o.name: o for o in _OUTCOMES}
ADOPTION_COLUMNS = ("adoption_us", "adoption_cn", "adoption_open", "adoption_hedge", "adoption_none")
IDENTITY = ("step", "quarter")  # what says which quarter a row is; every other outcome is a number
NUMERIC = tuple(name for name in OUTCOMES if name not in IDENTITY)
REPORTERS = {o.name: o.attribute for o in _OUTCOMES}  # what the DataCollector reads
