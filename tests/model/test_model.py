import math

import mesa
import numpy as np
import pandas as pd
import pytest

from sim.model.frames import nation_frame, outcome_frame
from sim.model.model import AIRaceModel
from sim.registry.outcomes import OUTCOMES
from sim.registry.params import ParameterError
from tests.helpers import run


def test_default_model_runs_forty_quarters_from_2025q1(baseline_model):
    frame = outcome_frame(baseline_model)
    assert len(frame) == 40
    assert frame["quarter"].iloc[0] == "2025Q1"
    assert frame["quarter"].iloc[-1] == "2034Q4"
    assert frame["step"].tolist() == list(range(1, 41))
    assert not baseline_model.running


def test_frame_has_every_registered_outcome_in_order(baseline_model):
    assert list(outcome_frame(baseline_model).columns) == list(OUTCOMES)


def test_same_seed_gives_the_same_numbers():
    a, b = outcome_frame(run(seed=7)), outcome_frame(run(seed=7))
    pd.testing.assert_frame_equal(a, b)


def test_different_seeds_give_different_histories():
    a, b = outcome_frame(run(seed=1)), outcome_frame(run(seed=2))
    assert not a["smuggled_value_usd"].equals(b["smuggled_value_usd"])


def test_no_argument_model_is_the_baseline():
    model = AIRaceModel()
    assert model.n_steps == 40
    assert model.us_gov.policy.export_control_stringency == 0.8


def test_overrides_by_registry_name_reach_the_agents():
    model = AIRaceModel(rng=1, **{"us.export_control_stringency": 0.3, "firms.frontier_labs_per_bloc": 5})
    assert model.p.us.export_control_stringency == model.us_gov.policy.export_control_stringency == 0.3
    assert len(model.labs_us) == len(model.labs_cn) == 5


def test_model_has_every_agent_kind():
    model = AIRaceModel(rng=1)
    kinds = {type(agent).__name__ for agent in model.agents}
    assert kinds == {"USGovernment", "ChinaGovernment", "FrontierLab", "ChipMaker", "CloudProvider", "Nation"}
    assert len(model.agents_by_type[type(model.population.agents.to_list()[0])]) == len(model.nations)


def test_nation_agents_view_the_population_arrays():
    model = AIRaceModel(rng=1)
    nation = model.population.agents.to_list()[5]
    model.population.stack[0, 5] = 1  # replication 0 (the only one), nation 5
    assert nation.stack == "cn"
    assert nation.population_m == model.nations.population_m[5]
    model.population.us_partnership[0, 5] = 0.25
    assert nation.us_partnership == 0.25
    assert sum(nation.stack_chances.values()) == 1.0


def test_lab_agents_view_the_first_replication_of_their_blocs_arrays():
    model = AIRaceModel(rng=[1, 2], **{"firms.frontier_labs_per_bloc": 4, "us.export_control_stringency": 1.0})
    labs = model.labs_cn.agents.to_list()
    assert [lab.bloc for lab in labs] == ["cn"] * 4 and len(model.labs_us) == 4
    model.run_model()
    assert model.labs_cn.compute_h100e[2, 1] != model.labs_cn.compute_h100e[2, 0]  # two worlds
    assert labs[2].compute_h100e == model.labs_cn.compute_h100e[2, 0]
    assert labs[2].capability == model.labs_cn.capability[2, 0]
    assert labs[2].log10_efficiency == labs[2].log10_methods + labs[2].log10_distilled
    assert labs[2].safety_share == float(np.ravel(model.labs_cn.safety_share)[0])


def test_chinese_labs_raise_their_rd_share_under_controls_up_to_the_cap():
    from sim.model.agents.labs import MAX_RD_SHARE

    strong = {"us.export_control_stringency": 1.0, "firms.rd_share_base": 0.5, "firms.rd_response_to_controls": 1.0}
    model = AIRaceModel(rng=1, steps=2, **strong)
    model.run_model()
    assert model.labs_cn.agents.to_list()[0].rd_share == MAX_RD_SHARE
    assert model.labs_us.agents.to_list()[0].rd_share == 0.5  # US labs keep the usual share
    mild = AIRaceModel(rng=1, steps=2, **{"us.export_control_stringency": 0.5})
    mild.run_model()
    assert mild.p.firms.rd_share_base < mild.labs_cn.agents.to_list()[0].rd_share < MAX_RD_SHARE


def test_nation_table_has_a_row_per_nation_and_quarter(baseline_model):
    frame = nation_frame(baseline_model)
    assert len(frame) == 40 * len(baseline_model.nations)
    assert set(frame["chosen_stack"].cat.categories) == {"us", "cn", "open", "hedge", "none"}
    last = frame[frame.step == 40]
    assert math.isclose(float((last["chosen_stack"] == "us").mean()), baseline_model.population.adoption_us_nations[0])


def test_expected_adoption_shares_are_population_weighted_chances(baseline_model):
    chances = baseline_model.population.chances[:, 0].T  # the only replication: nations x stacks
    assert np.allclose(chances.sum(axis=1), 1.0) and (chances >= 0).all()
    weights = baseline_model.nations.population_weight
    assert math.isclose(float(weights @ chances[:, 0]), baseline_model.population.adoption_us[0])


