"""The parameter registry: the one place a parameter's default, range, meaning and source live.

Parameters come in three kinds, kept apart wherever a user meets them (as EMA Workbench separates
levers from uncertainties): ``lever`` (what a government or firm chooses, or a scenario sets as
policy), ``assumption`` (uncertain facts about the world, and the mechanism switches) and ``data``
(the nations' attributes, read from ``seeds/nations.csv``). The CLI's ``airace params``, the
scenario schema and the ODD tables are all read from :data:`PARAMS`.
"""

from __future__ import annotations

import difflib
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple, cast

from sim.registry import groups

Kind = Literal["lever", "assumption", "data"]
Value = float | int | bool | str

SEED_000 = "000_4b5cad931bd66b1e.txt"
SEED_001 = "001_aa1f00dc0a143cd9.txt"
SEED_002 = "002_f0f9366b8b15f2e3.txt"
SEED_003 = "003_4b69d532f5e61c8c.txt"
SEED_FILES = (SEED_000, SEED_001, SEED_002, SEED_003)
NATIONS_FILE = "seeds/nations.csv"

DOCTRINES = ("fixed", "reactive", "reciprocal", "adaptive")

MECHANISMS = (
    "export_controls",
    "smuggling",
    "efficiency",
    "adoption",
    "race",
    "cooperation",
    "misuse",
    "tension",
    "sentiment",
)


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter: everything a user or a test needs to know about it.

    ``source`` is a seed file name (then ``quote`` is a verbatim part of one of its sentences),
    a named public source, or ``assumption`` (then ``meaning`` or ``reason`` says why).
    """

    name: str
    kind: Kind
    default: Value | None
    unit: str
    min: float | None
    max: float | None
    meaning: str
    source: str
    quote: str = ""
    reason: str = ""
    choices: tuple[str, ...] = ()
    mid_run: bool = False  # may change during a run (scenario events, game rounds): levers, unless structural
    acts_in: str = ""  # for a lever that moves nothing in the default world: the setting in which it acts

    @property
    def group(self) -> str:
        """The part of the model the parameter belongs to: a bloc, ``firms``, or a mechanism's name."""
        return self.name.split(".", 1)[0]

    @property
    def field(self) -> str:
        """Its name within the group: ``p.<group>.<field>``."""
        return self.name.split(".", 1)[1]

    @property
    def value_type(self) -> type:
        return type(self.default) if self.default is not None else str

    def check(self, value: object) -> Value:
        """Return ``value`` as this parameter's type, or raise ``ParameterError`` saying why not."""
        expected = self.value_type
        if expected is bool:
            if not isinstance(value, bool):
                raise ParameterError(self.name, value, "true or false")
            return value
        if expected is str:
            if value not in self.choices:
                raise ParameterError(self.name, value, f"one of {', '.join(self.choices)}")
            return value
        if isinstance(value, str):
            # YAML 1.1 (PyYAML) reads 1e9 and 10.0e9 as strings; take them as the numbers they are.
            try:
                value = float(value)
            except ValueError:
                raise ParameterError(self.name, value, f"a number {self.range_text()}") from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError(self.name, value, f"a number {self.range_text()}")
        if expected is int and not float(value).is_integer():
            raise ParameterError(self.name, value, f"a whole number {self.range_text()}")
        assert self.min is not None and self.max is not None, f"{self.name}: a number without a range"
        if not math.isfinite(value) or not (self.min <= value <= self.max):
            raise ParameterError(self.name, value, f"a number {self.range_text()}")
        return int(value) if expected is int else float(value)

    def range_text(self) -> str:
        return f"from {self.min:g} to {self.max:g}"


class ParameterError(ValueError):
    """A bad parameter name or value, worded for the person who wrote it."""

    def __init__(self, name: str, value: object, allowed: str):
        self.name, self.value, self.allowed = name, value, allowed
        super().__init__(f"{name}: {value!r} is not allowed; expected {allowed}")


def _lever(name, default, unit, lo, hi, meaning, source, quote="", reason="", choices=(), mid_run=True, acts_in=""):
    return Param(name, "lever", default, unit, lo, hi, meaning, source, quote, reason, choices, mid_run, acts_in)


def _assume(name, default, unit, lo, hi, meaning, source, quote="", reason=""):
    return Param(name, "assumption", default, unit, lo, hi, meaning, source, quote, reason)


def _data(name, unit, lo, hi, meaning, source):
    return Param(name, "data", None, unit, lo, hi, meaning, source)


def _switch(mechanism: str, meaning: str) -> Param:
    return Param(
        f"mechanisms.{mechanism}",
        "assumption",
        True,
        "on/off",
        None,
        None,
        f"Switch for the {meaning} mechanism; off removes it (an ablation).",
        "assumption",
        reason="structural switch; the mechanism's own sources are in docs/ODD.md",
    )


def _doctrine(bloc: str) -> Param:
    return _lever(
        f"{bloc}.doctrine",
        "fixed",
        "choice",
        None,
        None,
        "How the government sets its levers each quarter: fixed (as given), reactive (responds "
        "to the rival), reciprocal (tit-for-tat on cooperation), adaptive (moves its levers toward the goals it weighs, "
        "most toward those getting worse).",
        "assumption",
        reason="the teaching knob of DESIGN.md; doctrines are behavioural rules",
        choices=DOCTRINES,
    )


def _weights(bloc: str, lead: float, adoption: float, tension: float, misuse: float) -> list[Param]:
    who = "US" if bloc == "us" else "China"
    reason = "goal weights of an adaptive government; set by the analyst, not by the articles"
    acts_in = f"under the adaptive doctrine ({bloc}.doctrine: adaptive); under any other doctrine it moves nothing"
    return [
        _lever(
            f"{bloc}.weight_lead",
            lead,
            "weight",
            0.0,
            10.0,
            f"How much an adaptive {who} weighs its capability lead over the rival.",
            "assumption",
            reason=reason,
            acts_in=acts_in,
        ),
        _lever(
            f"{bloc}.weight_adoption",
            adoption,
            "weight",
            0.0,
            10.0,
            f"How much an adaptive {who} weighs its models' reach among developing nations over the rival's.",
            "assumption",
            reason=reason,
            acts_in=acts_in,
        ),
        _lever(
            f"{bloc}.weight_tension",
            tension,
            "weight",
            0.0,
            10.0,
            f"How much an adaptive {who} weighs keeping tension down.",
            "assumption",
            reason=reason,
            acts_in=acts_in,
        ),
        _lever(
            f"{bloc}.weight_misuse",
            misuse,
            "weight",
            0.0,
            10.0,
            f"How much an adaptive {who} weighs keeping misuse risk down.",
            "assumption",
            reason=reason,
            acts_in=acts_in,
        ),
    ]


