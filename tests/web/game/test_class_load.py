"""A small class through ``bench/class_load.py`` (the full benchmark is 198 pages, six rounds and a
few minutes: run it by hand, the README quotes it). Here: a game of four teams with two tabs each,
two dashboard viewers and four idle pages play one round, and the log holds each move and lock-in
exactly once. Latencies are printed (``pytest -s``), not asserted."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pytest

from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))

pytestmark = pytest.mark.slow


def test_a_small_class_plays_a_round_with_every_page_updated_and_nothing_lost_or_doubled():
    from class_load import _class, run_async, summary

    args = argparse.Namespace(teams=4, viewers=2, idle=4, rounds=1, replications=3, idle_seconds=2.0)
    with tempfile.TemporaryDirectory() as folder:
        figures = run_async(_class(Path(folder) / "class.sqlite", args))
    figures_ = summary(figures)
    print(figures_)
    assert figures["pages"] == 1 + 4 * 2 + 2 + 4
    # every game page heard the lock-ins, the new round and the scores; every viewer its charts
    assert len(figures["results"]) == 1 + 4 * 2 + 4
    assert len(figures["dashboard"]) == 2
    assert figures_["moves and lock-ins expected"] == 8
    assert figures_["lost"] == 0 and figures_["doubled"] == 0
    assert figures_["log rows written while every page sat idle"] == 0  # two tabs of each team among them
