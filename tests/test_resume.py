"""Streaming and resume: a run killed with SIGKILL loses at most the runs in flight, and rerunning
the same command completes it with every run exactly once."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.runner import Job, PartStore, ResumeMismatch, run_batch

ROOT = Path(__file__).resolve().parent.parent
SWEEP = """name: resume_sweep
description: A sweep long enough to be killed part-way.
steps: 40
seed: 11
replications: 10
sweep:
  us.export_control_stringency: {from: 0.0, to: 1.0, num: 5}
  us.enforcement: [0.0, 0.5, 1.0, 0.25]
"""


def airace(*args):
    return [sys.executable, "-m", "sim.cli", *args]


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
    pd.testing.assert_frame_equal(pd.read_parquet(exported), reopened.frame())
    with pytest.raises(ResumeMismatch, match="--fresh"):
        PartStore(tmp_path / ".parts", {"scenario": 2})


@pytest.mark.slow
def test_sweep_killed_with_sigkill_resumes_without_loss_or_duplicates(tmp_path):
    scenario = tmp_path / "sweep.yaml"
    scenario.write_text(SWEEP)
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    process = subprocess.Popen(
        airace("run", str(scenario), "--out", str(killed), "-j", "1", "-q"),
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

    other_seed = subprocess.run(
        airace("run", str(scenario), "--out", str(killed), "--seed", "12", "-q"),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert other_seed.returncode == 2 and "--fresh" in other_seed.stderr

    resumed = subprocess.run(
        airace("run", str(scenario), "--out", str(killed), "-q"), cwd=ROOT, capture_output=True, text=True
    )
    assert resumed.returncode == 0, resumed.stderr
    subprocess.run(airace("run", str(scenario), "--out", str(clean), "-q"), cwd=ROOT, check=True, capture_output=True)
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
