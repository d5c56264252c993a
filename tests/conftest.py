"""Fixtures: a baseline model, the ``airace`` command as every test calls it, and the dashboard in a
real browser. Plain helpers that tests import are in ``tests/helpers.py``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

pytest.register_assert_rewrite("tests.helpers")  # its asserts say what they compared, as a test's do

from sim.model.model import AIRaceModel  # noqa: E402
from tests.helpers import ROOT, run  # noqa: E402


@pytest.fixture(scope="session")
def baseline_model() -> AIRaceModel:
    return run(seed=1)


# ---- the command line ------------------------------------------------------------------------------
class Airace:
    """The ``airace`` command, the one way tests call it (the ``airace`` fixture below).

    ``airace(*args)`` runs it as a user does, ``python -m sim.cli ARGS`` in its own process, from the
    repository's root (so ``scenarios/baseline.yaml`` is found) unless ``cwd`` says otherwise, and
    returns the ``CompletedProcess`` (``returncode``, ``stdout``, ``stderr`` as text). Arguments may
    be paths or numbers. ``env`` adds variables to this process's environment; ``timeout`` (seconds)
    stops a command that hangs.

    ``airace.invoke(*args)`` runs it in this process through typer's ``CliRunner``: faster, and a
    test can monkeypatch what the command calls; returns the ``Result`` (``exit_code``, ``output``).

    ``airace.command(*args)`` is the command line itself, for a test that starts and stops it.
    """

    def command(self, *args: object) -> list[str]:
        return [sys.executable, "-m", "sim.cli", *map(str, args)]

    def __call__(
        self, *args: object, cwd: Path = ROOT, timeout: float = 600, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        environment = {**os.environ, **env} if env else None
        return subprocess.run(
            self.command(*args), cwd=cwd, capture_output=True, text=True, timeout=timeout, env=environment
        )

    def invoke(self, *args: object):
        from typer.testing import CliRunner

        from sim.cli.commands import app

        return CliRunner().invoke(app, [str(arg) for arg in args])


@pytest.fixture(scope="session")
def airace() -> Airace:
    """The ``airace`` command: ``airace(...)`` in a subprocess, ``airace.invoke(...)`` in process."""
    return Airace()


# ---- the dashboard in a real browser (tests marked `browser`) ----------------------------------
DASHBOARD_REPLICATIONS = 5  # small: a browser test checks the flow; 5 is the fewest runs given a verdict


def chromium_path() -> str | None:
    """Debian's Chromium (.ci/run installs it with apt-get); Playwright cannot download its own here."""
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's browser, pointed at the machine's Chromium; every browser test skips,
    saying why, where there is none."""
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium on this machine: install Debian's `chromium`, or deselect with -m 'not browser'")
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    return {**browser_type_launch_args, "executable_path": path, "args": [*flags, "--disable-sync", "--no-first-run"]}


@pytest.fixture(scope="session")
def dashboard_replications() -> int:
    return DASHBOARD_REPLICATIONS


@pytest.fixture(scope="session")
def dashboard_url(airace):
    """The dashboard, started once per test session by its own command on a free loopback port."""
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = airace.command("dashboard", "--port", port, "--replications", DASHBOARD_REPLICATIONS)
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    try:
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read() if server.poll() is not None else "(still running)"
                    pytest.fail(f"the dashboard did not start on {url}: {output}")
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A classroom projector's window or larger: the levers and the charts side by side."""
    return {**browser_context_args, "viewport": {"width": 1440, "height": 1000}}


# ---- hypothesis: no timing checks ---------------------------------------------------------------
# The project has no timed asserts (speed is measured in bench/), and hypothesis's deadline and
# "input generation is slow" health check are timing checks: on a loaded 2-core CI machine one
# slow first draw (1.8 s) failed a test that had nothing wrong with it.
settings.register_profile("airace", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("airace")
