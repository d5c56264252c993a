"""Doctrines: the same levers under different doctrines give different histories."""

from sim.model.frames import outcome_frame
from sim.model.model import AIRaceModel
from tests.helpers import mean_outcome, run


def final(model, column):
    return model.datacollector.model_vars[column][-1]


def test_fixed_doctrine_keeps_the_levers_as_set():
    frame = outcome_frame(run(seed=1))
    assert frame["export_control_stringency"].eq(0.8).all()
    assert frame["stance_us"].eq(0.2).all()


def test_reactive_us_tightens_controls_as_china_gains():
    loose = {"us.export_control_stringency": 0.1, "us.enforcement": 0.1, "cn.compute_investment_usd": 1e11}
    reactive = {**loose, "us.doctrine": "reactive"}
    assert mean_outcome("export_control_stringency", 40, **reactive) > 0.15
    assert mean_outcome("enforcement", 40, **reactive) > 0.15
    assert mean_outcome("compute_cn", 40, **reactive) < mean_outcome("compute_cn", 40, **loose)


def test_reactive_china_invests_more_in_self_sufficiency_under_tight_controls():
    tight = {"us.export_control_stringency": 1.0}
    reactive = run(seed=1, **tight, **{"cn.doctrine": "reactive"})
    fixed = run(seed=1, **tight)
    assert final(reactive, "investment_cn_usd") > final(fixed, "investment_cn_usd")
    assert final(reactive, "cn_chip_capacity_h100e") > final(fixed, "cn_chip_capacity_h100e")


def test_reciprocal_us_matches_chinas_stance_and_cooperation_grows():
    reciprocal = outcome_frame(run(seed=1, **{"us.doctrine": "reciprocal", "cn.governance_stance": 0.8}))
    assert abs(reciprocal["stance_us"].iloc[-1] - 0.8) < 0.01
    fixed = outcome_frame(run(seed=1, **{"cn.governance_stance": 0.8}))
    assert reciprocal["cooperation"].iloc[-1] > fixed["cooperation"].iloc[-1] + 0.1


def test_both_reciprocal_converge_on_a_shared_stance():
    frame = outcome_frame(run(seed=1, **{"us.doctrine": "reciprocal", "cn.doctrine": "reciprocal"}))
    assert abs(frame["stance_us"].iloc[-1] - frame["stance_cn"].iloc[-1]) < 0.01


def test_adaptive_governments_search_their_levers_reproducibly():
    params = {"us.doctrine": "adaptive", "cn.doctrine": "adaptive"}
    a, b = run(seed=4, **params), run(seed=4, **params)
    assert a.us_gov.levers == b.us_gov.levers
    changed = [k for k in a.us_gov.beliefs if a.us_gov.levers[k] != getattr(a.us_gov.setting, k)]
    assert changed, "an adaptive government never moved a lever"
    assert outcome_frame(a).equals(outcome_frame(b))


def test_same_levers_under_different_doctrines_give_different_histories():
    histories = [
        outcome_frame(run(seed=2, **{"us.doctrine": d, "cn.doctrine": d}))["tension"].round(6).tolist()
        for d in ("fixed", "reactive", "reciprocal", "adaptive")
    ]
    assert len({tuple(h) for h in histories}) == 4


def test_reactive_china_reacts_to_controls_as_applied_not_the_raw_lever():
    """With the export-controls mechanism off there are no controls to react to (issue 9's bug)."""
    off = {"mechanisms.export_controls": False, "us.export_control_stringency": 1.0}
    reactive = run(seed=1, steps=8, **off, **{"cn.doctrine": "reactive"})
    assert (
        reactive.cn_gov.levers["self_sufficiency_investment_usd"]
        == reactive.cn_gov.setting.self_sufficiency_investment_usd
    )


def test_governments_read_last_quarters_controls():
    """China's reactive doctrine sees a US change of controls a quarter later, as ODD section 3 says."""
    model = AIRaceModel(
        rng=1, steps=3, events=((2, {"us.export_control_stringency": 0.0}, False),), **{"cn.doctrine": "reactive"}
    )
    model.step()
    first = model.cn_gov.levers["self_sufficiency_investment_usd"]
    model.step()  # controls lifted this quarter: China still reacts to last quarter's 0.8
    assert model.cn_gov.levers["self_sufficiency_investment_usd"] == first
    model.step()
    assert (
        model.cn_gov.levers["self_sufficiency_investment_usd"] == model.cn_gov.setting.self_sufficiency_investment_usd
    )
