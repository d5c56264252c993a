"""The CLI end to end, on the real scenario files, in a subprocess as a user runs it."""

import json

import pandas as pd
import pytest

from sim.registry.outcomes import OUTCOMES
from sim.registry.params import PARAMS
from tests.helpers import ROOT

NARROW = {"COLUMNS": "80"}  # a small terminal window


@pytest.fixture(scope="module")
def baseline_run(tmp_path_factory, airace):
    out = tmp_path_factory.mktemp("runs") / "baseline"
    result = airace("run", "scenarios/baseline.yaml", "--replications", "3", "--svg", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, result


def test_run_writes_tidy_data_manifest_and_charts(baseline_run):
    out, result = baseline_run
    for name in ("timeseries.parquet", "timeseries.csv", "manifest.json", "charts/headline.png", "charts/headline.svg"):
        assert (out / name).stat().st_size > 0, name
    assert result.stdout.strip().splitlines()[-1] == f"Results in {out}"


def test_timeseries_has_a_row_per_replication_and_quarter(baseline_run):
    out, _ = baseline_run
    frame = pd.read_parquet(out / "timeseries.parquet")
    assert len(frame) == 3 * 40
    assert list(frame.columns) == ["run_id", "replication", "seed", *OUTCOMES]
    assert frame.groupby("replication")["quarter"].first().eq("2025Q1").all()
    csv = pd.read_csv(out / "timeseries.csv")
    pd.testing.assert_frame_equal(csv, frame, check_dtype=False)


def test_manifest_records_what_was_run(baseline_run):
    out, _ = baseline_run
    manifest = json.loads((out / "manifest.json").read_text())
    frame = pd.read_parquet(out / "timeseries.parquet")
    assert manifest["scenario"]["name"] == "baseline"
    assert manifest["scenario"]["replications"] == 3
    assert manifest["seeds"] == sorted(set(frame["seed"]), key=list(frame["seed"]).index)
    assert manifest["parameters"]["us.export_control_stringency"] == 0.8
    assert {"python", "mesa", "numpy", "pandas"} <= set(manifest["versions"])
    assert manifest["git_revision"]


@pytest.mark.slow
def test_seed_option_changes_the_numbers_and_same_seed_repeats_them(tmp_path, airace):
    runs = {}
    for label, seed in (("a", "5"), ("b", "5"), ("c", "6")):
        result = airace(
            "run", "scenarios/baseline.yaml", "-n", "2", "--seed", seed, "--out", str(tmp_path / label), "-q"
        )
        assert result.returncode == 0, result.stderr
        runs[label] = pd.read_parquet(tmp_path / label / "timeseries.parquet")
    pd.testing.assert_frame_equal(runs["a"], runs["b"])
    assert not runs["a"]["smuggled_value_usd"].equals(runs["c"]["smuggled_value_usd"])


@pytest.mark.slow
def test_workers_do_not_change_the_numbers(tmp_path, airace):
    frames = []
    for workers in ("1", "2"):
        result = airace(
            "run", "scenarios/baseline.yaml", "-n", "4", "--workers", workers, "--out", str(tmp_path / workers), "-q"
        )
        assert result.returncode == 0, result.stderr
        frames.append(pd.read_parquet(tmp_path / workers / "timeseries.parquet"))
    pd.testing.assert_frame_equal(*frames)


def test_params_csv_has_the_documented_columns(airace):
    result = airace("params", "--format", "csv")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "name,kind,default,unit,min,max,meaning,source,quote"
    frame = pd.read_csv(__import__("io").StringIO(result.stdout))
    assert set(frame["name"]) == set(PARAMS)
    assert set(frame["kind"]) == {"lever", "assumption", "data"}


def test_outcomes_csv_lists_every_outcome(airace):
    result = airace("outcomes", "--format", "csv")
    assert result.returncode == 0
    frame = pd.read_csv(__import__("io").StringIO(result.stdout))
    assert list(frame.columns) == ["name", "unit", "meaning"]
    assert list(frame["name"]) == list(OUTCOMES)


def test_params_markdown_is_a_table(airace):
    result = airace("params", "--format", "md", "--kind", "lever")
    assert result.returncode == 0
    assert result.stdout.startswith("| name | kind |")
    rows = [line.split(" | ") for line in result.stdout.splitlines()[2:]]
    assert "us.export_control_stringency" in result.stdout
    assert {row[1] for row in rows} == {"lever"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "name: bad\nparams:\n  us.export_control_stringency: 1.7\n",
            "key params.us.export_control_stringency (line 3): 1.7 is not allowed; expected a number from 0 to 1",
        ),
        ("name: bad\nparams:\n  us.export_controls_stringency: 0.5\n", "did you mean us.export_control_stringency"),
        ("name: bad\nreplicatons: 3\n", "did you mean replications"),
        ("name: bad\nsteps: many\n", "key steps (line 2): 'many' is not allowed"),
        ("name: [unclosed\n", "not valid YAML at line"),
        ("", "expected a mapping"),
    ],
)
def test_bad_scenario_exits_2_with_a_clear_message_and_writes_nothing(tmp_path, content, message, airace):
    scenario = tmp_path / "bad.yaml"
    scenario.write_text(content)
    out = tmp_path / "out"
    result = airace("run", str(scenario), "--out", str(out))
    assert result.returncode == 2
    assert str(scenario) in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [scenario]