_PARAMS: list[Param] = [
    # ---- US government levers -------------------------------------------------------------
    _doctrine("us"),
    _lever(
        "us.export_control_stringency",
        0.8,
        "share",
        0.0,
        1.0,
        "Share of China's purchases of frontier chips that US export controls block.",
        SEED_000,
        "the U.S. has imposed export restrictions on advanced AI chips and related technologies to China",
    ),
    _lever(
        "us.enforcement",
        0.3,
        "index 0-1",
        0.0,
        1.0,
        "Effort spent enforcing controls against smuggling (0 none, 1 the most the state can do).",
        SEED_000,
        "The administration advocates for creative approaches to export control enforcement",
    ),
    _lever(
        "us.compute_investment_usd",
        80e9,
        "USD per quarter",
        0.0,
        4e11,
        "US AI data-centre investment, private and public together (it buys compute), at its 2025Q1 level; "
        "it grows along the spending path (compute.spending_growth_per_year): about USD 77 billion in 2025Q1 "
        "and USD 405 billion over 2025, the capital spending of Amazon, Microsoft, Alphabet and Meta "
        "(company filings), of which Stargate (USD 500 billion over four years) is part.",
        SEED_000,
        "The U.S. tech industry is heavily investing in Artificial Intelligence (AI) research and development along with infrastructure",
    ),
    _lever(
        "us.partner_financing_usd",
        0.5e9,
        "USD per quarter",
        0.0,
        5e10,
        "Financing the US AI export programme offers partner nations (secure data centres, model "
        "access); builds US partnerships abroad.",
        SEED_001,
        "financing for secure data centers and access rights to cutting-edge models",
    ),
    _lever(
        "us.export_promotion",
        0.5,
        "index 0-1",
        0.0,
        1.0,
        "Sales and promotion of the American AI stack abroad, without financing.",
        SEED_001,
        "Relying solely on sales and promotional activities for American AI technology simply cannot drive rapid adoption",
    ),
    _lever(
        "us.safety_governance_stance",
        0.2,
        "index 0-1",
        0.0,
        1.0,
        "US willingness to build joint safety governance with China (0 refuses, 1 seeks it).",
        SEED_000,
        "the U.S. has rejected China's proposals for new global AI bodies",
    ),
    _lever(
        "us.military_framing",
        0.5,
        "index 0-1",
        0.0,
        1.0,
        "How far the US frames AI as a national-security race (1 a Manhattan Project for AI).",
        SEED_002,
        "increased discussion of a Manhattan Projectfor AI",
    ),
    _lever(
        "us.distillation_countermeasures",
        0.2,
        "index 0-1",
        0.0,
        1.0,
        "US effort against distillation of its models (rate limits, terms enforcement, watermarking).",
        SEED_003,
        "The United States has responded by ramping up investments in AI research, tightening export controls",
    ),
    _lever(
        "us.joint_misuse_detection",
        0.1,
        "index 0-1",
        0.0,
        1.0,
        "US commitment to joint tools that detect and counter AI misuse; works best with cooperation.",
        SEED_002,
        "work together on tools that can monitor misuse and counter it globally",
    ),
    _lever(
        "us.budget_usd",
        150e9,
        "USD per quarter",
        1e9,
        1e12,
        "Most the US may spend on its spending levers together (compute investment, partner financing) "
        "once the investment race and its doctrine add to them; the levers as set are always spent in full.",
        "assumption",
        reason="bounds what racing and doctrines add; about one and a half times the default spending",
        acts_in="when the investment race or a doctrine adds spending above the levers (the rival gains, or a "
        "reactive or adaptive doctrine); at the defaults the levers alone are spent and the budget binds nothing",
    ),
    _lever(
        "us.diffusion_limits",
        0.0,
        "index 0-1",
        0.0,
        1.0,
        "How far US rules cap AI chip exports to developing nations that are not US allies (1: the country "
        "caps of the January 2025 AI Diffusion Rule; 0: none, as after its rescission in May 2025).",
        "BIS 2025, Framework for Artificial Intelligence Diffusion (interim final rule, 15 January 2025; rescinded 13 May 2025)",
    ),
    *_weights("us", lead=1.0, adoption=1.0, tension=1.0, misuse=1.0),
    # ---- China government levers ----------------------------------------------------------
    _doctrine("cn"),
    _lever(
        "cn.compute_investment_usd",
        20e9,
        "USD per quarter",
        0.0,
        2e11,
        "Chinese AI data-centre investment, private and state together, before controls decide where it can "
        "buy, at its 2025Q1 level (it grows along the spending path): up to CNY 700 billion (about USD 98 "
        "billion) over 2025 (Bank of America estimate, June 2025).",
        SEED_003,
        "The Chinese government has invested heavily in AI research",
    ),
    _lever(
        "cn.self_sufficiency_investment_usd",
        5e9,
        "USD per quarter",
        0.0,
        1e11,
        "State investment in domestic chip-making (fabs, design, tools); level near China's "
        "third Big Fund (CNY 344 billion, 2024) spread over about ten years plus local funds.",
        SEED_002,
        "China has responded to this by accelerating their efforts towards self-sufficiency",
    ),
    _lever(
        "cn.domestic_chip_mandate",
        0.2,
        "share",
        0.0,
        1.0,
        "Share of China's AI compute spending that state policy steers to domestic chips first, whatever the "
        "controls (procurement rules for state-backed data centres).",
        SEED_003,
        "This AI push aligns with China’s broader goals of technological independence and expanding global influence.",
    ),
    _lever(
        "cn.open_model_subsidy",
        0.5,
        "index 0-1",
        0.0,
        1.0,
        "State support for Chinese labs releasing open-weight models.",
        SEED_003,
        "rapidly deploying AI developed within the People’s Republic of China",
    ),
    _lever(
        "cn.digital_silk_road_usd",
        2e9,
        "USD per quarter",
        0.0,
        5e10,
        "Digital Silk Road spending on networks, cloud and data centres in developing nations.",
        SEED_001,
        "China incorporated the “Digital Silk Road” into the “Belt and Road” framework",
    ),
    _lever(
        "cn.governance_proposal",
        1.0,
        "index 0-1",
        0.0,
        1.0,
        "How hard China promotes its proposed world AI cooperation organisation to developing nations.",
        SEED_000,
        "proposing the establishment of a world AI cooperation organisation",
    ),
    _lever(
        "cn.governance_stance",
        0.6,
        "index 0-1",
        0.0,
        1.0,
        "China's willingness to build joint safety governance with the US. Above the US stance (0.2 by default) "
        "it changes nothing: cooperation follows the lower of the two stances.",
        SEED_000,
        "China has been advocating for a global AI governance framework",
    ),
    _lever(
        "cn.distillation_tolerance",
        0.8,
        "index 0-1",
        0.0,
        1.0,
        "How far China tolerates its labs distilling from rival models.",
        SEED_003,
        "By leveraging adversarial model distillation",
    ),
    _lever(
        "cn.smuggling_tolerance",
        0.8,
        "index 0-1",
        0.0,
        1.0,
        "How far China tolerates grey-market imports of restricted chips.",
        SEED_000,
        "roughly $1 billion worth of Nvidia's banned advanced B200 chips had been smuggled into China",
    ),
    _lever(
        "cn.military_framing",
        0.4,
        "index 0-1",
        0.0,
        1.0,
        "How far China frames AI as a national-security race.",
        SEED_003,
        "seeing it as essential for economic modernization and military advancement",
    ),
    _lever(
        "cn.budget_usd",
        50e9,
        "USD per quarter",
        1e9,
        1e12,
        "Most China may spend on its spending levers together (compute, self-sufficiency, Digital Silk Road) "
        "once the investment race and its doctrine add to them; the levers as set are always spent in full.",
        "assumption",
        reason="bounds what racing and doctrines add; about one and a half times the default spending",
        acts_in="when the investment race or a doctrine adds spending above the levers (the rival gains, or a "
        "reactive or adaptive doctrine); at the defaults the levers alone are spent and the budget binds nothing",
    ),
    *_weights("cn", lead=1.0, adoption=1.0, tension=1.0, misuse=1.0),
    # ---- Firms ----------------------------------------------------------------------------
    _lever(
        "firms.frontier_labs_per_bloc",
        3,
        "labs",
        1,
        10,
        "Frontier labs racing in each bloc (more racing teams, less safety).",
        "assumption",
        reason="three leading labs a side in 2025 (e.g. OpenAI, Google DeepMind, Anthropic; DeepSeek, Alibaba Qwen, Moonshot)",
        mid_run=False,  # the labs are built once, when the model is
    ),
    _lever(
        "firms.safety_coalition",
        0.0,
        "index 0-1",
        0.0,
        1.0,
        "Strength of a global AI safety coalition of labs from both blocs; raises labs' safety spending.",
        SEED_002,
        "Support the creation of a global AI Safety Coalition.",
    ),
    _assume(
        "firms.safety_share_base",
        0.20,
        "share of spending",
        0.0,
        0.5,
        "Share of spending a lab puts into safety with no rivalry and a single team.",
        "assumption",
        reason="gives 5-10% at 2025 tension and six racing labs, near labs' reported safety staffing",
    ),
    _assume(
        "firms.racing_enmity_sensitivity",
        0.8,
        "per unit tension",
        0.0,
        1.0,
        "How much enmity (tension) makes labs skimp on safety.",
        "Armstrong, Bostrom and Shulman 2016, Racing to the precipice",
    ),
    _assume(
        "firms.racing_teams_sensitivity",
        0.1,
        "per extra team",
        0.0,
        2.0,
        "How much each extra racing lab makes labs skimp on safety.",
        "Armstrong, Bostrom and Shulman 2016, Racing to the precipice",
    ),
    _assume(
        "firms.open_release_us",
        0.1,
        "share",
        0.0,
        1.0,
        "Openness of US labs' releases before any subsidy (mostly closed; some open weights).",
        "assumption",
        reason="one of the three leading US labs releases open weights at a lag",
    ),
    _assume(
        "firms.open_release_cn",
        0.5,
        "share",
        0.0,
        1.0,
        "Openness of Chinese labs' releases before any subsidy.",
        SEED_003,
        "offering affordable and scalable AI solutions, especially attractive to developing countries",
    ),
    _assume(
        "firms.distillation_us",
        0.3,
        "index 0-1",
        0.0,
        1.0,
        "How hard US labs distil from Chinese models when those are ahead (China sets no countermeasures).",
        "assumption",
        reason="US labs learn from open Chinese models too, as from DeepSeek-R1's published recipe in 2025",
    ),
    _assume(
        "firms.rd_share_base",
        0.10,
        "share of spending",
        0.0,
        0.5,
        "Share of a lab's budget spent on efficiency R&D rather than compute.",
        "assumption",
        reason="labs spend most on compute; a tenth on algorithms is a round starting point",
    ),
    _assume(
        "firms.rd_response_to_controls",
        0.2,
        "share per unit stringency",
        0.0,
        1.0,
        "How far Chinese labs shift spending from compute to efficiency R&D as controls bite.",
        SEED_000,
        "Chinese AI companies have demonstrated the ability to create AI that outperforms benchmarks without the latest hardware.",
    ),
    # ---- Compute --------------------------------------------------------------------------
    _assume(
        "compute.initial_total_h100e",
        6.0e6,
        "H100-equivalents",
        1e5,
        1e8,
        "US plus Chinese AI compute at the start of 2025.",
        "assumption",
        reason="order of magnitude of Epoch AI's estimates of installed AI accelerators, early 2025 (several million H100e)",
    ),
    _assume(
        "compute.initial_us_share",
        0.75,
        "share of global",
        0.0,
        1.0,
        "US share of global AI supercomputer performance, May 2025.",
        "Pilz et al. 2025, Trends in AI Supercomputers (Epoch AI)",
    ),
    _assume(
        "compute.initial_cn_share",
        0.15,
        "share of global",
        0.0,
        1.0,
        "Chinese share of global AI supercomputer performance, May 2025.",
        "Pilz et al. 2025, Trends in AI Supercomputers (Epoch AI)",
    ),
    _assume(
        "compute.cost_usd_per_h100e",
        50_000.0,
        "USD per H100e",
        1_000.0,
        200_000.0,
        "Installed cost of one H100-equivalent in a data centre in 2025Q1: chip, server, networking, building and power.",
        "assumption",
        reason="about twice the press-reported USD 25,000-40,000 chip price: servers, networking and buildings roughly double it",
    ),
    _assume(
        "compute.price_performance_doubling_years",
        2.5,
        "years",
        1.0,
        5.0,
        "Years for compute per dollar to double.",
        "Hobbhahn and Besiroglu 2022, Trends in GPU price-performance (Epoch AI)",
    ),
    _assume(
        "compute.spending_growth_per_year",
        0.65,
        "share per year",
        0.0,
        2.0,
        "Growth of AI data-centre investment in 2025, both blocs (the investment levers are the 2025Q1 level "
        "of the path): capital spending of Amazon, Microsoft, Alphabet and Meta rose from about USD 150 bn "
        "(2023) to 230 bn (2024) and 405 bn (2025), about 65% a year.",
        "Company filings of Amazon, Microsoft, Alphabet and Meta, 2023-2025 capital spending",
    ),
    _assume(
        "compute.spending_growth_halflife_years",
        2.5,
        "years",
        0.5,
        20.0,
        "Years for the growth rate of AI data-centre investment to halve (the spending path flattens).",
        "assumption",
        reason="no industry keeps 65% a year; with 2.5 years, spending grows about fivefold by 2034. "
        "Chosen with the 2026 guidance known, so the 2026 row of docs/validation.md is a weak test",
    ),
    _assume(
        "compute.depreciation_per_quarter",
        0.05,
        "share per quarter",
        0.0,
        0.25,
        "Share of a compute stock retired each quarter.",
        "assumption",
        reason="accelerators are written down over about five years",
    ),
    # ---- Export controls and their backfire -----------------------------------------------
    _assume(
        "export_controls.self_sufficiency_initial",
        0.3,
        "share",
        0.0,
        1.0,
        "China's domestic chips in 2025Q1: compute per dollar relative to imported frontier chips.",
        "assumption",
        reason="domestic accelerators trail in performance and yield; 0.3 of import value per dollar",
    ),
    _assume(
        "export_controls.cn_domestic_share_initial",
        0.2,
        "share",
        0.0,
        1.0,
        "Share of China's 2025Q1 compute stock made by domestic chip makers.",
        "assumption",
        reason="domestic accelerators were a minority of Chinese AI compute in 2024",
    ),
    _assume(
        "export_controls.learning_rate",
        0.05,
        "share per doubling",
        0.0,
        0.5,
        "Wright's law: fall in the cost of China's domestic chips relative to imported ones (rise in "
        "self-sufficiency) for each doubling of their cumulative output.",
        "Wright 1936; Irwin and Klenow 1994 (about 20% a doubling in semiconductors, absolute)",
        reason="relative to imports, which get cheaper on their own trend: a quarter of the absolute rate, as tool "
        "controls hold domestic nodes back (Bernstein 2025: Huawei's 910C about a third of a B200, its 950 about "
        "6% of the VR200, so the gap per chip is not closing)",
    ),
    _assume(
        "export_controls.cn_capacity_initial_h100e",
        50_000.0,
        "H100e per quarter",
        0.0,
        5e6,
        "What China's chip makers can make in 2025Q1: about 200,000-400,000 Ascend-class chips a year at about 0.6 H100e each.",
        "BIS testimony to Congress, June 2025 (at most 200,000 Huawei AI chips in 2025); industry estimates up to twice that",
    ),
    _assume(
        "export_controls.capacity_cost_usd",
        6e5,
        "USD per H100e a quarter",
        1e4,
        1e7,
        "Investment that adds one H100e a quarter of domestic chip-making capacity (fabs, tools, packaging, memory).",
        "assumption",
        reason="no public series pins it down; set so that domestic output about doubles from 2025 to 2026 "
        "(Bloomberg, September 2025: Huawei plans about 600,000 910C in 2026, double 2025, and 1.6 million "
        "Ascend dies), as chip-making also gets cheaper per H100e at the industry's price-performance pace",
    ),
    _assume(
        "export_controls.unmet_demand_to_capacity",
        0.25,
        "share",
        0.0,
        1.0,
        "Share of Chinese chip demand that controls block and nobody can fill that goes into domestic chip-making instead (the backfire).",
        SEED_002,
        "China has responded to this by accelerating their efforts towards self-sufficiency, which has caused US efforts to backfire.",
    ),
    # ---- Smuggling ------------------------------------------------------------------------
    _assume(
        "smuggling.base_share",
        0.55,
        "share of blocked demand",
        0.0,
        1.0,
        "Share of blocked chip demand that leaks through the grey market when grey chips are far better value than "
        "domestic ones, with no enforcement and full tolerance; calibrated to USD 1 billion in the first quarter (docs/calibration.md).",
        SEED_000,
        "roughly $1 billion worth of Nvidia's banned advanced B200 chips had been smuggled into China in the three months since the export controls went into effect",
    ),
    _assume(
        "smuggling.price_elasticity",
        1.0,
        "elasticity",
        0.0,
        3.0,
        "How fast leakage rises with the grey market's value advantage over domestic chips.",
        "assumption",
        reason="unit elasticity: leakage proportional to the advantage",
    ),
    _assume(
        "smuggling.enforcement_efficacy",
        3.0,
        "per unit enforcement",
        0.0,
        5.0,
        "How fast leakage falls with enforcement (exponential decay).",
        "assumption",
        reason="the state's full effort (end-use checks, chip location verification, prosecutions; CNAS 2025) "
        "cuts leakage to a twentieth; today's enforcement (0.3) lets about 40% through. Set with the contract in "
        "view: raised from 1.5, at which full enforcement changed China's compute by 2-3%",
    ),
    _assume(
        "smuggling.third_country_share",
        0.5,
        "share",
        0.0,
        1.0,
        "Share of smuggling that runs through third countries whose chip imports the AI Diffusion Rule caps "
        "(us.diffusion_limits at 1 closes these routes).",
        "Grunewald and Fist 2025, Countering AI Chip Smuggling Has Become a National Security Priority (CNAS): "
        "reported diversions run through Singapore, Malaysia and other Southeast Asian hubs",
        reason="about half: the reported cases are mostly diversions through third-country data centres and "
        "distributors, the rest direct shipments that country caps do not touch",
    ),
    _assume(
        "smuggling.markup",
        0.5,
        "share",
        0.0,
        3.0,
        "Grey-market markup over list price at full controls.",
        "assumption",
        reason="press reports of smuggled accelerators selling well above list price",
    ),
    _assume(
        "smuggling.noise_sd",
        0.25,
        "log sd",
        0.0,
        1.0,
        "Quarter-to-quarter randomness of smuggled volume (lognormal, mean one).",
        "assumption",
        reason="grey-market flows are lumpy",
    ),
    # ---- Efficiency and distillation ------------------------------------------------------
    _assume(
        "efficiency.halving_months",
        8.0,
        "months",
        5.0,
        14.0,
        "Months for the compute needed for a fixed capability to halve (95% CI 5-14).",
        "Ho et al. 2024, Algorithmic progress in language models",
    ),
    _assume(
        "efficiency.cn_initial_advantage",
        2.0,
        "multiplier",
        1.0,
        10.0,
        "Chinese labs' algorithmic efficiency relative to US labs in 2025Q1; calibrated so the 2025 gap is Epoch AI's "
        "measured lag of about 7 months (docs/calibration.md). Spillovers erode it.",
        SEED_002,
        "Nearly equivalent resultswere achieved using a fraction of the computing resources available to leading Western labs",
    ),
    _assume(
        "efficiency.spillover_rate",
        0.05,
        "share per quarter",
        0.0,
        0.5,
        "Share of the gap to the best lab's own methods that every other lab closes each quarter (papers, open weights, "
        "staff moves); what a lab gained by distilling does not spill back.",
        "assumption",
        reason="published methods spread within a few years; both directions alike",
    ),
    _assume(
        "efficiency.distillation_ceiling_oom",
        0.15,
        "OOM",
        0.0,
        2.0,
        "How far below the teacher's frontier distillation can bring a student (released models trail the frontier).",
        "assumption",
        reason="about two months of frontier growth: a student distils from what the teacher serves, which trails what it trains. "
        "Set with the contract in view: lowered from 0.3 in the catch-up rework, at which distillation almost never bound "
        "and the distillation-crackdown rows failed",
    ),
    _assume(
        "efficiency.catch_up_strength",
        0.5,
        "share",
        0.0,
        1.0,
        "How much of a follower's compute shortfall catch-up (distillation) can make up: 0 'compute decides' "
        "(a follower with a tenth of the leader's compute stays a tenth behind, however much it distils), 1 "
        "'distillation erases compute' (any follower ends just below its teacher).",
        "assumption",
        reason="the central open question of seeds 000 and 003 (chips against distillation), left to the user; "
        "midway by default, and the contract checks both ends (absorptive capacity: Cohen and Levinthal 1990)",
    ),
    _assume(
        "efficiency.distillation_rate",
        0.1,
        "share of gap per quarter",
        0.0,
        0.5,
        "Share of the gap down to the distillation ceiling that a fully distilling lab closes each quarter.",
        SEED_003,
        "This technique involves training a smaller, efficient model to replicate the decision-making abilities of a larger, complex one.",
    ),
    _assume(
        "efficiency.rd_gain",
        0.2,
        "share of trend per share",
        0.0,
        3.0,
        "Extra algorithmic progress, as a share of trend, for each unit of budget share spent on R&D above the base share.",
        "assumption",
        reason="Chinese labs at 0.26 R&D share progress about 3% faster than trend",
    ),
    _assume(
        "efficiency.noise_sd",
        0.03,
        "log sd per quarter",
        0.0,
        0.5,
        "Lab-level randomness of algorithmic progress each quarter.",
        "assumption",
        reason="breakthroughs are uneven across labs",
    ),
    # ---- Investment race ------------------------------------------------------------------
    _assume(
        "race.intensity",
        0.5,
        "share",
        0.0,
        2.0,
        "Most a government raises its investment levers when the rival is at or past parity.",
        SEED_000,
        "Both countries are heavily investing in AI research and development and infrastructure",
    ),
    _assume(
        "race.gap_reference_oom",
        0.5,
        "OOM",
        0.05,
        3.0,
        "Capability gap (orders of magnitude of effective compute) at which racing pressure vanishes.",
        "assumption",
        reason="a half-order-of-magnitude lead is felt as safe",
    ),
    # ---- Cooperation, talent and trust ----------------------------------------------------
    _assume(
        "cooperation.talent_share_chinese",
        0.47,
        "share",
        0.0,
        1.0,
        "Share of the world's top AI researchers who are Chinese-born or Chinese-educated.",
        SEED_002,
        "almost half of the world’s top AI researchers (47%) areChinese born or educated in.",
    ),
    _assume(
        "cooperation.talent_pooling_gain",
        0.3,
        "share of trend growth",
        0.0,
        1.0,
        "Extra algorithmic progress, as a share of trend, from fully pooling the rival's share of talent.",
        SEED_002,
        "This collaboration will help pool talent, data and computing resources",
    ),
    _assume(
        "cooperation.controls_drag",
        0.5,
        "share",
        0.0,
        1.0,
        "How far export controls in force cap the trust cooperation can build: under a total embargo, "
        "cooperation reaches only this much less than the stances and tension allow.",
        SEED_002,
        "Reduced import restrictions on civilian AI applications, for example, can help nations rebuild trust",
    ),
    _assume(
        "cooperation.adjust_rate",
        0.2,
        "share per quarter",
        0.01,
        1.0,
        "How fast cooperation moves toward what both stances and tension allow.",
        "assumption",
        reason="agreements take a year or two to build",
    ),
    # ---- Tension and crisis (Richardson) --------------------------------------------------
    _assume(
        "tension.initial",
        0.5,
        "index 0-1",
        0.0,
        1.0,
        "Tension in 2025Q1.",
        SEED_002,
        "The AI contest is increasingly framed in national security terms as a zero sum game",
    ),
    _assume(
        "tension.reaction",
        0.1,
        "per quarter",
        0.0,
        1.0,
        "Richardson reaction: growth of one side's hostility with the other's.",
        "Richardson 1960, Arms and Insecurity",
    ),
    _assume(
        "tension.armament_weight",
        0.18,
        "per quarter",
        0.0,
        1.0,
        "Growth of hostility with the rival's armament: the mean of its military framing, its compute "
        "investment (as spend / (spend + its 2025 level)) and its export controls, the same form for both sides.",
        "Richardson 1960, Arms and Insecurity",
    ),
    _assume(
        "tension.fatigue",
        0.25,
        "per quarter",
        0.0,
        1.0,
        "Richardson fatigue: decay of hostility.",
        "Richardson 1960, Arms and Insecurity",
    ),
    _assume(
        "tension.trust_weight",
        0.3,
        "per quarter",
        0.0,
        1.0,
        "Extra decay of hostility from full cooperation (trust-building).",
        SEED_002,
        "These measures would increase transparency, reduce the chance of miscommunication",
    ),
    _assume(
        "tension.grievance",
        0.005,
        "per quarter",
        0.0,
        0.2,
        "Richardson standing grievance: hostility that grows regardless of what the rival does now (the "
        "injury the rival does adds to it: tension.injury_weight).",
        "Richardson 1960, Arms and Insecurity",
    ),
    _assume(
        "tension.injury_weight",
        0.04,
        "per quarter",
        0.0,
        0.5,
        "Growth of a side's hostility with the injury the rival does it: for China the share of its chip demand "
        "US controls deny it (blocked, not smuggled in), for the US how freely Chinese labs distil its models.",
        SEED_002,
        "in order to limit China’s ability to access key technologies such as advanced semiconductors",
        reason="assumption for the value, set with the contract in view: full denial adds about as much hostility "
        "a quarter as a side's whole military framing does",
    ),
    _assume(
        "tension.crisis_escalation",
        3.0,
        "exponent",
        1.0,
        5.0,
        "How steeply the chance of a Taiwan / TSMC crisis rises with tension: chance = crisis_hazard x tension^escalation.",
        SEED_002,
        "the importance Taiwan and TSMC, the global leader in foundries, has on the AI stack and the increasing tensions surrounding the high-tech Island",
        reason="assumption for the value; set with the contract in view: raised from 2 to 3 in the crisis-risk "
        "rework so that a Manhattan-project race, military framing and tight controls each raise the 2034 crisis "
        "risk by a fifth or more (docs/policy_responses.md)",
    ),
    _assume(
        "tension.crisis_hazard",
        0.018,
        "probability per quarter",
        0.0,
        1.0,
        "Chance of a crisis per quarter at the highest tension (1); lower tension gives a lower, never quite zero, chance.",
        "Base rate and forecasters (docs/calibration.md): four Taiwan Strait crises since 1954, none cutting chip "
        "supply; forecasters put a blockade or invasion by 2030 at about 5-25%",
        reason="calibrated so that a supply-cutting crisis breaks out by 2034 in about a fifth of baseline runs",
    ),
    _assume(
        "tension.crisis_duration_quarters",
        4,
        "quarters",
        1,
        20,
        "How long a crisis disrupts chip supply.",
        "assumption",
        reason="rebuilding leading-edge supply takes at least a year",
    ),
    _assume(
        "tension.crisis_shock",
        0.2,
        "index 0-1",
        0.0,
        1.0,
        "Jump in both sides' hostility when a crisis breaks out.",
        "assumption",
        reason="a crisis is itself a grievance (Richardson's g, once)",
    ),
    _assume(
        "tension.crisis_supply_cut",
        0.9,
        "share",
        0.0,
        1.0,
        "Share of imported and US leading-edge chip supply lost during a crisis (TSMC makes about 90% of leading-edge chips).",
        "SIA and BCG 2021, Strengthening the Global Semiconductor Supply Chain (Taiwan: 92% of capacity below 10 nm)",
    ),
    # ---- Misuse ---------------------------------------------------------------------------
    _assume(
        "misuse.base_hazard",
        0.05,
        "per quarter",
        0.0,
        1.0,
        "Misuse hazard per quarter from 2025-level open models with no detection or safety spending.",
        SEED_002,
        "bad actors, such as extremist groups, are more likely to abuse AI abilities without hesitation",
    ),
    _assume(
        "misuse.capability_elasticity",
        0.3,
        "per OOM",
        0.0,
        2.0,
        "Growth of misuse hazard per order of magnitude of open-model capability above the fixed reference.",
        SEED_002,
        "The biggest existential risk to the world is the risk of AI misuse",
    ),
    _assume(
        "misuse.reference_open_capability",
        5.8,
        "log10 effective compute",
        0.0,
        20.0,
        "The fixed reference for misuse: open-model capability at which the hazard is base_hazard (about the "
        "best open model of 2025Q1 at the defaults); the same for every scenario.",
        "assumption",
        reason="one fixed yardstick, so a scenario that opens more is never measured against itself",
    ),
    _assume(
        "misuse.open_lag_oom",
        1.2,
        "OOM",
        0.0,
        3.0,
        "How far behind its lab's frontier a fully closed lab's open releases are.",
        "assumption",
        reason="closed labs release open weights, if at all, a generation behind",
    ),
    _assume(
        "misuse.detection_efficacy",
        0.6,
        "share",
        0.0,
        1.0,
        "Share of misuse hazard that full joint detection removes with full cooperation.",
        SEED_002,
        "Increase investment in detection and prevention of AI misuse.",
    ),
    _assume(
        "misuse.safety_efficacy",
        1.5,
        "per unit safety share",
        0.0,
        5.0,
        "How much labs' safety spending lowers misuse hazard.",
        "assumption",
        reason="labs spending a fifth on safety remove 30% of the hazard",
    ),
    _assume(
        "misuse.incidents_per_risk",
        10.0,
        "incidents per unit risk",
        0.0,
        100.0,
        "Expected recorded misuse incidents a quarter per unit of misuse risk (Poisson).",
        "assumption",
        reason="scales risk to a count a class can read",
    ),
    # ---- Adoption by developing nations ---------------------------------------------------
    _assume(
        "adoption.innovation_p",
        0.03,
        "per year",
        0.0,
        0.5,
        "Bass innovation coefficient: adoption independent of others.",
        "Sultan, Farley and Lehmann 1990, meta-analysis of diffusion models",
    ),
    _assume(
        "adoption.imitation_q",
        0.38,
        "per year",
        0.0,
        2.0,
        "Bass imitation coefficient: adoption driven by others having adopted.",
        "Sultan, Farley and Lehmann 1990, meta-analysis of diffusion models",
    ),
    _assume(
        "adoption.review_rate",
        0.05,
        "share per quarter",
        0.0,
        1.0,
        "Chance an adopting nation reconsiders its stack in a quarter.",
        "assumption",
        reason="national procurement is revisited every few years",
    ),
    _assume(
        "adoption.switching_cost",
        1.0,
        "utils",
        0.0,
        5.0,
        "Logit utility bonus of staying with the current stack (switching cost, inertia).",
        "assumption",
        reason="a stack switch costs about as much as the largest single pull",
    ),
    _assume(
        "adoption.capability_weight",
        3.0,
        "utils per quality",
        0.0,
        10.0,
        "Logit weight on a stack's quality (capability relative to the frontier).",
        "Similarweb web-traffic data, 2025: one US chatbot (ChatGPT) carries about 80% of chatbot use outside China",
        reason="calibrated with adoption.quality_span_oom so that US models hold about 70% of the US and Chinese "
        "reach in developing nations at the end of 2025 (docs/calibration.md); seed 001 argues diffusion is not "
        "won by capability alone, and price, ties and openness still move it",
    ),
    _assume(
        "adoption.quality_span_oom",
        1.0,
        "OOM",
        0.1,
        10.0,
        "Gap to the frontier, in orders of magnitude of effective compute, at which a stack is worth nothing.",
        "assumption",
        reason="a model a tenth of the frontier's effective compute (about 14 months behind at 2025 growth) "
        "is obsolete for users who can have the frontier; set with adoption.capability_weight (docs/calibration.md)",
    ),
    _assume(
        "adoption.price_weight",
        0.6,
        "utils per price",
        0.0,
        10.0,
        "Logit weight on a stack's price burden (relative price over income).",
        SEED_003,
        "Often welcome Chinese AI as accessible and affordable",
    ),
    _assume(
        "adoption.price_us",
        1.0,
        "relative price",
        0.0,
        5.0,
        "Relative price of the US stack.",
        "assumption",
        reason="the reference price",
    ),
    _assume(
        "adoption.price_cn",
        0.75,
        "relative price",
        0.0,
        5.0,
        "Relative price of the Chinese stack before any open-model subsidy, at 2025 domestic chip costs.",
        SEED_001,
        "cost-effective tools and local adaptation for smaller languages",
    ),
    _assume(
        "adoption.price_open",
        0.4,
        "relative price",
        0.0,
        5.0,
        "Relative price of an open or local stack at no subsidy (self-hosting costs remain).",
        "assumption",
        reason="open weights are free but need local compute and skills",
    ),
    _assume(
        "adoption.open_origin_scale_oom",
        0.1,
        "OOM",
        0.01,
        1.0,
        "How sharply open-model use shifts to the bloc with the better open release: at this lead (OOM), "
        "about three quarters of it runs that bloc's models.",
        "assumption",
        reason="users pick among near-equal open models partly by habit and language; a clearly better release wins most",
    ),
    _assume(
        "adoption.subsidy_price_cut",
        0.4,
        "share",
        0.0,
        1.0,
        "Share of the Chinese stack's price that full state support for Chinese models removes.",
        SEED_003,
        "China challenges this with highly advanced, state-supported, and cost-effective AI alternatives.",
    ),
    _assume(
        "adoption.compute_cost_share",
        0.5,
        "share",
        0.0,
        1.0,
        "Share of a stack's price that is compute: the Chinese stack's price falls with the cost of China's domestic chips "
        "as (2025 self-sufficiency / self-sufficiency) to this power.",
        "assumption",
        reason="serving models is about half compute, half people, data and support",
    ),
    _assume(
        "adoption.availability_weight",
        1.5,
        "utils per unit",
        0.0,
        10.0,
        "Logit penalty on the US stack in non-allied nations for each unit of US limits on chip exports to them (us.diffusion_limits).",
        "assumption",
        reason="a country capped on US chips cannot build on the US stack at scale; about the pull of a full infrastructure tie",
    ),
    _assume(
        "adoption.readiness_gain",
        1.0,
        "per unit tie",
        0.0,
        10.0,
        "Generalized Bass model: how much a nation's ties (US partnership plus Chinese infrastructure) speed its adoption of any stack.",
        "Bass, Krishnan and Jain 1994, Why the Bass model fits without decision variables (marketing effort multiplies the hazard)",
    ),
    _assume(
        "adoption.governance_member_weight",
        0.5,
        "utils",
        0.0,
        5.0,
        "Logit bonus on the Chinese stack for members of China's proposed governance body (shared norms and standards).",
        SEED_003,
        "China uses AI proliferation as a tool to extend soft power and influence international technology norms",
    ),
    _assume(
        "adoption.infrastructure_weight",
        1.5,
        "utils per tie",
        0.0,
        10.0,
        "Logit weight on Chinese-built infrastructure (Belt and Road, Digital Silk Road).",
        SEED_001,
        "A country that uses networks built by China, smart city platforms, and security systems will naturally embrace Chinese AI technologies.",
    ),
    _assume(
        "adoption.bri_initial_infrastructure",
        0.5,
        "tie 0-1",
        0.0,
        1.0,
        "Chinese infrastructure tie in 2025 of a Belt and Road member.",
        SEED_001,
        "since 2013, China’s “Belt and Road” initiative has invested in ports, railways, and logistics hubs",
    ),
    _assume(
        "adoption.dsr_cost_per_tie_usd",
        3e9,
        "USD",
        1e8,
        1e11,
        "Digital Silk Road spending that raises one nation's infrastructure tie from 0 to 1.",
        "assumption",
        reason="a national backbone, cloud region and data centre cost a few billion dollars; "
        "the same as a US partnership package, since no source ranks one dollar above the other",
    ),
    _assume(
        "adoption.financing_weight",
        1.5,
        "utils per partnership",
        0.0,
        10.0,
        "Logit weight on a US partnership package (financing, model access, training).",
        SEED_001,
        "Every bilateral cooperation agreement should combine advanced AI products with corresponding incentives",
    ),
    _assume(
        "adoption.partnership_cost_usd",
        3e9,
        "USD",
        1e8,
        1e11,
        "Financing that makes one full partnership package with one nation.",
        "assumption",
        reason="about the cost of one secure data centre and its model access; the same as a Digital "
        "Silk Road tie, since no source ranks one dollar above the other",
    ),
    _assume(
        "adoption.promotion_weight",
        0.2,
        "utils per unit",
        0.0,
        10.0,
        "Logit weight on US sales and promotion alone (small: promotion does little).",
        SEED_001,
        "Relying solely on sales and promotional activities for American AI technology simply cannot drive rapid adoption",
    ),
    _assume(
        "adoption.security_weight",
        1.0,
        "utils per tie",
        0.0,
        10.0,
        "Logit weight on security alignment with the US.",
        SEED_001,
        "strategic partners in Southeast Asia and the Gulf region",
    ),
    _assume(
        "adoption.data_security_weight",
        0.8,
        "utils per unit",
        0.0,
        10.0,
        "Logit penalty on the Chinese stack for data-security and dependency concern.",
        SEED_003,
        "they remain cautious about potential dependency and data security challenges",
    ),
    _assume(
        "adoption.language_weight",
        0.8,
        "utils per unit",
        0.0,
        10.0,
        "Logit weight on local-language adaptation for nations with smaller languages.",
        SEED_001,
        "Chinese companies are also more willing to take on needs that American companies often overlook",
    ),
    _assume(
        "adoption.hedge_autonomy_bonus",
        0.3,
        "utils",
        0.0,
        5.0,
        "Logit bonus of hedging across both stacks (autonomy from any one supplier).",
        SEED_001,
        "retaining sufficient autonomy to avoid being completely dominated by a single supplier",
    ),
    _assume(
        "adoption.hedge_cost",
        0.6,
        "utils",
        0.0,
        5.0,
        "Logit cost of running two stacks at once.",
        "assumption",
        reason="two stacks double integration work",
    ),
    _assume(
        "adoption.governance_join_rate",
        0.1,
        "share per quarter",
        0.0,
        1.0,
        "Chance a nation weighs joining China's proposed governance body in a quarter.",
        "assumption",
        reason="treaty accession is slow",
    ),
    # ---- Public sentiment -----------------------------------------------------------------
    _assume(
        "sentiment.developing_positive",
        0.7,
        "share positive",
        0.0,
        1.0,
        "Mean share of the public positive about AI in developing markets (60-80%).",
        SEED_002,
        "while in developing markets, the ratings are positive (60-80%)",
    ),
    _assume(
        "sentiment.spread",
        0.1,
        "share",
        0.0,
        0.5,
        "Half-width of the spread of sentiment across nations (uniform).",
        SEED_002,
        "in developing markets, the ratings are positive (60-80%)",
    ),
    _assume(
        "sentiment.reference_positive",
        0.35,
        "share positive",
        0.05,
        1.0,
        "Public sentiment at which the Bass coefficients apply unchanged: developed markets' (30-40% positive), where "
        "the meta-analysis's products diffused; a nation's adoption speed scales with its sentiment over this.",
        SEED_002,
        "In developed countries, the public’s perception of AI is negative (60-70%) while in developing markets, the ratings are positive (60-80%).",
    ),
    # ---- Mechanism switches ---------------------------------------------------------------
    _switch("export_controls", "export controls and their backfire"),
    _switch("smuggling", "leakage (smuggling)"),
    _switch("efficiency", "efficiency and distillation"),
    _switch("adoption", "diffusion and adoption"),
    _switch("race", "investment race"),
    _switch("cooperation", "cooperation, talent and trust"),
    _switch("misuse", "misuse by bad actors"),
    _switch("tension", "tension and crisis"),
    _switch("sentiment", "public sentiment"),
    # ---- Data: nation attributes (seeds/nations.csv; sources in seeds/nations.md) ----------
    _data("nations.population_m", "millions", 0.0, 2000.0, "Population, 2023.", "World Bank WDI SP.POP.TOTL, 2023"),
    _data(
        "nations.gdp_per_capita_usd",
        "current USD",
        100.0,
        200_000.0,
        "GDP per capita, 2023.",
        "World Bank WDI NY.GDP.PCAP.CD, 2023",
    ),
    _data(
        "nations.bri_member",
        "0/1",
        0.0,
        1.0,
        "Signed a Belt and Road memorandum with China.",
        "Green Finance & Development Center, Countries of the Belt and Road Initiative, 2024",
    ),
    _data(
        "nations.us_security_tie",
        "0, 0.5, 1",
        0.0,
        1.0,
        "Security alignment with the US (1 treaty ally or Major Non-NATO Ally, 0.5 other partnership).",
        "US Department of State, Major Non-NATO Ally status and fact sheets, 2024",
    ),
    _data(
        "nations.data_protection_law",
        "0/1",
        0.0,
        1.0,
        "Comprehensive data-protection law in force: the proxy for data-security concern.",
        "UNCTAD, Data Protection and Privacy Legislation Worldwide, 2023",
    ),
    _data(
        "nations.local_language_need",
        "0, 0.5, 1",
        0.0,
        1.0,
        "Need for AI in smaller languages (1: first language outside the web's ten largest).",
        "CIA World Factbook languages, 2024; W3Techs content languages, 2024",
    ),
]

