"""The dashboard's logic without a browser: setups, their URLs and YAML, sliders, charts, the command.

The browser tests (``tests/web/dashboard/test_dashboard_browser.py``) drive the same code through Chromium.
"""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest

from sim.analysis.aggregate import bands_of
from sim.registry.params import PARAMS
from sim.scenario import load_scenario
from sim.scenario.library import LIBRARY as ROOT_SCENARIOS
from sim.web.dashboard import state
from sim.web.dashboard.state import LEVERS, Setup, picker_entries, runs_of, setup_from_query, slider_for
from sim.web.dashboard.svg import band_chart, nice_ticks


@pytest.fixture(scope="module")
def entries():
    return picker_entries(replications=3)


def small(scenario, steps: int = 8):
    return scenario.with_overrides(steps=steps)


def test_the_picker_offers_every_single_library_scenario_baseline_first(entries):
    names = list(entries)
    assert names[0] == "baseline"
    assert {"tight_controls", "cern_for_ai", "taiwan_crisis"} <= set(names)
    assert all(entry.scenario.sweep is None for entry in entries.values())
    assert all(entry.scenario.replications == 3 for entry in entries.values())


def test_every_lever_sits_in_exactly_one_actor_group():
    grouped = [name for parts in state.lever_groups().values() for names in parts.values() for name in names]
    assert sorted(grouped) == sorted(LEVERS)
    assert set(state.lever_groups()) == {"us", "cn", "firms"}


def test_a_shared_query_gives_the_same_setup_back(entries):
    setup = Setup.of(
        entries["cern_for_ai"].scenario,
        {"us.enforcement": 0.9, "us.doctrine": "adaptive", "smuggling.base_share": 0.4, "mechanisms.misuse": False},
    )
    again, problems = setup_from_query(setup.query(), entries)
    assert problems == []
    assert again.scenario.name == "cern_for_ai"
    assert dict(again.changes) == dict(setup.changes)
    assert "us.enforcement=0.9" in setup.query()


def test_a_query_with_bad_values_is_refused_in_the_registrys_words(entries):
    setup, problems = setup_from_query("?scenario=tight_controls&us.enforcement=7&us.enforcment=0.5", entries)
    assert setup.scenario.name == "tight_controls"
    assert dict(setup.changes) == {}
    assert any("us.enforcement: 7.0 is not allowed; expected a number from 0 to 1" in p for p in problems)
    assert any("did you mean us.enforcement" in p for p in problems)


def test_an_unknown_scenario_in_a_query_falls_back_to_the_baseline(entries):
    setup, problems = setup_from_query("?scenario=nowhere", entries)
    assert setup.scenario.name == "baseline"
    assert problems and "nowhere" in problems[0]


def test_a_value_equal_to_the_scenarios_is_no_change(entries):
    scenario = entries["tight_controls"].scenario
    setup = Setup.of(scenario, {"us.export_control_stringency": 1.0, "us.enforcement": 0.6})
    assert dict(setup.changes) == {}
    assert setup.run is scenario


def test_a_doctrine_set_in_the_dashboard_wins_over_the_scenarios(entries):
    setup = Setup.of(entries["cern_for_ai"].scenario, {"us.doctrine": "fixed"})
    assert setup.run.model_params["us.doctrine"] == "fixed"
    assert setup.run.doctrines.cn == "reciprocal"


def test_the_exported_yaml_runs_exactly_what_the_dashboard_ran(entries, tmp_path):
    scenario = small(entries["cern_for_ai"].scenario)
    setup = Setup.of(scenario, {"us.enforcement": 0.85, "us.doctrine": "reactive", "tension.crisis_hazard": 0.05})
    path = tmp_path / f"{setup.run.name}.yaml"
    path.write_text(setup.yaml(), encoding="utf-8")
    loaded = load_scenario(path)
    assert "extends" not in path.read_text()
    assert loaded.model_params == setup.run.model_params
    assert (loaded.seed, loaded.replications, loaded.steps) == (scenario.seed, 3, 8)
    pd.testing.assert_frame_equal(runs_of(loaded).frame, runs_of(setup.run).frame)


def test_a_slider_keeps_the_scenarios_own_value_when_it_sits_off_the_grid():
    slider = slider_for("us.compute_investment_usd")
    assert (slider.factor, slider.post) == (1e9, " bn")
    assert slider.raw(95.3, 95.3e9 + 1234.0) == 95.3e9 + 1234.0
    assert slider.raw(120.0, 95e9) == 120e9
    assert slider_for("cn.domestic_chip_mandate").shown(0.2) == 20.0
    assert slider_for("firms.frontier_labs_per_bloc").raw(5, 3) == 5


