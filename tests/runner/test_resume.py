"""Streaming and resume: a run killed with SIGKILL loses at most the runs in flight, and rerunning
the same command completes it with every run exactly once."""

import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.runner import Job, PartStore, ResumeMismatch, run_batch
from tests.helpers import ROOT

SWEEP = """name: resume_sweep
description: A sweep long enough to be killed part-way.
steps: 40
seed: 11
replications: 10
sweep:
  us.export_control_stringency: {from: 0.0, to: 1.0, num: 5}
  us.enforcement: [0.0, 0.5, 1.0, 0.25]
"""


def test_part_store_resumes_in_job_order(tmp_path):
    store = PartStore(tmp_path / ".parts", {"scenario": 1})
    jobs = [Job({}, 3, seed, replication=i) for i, seed in enumerate((5, 6, 7))]
    for index in (2, 0):
        store.write(run_batch([(index, jobs[index])]))
    store.write(run_batch([(0, jobs[0])]), kind="baseline")
    reopened = PartStore(tmp_path / ".parts", {"scenario": 1})
    assert reopened.done() == {0, 2} and reopened.done("baseline") == {0}
    assert reopened.frame()["replication"].tolist() == [0, 0, 0, 2, 2, 2]
    exported = tmp_path / "all.parquet"
    assert reopened.export("scenario", exported) == 6
    pd.testing.assert_frame_equal(pd.read_parquet(exported), reopened.frame(run_id=True))
    assert pd.read_parquet(exported)["run_id"].tolist() == [0, 0, 0, 2, 2, 2]  # the job's index
    with pytest.raises(ResumeMismatch, match="--fresh"):
        PartStore(tmp_path / ".parts", {"scenario": 2})