PARAMS: dict[str, Param] = {p.name: p for p in _PARAMS}
assert len(PARAMS) == len(_PARAMS), "duplicate parameter name"

SETTABLE = {name: p for name, p in PARAMS.items() if p.kind != "data"}
DEFAULTS: dict[str, Value] = {name: cast(Value, p.default) for name, p in SETTABLE.items()}


SPENDING_LEVERS = {
    "us": ("us.compute_investment_usd", "us.partner_financing_usd"),
    "cn": ("cn.compute_investment_usd", "cn.self_sufficiency_investment_usd", "cn.digital_silk_road_usd"),
}


def budget_overruns(values: dict[str, Value]) -> list[str]:
    """For each government whose spending levers exceed its budget: which levers, and by how much.

    The levers are spent as set all the same (a lever's setting is what gets spent); the budget
    then leaves nothing for the investment race or the doctrine to add.
    """
    lines = []
    for bloc, names in SPENDING_LEVERS.items():
        total, budget = sum(float(values[n]) for n in names), float(values[f"{bloc}.budget_usd"])
        if total > budget:
            parts = " + ".join(f"{n} {float(values[n]) / 1e9:.1f} bn" for n in names)
            lines.append(
                f"{bloc}: spending levers total USD {total / 1e9:.1f} bn a quarter ({parts}), over "
                f"{bloc}.budget_usd of {budget / 1e9:.1f} bn by {(total - budget) / 1e9:.1f} bn; they are "
                "spent as set, and the investment race and doctrine can add nothing"
            )
    return lines


