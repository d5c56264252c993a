"""A game server in a real process, for the game's tests and its load bench.

``GameServer(db)`` runs ``airace game serve --db DB`` on a free loopback port; ``restart`` stops it
and starts a new process on the same file and port, as a teacher does when a laptop sleeps.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class GameServer:
    def __init__(self, db: Path, port: int | None = None):
        self.db = Path(db)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/game/"

    def link(self, code: str, view: str = "") -> str:
        return f"{self.url}?code={code}" + (f"&view={view}" if view else "")

    def start(self, timeout: float = 90) -> GameServer:
        command = [sys.executable, "-m", "sim.cli", "game", "serve", "--db", str(self.db), "--port", str(self.port)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    output = self.process.stdout.read() if self.process.poll() is not None else "(still running)"
                    raise RuntimeError(f"the game server did not start on {self.url}: {output}") from None
                time.sleep(0.3)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> GameServer:
        self.stop()
        return self.start()

    def __enter__(self) -> GameServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
