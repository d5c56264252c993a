"""The game holds a class: 40 team sessions play 3 rounds on one server over loopback.

Runs ``bench/game_load.py`` (a Shiny websocket per session, as a browser holds one) with few runs a
round, to keep CI quick; the figures are printed (``pytest -s``) and the closing note of issue 15
quotes a run with the scenario's own numbers.
"""

from __future__ import annotations

import sys

import pytest

from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))

pytestmark = pytest.mark.slow


def test_forty_team_sessions_play_three_rounds_with_nothing_lost_and_nothing_twice():
    from game_load import run

    figures = run(sessions=40, rounds=3, replications=2)
    assert figures["sessions"] == 40
    check = figures["check"]
    assert check["expected"] == 40 * 3 * 2  # a move (or ask) and a lock per session per round
    assert check["missing"] == [] and check["duplicates"] == [] and check["unexpected"] == []
    slowest = max(max(r["slowest_lock_s"], r["round_s"]) for r in figures["rounds"])
    print(f"\n40 sessions x 3 rounds: slowest round latency {slowest:.2f} s; {figures['rounds']}")
    assert slowest < 60  # a class notices anything near a minute; the bound guards against hangs