RENAMED = {  # old name -> new name, so an old scenario file gets a one-line answer
    "mechanisms.efficiency_distillation": "mechanisms.efficiency",
    "mechanisms.investment_race": "mechanisms.race",
    "mechanisms.tension_crisis": "mechanisms.tension",
    "mechanisms.public_sentiment": "mechanisms.sentiment",
    **{
        f"controls.{field}": f"export_controls.{field}"
        for field in (
            "self_sufficiency_initial",
            "cn_domestic_share_initial",
            "learning_rate",
            "cn_capacity_initial_h100e",
            "capacity_cost_usd",
            "unmet_demand_to_capacity",
        )
    },
}


def suggest(name: str, candidates=SETTABLE) -> str:
    """A 'did you mean' hint for a mistyped or renamed parameter name, or an empty string."""
    if name in RENAMED:
        return f" ({name} was renamed to {RENAMED[name]})"
    close = difflib.get_close_matches(name, list(candidates), n=3, cutoff=0.6)
    if not close:
        tail = name.rsplit(".", 1)[-1]
        close = [n for n in candidates if n.rsplit(".", 1)[-1] == tail][:3]
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def check(name: str, value: object) -> Value:
    """``value`` as parameter ``name``'s type, or ``ParameterError`` saying what is allowed: the one
    check of a value set by a scenario, ``--set``, an event or a game round."""
    param = PARAMS.get(name)
    if param is None:
        raise ParameterError(name, value, "a parameter name from `airace params`" + suggest(name))
    if param.kind == "data":
        raise ParameterError(name, value, f"nothing: data parameters are read from {NATIONS_FILE}")
    return param.check(value)