@pytest.mark.slow
def test_sweep_killed_with_sigkill_resumes_without_loss_or_duplicates(tmp_path, airace):
    scenario = tmp_path / "sweep.yaml"
    scenario.write_text(SWEEP)
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    process = subprocess.Popen(
        airace.command("run", str(scenario), "--out", str(killed), "-j", "1", "-q"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while len(list((killed / ".parts").glob("scenario-*.parquet"))) < 2 and time.monotonic() < deadline:
        assert process.poll() is None, "the sweep finished before it could be killed"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not (killed / "timeseries.parquet").exists() and not (killed / "manifest.json").exists()
    finished_before = len(PartStore(killed / ".parts", _fingerprint_of(killed)).done())
    assert 0 < finished_before < 200

    other_seed = airace("run", str(scenario), "--out", str(killed), "--seed", "12", "-q")
    assert other_seed.returncode == 2 and "--fresh" in other_seed.stderr

    resumed = airace("run", str(scenario), "--out", str(killed), "-q")
    assert resumed.returncode == 0, resumed.stderr
    assert airace("run", str(scenario), "--out", str(clean), "-q").returncode == 0
    after_kill = pd.read_parquet(killed / "timeseries.parquet")
    uninterrupted = pd.read_parquet(clean / "timeseries.parquet")
    assert not after_kill.duplicated(["point", "replication", "step"]).any()
    assert len(after_kill) == 20 * 10 * 40
    pd.testing.assert_frame_equal(after_kill, uninterrupted)
    assert not (killed / ".parts").exists()


def _fingerprint_of(folder: Path) -> dict:
    import json

    return json.loads((folder / ".parts" / "run.json").read_text())


def test_fresh_discards_unfinished_runs(tmp_path):
    store = PartStore(tmp_path / ".parts", {"scenario": 1})
    store.write(run_batch([(0, Job({}, 2, 5))]))
    assert PartStore(tmp_path / ".parts", {"scenario": 2}, fresh=True).done() == set()


# ---- resume trusts only what it can prove --------------------------------------------------------

TINY = ("scenarios/baseline.yaml", "-n", "4", "--steps", "4", "-j", "1")  # the baseline: no reference runs


def tiny_store(folder: Path, seed: int | None = None) -> tuple[PartStore, list[Job]]:
    """The parts folder the CLI would make for TINY (with ``--seed seed``), and its jobs."""
    from sim.runner import fingerprint_of, scenario_jobs
    from sim.runner.provenance import package_versions
    from sim.scenario import choose_reference, load_scenario

    scenario = load_scenario(ROOT / TINY[0]).with_overrides(replications=4, steps=4, seed=seed)
    reference = choose_reference(scenario, ROOT / TINY[0]).record()
    fingerprint = fingerprint_of(
        scenario.model_dump(mode="json", by_alias=True), package_versions()["airace"], reference
    )
    return PartStore(folder / ".parts", fingerprint), scenario_jobs(scenario)


def damage(part: Path, how: str) -> None:
    data = part.read_bytes()
    if how == "truncated":
        part.write_bytes(data[: len(data) // 2])
    elif how == "flipped":
        middle = len(data) // 2
        part.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    else:  # a name the store does not give its parts
        part.rename(part.with_name("scenario-7.parquet"))


@pytest.mark.parametrize("how", ["truncated", "flipped", "renamed"])
def test_a_damaged_part_is_set_aside_and_its_runs_count_as_not_done(tmp_path, how):
    store = PartStore(tmp_path / ".parts", {"run": 1})
    for index in (0, 1):
        store.write(run_batch([(index, Job({}, 3, 5 + index))]))
    damaged = store.parts()[1]
    damage(damaged, how)
    reopened = PartStore(tmp_path / ".parts", {"run": 1})
    assert reopened.done() == {0}
    [(path, reason)] = reopened.set_aside
    assert path.parent == tmp_path / ".parts" and (tmp_path / ".parts-set-aside" / path.name).exists()
    assert reason


def test_parts_without_run_json_resume_when_each_proves_it_belongs_to_the_run(tmp_path):
    store = PartStore(tmp_path / ".parts", {"run": 1})
    store.write(run_batch([(0, Job({}, 3, 5))]))
    (tmp_path / ".parts" / "run.json").unlink()
    assert PartStore(tmp_path / ".parts", {"run": 1}).done() == {0}
    (tmp_path / ".parts" / "run.json").unlink()
    with pytest.raises(ResumeMismatch, match=r"different run .* --fresh"):
        PartStore(tmp_path / ".parts", {"run": 2})


def test_a_changed_description_does_not_stop_a_resume():
    from sim.runner import fingerprint_of

    words = {"name": "a", "description": "short", "source": None, "quote": None, "seed": 3}
    assert fingerprint_of(words, "1") == fingerprint_of({**words, "description": "x" * 5000}, "1")
    assert fingerprint_of(words, "1") != fingerprint_of({**words, "seed": 4}, "1")


def test_parts_of_another_run_without_run_json_exit_2_with_the_ways_out(tmp_path, airace):
    out = tmp_path / "out"
    store, jobs = tiny_store(out, seed=7)
    store.write(run_batch([(0, jobs[0])]))
    (out / ".parts" / "run.json").unlink()
    result = airace("run", *TINY, "--out", str(out))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "rerun the command that started them" in result.stderr and "--fresh" in result.stderr
    assert len(list((out / ".parts").glob("scenario-*.parquet"))) == 1


@pytest.mark.slow
def test_resume_reruns_a_damaged_part_and_counts_only_the_new_runs(tmp_path, airace):
    from sim.runner.store import columns_frame

    out = tmp_path / "out"
    store, jobs = tiny_store(out)
    batches = [run_batch([(i, jobs[i])]) for i in range(3)]
    for columns in batches:
        store.write(columns)
    damage(store.parts()[1], "flipped")
    result = airace("run", *TINY, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "set aside" in result.stderr and "scenario-000000000001-" in result.stderr
    assert "2 runs of 4 quarters" in result.stdout and "(2 already done)" in result.stdout
    whole = columns_frame([*batches, run_batch([(3, jobs[3])])])
    exported = pd.read_parquet(out / "timeseries.parquet")
    assert exported.pop("run_id").tolist() == [run for run in range(4) for _ in range(4)]
    pd.testing.assert_frame_equal(exported, whole, check_dtype=False)
