"""Directional tests: each mechanism moves its outcome the way the articles say, and the effect
vanishes when the mechanism is switched off (so each test fails without its mechanism)."""

import pytest

from sim.model.mechanisms import safety
from sim.registry.params import Parameters
from tests.helpers import mean_outcome, run


def effect(column, step, low, high, mechanism, on=True, **common):
    """Outcome under ``high`` levers minus under ``low`` levers, mechanism on or off."""
    switch = {f"mechanisms.{mechanism}": on}
    return mean_outcome(column, step, **common, **switch, **high) - mean_outcome(
        column, step, **common, **switch, **low
    )


LOOSE = {"us.export_control_stringency": 0.2}
TIGHT = {"us.export_control_stringency": 1.0}
FIRMS = Parameters.resolve().firms._replace(
    safety_share_base=0.2, safety_coalition=0.0, racing_enmity_sensitivity=0.8, racing_teams_sensitivity=0.1
)


@pytest.mark.parametrize("on", [True, False])
def test_tighter_controls_lower_chinese_compute_two_years_on(on):
    change = effect("compute_cn", 8, LOOSE, TIGHT, "export_controls", on)
    assert change < -0.1 * mean_outcome("compute_cn", 8) if on else change == 0


@pytest.mark.parametrize("on", [True, False])
def test_tighter_controls_raise_chinese_self_sufficiency(on):
    change = effect("cn_self_sufficiency", 20, LOOSE, TIGHT, "export_controls", on)
    assert change > 0.005 if on else change == 0  # slow: learning is relative to imports (ODD 7.2)


def test_self_sufficiency_erodes_the_bite_of_controls():
    """The more China builds its own chip industry, the less of its compute tight controls still cost
    it by 2034: domestic capacity, not price, is what blocked demand runs into (ODD 7.2)."""

    def bite(investment_usd: float) -> float:
        building = {"cn.self_sufficiency_investment_usd": investment_usd}
        return 1 - mean_outcome("compute_cn", 40, **TIGHT, **building) / mean_outcome(
            "compute_cn", 40, **LOOSE, **building
        )

    assert bite(0.0) > bite(5e10) > 0


@pytest.mark.parametrize("on", [True, False])
def test_domestic_chips_are_limited_by_capacity(on):
    """Blocked demand does not buy domestic chips without limit: what capacity cannot fill is unmet."""
    model = run(steps=4, seed=0, **TIGHT, **{"mechanisms.smuggling": on})
    assert model.market.cn_domestic_h100e > 0
    made = model.chip_cn.cumulative_h100e - model.chip_cn.made_before_h100e
    assert made <= sum(model.datacollector.model_vars["cn_chip_capacity_h100e"]) + 1e-6


@pytest.mark.parametrize("on", [True, False])
def test_enforcement_lowers_smuggled_value(on):
    change = effect("smuggled_value_usd", 4, {"us.enforcement": 0.0}, {"us.enforcement": 1.0}, "smuggling", on)
    assert change < -0.3e9 if on else change == 0


@pytest.mark.parametrize("on", [True, False])
def test_distillation_narrows_the_capability_gap(on):
    change = effect(
        "capability_gap",
        16,
        {"cn.distillation_tolerance": 0.0},
        {"cn.distillation_tolerance": 1.0},
        "efficiency",
        on,
        **TIGHT,
    )
    assert change < -0.01 if on else change == 0


def test_chinese_labs_trail_by_months_with_a_fraction_of_the_compute(baseline_model):
    data = baseline_model.datacollector.model_vars
    assert data["compute_cn"][0] < 0.25 * data["compute_us"][0]
    assert 0.2 < data["capability_gap"][0] < 1.0  # Epoch AI: about 7 months behind (4-14)


@pytest.mark.parametrize("on", [True, False])
def test_digital_silk_road_raises_chinese_adoption(on):
    change = effect(
        "adoption_cn_nations", 32, {"cn.digital_silk_road_usd": 0.0}, {"cn.digital_silk_road_usd": 2e10}, "adoption", on
    )
    assert change > 0.05 if on else change == 0


@pytest.mark.parametrize("on", [True, False])
def test_partner_financing_raises_us_adoption(on):
    change = effect(
        "adoption_us_nations", 32, {"us.partner_financing_usd": 0.0}, {"us.partner_financing_usd": 1e10}, "adoption", on
    )
    assert change > 0.05 if on else change == 0


def test_promotion_alone_does_less_than_financing():
    base = {"us.export_promotion": 0.0, "us.partner_financing_usd": 0.0}
    promoted = mean_outcome("adoption_us_nations", 32, **{**base, "us.export_promotion": 1.0})
    financed = mean_outcome("adoption_us_nations", 32, **{**base, "us.partner_financing_usd": 1e10})
    assert financed - mean_outcome("adoption_us_nations", 32, **base) > 2 * (
        promoted - mean_outcome("adoption_us_nations", 32, **base)
    )


@pytest.mark.parametrize("on", [True, False])
def test_rival_gains_raise_us_investment(on):
    # China investing far more, with controls lifted, gains on the US, and the US answers with more investment.
    change = effect(
        "investment_us_usd",
        16,
        {},
        {"us.export_control_stringency": 0.0, "cn.compute_investment_usd": 1e11},
        "race",
        on,
    )
    assert change > 1e9 if on else change == 0