def resolve(overrides: Mapping[str, object] | None = None) -> dict[str, Value]:
    """The full parameter set: defaults with ``overrides`` checked against the registry."""
    values = dict(DEFAULTS)
    for name, value in (overrides or {}).items():
        values[name] = check(name, value)
    return values


def check_mid_run(name: str, value: object) -> Value:
    """``value`` checked for a parameter set during a run (a scenario event, a game round): the
    registry says which parameters may change then (``Param.mid_run``)."""
    checked = check(name, value)
    param = PARAMS[name]
    if param.kind != "lever":
        raise ParameterError(name, value, f"a lever: only levers change during a run, and this is an {param.kind}")
    if not param.mid_run:
        raise ParameterError(name, value, "a lever that can change during a run; this one is fixed when the run starts")
    return checked


# ---- the typed, frozen parameter object ---------------------------------------------------
# Named tuples rather than frozen dataclasses: as typed and as immutable, and a copy with a change
# (a government's policy, each quarter) costs a fifth as much. Their classes are written out in
# sim/registry/groups.py, generated from the registry (``python -m sim.registry.params``), so that
# mypy and editors see every ``p.<group>.<field>``; tests/registry/test_params.py checks the file is current.
GROUPS_MODULE = Path(__file__).with_name("groups.py")