def test_mesa_batch_run_sweeps_the_model():
    results = mesa.batch_run(
        AIRaceModel,
        parameters={"us.export_control_stringency": [0.2, 0.9], "steps": 8},
        rng=[1, 2],
        max_steps=8,
        number_processes=1,
        data_collection_period=1,
        display_progress=False,
    )
    frame = pd.DataFrame(results)
    assert len(frame) == 2 * 2 * 8
    assert set(frame["us.export_control_stringency"]) == {0.2, 0.9}
    assert set(frame["rng"]) == {1, 2}
    final = frame[frame.Step == frame.Step.max()].groupby("us.export_control_stringency")["compute_cn"].mean()
    assert final[0.9] < final[0.2]


def test_switching_a_mechanism_off_leaves_other_random_streams_alone():
    on, off = run(steps=12, seed=3), run(steps=12, seed=3, **{"mechanisms.smuggling": False})
    np.testing.assert_array_equal(on.population.sentiment, off.population.sentiment)
    assert outcome_frame(on)["smuggled_value_usd"].gt(0).all()
    assert outcome_frame(off)["smuggled_value_usd"].eq(0).all()


def test_a_model_stepped_past_its_horizon_draws_on_reproducibly():
    def history(seed):
        model = AIRaceModel(rng=seed, steps=8)
        for _ in range(20):
            model.step()
        return outcome_frame(model)

    first = history(3)
    assert len(first) == 20
    pd.testing.assert_frame_equal(first, history(3))
    pd.testing.assert_frame_equal(first.head(8), outcome_frame(run(steps=8, seed=3)))


def test_scalar_collector_records_what_mesas_datacollector_records():
    """The fast collector is a trick kept because it pays (one attrgetter a quarter, no deep copies):
    it must record exactly what Mesa's own DataCollector records with the same reporters."""
    from operator import attrgetter

    from sim.registry.outcomes import REPORTERS

    fast = AIRaceModel(rng=5, steps=12)
    plain = AIRaceModel(rng=5, steps=12)

    def one(value):  # a run alone is a batch of one: its state values are arrays of one element
        return value.item() if isinstance(value, np.ndarray | np.generic) else value

    plain.datacollector = mesa.DataCollector(
        model_reporters={name: lambda m, read=attrgetter(path): one(read(m)) for name, path in REPORTERS.items()}
    )
    fast.run_model()
    plain.run_model()
    pd.testing.assert_frame_equal(
        fast.datacollector.get_model_vars_dataframe(), plain.datacollector.get_model_vars_dataframe()
    )


def test_set_lever_is_one_door_for_every_kind_of_lever():
    model = AIRaceModel(rng=1, steps=2)
    model.set_lever("us.doctrine", "reactive")
    model.set_lever("cn.budget_usd", 7e10)
    model.set_lever("us.weight_tension", 3.0)
    model.set_lever("us.enforcement", 0.9)
    model.set_lever("firms.safety_coalition", 0.5)
    assert model.us_gov.doctrine == "reactive" and model.cn_gov.setting.budget_usd == 7e10
    assert model.us_gov.weights["tension"] == 3.0 and model.p.firms.safety_coalition == 0.5
    assert model.us_gov.policy.enforcement == model.us_gov.setting.enforcement == model.p.us.enforcement == 0.9


def test_set_lever_refuses_what_cannot_change_during_a_run():
    model = AIRaceModel(rng=1, steps=2)
    for name, value in (("firms.frontier_labs_per_bloc", 5), ("smuggling.base_share", 0.5), ("us.enforcement", 2.0)):
        with pytest.raises(ParameterError, match=name):
            model.set_lever(name, value)
    assert model.p == AIRaceModel(rng=1, steps=2).p


def test_a_lever_changed_mid_run_leaves_earlier_snapshots_as_they_were():
    model = AIRaceModel(rng=1, steps=2)
    before, policy = model.p, model.us_gov.policy
    model.set_lever("us.enforcement", 0.1)
    assert before.us.enforcement == policy.enforcement == 0.3 != model.p.us.enforcement


def test_policy_applies_no_controls_when_the_mechanism_is_off():
    model = run(seed=1, steps=4, **{"mechanisms.export_controls": False, "us.doctrine": "reactive"})
    assert model.us_gov.policy.export_control_stringency == 0.0
    assert model.us_gov.levers["export_control_stringency"] >= 0.8  # the doctrine's choice, not applied


def test_events_take_quarter_labels_as_well_as_steps():
    by_label = AIRaceModel(rng=2, steps=8, events=(("2026Q1", {"us.enforcement": 0.9}, False),))
    by_step = AIRaceModel(rng=2, steps=8, events=((5, {"us.enforcement": 0.9}, False),))
    by_label.run_model()
    by_step.run_model()
    assert outcome_frame(by_label).equals(outcome_frame(by_step))
    assert outcome_frame(by_label)["enforcement"].tolist() == [0.3] * 4 + [0.9] * 4


def test_from_scenario_gives_the_cli_s_numbers_for_a_replication(tmp_path):
    from sim.runner import run_scenario
    from sim.scenario import LIBRARY, load_scenario

    scenario = load_scenario(LIBRARY / "controls_lifted.yaml").with_overrides(replications=3, steps=10)
    runs = run_scenario(scenario, workers=1)
    model = AIRaceModel.from_scenario(scenario, replication=2)
    model.run_model()
    mine = outcome_frame(model).reset_index(drop=True)
    theirs = runs[runs["replication"] == 2][mine.columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, theirs, check_dtype=False)
