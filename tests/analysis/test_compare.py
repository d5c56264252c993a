"""airace compare and airace tradeoff on real runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.analysis.tradeoff import pareto_front


@pytest.fixture(scope="module")
def baseline_run(tmp_path_factory, airace) -> Path:
    folder = tmp_path_factory.mktemp("runs") / "baseline"
    done = airace("run", "scenarios/baseline.yaml", "-n", "5", "--steps", "12", "--out", folder, "-q", "-j", "1")
    assert done.returncode == 0, done.stderr
    return folder


def test_compare_finds_a_known_difference_and_writes_its_charts(baseline_run, tmp_path, airace):
    folder = tmp_path / "c"
    done = airace("compare", baseline_run, "scenarios/tight_controls.yaml", "--out", folder, "-j", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(str(folder))
    table = pd.read_csv(folder / "effects.csv").set_index(["run", "outcome", "statistic"])
    assert table.loc[("tight_controls", "compute_cn", "decade"), "verdict"] == "lower"
    assert table.loc[("tight_controls", "cn_domestic_chip_share", "end"), "verdict"] == "higher"
    assert (table["n"] == 5).all()
    for chart in ("runs.png", "differences.png"):
        assert (folder / chart).stat().st_size > 20_000


def test_compare_refuses_runs_on_other_seeds_unless_unpaired(baseline_run, tmp_path, airace):
    other = tmp_path / "other"
    done = airace("run", "scenarios/baseline.yaml", "-n", "5", "--steps", "12", "--seed", "7", "--out", other, "-q")
    assert done.returncode == 0, done.stderr
    refused = airace("compare", baseline_run, other, "--out", tmp_path / "c")
    assert refused.returncode == 2 and "differ in seeds" in refused.stderr and "--unpaired" in refused.stderr
    assert "Traceback" not in refused.stderr
    unpaired = airace("compare", baseline_run, other, "--unpaired", "--out", tmp_path / "u", "-q")
    assert unpaired.returncode == 0, unpaired.stderr
    table = pd.read_csv(tmp_path / "u" / "effects.csv")
    assert set(table["statistic"]) == {"end", "decade", "peak"} and table["verdict"].notna().all()


def test_compare_explains_what_it_cannot_compare(tmp_path, airace):
    done = airace("compare", "scenarios/baseline.yaml", tmp_path / "nothing-here")
    assert done.returncode == 2
    assert "neither a results folder nor a scenario file" in done.stderr


@pytest.fixture(scope="module")
def sweep_run(tmp_path_factory, airace) -> Path:
    folder = tmp_path_factory.mktemp("runs") / "sweep"
    done = airace(
        "run", "scenarios/sweep_controls_enforcement.yaml", "-n", "2", "--steps", "8", "--out", folder, "-q", "-j", "1"
    )
    assert done.returncode == 0, done.stderr
    return folder


def test_tradeoff_draws_the_front_and_shows_levers_on_hover(sweep_run, tmp_path, airace):
    folder = tmp_path / "t"
    done = airace(
        "tradeoff", sweep_run, "--x", "compute_cn", "--y", "tension",
        "--minimize", "compute_cn", "--minimize", "tension", "--out", folder,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    points = pd.read_csv(folder / "tradeoff.csv")
    assert len(points) == 30 and points["on_front"].any()
    front = points[points["on_front"]]
    for _, row in front.iterrows():  # nothing beats a front point on both
        assert not ((points["compute_cn"] < row["compute_cn"]) & (points["tension"] < row["tension"])).any()
    page = (folder / "tradeoff.html").read_text(encoding="utf-8")
    assert page.count("<title>") == 1 + len(points)
    assert "us.export_control_stringency=1, us.enforcement=0.5" in page
    assert "<script" not in page and "src=" not in page and 'href="http' not in page  # nothing fetched
    assert (folder / "tradeoff.png").stat().st_size > 20_000


def test_tradeoff_asks_which_way_is_better(sweep_run, tmp_path, airace):
    done = airace("tradeoff", sweep_run, "--x", "compute_cn", "--y", "tension", "--minimize", "tension")
    assert done.returncode == 2
    assert "say which way compute_cn is better: --maximize compute_cn or --minimize compute_cn" in done.stderr


def test_tradeoff_needs_a_sweep(baseline_run, airace):
    done = airace(
        "tradeoff",
        baseline_run,
        "--x",
        "compute_cn",
        "--y",
        "tension",
        "--minimize",
        "compute_cn",
        "--minimize",
        "tension",
    )
    assert done.returncode == 2 and "not a sweep" in done.stderr


@given(
    st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=1, max_size=30), st.booleans(), st.booleans()
)
def test_the_front_is_exactly_the_points_nothing_beats(pairs, more_x, more_y):
    points = pd.DataFrame(pairs, columns=["a", "b"])
    front = pareto_front(points, "a", "b", more_x, more_y)
    a = points["a"].to_numpy() * (1 if more_x else -1)
    b = points["b"].to_numpy() * (1 if more_y else -1)
    for i in range(len(points)):
        beaten = np.any((a >= a[i]) & (b >= b[i]) & ((a > a[i]) | (b > b[i])))
        assert front[i] == (not beaten)
    assert front.any()


def _other_model(folder: Path, tmp_path: Path) -> Path:
    """A copy of ``folder`` whose manifest says another model made it."""
    import json
    import shutil

    copy = tmp_path / "other-model"
    shutil.copytree(folder, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["model_fingerprint"] = "sha256:0123456789abcdef"
    (copy / "manifest.json").write_text(json.dumps(manifest))
    return copy


def test_compare_refuses_runs_of_two_models_naming_both_unless_allowed(baseline_run, tmp_path, airace):
    import json

    ours = json.loads((baseline_run / "manifest.json").read_text())["model_fingerprint"]
    assert ours.startswith("sha256:") and len(ours) == len("sha256:") + 16
    other = _other_model(baseline_run, tmp_path)
    refused = airace("compare", baseline_run, other, "--out", tmp_path / "c")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert ours in refused.stderr and "sha256:0123456789abcdef" in refused.stderr
    assert "--allow-different-models" in refused.stderr and not (tmp_path / "c").exists()
    allowed = airace("compare", baseline_run, other, "--allow-different-models", "--out", tmp_path / "a", "-q")
    assert allowed.returncode == 0, allowed.stderr
    assert "different model" in allowed.stderr
    table = pd.read_csv(tmp_path / "a" / "effects.csv")
    assert table["model_warning"].str.contains("sha256:0123456789abcdef").all()
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["warnings"] and "sha256:0123456789abcdef" in manifest["warnings"][0]


def test_compare_writes_a_manifest_and_never_overwrites_another_commands_folder(baseline_run, tmp_path, airace):
    import json

    target = tmp_path / "c"
    command = ("compare", baseline_run, baseline_run, "--outcomes", "compute_cn", "--out", target, "-q")
    assert airace(*command).returncode == 0
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["command"] == "compare" and manifest["git_revision"] and manifest["model_fingerprint"]
    assert manifest["inputs"][0]["model_fingerprint"] == manifest["model_fingerprint"]
    assert "effects.csv" in manifest["files"] and "runs.png" in manifest["files"]
    again = airace(*command)  # the same command: written again
    assert again.returncode == 0, again.stderr
    other = airace("compare", baseline_run, baseline_run, "--outcomes", "tension", "--out", target)
    assert other.returncode == 2 and "already holds the results of" in other.stderr
    stranger = tmp_path / "mine"
    stranger.mkdir()
    (stranger / "notes.txt").write_text("keep me")
    refused = airace("compare", baseline_run, baseline_run, "--out", stranger)
    assert refused.returncode == 2 and "is not empty (notes.txt)" in refused.stderr
    assert (stranger / "notes.txt").read_text() == "keep me"