def _group_fields() -> dict[str, list[tuple[str, type]]]:
    fields: dict[str, list[tuple[str, type]]] = {}
    for param in SETTABLE.values():
        fields.setdefault(param.group, []).append((param.field, param.value_type))
    return fields


def _class_name(group: str) -> str:
    return "".join(part.title() for part in group.split("_")) + "Parameters"


def groups_source() -> str:
    """The text of sim/registry/groups.py: one NamedTuple per group, in the registry's order."""
    lines = [
        '"""The parameter groups as classes the type checker sees: generated from the registry in',
        "sim/registry/params.py by ``uv run python -m sim.registry.params``; do not edit by hand.",
        '"""',
        "",
        "from typing import NamedTuple",
    ]
    fields = _group_fields()
    for group, names in fields.items():
        lines += ["", "", f"class {_class_name(group)}(NamedTuple):"]
        lines += [f"    {field}: {kind.__name__}" for field, kind in names]
    lines += ["", "", "class ParameterGroups(NamedTuple):"]
    lines += [f"    {group}: {_class_name(group)}" for group in fields]
    return "\n".join(lines) + "\n"


def _group_classes() -> tuple[dict[str, Any], Any]:
    """The generated classes when they match the registry; otherwise built here, with a warning."""
    fields = _group_fields()
    built = {group: getattr(groups, _class_name(group), None) for group in fields}
    if all(
        cls is not None and list(cls.__annotations__.items()) == names
        for cls, names in zip(built.values(), fields.values(), strict=True)
    ) and list(groups.ParameterGroups._fields) == list(fields):
        return built, groups.ParameterGroups
    warnings.warn(
        f"{GROUPS_MODULE} is out of date with the registry; regenerate it: uv run python -m sim.registry.params",
        stacklevel=2,
    )
    made = {group: NamedTuple(_class_name(group), names) for group, names in fields.items()}
    return made, NamedTuple("ParameterGroups", list(made.items()))


