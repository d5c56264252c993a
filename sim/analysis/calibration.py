"""Calibration targets from the articles and public figures, and what the default model gives.

``uv run python -m sim.analysis.calibration`` rewrites the generated tables of ``docs/calibration.md``; the
tests check the targets and that the page says what the model gives, with the same seeds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim.registry.outcomes import OUTCOMES, quarter_label
from sim.registry.params import DEFAULTS
from sim.registry.paths import DOCS_DIR
from sim.runner.replicate import Config, run_replications

SEEDS = 60
CALIBRATION_MD = DOCS_DIR / "calibration.md"


@dataclass(frozen=True)
class Target:
    name: str
    source: str
    target: str
    low: float
    high: float
    unit: str
    input: bool = False  # the figure set a parameter directly: a check of the arithmetic, not of the model


TARGETS = [
    Target(
        "smuggled_q1",
        "seed 000: \"roughly $1 billion worth of Nvidia's banned advanced B200 chips had been "
        'smuggled into China in the three months since the export controls went into effect"',
        "about USD 1 bn in 2025Q1",
        0.85e9,
        1.15e9,
        "USD bn",
    ),
    Target(
        "lag_months_2025",
        "Epoch AI Capabilities Index: Chinese frontier models about 7 months behind the US on average since "
        "2023 (range 4-14)",
        "7 months (4-14), mean over 2025 of capability_lag_months",
        4.0,
        14.0,
        "months",
    ),
    Target(
        "compute_ratio_2025q1",
        "Pilz et al. 2025: US about 75%, China about 15% of AI supercomputer performance",
        "China about a fifth of US compute",
        0.15,
        0.25,
        "ratio",
        input=True,
    ),
    Target(
        "us_investment_2025",
        "Capital spending of Amazon, Microsoft, Alphabet and Meta in 2025 (company filings: about USD 405 bn; "
        "Stargate's USD 500 bn over four years is part of it)",
        "about USD 380-420 bn over 2025",
        340e9,
        440e9,
        "USD bn",
        input=True,
    ),
    Target(
        "us_compute_growth_2025",
        "Pilz et al. 2025: leading AI supercomputers grew about 2.5x a year",
        "about 2.5x over 2025",
        2.0,
        3.0,
        "x",
    ),
    Target(
        "cn_output_growth_2026",
        "Bloomberg, September 2025: Huawei plans about 600,000 Ascend 910C in 2026, double 2025, and 1.6 million "
        "Ascend dies in all",
        "China's domestic AI chip output in 2026 about 1.6-2 times 2025's",
        1.4,
        2.2,
        "x",
    ),
    Target(
        "crisis_risk_2034",
        "Base rate: four Taiwan Strait crises since 1954 (1954-55, 1958, 1995-96, 2022), none cutting chip supply; "
        "forecasters (Samotsvety 2024: 5-24% that China controls half of Taiwan by 2030; Good Judgment 2024: 2% "
        "a blockade within the year)",
        "a supply-cutting Taiwan / TSMC crisis by 2034 in about a tenth to a third of decades",
        0.1,
        0.3,
        "share of runs",
    ),
    Target(
        "us_reach_share_2025",
        "Similarweb web-traffic data, 2025: ChatGPT alone carries about 80% of chatbot use outside China; "
        "DeepSeek a few percent",
        "US models' share of the US and Chinese reach in developing nations at the end of 2025: well over half",
        0.6,
        0.9,
        "share",
    ),
]

# Facts of the baseline that the docs state without a public figure to match: checked all the same.
FACTS = {
    "tension_2025": ("Tension in 2025Q1", "index 0-1"),
    "tension_2034": ("Tension in 2034Q4", "index 0-1"),
    "adopted_2030": ("Population share on some stack in 2030Q4", "share"),
    "adopted_2034": ("Population share on some stack in 2034Q4", "share"),
    "self_sufficiency_2030": ("China's self-sufficiency in 2030Q4", "share"),
    "domestic_share_2034": ("China's domestic chip share of its compute in 2034Q4", "share"),
    "lag_months_2034": ("Chinese lag in 2034Q4 (capability_lag_months)", "months"),
    "smuggled_2034": ("Smuggled value in 2034Q4", "USD bn"),
}


def baseline_series(seeds: int = SEEDS, steps: int = 40) -> dict[str, np.ndarray]:
    """Every numeric outcome of ``seeds`` baseline runs: arrays of shape (seeds, quarters)."""
    runs = run_replications(Config({}, steps), range(seeds))
    return {name: runs.outcomes([name])[:, :, 0] for name in OUTCOMES if name != "quarter"}


def year(series: np.ndarray, first_step: int) -> np.ndarray:
    """Each run's sum over the four quarters from ``first_step`` (1 is 2025Q1)."""
    return series[:, first_step - 1 : first_step + 3].sum(axis=1)


