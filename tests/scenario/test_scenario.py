"""Scenario files: format, extends, events, sweeps, overrides and errors."""

import json
import re
from pathlib import Path

import pytest

from sim.model.frames import outcome_frame
from sim.registry.calendar import step_of
from sim.registry.params import SETTABLE
from sim.scenario import LIBRARY, ScenarioError, json_schema, load_scenario, parse_sets, reference_for
from tests.helpers import run


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_extends_merges_params_and_the_child_wins(tmp_path):
    write(
        tmp_path, "parent.yaml", "name: parent\nsteps: 12\nparams:\n  us.enforcement: 0.9\n  us.military_framing: 0.1\n"
    )
    child = write(tmp_path, "child.yaml", "name: child\nextends: parent.yaml\nparams:\n  us.enforcement: 0.2\n")
    scenario = load_scenario(child)
    assert scenario.name == "child" and scenario.steps == 12
    assert scenario.params == {"us.enforcement": 0.2, "us.military_framing": 0.1}


def test_set_overrides_the_file_which_overrides_what_it_extends(tmp_path):
    write(tmp_path, "parent.yaml", "name: parent\nparams:\n  us.enforcement: 0.9\n")
    child = write(tmp_path, "child.yaml", "name: child\nextends: parent.yaml\nparams:\n  us.enforcement: 0.5\n")
    scenario = load_scenario(child).with_overrides(parse_sets(["us.enforcement=0.1"]), replications=3)
    assert scenario.params["us.enforcement"] == 0.1 and scenario.replications == 3


def test_extends_chains_are_followed_and_cycles_are_errors(tmp_path):
    write(tmp_path, "a.yaml", "name: a\nextends: b.yaml\n")
    write(tmp_path, "b.yaml", "name: b\nextends: a.yaml\n")
    with pytest.raises(ScenarioError, match="makes a cycle"):
        load_scenario(tmp_path / "a.yaml")


def test_missing_extends_target_names_the_file(tmp_path):
    path = write(tmp_path, "a.yaml", "name: a\nextends: nowhere.yaml\n")
    with pytest.raises(
        ScenarioError, match=r"a.yaml: key extends \(line 2\): 'nowhere.yaml' is not allowed; no such file"
    ):
        load_scenario(path)


def test_events_add_to_the_parents_events(tmp_path):
    write(tmp_path, "p.yaml", "name: p\nevents:\n  - {at: 2026Q1, crisis: true}\n")
    child = write(
        tmp_path, "c.yaml", "name: c\nextends: p.yaml\nevents:\n  - {at: 2027Q1, set: {us.enforcement: 1.0}}\n"
    )
    assert [e.at for e in load_scenario(child).events] == ["2026Q1", "2027Q1"]


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ("  - {at: 2040Q1, crisis: true}", "after the last quarter"),
        ("  - {at: 2027Q5, crisis: true}", "is not a quarter like 2027Q1"),
        ("  - {at: 2027Q1, set: {compute.depreciation_per_quarter: 0.1}}", "only levers change during a run"),
        ("  - {at: 2027Q1}", "needs `set` levers or `crisis: true`"),
        ("  - {at: 2027Q1, set: {us.enforcment: 0.5}}", "did you mean us.enforcement"),
    ],
)
def test_bad_events_are_explained(tmp_path, events, message):
    path = write(tmp_path, "e.yaml", f"name: e\nsteps: 40\nevents:\n{events}\n")
    with pytest.raises(ScenarioError, match=message):
        load_scenario(path)


def test_an_event_changes_levers_from_its_quarter_on():
    frame = outcome_frame(run(seed=1, events=((step_of("2027Q1"), {"us.export_control_stringency": 0.0}, False),)))
    assert frame["export_control_stringency"].iloc[step_of("2027Q1") - 2] == 0.8
    assert frame["export_control_stringency"].iloc[step_of("2027Q1") - 1 :].eq(0.0).all()


def test_a_forced_crisis_breaks_out_in_its_quarter_and_cuts_supply():
    crisis_step = step_of("2027Q3")
    forced = outcome_frame(run(seed=1, events=((crisis_step, {}, True),)))
    calm = outcome_frame(run(seed=1))
    assert forced["crisis"].iloc[crisis_step - 1] == 1
    assert forced["compute_us"].iloc[crisis_step + 2] < calm["compute_us"].iloc[crisis_step + 2]


def test_grid_sweep_is_the_full_factorial(tmp_path):
    path = write(
        tmp_path,
        "s.yaml",
        "name: s\nsweep:\n  us.enforcement: [0.0, 0.5, 1.0]\n"
        "  us.export_control_stringency: {from: 0, to: 1, num: 5}\n",
    )
    points = load_scenario(path).points()
    assert len(points) == 15
    assert {p["us.export_control_stringency"] for p in points} == {0.0, 0.25, 0.5, 0.75, 1.0}


def test_latin_hypercube_sweep_fills_each_interval_once_per_stratum(tmp_path):
    path = write(
        tmp_path,
        "s.yaml",
        "name: s\nseed: 3\nsweep:\n  latin_hypercube: 20\n  over:\n"
        "    us.enforcement: {from: 0.2, to: 0.6}\n    cn.open_model_subsidy: {from: 0, to: 1}\n",
    )
    points = load_scenario(path).points()
    values = sorted(p["us.enforcement"] for p in points)
    assert len(points) == 20 and values[0] >= 0.2 and values[-1] <= 0.6
    strata = {int((v - 0.2) / 0.4 * 20) for v in values}
    assert len(strata) == 20
    assert load_scenario(path).points() == points


