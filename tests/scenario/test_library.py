"""Every scenario in the library validates and runs from the CLI with two replications."""

import json
from pathlib import Path

import pandas as pd
import pytest

from sim.analysis.columns import data_column
from sim.registry.labels import DEFAULT_WATCH
from sim.registry.outcomes import OUTCOMES
from sim.registry.params import SEED_FILES
from sim.scenario import LIBRARY, load_scenario

FILES = sorted(LIBRARY.glob("*.yaml"))
REQUIRED = {
    "baseline",
    "tight_controls",
    "controls_lifted",
    "smuggling_crackdown",
    "china_open_models",
    "digital_silk_road",
    "us_partner_programme",
    "cern_for_ai",
    "manhattan_project",
    "safety_coalition",
    "distillation_crackdown",
    "taiwan_crisis",
}


def test_every_bundled_scenario_that_changes_several_levers_has_a_single_lever_companion():
    from sim.registry.params import resolve
    from sim.scenario import COMPANIONS, reference_for

    companions = [load_scenario(p) for p in sorted(COMPANIONS.glob("*.yaml"))]
    for path in FILES:
        scenario = load_scenario(path)
        reference = reference_for(scenario)
        if scenario.sweep is not None or reference is None:
            continue
        base = resolve(reference.model_params)
        changed = {k for k, v in resolve(scenario.model_params).items() if v != base[k]}
        if len(changed) < 2:
            continue
        mine = [c for c in companions if c.name.startswith(scenario.name + "_")]
        assert mine, f"{scenario.name} changes {sorted(changed)} and has no companion"
        for companion in mine:
            own = {k for k, v in resolve(companion.model_params).items() if v != base[k]}
            assert own < changed, f"{companion.name} must change a part of what {scenario.name} changes"
            assert companion.theme == scenario.theme and companion.watch == scenario.watch


def test_every_library_scenario_has_a_theme_and_names_outcomes_to_watch():
    from sim.cli.terminal import THEMES

    for path in FILES:
        scenario = load_scenario(path)
        assert scenario.theme in THEMES, path.name
        assert scenario.watch or scenario.name == "baseline", path.name


def test_library_covers_every_argument_and_at_least_two_sweeps():
    scenarios = [load_scenario(path) for path in FILES]
    assert {s.name for s in scenarios} >= REQUIRED
    assert sum(s.sweep is not None for s in scenarios) >= 2
    assert {s.source for s in scenarios} == set(SEED_FILES)
    for path, scenario in zip(FILES, scenarios, strict=True):
        assert path.stem == scenario.name
        assert scenario.description.endswith("?") or "?" in scenario.description, f"{path.name} asks no question"


@pytest.mark.slow
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_library_scenario_runs_from_the_cli(path: Path, tmp_path, airace):
    out = tmp_path / path.stem
    result = airace.invoke("run", str(path), "--replications", "2", "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    scenario = load_scenario(path)
    frame = pd.read_parquet(out / "timeseries.parquet")
    assert set(OUTCOMES) <= set(frame.columns) and {"replication", "seed"} <= set(frame.columns)
    assert len(frame) == 2 * len(scenario.points()) * scenario.steps
    for name in scenario.swept:  # a lever's column is named by sim.analysis.columns' rule, without dots
        assert data_column(name) in frame.columns
    summary = pd.read_csv(out / "summary.csv")
    assert {"outcome", "median", "p5", "p95", "unit"} <= set(summary.columns)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scenario"]["replications"] == 2
    report = (out / "report.html").read_text()
    assert "not forecasts" in report and "data:image/png;base64," in report
    charts = {p.name for p in (out / "charts").iterdir()}
    if scenario.sweep:
        assert charts == {"sweep.png"}  # SVG copies only with --svg
    else:
        expected = {"headline.png", "adoption.png"}  # SVG copies only with --svg
        expected |= {"nations.png", "slides", "all_outcomes"} | (
            {"nations_baseline.png"} if scenario.name != "baseline" else set()
        )
        assert charts == expected
        assert {p.stem for p in (out / "charts" / "slides").glob("*.png")} == set(scenario.watch or DEFAULT_WATCH)
        assert (out / "handout.html").exists() and (out / "more_charts.html").exists()
    if scenario.name != "baseline":
        assert (out / "baseline_timeseries.parquet").exists()


def test_a_library_scenario_is_named_without_its_folder_and_a_wrong_name_lists_the_library(tmp_path, airace):
    from sim.scenario.library import COMPANIONS, scenario_path

    assert scenario_path("baseline") == LIBRARY / "baseline.yaml"
    companion = sorted(COMPANIONS.glob("*.yaml"))[0]
    assert scenario_path(companion.stem) == companion
    assert scenario_path("scenarios/nope") == Path("scenarios/nope")  # a path is taken as typed
    result = airace.invoke("validate", "baseline", "tight_controls")
    assert result.exit_code == 0 and result.output.count("ok ") == 2
    result = airace.invoke("run", "tight_contrls", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "no such file or library scenario" in result.output
    assert "tight_controls" in result.output and not (tmp_path / "out").exists()


def test_version_prints_the_installed_version(airace):
    from sim import __version__

    result = airace.invoke("--version")
    assert result.exit_code == 0 and result.output.strip() == f"airace {__version__}"