def measure(seeds: int = SEEDS) -> dict[str, float]:
    """Mean of each calibration quantity and fact over ``seeds`` baseline runs of 40 quarters."""
    d = baseline_series(seeds)
    initial_us = float(DEFAULTS["compute.initial_total_h100e"]) * float(DEFAULTS["compute.initial_us_share"])
    q2030, q2034 = 24, 40
    reach_us, reach_cn = d["reach_us"][:, 3], d["reach_cn"][:, 3]
    values = {
        "smuggled_q1": d["smuggled_value_usd"][:, 0],
        "lag_months_2025": d["capability_lag_months"][:, :4].mean(axis=1),
        "compute_ratio_2025q1": d["compute_cn"][:, 0] / d["compute_us"][:, 0],
        "us_investment_2025": year(d["investment_us_usd"], 1),
        "us_compute_growth_2025": d["compute_us"][:, 3] / initial_us,
        "cn_output_growth_2026": year(d["cn_chips_made_h100e"], 5) / year(d["cn_chips_made_h100e"], 1),
        "crisis_risk_2034": d["crisis_risk"][:, q2034 - 1],
        "us_reach_share_2025": reach_us / (reach_us + reach_cn),
        "tension_2025": d["tension"][:, 0],
        "tension_2034": d["tension"][:, q2034 - 1],
        "adopted_2030": 1.0 - d["adoption_none"][:, q2030 - 1],
        "adopted_2034": 1.0 - d["adoption_none"][:, q2034 - 1],
        "self_sufficiency_2030": d["cn_self_sufficiency"][:, q2030 - 1],
        "domestic_share_2034": d["cn_domestic_chip_share"][:, q2034 - 1],
        "lag_months_2034": d["capability_lag_months"][:, q2034 - 1],
        "smuggled_2034": d["smuggled_value_usd"][:, q2034 - 1],
    }
    return {name: float(np.mean(v)) for name, v in values.items()}


def _shown(value: float, unit: str) -> str:
    return f"{value / 1e9:.2f} bn" if unit == "USD bn" else f"{value:.1f}" if unit == "months" else f"{value:.3f}"


def tables(measured: dict[str, float], seeds: int = SEEDS) -> dict[str, str]:
    """The two generated tables of docs/calibration.md: targets, and facts of the baseline."""
    lines = [f"| target | source | wanted | model (mean of {seeds} seeds) | met |", "|---|---|---|---|---|"]
    for t in TARGETS:
        value = measured[t.name]
        met = "yes" if t.low <= value <= t.high else "no"
        met += " (an input: set from this figure)" if t.input else ""
        lines.append(f"| {t.name} | {t.source} | {t.target} | {_shown(value, t.unit)} | {met} |")
    facts = [f"| fact | unit | model (mean of {seeds} seeds) |", "|---|---|---|"]
    facts += [f"| {label} | {unit} | {_shown(measured[name], unit)} |" for name, (label, unit) in FACTS.items()]
    return {"targets": "\n".join(lines) + "\n", "facts": "\n".join(facts) + "\n"}


def _between_markers(table: str) -> Callable[[re.Match[str]], str]:
    return lambda match: match.group(1) + table + match.group(2)


def fill(text: str, generated: dict[str, str]) -> str:
    for region, table in generated.items():
        pattern = re.compile(rf"(<!-- calibration-{region}:start -->\n).*?(<!-- calibration-{region}:end -->)", re.S)
        text = pattern.sub(_between_markers(table), text)
    return text


if __name__ == "__main__":
    page = CALIBRATION_MD.read_text(encoding="utf-8")
    CALIBRATION_MD.write_text(fill(page, tables(measure())), encoding="utf-8")
    print(f"updated {CALIBRATION_MD} ({quarter_label(1)} to {quarter_label(40)}, {SEEDS} seeds)")