def test_a_hypercube_is_drawn_once_per_scenario(tmp_path, monkeypatch):
    import sim.scenario.schema as schema

    text = "name: s\nsweep:\n  latin_hypercube: 5\n  over:\n    us.enforcement: {from: 0, to: 1}\n"
    draws = []
    sample = schema.latin_hypercube
    monkeypatch.setattr(schema, "latin_hypercube", lambda *args: draws.append(args) or sample(*args))
    scenario = load_scenario(write(tmp_path, "s.yaml", text))  # its constraints are checked on its points
    first = scenario.points()
    first[0]["us.enforcement"] = 2.0  # a caller's changes do not reach the stored points
    assert scenario.points() != first
    scenario.budget_warnings()
    assert len(draws) == 1


@pytest.mark.parametrize(
    ("sweep", "message"),
    [
        ("  us.enforcment: [0.1, 0.2]", "did you mean us.enforcement"),
        ("  us.enforcement: [0.1, 2.0]", "expected a number from 0 to 1"),
        ("  us.enforcement: []", "non-empty list"),
        ("  latin_hypercube: 5\n  over:\n    us.doctrine: {from: 0, to: 1}", "expected one of fixed"),
        ("  latin_hypercube: 5\n  over:\n    firms.frontier_labs_per_bloc: {from: 1, to: 5}", "decimal parameter"),
    ],
)
def test_bad_sweeps_are_explained(tmp_path, sweep, message):
    path = write(tmp_path, "s.yaml", f"name: s\nsweep:\n{sweep}\n")
    with pytest.raises(ScenarioError, match=message):
        load_scenario(path)


def test_yaml_exponent_numbers_are_read_as_numbers(tmp_path):
    path = write(tmp_path, "n.yaml", "name: n\nparams:\n  us.partner_financing_usd: 8.0e9\n")
    assert load_scenario(path).params["us.partner_financing_usd"] == 8e9


def test_quote_must_appear_in_the_seed_it_names(tmp_path):
    path = write(tmp_path, "q.yaml", "name: q\nsource: 000_4b5cad931bd66b1e.txt\nquote: words nobody wrote\n")
    with pytest.raises(ScenarioError, match="does not appear verbatim"):
        load_scenario(path)


@pytest.mark.parametrize("pair", ["us.enforcement", "us.enforcement=2", "us.enforcment=0.5", "=3"])
def test_bad_set_is_explained(pair):
    with pytest.raises(ScenarioError, match=r"--set"):
        parse_sets([pair])


def test_doctrines_key_sets_the_governments_doctrines(tmp_path):
    path = write(tmp_path, "d.yaml", "name: d\ndoctrines: {us: reactive, cn: adaptive}\n")
    assert load_scenario(path).model_params == {"us.doctrine": "reactive", "cn.doctrine": "adaptive"}


def test_json_schema_lists_every_settable_parameter_with_its_range():
    schema = json_schema()
    params = schema["properties"]["params"]["properties"]
    assert set(params) == set(SETTABLE)
    assert params["us.export_control_stringency"]["maximum"] == 1.0
    assert schema["properties"]["params"]["additionalProperties"] is False
    json.dumps(schema)


def test_baseline_needs_no_reference_but_every_other_scenario_has_one():
    assert reference_for(load_scenario(LIBRARY / "baseline.yaml")) is None
    reference = reference_for(load_scenario(LIBRARY / "tight_controls.yaml").with_overrides(replications=3))
    assert reference is not None and reference.name == "baseline" and reference.replications == 3


def test_levers_over_budget_are_named_with_the_amount(tmp_path):
    path = tmp_path / "over.yaml"
    path.write_text(
        "name: over\nparams:\n  us.compute_investment_usd: 2.0e11\n"
        "events:\n  - {at: 2027Q1, set: {cn.digital_silk_road_usd: 4.0e10}}\n"
    )
    warnings = load_scenario(path).budget_warnings()
    assert len(warnings) == 2
    assert "us.compute_investment_usd 200.0 bn" in warnings[0] and "by 50.5 bn" in warnings[0]
    assert warnings[1].startswith("cn:") and warnings[1].endswith("from 2027Q1")


def test_library_scenarios_stay_within_budget():
    from sim.scenario import library

    for path, scenario in library():
        assert scenario.budget_warnings() == [], path.name


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "sweep:\n  us.enforcement: [0.1, 0.9]\nevents:\n  - {at: 2027Q1, set: {us.enforcement: 0.9}}\n",
            "the event at 2027Q1 sets us.enforcement, which the sweep varies",
        ),
        (
            "params: {us.enforcement: 0.5}\nsweep:\n  us.enforcement: [0.1, 0.9]\n",
            "params (or --set) sets us.enforcement to 0.5, which the sweep varies",
        ),
    ],
)
def test_a_swept_lever_set_elsewhere_is_an_error_naming_both(tmp_path, text, message):
    path = write(tmp_path, "s.yaml", f"name: s\n{text}")
    with pytest.raises(ScenarioError, match=re.escape(message)) as caught:
        load_scenario(path)
    assert "{'name'" not in str(caught.value)  # the rule's words, not the whole resolved scenario


def test_set_on_a_swept_lever_is_refused_not_silently_ignored():
    from pydantic import ValidationError

    swept = load_scenario(LIBRARY / "sweep_controls_enforcement.yaml")
    with pytest.raises(ValidationError, match=re.escape("us.enforcement to 0.4, which the sweep varies")):
        swept.with_overrides({"us.enforcement": 0.4})
