"""Every scenario in the library validates and runs from the CLI with two replications."""

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from sim.cli import app
from sim.outcomes import OUTCOMES
from sim.params import SEED_FILES
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
def test_library_scenario_runs_from_the_cli(path: Path, tmp_path):
    out = tmp_path / path.stem
    result = CliRunner().invoke(app, ["run", str(path), "--replications", "2", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    scenario = load_scenario(path)
    frame = pd.read_parquet(out / "timeseries.parquet")
    assert set(OUTCOMES) <= set(frame.columns) and {"replication", "seed"} <= set(frame.columns)
    assert len(frame) == 2 * len(scenario.points()) * scenario.steps
    for name in scenario.swept:
        assert name in frame.columns
    summary = pd.read_csv(out / "summary.csv")
    assert {"outcome", "median", "p5", "p95", "unit"} <= set(summary.columns)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scenario"]["replications"] == 2
    report = (out / "report.html").read_text()
    assert "not forecasts" in report and "data:image/png;base64," in report
    charts = {p.name for p in (out / "charts").iterdir()}
    expected = {"sweep"} if scenario.sweep else {"headline", "adoption", "all_outcomes"}
    assert charts == {f"{c}.{ext}" for c in expected for ext in ("png", "svg")}
    if scenario.name != "baseline":
        assert (out / "baseline_timeseries.parquet").exists()