def test_missing_scenario_file_exits_2(tmp_path, airace):
    result = airace("run", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "cannot read the scenario file" in result.stderr


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"bad.yaml": "name: bad\nextends: missing.yaml\n"}, "no such file"),
        (
            {"bad.yaml": "name: bad\nextends: other.yaml\n", "other.yaml": "name: other\nextends: bad.yaml\n"},
            "makes a cycle",
        ),
        ({"bad.yaml": "name: bad\nsweep:\n  us.not_a_lever: [1, 2]\n"}, "key sweep.us.not_a_lever (line 3)"),
    ],
)
def test_bad_extends_and_sweeps_exit_2_and_write_nothing(tmp_path, files, message, airace):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    out = tmp_path / "out"
    result = airace("run", str(tmp_path / "bad.yaml"), "--out", str(out))
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_bad_set_exits_2_and_writes_nothing(tmp_path, airace):
    out = tmp_path / "out"
    result = airace("run", "scenarios/baseline.yaml", "--set", "us.enforcement=7", "--out", str(out))
    assert result.returncode == 2
    assert "--set 'us.enforcement=7'" in result.stderr and "from 0 to 1" in result.stderr
    assert not out.exists()


def test_set_wins_over_the_file_and_what_it_extends_in_the_manifest(tmp_path, airace):
    (tmp_path / "child.yaml").write_text(
        f"name: child\nextends: {ROOT / 'scenarios' / 'tight_controls.yaml'}\n"
        "steps: 4\nparams:\n  us.enforcement: 0.5\n"
    )
    out = tmp_path / "out"
    result = airace(
        "run", str(tmp_path / "child.yaml"), "-n", "2", "--set", "us.enforcement=0.1", "--out", str(out), "-q"
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scenario"]["params"]["us.enforcement"] == 0.1  # --set
    assert manifest["scenario"]["params"]["us.export_control_stringency"] == 1.0  # from tight_controls
    assert manifest["parameters"]["us.enforcement"] == 0.1
    assert pd.read_parquet(out / "timeseries.parquet")["enforcement"].eq(0.1).all()


def test_validate_checks_files_without_running_them(tmp_path, airace):
    (tmp_path / "bad.yaml").write_text("name: bad\nsteps: -1\n")
    good = airace("validate", "scenarios/baseline.yaml", "scenarios/tight_controls.yaml")
    assert good.returncode == 0 and good.stdout.count("ok ") == 2
    bad = airace("validate", "scenarios/baseline.yaml", str(tmp_path / "bad.yaml"))
    assert bad.returncode == 2 and "key steps (line 2)" in bad.stderr


def test_schema_is_json_schema_for_scenario_files(airace):
    result = airace("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "AI race simulator scenario"
    assert "us.export_control_stringency" in schema["properties"]["params"]["properties"]


def test_list_shows_the_library_with_its_questions(airace):
    result = airace("list")
    assert result.returncode == 0
    for name in ("baseline.yaml", "tight_controls.yaml", "taiwan_crisis.yaml"):
        assert name in result.stdout


def test_list_groups_scenarios_by_theme_with_whole_questions_at_80_columns(airace):
    from sim.cli.terminal import THEMES

    result = airace("list", env=NARROW)
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    positions = [lines.index(theme) for theme in THEMES]
    assert positions == sorted(positions)
    assert "?." not in result.stdout
    assert "companions/cern_for_ai_cooperation_only.yaml" in result.stdout
    flowing = " ".join(line.strip() for line in lines)
    assert "Does cooperation alone calm the race?" in flowing


def test_params_at_80_columns_keep_every_name_and_word_whole(airace):
    result = airace("params", env=NARROW)
    assert result.returncode == 0
    assert max(len(line.rstrip()) for line in result.stdout.splitlines()) <= 80
    for name in PARAMS:
        assert f"\n{name}  (" in result.stdout, name
    assert "defaul t" not in result.stdout


def test_run_help_shows_the_defaults_of_its_options(airace):
    flowing = " ".join(airace("run", "--help", env=NARROW).stdout.replace("│", " ").split())
    assert "[default: results/<scenario>/<UTC time>/]" in flowing
    assert "[default: all cores when the job is large enough to gain from them]" in flowing


def test_explain_says_which_change_moved_each_watched_outcome(airace):
    result = airace("explain", "scenarios/tight_controls.yaml", "-n", "5", env=NARROW)
    assert result.returncode == 0, result.stderr
    flowing = " ".join(result.stdout.split())
    assert (
        "China's AI compute (lower in the whole scenario): mostly US export controls on chips to China at 1" in flowing
    )
    assert "US enforcement against chip smuggling at 0.6" in flowing and "the whole scenario" in flowing


def test_explain_needs_a_scenario_that_differs_from_the_baseline(airace):
    result = airace("explain", "scenarios/baseline.yaml", "-n", "2")
    assert result.returncode == 2 and "differs from the baseline" in result.stderr


@pytest.mark.parametrize("command", ["run", "validate", "params", "outcomes", "schema", "list", "responses", "explain"])
def test_every_command_has_help_with_an_example(command, airace):
    result = airace(command, "--help")
    assert result.returncode == 0 and "Example" in result.stdout


def tiny_contract(monkeypatch, direction):
    """Replace the policy-response contract by one subject: full enforcement against the default."""
    import sim.analysis.responses as responses
    from sim.analysis.effects import Setup

    subject = responses.Subject(
        name="us.enforcement at 1",
        kind="lever",
        covers="us.enforcement",
        change=Setup({"us.enforcement": 1.0}),
        expects=(responses.Expect("smuggled_value_usd", direction, "decade", "assumption", reason="test"),),
    )
    monkeypatch.setattr(responses, "contract", lambda: (subject,))


def test_responses_prints_each_row_and_a_tally(monkeypatch, airace):
    from sim.analysis.responses import DOWN

    tiny_contract(monkeypatch, DOWN)
    result = airace.invoke("responses", "--replications", "3", "--only", "enforcement", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "| us.enforcement at 1 | smuggled_value_usd | down | decade mean |" in result.stdout
    assert "| ok | assumption |" in result.stdout
    assert "1 of 1 rows hold with their sizes at 3 replications" in result.stdout


def test_responses_exits_1_when_a_row_fails(monkeypatch, airace):
    from sim.analysis.responses import UP

    tiny_contract(monkeypatch, UP)
    result = airace.invoke("responses", "--replications", "3", "--only", "enforcement")
    assert result.exit_code == 1, result.output
    assert "FAIL" in result.stdout
    assert "0 of 1 rows hold with their sizes at 3 replications" in result.stdout


def test_responses_with_no_matching_subject_exits_2(monkeypatch, airace):
    from sim.analysis.responses import DOWN

    tiny_contract(monkeypatch, DOWN)
    result = airace.invoke("responses", "--only", "no such subject")
    assert result.exit_code == 2
    assert "no such subject" in result.output


def test_validate_warns_of_levers_over_budget_and_still_passes(tmp_path, airace):
    path = tmp_path / "over.yaml"
    path.write_text("name: over\nparams:\n  cn.self_sufficiency_investment_usd: 1.0e11\n")
    result = airace("validate", str(path))
    assert result.returncode == 0, result.stderr
    assert "cn.self_sufficiency_investment_usd 100.0 bn" in result.stderr and "over cn.budget_usd" in result.stderr


def test_responses_checks_the_contract_under_a_changed_assumption(monkeypatch, airace):
    """With no grey market at all, enforcement has nothing left to cut: the row fails."""
    from sim.analysis.responses import DOWN

    tiny_contract(monkeypatch, DOWN)
    result = airace.invoke("responses", "-n", "3", "--set", "smuggling.base_share=0", "--format", "md")
    assert result.exit_code == 1, result.output
    assert "FAIL" in result.stdout and "0 of 1 rows hold" in result.stdout
    bad = airace.invoke("responses", "-n", "3", "--set", "smuggling.base_share=7")
    assert bad.exit_code == 2 and "smuggling.base_share" in bad.output


@pytest.mark.parametrize("address", ["10.0.0.5:8786", "tcp://host:port", "http://host:8786"])
def test_a_malformed_scheduler_address_exits_2_before_anything_runs(tmp_path, address, airace):
    out = tmp_path / "out"
    result = airace("run", "scenarios/baseline.yaml", "--backend", "dask", "--scheduler", address, "--out", str(out))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"--scheduler: {address!r} is not allowed" in result.stderr and "tcp://" in result.stderr
    assert not out.exists()


@pytest.mark.slow
def test_an_unreachable_scheduler_exits_1_within_the_connect_timeout(tmp_path, airace):
    import socket
    import time

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = tmp_path / "out"
    started = time.monotonic()
    result = airace(
        "run", "scenarios/baseline.yaml", "-n", "2", "--backend", "dask", "--scheduler", f"tcp://127.0.0.1:{port}",
        "--out", str(out),
    )  # fmt: skip
    assert time.monotonic() - started < 25
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot reach a Dask scheduler within 10 s" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_debug_adds_the_traceback_to_the_message(tmp_path, airace):
    quiet = airace("run", "scenarios/baseline.yaml", "--out", "")
    loud = airace("run", "scenarios/baseline.yaml", "--out", "", "--debug")
    assert quiet.returncode == loud.returncode == 2
    assert "Traceback" not in quiet.stderr and "Traceback" in loud.stderr
    assert "--out: '' is not allowed" in loud.stderr


@pytest.mark.parametrize(
    ("options", "charts_elsewhere"),
    [((), True), (("--backend", "serial"), False), (("--workers", "1"), False)],
)
def test_a_single_scenario_draws_in_a_second_process_only_on_the_local_backend_with_cores_to_spare(
    airace, tmp_path, monkeypatch, options, charts_elsewhere
):
    """``--backend serial`` (one process: where multiprocessing cannot work) and ``--workers 1``
    start no fork server; the local backend on more than one core starts one with the charts."""
    import sim.runner

    started = []
    monkeypatch.setattr(sim.runner, "start_local_pool_early", lambda imports: started.append(imports))
    monkeypatch.setattr(sim.runner, "default_workers", lambda: 2)
    result = airace.invoke(
        "run", ROOT / "scenarios" / "baseline.yaml", "-n", "2", "--out", tmp_path / "r", "-q", *options
    )
    assert result.exit_code == 0, result.output
    assert bool(started) == charts_elsewhere
    assert not started or "sim.report.charts" in started[0]