GROUPS, _ParameterGroups = _group_classes()
_LAYOUT = tuple(  # each group's class and the registry names of its fields, in field order
    (group_class, tuple(f"{group}.{field}" for field in group_class._fields)) for group, group_class in GROUPS.items()
)
"""One frozen record type per group (a bloc, ``firms``, a mechanism's name, ``mechanisms`` for the
switches), generated from the registry so that the registry stays the single source. ``group._replace``
gives a changed copy."""


class Parameters(groups.ParameterGroups):
    """Every parameter of one run, validated once, frozen and typed: ``p.smuggling.base_share``,
    ``p.us.export_control_stringency``, ``p.mechanisms.smuggling`` (the switches). Built from the
    registry, so a parameter added to :data:`PARAMS` appears here with its type."""

    __slots__ = ()

    @classmethod
    def resolve(cls, overrides: Mapping[str, object] | None = None) -> Parameters:
        """Defaults with ``overrides`` (registry names) checked: the one validation of a run's values."""
        return cls.from_values(resolve(overrides))

    @classmethod
    def from_values(cls, values: dict[str, Value]) -> Parameters:
        """From a complete, already checked set of values by registry name (``resolve``)."""
        return cls(*(group_class(*map(values.__getitem__, names)) for group_class, names in _LAYOUT))

    def value(self, name: str) -> Value:
        """A value by registry name (``us.enforcement``)."""
        group, field = name.split(".", 1)
        return getattr(getattr(self, group), field)

    def values(self) -> dict[str, Value]:
        """Every value by registry name."""
        return {name: self.value(name) for name in SETTABLE}

    def with_value(self, name: str, value: object) -> Parameters:
        """A copy with one parameter changed, checked against the registry. A new object: a snapshot
        taken earlier stays as it was."""
        checked = check(name, value)
        group, field = name.split(".", 1)
        return self._replace(**{group: getattr(self, group)._replace(**{field: checked})})


if __name__ == "__main__":
    GROUPS_MODULE.write_text(groups_source(), encoding="utf-8")
    print(f"wrote {GROUPS_MODULE}")
