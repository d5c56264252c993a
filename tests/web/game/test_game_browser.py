"""The classroom game in headless Chromium: three teams and a facilitator play two rounds.

One test plays the whole game as a class would, because each step needs the one before: the US,
China and the developing world join by their links, move levers and ask, a team's page is reloaded
mid-round, everyone locks in, the facilitator plays the round, the server is restarted mid-game and
the game goes on, the facilitator injects a crisis and plays the last round, the debrief opens, and
the exported scenario file, run by ``airace run``, gives the game's numbers. Screenshots of the team,
facilitator, projector and debrief views go to ``test-results/game/``. Deselect with ``-m 'not browser'``.
"""

from __future__ import annotations

import re
import time

import pandas as pd
import pytest
from playwright.sync_api import Page, expect
from shiny.playwright import controller

from sim.web.game import referee as rf
from sim.web.game.debrief import move_words
from sim.web.game.store import Store
from tests.gameserver import GameServer
from tests.helpers import ROOT, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = ROOT / "test-results" / "game"
TIMEOUT = 60_000  # ms: the first round of a server imports the model


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def settled(page: Page) -> None:
    wait_until(page, "!document.documentElement.classList.contains('shiny-busy')", timeout=TIMEOUT)


def open_page(browser, url: str, width: int = 1400) -> Page:
    page = browser.new_context(viewport={"width": width, "height": 1000}, accept_downloads=True).new_page()
    page.goto(url)
    expect(page.locator(".round-head h3")).to_be_visible(timeout=TIMEOUT)
    return page


def slide(page: Page, number: int, lever: str, value: str) -> None:
    controller.InputSlider(page, f"r{number}__{lever.replace('.', '__')}").set(value, timeout=TIMEOUT)


def wait_for_move(store: Store, game: str, team: str, lever: str) -> None:
    deadline = time.monotonic() + 30
    while lever not in store.state(game).at(store.state(game).round).moves.get(team, {}):
        assert time.monotonic() < deadline, f"{team}'s move on {lever} never reached the database"
        time.sleep(0.2)


