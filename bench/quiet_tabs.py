"""Two tabs of one team, untouched for a minute, write nothing: the full-length check.

Run with ``uv run python bench/quiet_tabs.py`` (about 2.5 minutes; ``--seconds`` for another
length). It starts ``airace game serve`` on a fresh SQLite file and opens two headless Chromium
tabs (Debian's ``chromium``) of the same team, then:

1. leaves both alone for ``--seconds`` (default 60) and counts the rows the game's log gained
   (must be 0);
2. moves a lever once in the first tab, waits until the second shows it, leaves both alone for
   ``--seconds`` again and counts the rows (must be exactly 1: the move, never written back).

``tests/web/game/test_game_tabs.py`` checks the same with a few seconds of quiet (the mechanism: a page
writes only what a person changed on it), so the test suite does not wait a minute for it.
Exits 1 if either count is wrong.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from gameserver import GameServer

LEVER = "r1__us__export_control_stringency"
TIMEOUT = 90_000  # ms: the first page of a server waits for the model's imports


def rows(db: Path, game: str) -> int:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT COUNT(*) FROM log WHERE game = ?", (game,)).fetchone()[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the tabs are left alone (default 60)")
    args = parser.parse_args()
    executable = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if executable is None:
        print("no Chromium on this machine: install Debian's `chromium`", file=sys.stderr)
        return 2
    from playwright.sync_api import expect, sync_playwright
    from shiny.playwright import controller

    from sim.scenario import load_scenario
    from sim.scenario.library import LIBRARY
    from sim.web.game import referee as rf
    from sim.web.game.store import Store

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        db = Path(folder) / "tabs.sqlite"
        codes = rf.new_game(Store(db), load_scenario(LIBRARY / "baseline.yaml"), ["us", "cn"], 3, 2)
        game = codes["game"]
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        with GameServer(db) as server:
            tabs = []
            for _ in range(2):
                tab = browser.new_context().new_page()
                tab.goto(server.link(codes["us"]))
                expect(tab.locator(".round-head h3")).to_be_visible(timeout=TIMEOUT)
                tabs.append(tab)
            time.sleep(args.seconds)
            untouched = rows(db, game)
            controller.InputSlider(tabs[0], LEVER).set("1", timeout=TIMEOUT)
            controller.InputSlider(tabs[1], LEVER).expect_value("1", timeout=TIMEOUT)
            time.sleep(args.seconds)
            moved = rows(db, game)
        browser.close()
    print(f"two tabs of one team, untouched for {args.seconds:.0f} s: {untouched} rows written (expected 0)")
    print(f"one move in one tab, then {args.seconds:.0f} s untouched: {moved} rows in all (expected 1)")
    return 0 if (untouched, moved) == (0, 1) else 1


if __name__ == "__main__":
    sys.exit(main())
