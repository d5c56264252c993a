"""The results folder: one writer at a time, one run's results, any file system, and a one-line
error (exit 2 for bad input, 1 for the machine) for every way writing it can fail. Real processes
and real folders; the file-system cases mount a small tmpfs, which needs root (skipped otherwise)."""

import contextlib
import json
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from sim.runner import FolderInUse, Job, PartStore, RunRefused, fingerprint_of, results_folder, run_batch
from sim.runner.folder import AlreadyFinished
from sim.runner.lock import LOCK_NAME, FolderLock
from tests.helpers import ROOT

TINY = ("scenarios/baseline.yaml", "-n", "2", "--steps", "4", "-j", "1")  # the baseline: no reference runs


def one_line_error(result, code: int, *fragments: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@contextlib.contextmanager
def tmpfs(path: Path, size: str, *options: str):
    """A small tmpfs at ``path`` for the test; skip where the machine cannot mount one."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *options]), "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


@pytest.fixture(scope="module")
def finished(tmp_path_factory, airace):
    """One tiny run with -q, into a tmpfs mount point where the machine allows it."""
    base = tmp_path_factory.mktemp("finished")
    with contextlib.ExitStack() as stack:
        try:
            out = stack.enter_context(tmpfs(base / "mount", "50m"))
        except pytest.skip.Exception:
            out = base / "plain"
        result = airace("run", *TINY, "--out", str(out), "-q")
        yield out, result


def test_q_prints_exactly_the_results_folder_and_a_newline(finished):
    out, result = finished
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{out}\n"


def test_results_can_go_to_a_mount_point(finished):
    out, result = finished
    if not os.path.ismount(out):
        pytest.skip("mounting a small tmpfs needs root")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "charts",
        "effects.csv",
        "effects.parquet",
        "final.parquet",
        "handout.html",
        "manifest.json",
        "more_charts.html",
        "nations.csv",
        "report.html",
        "summary.csv",
        "timeseries.csv",
        "timeseries.parquet",
    ]


def test_rerunning_a_finished_run_does_nothing_and_prints_its_folder(finished, airace):
    out, _ = finished
    before = (out / "timeseries.parquet").stat().st_mtime_ns
    again = airace("run", *TINY, "--out", str(out), "-q")
    assert again.returncode == 0 and again.stdout == f"{out}\n"
    assert "already holds the finished results of this run" in again.stderr
    assert (out / "timeseries.parquet").stat().st_mtime_ns == before


def test_a_folder_with_another_runs_results_is_refused(finished, airace):
    out, _ = finished
    before = sorted(out.rglob("*"))
    one_line_error(
        airace("run", *TINY, "--seed", "9", "--out", str(out)), 2, str(out), "results of another run", "another --out"
    )
    assert sorted(out.rglob("*")) == before


def test_a_folder_holding_other_files_is_refused_and_left_alone(tmp_path, airace):
    (tmp_path / "summary.csv").write_text("mine\n")
    one_line_error(airace("run", *TINY, "--out", str(tmp_path)), 2, "is not empty and holds no airace run")
    assert [p.name for p in tmp_path.iterdir()] == ["summary.csv"]


def test_an_empty_out_is_refused_and_the_current_folder_left_alone(tmp_path, airace):
    (tmp_path / "summary.csv").write_text("mine\n")
    one_line_error(airace("run", str(ROOT / TINY[0]), *TINY[1:], "--out", "", cwd=tmp_path), 2, "--out: ''")
    assert [p.name for p in tmp_path.iterdir()] == ["summary.csv"]


def test_an_out_that_is_a_file_is_refused(tmp_path, airace):
    target = tmp_path / "results.txt"
    target.write_text("keep")
    one_line_error(airace("run", *TINY, "--out", str(target)), 2, str(target), "is a file, not a folder")
    assert target.read_text() == "keep"


def test_a_name_too_long_for_the_file_system_is_refused(tmp_path, airace):
    one_line_error(airace("run", *TINY, "--out", str(tmp_path / ("x" * 300))), 2, "name is too long")
    assert list(tmp_path.iterdir()) == []


def test_a_second_run_into_a_folder_in_use_is_refused_naming_the_owner(tmp_path, airace):
    out = tmp_path / "out"
    out.mkdir()
    with FolderLock(out):
        one_line_error(
            airace("run", *TINY, "--out", str(out)), 2, f"{out} is in use by another airace run (pid {os.getpid()})"
        )
    assert list(out.iterdir()) == []  # the lock file goes with the lock


def test_the_lock_is_one_holder_at_a_time_and_released_on_exit(tmp_path):
    with FolderLock(tmp_path):
        assert (tmp_path / LOCK_NAME).read_text() == f"{os.getpid()}\n"
        with pytest.raises(FolderInUse, match=f"pid {os.getpid()}"), FolderLock(tmp_path):
            pass
    with FolderLock(tmp_path):
        pass
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_full_disk_exits_1_in_one_line_and_leaves_no_staging(tmp_path, airace):
    with tmpfs(tmp_path / "small", "96k") as small:
        result = airace("run", *TINY, "--out", str(small / "out"))
        one_line_error(result, 1, "the disk is full")
        assert not list(small.rglob(".partial-*"))


def test_a_read_only_file_system_exits_1_in_one_line(tmp_path, airace):
    with tmpfs(tmp_path / "ro", "1m", "ro") as read_only:
        one_line_error(airace("run", *TINY, "--out", str(read_only / "out")), 1, "read-only")


def test_staging_left_by_a_killed_run_is_removed(tmp_path):
    out = tmp_path / "out"
    (out / ".partial-abc123").mkdir(parents=True)
    (out / ".partial-abc123" / "timeseries.parquet").write_bytes(b"x" * 1000)
    (tmp_path / ".out.partial-old").mkdir()  # where earlier versions staged
    with results_folder(out, {"run": 1}):
        pass
    assert not (out / ".partial-abc123").exists() and not (tmp_path / ".out.partial-old").exists()


def test_a_refused_or_failed_run_leaves_no_folder_it_made(tmp_path):
    out = tmp_path / "new" / "out"
    with pytest.raises(RuntimeError), results_folder(out, {"run": 1}):
        raise RuntimeError("failed before any run finished")
    assert not out.exists()


def test_a_finished_run_is_recognised_by_its_fingerprint_not_its_words(tmp_path):
    fingerprint = fingerprint_of({"name": "a", "description": "first words", "seed": 1}, "1")
    reworded = fingerprint_of({"name": "a", "description": "other words", "seed": 1}, "1")
    assert fingerprint == reworded
    with results_folder(tmp_path, fingerprint) as store:
        (tmp_path / "manifest.json").write_text(json.dumps({"fingerprint": store.digest}))
        store.discard()
    with pytest.raises(AlreadyFinished), results_folder(tmp_path, reworded):
        pass
    with pytest.raises(RunRefused, match="another run"), results_folder(tmp_path, fingerprint_of({"seed": 2}, "1")):
        pass


def test_export_keeps_each_run_once_even_if_parts_repeat_it(tmp_path):
    store = PartStore(tmp_path / ".parts", {"run": 1})
    jobs = [(i, Job({}, 2, seed)) for i, seed in enumerate((3, 4))]
    store.write(run_batch(jobs))
    store.write(run_batch(jobs[1:]))  # a repeat the store would never make itself
    exported = tmp_path / "all.parquet"
    assert store.export("scenario", exported) == 4
    assert not pd.read_parquet(exported).duplicated(["seed", "step"]).any()


def test_writing_results_replaces_what_an_interrupted_attempt_left(tmp_path):
    from sim.report.results import staged_folder

    (tmp_path / "baseline_timeseries.parquet").write_text("stale")
    (tmp_path / "charts").mkdir()
    (tmp_path / "charts" / "old.png").write_text("stale")
    with staged_folder(tmp_path) as stage:
        (stage / "timeseries.parquet").write_text("new")
        (stage / "manifest.json").write_text("{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", "timeseries.parquet"]


def test_sigterm_while_results_are_written_leaves_no_staging_folder(tmp_path):
    import signal

    from sim.report.results import staged_folder
    from sim.runner import signals_as_interrupts

    with pytest.raises(KeyboardInterrupt), signals_as_interrupts(), staged_folder(tmp_path) as stage:
        (stage / "timeseries.parquet").write_bytes(b"x" * 100_000)
        os.kill(os.getpid(), signal.SIGTERM)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_two_runs_into_one_folder_one_is_refused_and_the_other_writes_each_run_once(tmp_path, airace):
    out = tmp_path / "out"
    args = ("run", "scenarios/tight_controls.yaml", "-n", "300", "-j", "1", "--out", str(out), "-q")
    first = subprocess.Popen(airace.command(*args), cwd=ROOT, stdout=subprocess.PIPE, text=True)
    while not list((out / ".parts").glob("*.parquet")):
        assert first.poll() is None, "the first run ended before the second started"
    second = airace(*args)
    one_line_error(second, 2, f"{out} is in use by another airace run (pid {first.pid})")
    assert first.communicate(timeout=300)[0] == f"{out}\n" and first.returncode == 0
    for name in ("timeseries.parquet", "baseline_timeseries.parquet"):
        frame = pd.read_parquet(out / name)
        assert len(frame) == 300 * 40 and not frame.duplicated(["replication", "step"]).any()


def test_a_run_killed_after_its_manifest_counts_as_finished(tmp_path):
    fingerprint = {"run": 1}
    with results_folder(tmp_path, fingerprint) as store:
        store.write(run_batch([(0, Job({}, 2, 3))]))
        (tmp_path / "manifest.json").write_text(json.dumps({"fingerprint": store.digest}))
    # killed before the parts were discarded
    with pytest.raises(AlreadyFinished), results_folder(tmp_path, fingerprint):
        pass
    assert not (tmp_path / ".parts").exists()