def test_three_teams_and_a_facilitator_play_two_rounds_through_a_reload_and_a_restart(browser, tmp_path, airace):
    db = tmp_path / "class.sqlite"
    command = ["game", "new", "--teams", "us,cn,south", "--rounds", "2", "-n", "3", "--db", str(db)]
    made = airace.invoke(*command)
    assert made.exit_code == 0, made.output
    store = Store(db)
    game = store.games()[0]
    codes = store.codes(re.search(r"Facilitator .*\?code=([A-Z0-9-]+)", made.output).group(1))
    us_move = move_words("us.export_control_stringency", 1.0)
    cn_move = move_words("cn.open_model_subsidy", 0.9)
    with GameServer(db) as server:
        us = open_page(browser, server.link(codes["us"]))
        cn = open_page(browser, server.link(codes["cn"]))
        south = open_page(browser, server.link(codes["south"]))
        facilitator = open_page(browser, server.link(codes["facilitator"]))
        expect(us.locator(".briefing")).to_contain_text("Stay ahead in AI capability")
        expect(south.locator(".briefing .honest")).to_contain_text("No lever of the model is yours")

        # round 1: moves, secrecy, a reload
        slide(us, 1, "us.export_control_stringency", "1")
        expect(us.locator(".my-moves")).to_contain_text(us_move, timeout=TIMEOUT)
        slide(cn, 1, "cn.open_model_subsidy", "0.9")
        expect(cn.locator(".my-moves")).to_contain_text(cn_move, timeout=TIMEOUT)
        south.get_by_label("US: finance our data centres and models").check()
        expect(south.locator(".my-moves")).to_contain_text("US: finance our data centres", timeout=TIMEOUT)
        expect(facilitator.locator("#hidden_moves")).to_contain_text(cn_move, timeout=TIMEOUT)
        settled(us)
        assert cn_move not in us.content() and us_move not in cn.content()  # unrevealed moves stay hidden
        us.reload()
        expect(us.locator(".my-moves")).to_contain_text(us_move, timeout=TIMEOUT)
        controller.InputSlider(us, "r1__us__export_control_stringency").expect_value("1", timeout=TIMEOUT)
        for page in (us, cn, south):
            page.get_by_role("button", name="Lock in our moves").click()
        expect(facilitator.locator(".lock-list li.locked")).to_have_count(3, timeout=TIMEOUT)
        shot(us, "team-us-locked")
        shot(south, "team-south")
        shot(facilitator, "facilitator-round-1")
        facilitator.get_by_role("button", name="Play round 1: the model runs 4 quarters").click()
        for page in (us, cn, south, facilitator):
            expect(page.locator(".round-head h3")).to_contain_text("Round 2 of 2", timeout=TIMEOUT)
        expect(cn.locator(".revealed")).to_contain_text(us_move, timeout=TIMEOUT)
        expect(us.locator("table.scores tr[data-team='us']")).to_be_visible(timeout=TIMEOUT)
        projector = open_page(browser, server.link(codes["projector"]), width=1600)
        expect(projector.locator(".revealed")).to_contain_text(cn_move, timeout=TIMEOUT)
        expect(projector.locator("svg.band-chart [data-part='reference-band']").first).to_be_attached()
        settled(projector)
        shot(projector, "projector-after-round-1")
        shot(cn, "team-cn-round-2")

        # round 2: a move, then the server restarts; the game goes on
        slide(us, 2, "us.enforcement", "0.9")
        wait_for_move(store, game, "us", "us.enforcement")
        server.restart()
        for page in (us, cn, south, facilitator):
            page.reload()
            expect(page.locator(".round-head h3")).to_contain_text("Round 2 of 2", timeout=TIMEOUT)
        expect(us.locator(".my-moves")).to_contain_text(move_words("us.enforcement", 0.9), timeout=TIMEOUT)
        facilitator.get_by_label("Inject an event this round (from the scenario library)").select_option(
            "taiwan_crisis_crisis"
        )
        facilitator.get_by_role("button", name="Inject").click()
        expect(facilitator.locator("#hidden_moves")).to_contain_text("Events you injected", timeout=TIMEOUT)
        for page in (us, cn, south):
            page.get_by_role("button", name="Lock in our moves").click()
        expect(facilitator.locator(".lock-list li.locked")).to_have_count(3, timeout=TIMEOUT)
        facilitator.get_by_role("button", name="Play round 2: the model runs 4 quarters").click()
        expect(facilitator.locator(".round-head h3")).to_contain_text("Game over", timeout=TIMEOUT)
        expect(us.locator(".round-head h3")).to_contain_text("Game over", timeout=TIMEOUT)

        # the debrief and the replay
        debrief = open_page(browser, server.link(codes["projector"], "debrief"), width=1400)
        expect(debrief.locator(".closest")).to_be_visible(timeout=TIMEOUT)
        expect(debrief.locator("table.timeline").first).to_contain_text("A Taiwan / TSMC crisis now", timeout=TIMEOUT)
        settled(debrief)
        shot(debrief, "debrief")
        settled(facilitator)
        shot(facilitator, "facilitator-game-over")
        shown = facilitator.locator("svg[data-outcome='tension'] [data-part='run-line']").get_attribute("data-values")
        with facilitator.expect_download(timeout=TIMEOUT) as download:
            facilitator.get_by_role("link", name="Scenario file (YAML)").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
    assert path.name == f"game_{game}.yaml"
    result = airace.invoke("run", str(path), "--out", str(tmp_path / "out"), "--quiet", "-j", "1")
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(tmp_path / "out" / "timeseries.parquet")
    medians = frame.groupby("step")["tension"].median()
    assert [float(v) for v in shown.split()] == pytest.approx(medians.tolist(), rel=1e-5)
    played = rf.runs(store.state(game))
    for column in ("capability_gap", "compute_cn", "tension", "reach_cn", "welfare"):
        mine = played.pivot(index="replication", columns="step", values=column).to_numpy()
        theirs = frame.pivot(index="replication", columns="step", values=column).to_numpy()
        assert (mine == theirs).all(), column
