"""A run stopped from outside (SIGKILL, the OOM killer, SIGTERM, Ctrl-C) leaves no process, no
temporary folder and no hidden cursor behind, and says how to resume. Real processes, watched
through /proc (Linux only)."""

import functools
import os
import pty
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT

LONG = ("run", "scenarios/baseline.yaml", "-n", "3000", "-j", "2")  # long enough to stop part-way

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="watches processes through Linux's /proc"),
]


def session_processes(session: int) -> list[int]:
    """Live processes of the session (zombies, already gone, are not counted)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[3]) == session:
            found.append(int(entry.name))
    return found


def parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def as_from_a_shell() -> None:
    """Ctrl-C as a shell leaves it to a command it starts: an ignored SIGINT is inherited across
    exec, and other tests in the same pytest process may have left it ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(out: Path, tmp: Path, **streams) -> subprocess.Popen:
    """The long run in a session of its own (as from a terminal), with its temporary files in ``tmp``."""
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp), "TERM": "xterm-256color"}
    return subprocess.Popen(
        [sys.executable, "-m", "sim.cli", *LONG, "--out", str(out)],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        preexec_fn=as_from_a_shell,
        **streams,
    )


def wait_for_parts(process: subprocess.Popen, out: Path, count: int = 2) -> None:
    deadline = time.monotonic() + 120
    while len(list((out / ".parts").glob("scenario-*.parquet"))) < count:
        assert process.poll() is None, "the run ended before it could be stopped"
        assert time.monotonic() < deadline, "no runs finished in two minutes"
        time.sleep(0.05)


def wait_until_gone(session: int, seconds: float = 20) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := session_processes(session)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def test_killing_the_run_leaves_no_process_or_temporary_folder(tmp_path):
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    process = start(out, tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_parts(process, out)
    assert len(session_processes(process.pid)) >= 4  # the run, the fork server, two workers (and a tracker)
    process.send_signal(signal.SIGKILL)  # only the run's own process, as the OOM killer does
    process.wait()
    assert wait_until_gone(process.pid) == []
    assert list(tmp.iterdir()) == []


def test_sigterm_restores_the_terminal_stops_the_workers_and_keeps_finished_runs(tmp_path):
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    controller, terminal = pty.openpty()
    process = start(out, tmp, stdin=terminal, stdout=terminal, stderr=terminal)
    os.close(terminal)
    screen = bytearray()

    def read() -> None:
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                return
            if not chunk:
                return
            screen.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    wait_for_parts(process, out)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 128 + signal.SIGTERM
    assert wait_until_gone(process.pid) == []
    reader.join(5)
    os.close(controller)
    text = screen.decode("utf-8", "replace")
    assert "\x1b[?25l" in text and text.rindex("\x1b[?25h") > text.rindex("\x1b[?25l")  # cursor shown again
    assert "rerun the same command" in text and "Traceback" not in text
    assert list((out / ".parts").glob("scenario-*.parquet")) and not list(out.glob(".partial-*"))
    assert list(tmp.iterdir()) == []


def retried_once(test):
    """Run a signal test a second time, in a fresh folder, if the first attempt failed. On a machine
    busy with other work a signal can race the run it is meant to stop; a real fault fails twice."""

    @functools.wraps(test)
    def wrapper(tmp_path):
        try:
            test(tmp_path / "first")
        except (AssertionError, subprocess.TimeoutExpired):
            test(tmp_path / "second")

    return wrapper


@retried_once
def test_ctrl_c_stops_every_process_quietly_and_says_how_to_resume(tmp_path):
    tmp_path.mkdir(parents=True, exist_ok=True)
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    process = start(out, tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_parts(process, out)
    os.killpg(process.pid, signal.SIGINT)  # a terminal sends Ctrl-C to every process of the group
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stdout == "" and "Traceback" not in stderr
    assert "interrupted: finished runs are saved; rerun the same command" in stderr
    assert wait_until_gone(process.pid) == []


@retried_once
def test_ctrl_c_stops_a_dask_run_without_worker_tracebacks(tmp_path):
    tmp_path.mkdir(parents=True, exist_ok=True)
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", *LONG, "--backend", "dask", "--out", str(out)],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp)},
        start_new_session=True,
        preexec_fn=as_from_a_shell,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_parts(process, out, count=1)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and stdout == ""
    assert stderr.strip().splitlines() == [
        f"interrupted: finished runs are saved; rerun the same command (with --out {out}) to resume"
    ]
    assert wait_until_gone(process.pid) == []


def test_a_worker_killed_by_the_system_ends_the_run_in_one_line_and_keeps_finished_runs(tmp_path):
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    process = start(out, tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_parts(process, out)
    forked = [pid for pid in session_processes(process.pid) if pid != process.pid and parent_of(pid) != process.pid]
    worker = forked[0]  # a pool worker: a child of the fork server, not of the run
    os.kill(worker, signal.SIGKILL)  # as the out-of-memory killer picks a worker
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 1 and stdout == "" and "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1].startswith("error: a worker process died")
    assert list((out / ".parts").glob("scenario-*.parquet"))
    assert wait_until_gone(process.pid) == []