@pytest.mark.parametrize("on", [True, False])
def test_racing_harder_never_lowers_tension_or_the_crisis_chance(on):
    """Richardson: more compute investment by either side is more armament, never less tension."""
    for bloc in ("us", "cn"):
        name = f"{bloc}.compute_investment_usd"
        for outcome in ("tension", "crisis_chance"):
            levels = [mean_outcome(outcome, 20, **{name: x, "mechanisms.tension": on}) for x in (0.0, 5e10, 2e11)]
            assert levels == sorted(levels) if on else len(set(levels)) == 1


@pytest.mark.parametrize("on", [True, False])
def test_governance_stances_build_cooperation(on):
    open_stances = {"us.safety_governance_stance": 1.0, "cn.governance_stance": 1.0}
    change = effect("cooperation", 12, {"us.safety_governance_stance": 0.0}, open_stances, "cooperation", on)
    assert change > 0.2 if on else change == 0


def test_cooperation_lowers_tension():
    open_stances = {"us.safety_governance_stance": 1.0, "cn.governance_stance": 1.0}
    assert effect("tension", 20, {"us.safety_governance_stance": 0.0}, open_stances, "cooperation") < -0.05


@pytest.mark.parametrize("on", [True, False])
def test_joint_misuse_detection_lowers_misuse_risk(on):
    change = effect(
        "misuse_risk", 20, {"us.joint_misuse_detection": 0.0}, {"us.joint_misuse_detection": 1.0}, "misuse", on
    )
    assert change < -0.01 if on else change == 0


def test_open_capable_models_raise_misuse_risk():
    assert effect("misuse_risk", 20, {"cn.open_model_subsidy": 0.0}, {"cn.open_model_subsidy": 1.0}, "misuse") > 0


@pytest.mark.parametrize("on", [True, False])
def test_confrontation_raises_tension(on):
    calm = {"us.military_framing": 0.0, "cn.military_framing": 0.0}
    hostile = {"us.military_framing": 1.0, "cn.military_framing": 1.0}
    change = effect("tension", 12, calm, hostile, "tension", on)
    assert change > 0.1 if on else change == 0


def test_high_tension_brings_crises_that_cut_chip_supply():
    hostile = {
        "us.military_framing": 1.0,
        "cn.military_framing": 1.0,
        "tension.initial": 0.9,
        "tension.crisis_hazard": 1.0,
    }
    model = run(steps=12, seed=1, **hostile)
    assert max(model.datacollector.model_vars["crisis"]) == 1
    assert mean_outcome("compute_us", 12, **hostile) < mean_outcome("compute_us", 12)


@pytest.mark.parametrize("on", [True, False])
def test_positive_sentiment_speeds_adoption(on):
    change = effect(
        "adoption_none_nations",
        20,
        {"sentiment.developing_positive": 0.4},
        {"sentiment.developing_positive": 0.9},
        "sentiment",
        on,
        seeds=range(16),
    )
    assert change < -0.02 if on else change == 0


def test_safety_coalition_raises_safety_share():
    assert effect("safety_share", 8, {"firms.safety_coalition": 0.0}, {"firms.safety_coalition": 1.0}, "misuse") > 0.02


def test_racing_to_the_precipice_more_enmity_less_safety():
    shares = [safety.safety_share(t, 6, FIRMS) for t in (0.0, 0.3, 0.6, 0.9)]
    assert shares == sorted(shares, reverse=True) and shares[0] > shares[-1]


def test_racing_to_the_precipice_more_teams_less_safety():
    shares = [safety.safety_share(0.5, n, FIRMS) for n in (1, 2, 4, 8, 16)]
    assert shares == sorted(shares, reverse=True) and shares[0] > shares[-1]


def test_racing_to_the_precipice_holds_in_the_model():
    few = mean_outcome("safety_share", 8, **{"firms.frontier_labs_per_bloc": 1})
    many = mean_outcome("safety_share", 8, **{"firms.frontier_labs_per_bloc": 8})
    hostile = mean_outcome(
        "safety_share", 8, **{"us.military_framing": 1.0, "cn.military_framing": 1.0, "tension.initial": 0.9}
    )
    assert many < few
    assert hostile < mean_outcome("safety_share", 8)


def test_full_enforcement_lowers_chinese_compute_in_every_quarter():
    """Seed 000's enforcement has teeth: with the same seeds, China's compute is lower every quarter."""
    import numpy as np

    def compute(**params):
        return np.mean([run(seed=s, **params).datacollector.model_vars["compute_cn"] for s in range(16)], axis=0)

    assert (compute(**{"us.enforcement": 1.0}) < compute()).all()


def test_blocking_distillation_costs_china_not_the_us():
    """What Chinese labs learn by distilling does not spill back to US labs (no ratchet)."""
    crackdown = {"us.distillation_countermeasures": 1.0, "cn.distillation_tolerance": 0.0}
    us_change = mean_outcome("capability_us", 24, **crackdown) - mean_outcome("capability_us", 24)
    cn_change = mean_outcome("capability_cn", 24, **crackdown) - mean_outcome("capability_cn", 24)
    assert cn_change < -0.1 and abs(us_change) < 0.25 * abs(cn_change)