@pytest.mark.parametrize("name", [n for n in LEVERS if not PARAMS[n].choices])
def test_every_numeric_lever_has_a_slider_covering_its_whole_range_in_whole_steps(name):
    slider = slider_for(name)
    steps = (slider.high - slider.low) / slider.step
    assert 5 <= steps <= 1000
    assert steps == pytest.approx(round(steps))
    assert slider.raw(slider.high, PARAMS[name].default) == PARAMS[name].max


def test_a_chart_draws_the_baseline_band_and_the_run_with_their_numbers(entries):
    setup = Setup.of(small(entries["baseline"].scenario), {"us.export_control_stringency": 1.0})
    run = runs_of(setup.run)
    reference = runs_of(state.reference_of(setup.run))
    svg = band_chart("compute_cn", bands_of(run.frame, ["compute_cn"]), bands_of(reference.frame, ["compute_cn"]))
    values = dict(re.findall(r'data-part="([a-z-]+)" data-values="([^"]*)"', svg))
    assert set(values) == {"reference-band", "reference-line", "run-band", "run-line"}
    medians = run.frame.groupby("step")["compute_cn"].median() / 1e6  # shown in millions of chips
    assert [float(v) for v in values["run-line"].split()] == pytest.approx(medians.tolist(), rel=1e-5)
    assert values["run-line"] != values["reference-line"]


def test_tick_values_cover_the_data_in_round_steps():
    ticks = nice_ticks(0.13, 0.87)
    assert ticks[0] <= 0.13 and ticks[-1] >= 0.87
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert steps == {0.2}
    assert len(nice_ticks(5.0, 5.0)) >= 2


def test_the_dashboard_command_binds_to_this_computer_by_default(monkeypatch, airace):
    called = {}
    monkeypatch.setattr("sim.web.dashboard.serve", lambda *args: called.setdefault("args", args))
    result = airace.invoke("dashboard", "tight_controls", "--port", "8123")
    assert result.exit_code == 0, result.output
    scenario, host, port, replications = called["args"]
    assert (scenario.name, host, port, replications) == ("tight_controls.yaml", "127.0.0.1", 8123, None)
    assert "this computer only" in result.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["nowhere"], "no such file or library scenario"),
        (["--replications", "0"], "--replications: 0 is not allowed"),
        (["--port", "70000"], "--port: 70000 is not allowed"),
        (["scenarios/sweep_controls_enforcement.yaml"], "run sweeps with `airace run`"),
    ],
)
def test_the_dashboard_command_refuses_bad_input_in_plain_words(args, words, airace):
    result = airace.invoke("dashboard", *args)
    assert result.exit_code == 2
    assert words in " ".join(result.output.split())


def test_the_readme_shows_the_dashboard_command_and_a_screenshot():
    from sim.registry.paths import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "uv run airace dashboard" in readme
    assert "(docs/images/dashboard.png)" in readme and (ROOT / "docs" / "images" / "dashboard.png").is_file()
    assert "bench/dashboard_latency.py" in readme


def test_the_model_and_the_runner_never_import_the_dashboard():
    import subprocess
    import sys

    code = (
        "import sys, sim.model.model, sim.runner, sim.scenario; "
        "print(sorted(m for m in sys.modules if m.startswith(('shiny', 'sim.web.dashboard', 'htmltools'))))"
    )
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert printed.strip() == "[]"


def test_the_app_builds_and_names_every_assumption_group_in_words():
    from sim.web.dashboard.app import create_app
    from sim.web.dashboard.explore import GROUP_WORDS

    assert create_app(replications=2) is not None
    assert set(state.assumption_groups()) <= set(GROUP_WORDS)


def test_a_scenario_file_of_ones_own_joins_the_picker_first(entries, tmp_path):
    setup = Setup.of(entries["tight_controls"].scenario, {"us.enforcement": 0.95})
    path = tmp_path / "mine.yaml"
    path.write_text(setup.yaml(), encoding="utf-8")
    mine = picker_entries(path, replications=3)
    first = next(iter(mine.values()))
    assert (first.name, first.group) == ("tight_controls_dashboard", "Your scenario file")
    assert first.scenario.params["us.enforcement"] == 0.95
    library_file = picker_entries(ROOT_SCENARIOS / "tight_controls.yaml", replications=3)
    assert next(iter(library_file)) == "baseline"  # a library file is not listed twice
