"""The game in headless Chromium when people click twice or open a page twice.

A double click on Play, and Play pressed in two facilitator tabs, play one round; two tabs of one
team left alone write nothing, and a move made in one shows in the other without being written
back. One server for the file, one game per test. Deselect with ``-m 'not browser'``.
"""

from __future__ import annotations

import sqlite3
import time

import pytest
from playwright.sync_api import Page, expect
from shiny.playwright import controller

from sim.scenario import load_scenario
from sim.scenario.library import LIBRARY
from sim.web.game import referee as rf
from sim.web.game.app import POLL_SECONDS
from sim.web.game.store import Store
from tests.gameserver import GameServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TIMEOUT = 60_000  # ms: the first round of a server imports the model
QUIET = POLL_SECONDS * 6  # several poll intervals: every page has heard of every change by then


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("tabs") / "class.sqlite"
    Store(db)
    with GameServer(db) as running:
        yield running


def new_game(server: GameServer) -> dict:
    return rf.new_game(Store(server.db), load_scenario(LIBRARY / "baseline.yaml"), ["us", "cn"], 3, 2)


def rows(server: GameServer, game: str, kind: str | None = None) -> int:
    with sqlite3.connect(server.db) as db:
        if kind is None:
            return db.execute("SELECT COUNT(*) FROM log WHERE game = ?", (game,)).fetchone()[0]
        return db.execute("SELECT COUNT(*) FROM log WHERE game = ? AND kind = ?", (game, kind)).fetchone()[0]


def open_page(browser, url: str) -> Page:
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(url)
    expect(page.locator(".round-head h3")).to_be_visible(timeout=TIMEOUT)
    return page


def test_a_double_click_on_play_plays_one_round(browser, server):
    codes = new_game(server)
    page = open_page(browser, server.link(codes["facilitator"]))
    page.get_by_role("button", name="Play round 1: the model runs 4 quarters").dblclick()
    expect(page.locator(".round-head h3")).to_contain_text("Round 2 of 3", timeout=TIMEOUT)
    time.sleep(QUIET)
    assert rows(server, codes["game"], "advance") == 1
    expect(page.locator(".round-head h3")).to_contain_text("Round 2 of 3")
    # the server's own check, under the browser's: two presses sent for round 2 play round 2 once
    page.evaluate(
        "() => { for (const at of [1, 2]) Shiny.setInputValue('act', {kind: 'advance', round: 2, at: at}, "
        "{priority: 'event'}); }"
    )
    expect(page.locator(".round-head h3")).to_contain_text("Round 3 of 3", timeout=TIMEOUT)
    expect(page.locator(".shiny-notification-error")).to_contain_text("nothing was done", timeout=TIMEOUT)
    time.sleep(QUIET)
    assert rows(server, codes["game"], "advance") == 2


def test_play_pressed_in_two_facilitator_tabs_plays_one_round(browser, server):
    codes = new_game(server)
    first = open_page(browser, server.link(codes["facilitator"]))
    second = open_page(browser, server.link(codes["facilitator"]))
    press = "() => { const b = document.querySelector('button[data-act=advance]'); b.click(); return b.dataset.round; }"
    pressed = [first.evaluate(press), second.evaluate(press)]
    for page in (first, second):
        expect(page.locator(".round-head h3")).to_contain_text("Round 2 of 3", timeout=TIMEOUT)
    time.sleep(QUIET)
    assert pressed == ["1", "1"]  # both tabs pressed Play on round 1
    assert rows(server, codes["game"], "advance") == 1
    for page in (first, second):
        expect(page.locator(".round-head h3")).to_contain_text("Round 2 of 3")


def test_two_tabs_of_one_team_write_nothing_untouched_and_never_write_back_each_others_moves(browser, server):
    codes = new_game(server)
    game = codes["game"]
    first = open_page(browser, server.link(codes["us"]))
    second = open_page(browser, server.link(codes["us"]))
    lever = "r1__us__export_control_stringency"
    time.sleep(QUIET)
    assert rows(server, game) == 0  # nobody touched anything
    controller.InputSlider(first, lever).set("1", timeout=TIMEOUT)
    controller.InputSlider(second, lever).expect_value("1", timeout=TIMEOUT)  # shown in the other tab
    expect(second.locator(".shiny-notification")).to_contain_text("Another page of your team", timeout=TIMEOUT)
    time.sleep(QUIET)
    written = rows(server, game)
    assert written == rows(server, game, "move") == 1
    assert Store(server.db).state(game).at(1).moves["us"] == {"us.export_control_stringency": 1.0}
    time.sleep(QUIET)
    assert rows(server, game) == written  # still nothing more, several poll intervals on
    controller.InputSlider(first, lever).expect_value("1")


def test_enter_joins_and_an_ask_beyond_the_rounds_two_is_unticked(browser, server):
    codes = rf.new_game(Store(server.db), load_scenario(LIBRARY / "baseline.yaml"), ["us", "cn", "south"], 2, 2)
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(server.url)
    page.get_by_label("Team code").fill(codes["south"].lower())
    page.get_by_label("Team code").press("Enter")
    expect(page.locator(".round-head h3")).to_contain_text("Round 1 of 2", timeout=TIMEOUT)
    asks = ["US: finance our data centres and models", "China: build our digital infrastructure"]
    for words in asks:
        page.get_by_label(words).check()
        expect(page.locator(".my-moves")).to_contain_text(words, timeout=TIMEOUT)
    third = page.get_by_label("US: detect AI misuse jointly with China")
    third.click()  # ticked, refused by the server, unticked
    expect(page.locator(".shiny-notification-error")).to_contain_text("up to 2", timeout=TIMEOUT)
    expect(third).not_to_be_checked(timeout=TIMEOUT)
    assert Store(server.db).state(codes["game"]).at(1).asks["south"] == ["us_financing", "cn_silk_road"]


def test_a_code_leaves_the_address_bar_new_codes_send_old_pages_back_and_a_finished_game_refuses_team_codes(
    browser, server
):
    codes = rf.new_game(Store(server.db), load_scenario(LIBRARY / "baseline.yaml"), ["us", "cn"], 1, 2)
    team = open_page(browser, server.link(codes["us"]))
    expect(team.locator(".team-bar")).to_be_visible(timeout=TIMEOUT)
    deadline = time.monotonic() + 30
    while "code=" in team.url and time.monotonic() < deadline:
        team.wait_for_timeout(100)
    assert "code=" not in team.url and codes["us"] not in team.url  # out of the address bar
    team.reload()  # this tab keeps the code: a reload comes back to the team
    expect(team.locator(".team-bar h2")).to_have_text("United States", timeout=TIMEOUT)
    stranger = browser.new_context().new_page()  # another browser: no code, the join box
    stranger.goto(server.url)
    expect(stranger.get_by_label("Team code")).to_be_visible(timeout=TIMEOUT)

    facilitator = open_page(browser, server.link(codes["facilitator"]))
    facilitator.get_by_role("button", name="Give out new codes").click()
    expect(team.locator(".refused")).to_contain_text("new codes", timeout=TIMEOUT)  # the old code's page left
    renewed = Store(server.db).codes(codes["facilitator"])
    assert renewed["us"] != codes["us"] and renewed["facilitator"] == codes["facilitator"]
    team.get_by_label("Team code").fill(renewed["us"])
    team.get_by_role("button", name="Join").click()
    expect(team.locator(".team-bar h2")).to_have_text("United States", timeout=TIMEOUT)

    facilitator.get_by_role("button", name="Play round 1: the model runs 4 quarters").click()
    expect(facilitator.locator(".round-head h3")).to_contain_text("Game over", timeout=TIMEOUT)
    late = browser.new_context().new_page()
    late.goto(server.link(renewed["cn"]))
    expect(late.locator(".refused")).to_contain_text("This game is over", timeout=TIMEOUT)
    expect(facilitator.locator(".round-head h3")).to_contain_text("Game over")  # the facilitator's code stays


def test_a_team_page_shows_its_budget_the_rounds_steps_and_code_names_and_refuses_spending_beyond_it(browser, server):
    codes = new_game(server)
    page = open_page(browser, server.link(codes["us"]))
    expect(page.locator(".budget")).to_contain_text("Budget:", timeout=TIMEOUT)
    expect(page.locator(".budget")).to_contain_text("left")
    expect(page.locator(".round-steps li")).to_have_count(5)
    expect(page.locator(".round-steps li.now").first).to_contain_text("briefing")
    lever = "r1__us__compute_investment_usd"
    assert page.locator(f".lever:has(#{lever})").get_attribute("title").startswith("us.compute_investment_usd")
    left = page.locator(".budget-left").inner_text()
    top = float(controller.InputSlider(page, lever).loc.get_attribute("data-max"))
    controller.InputSlider(page, lever).set(f"{top:g} bn", max_err_values=500)  # the most it may spend
    expect(page.locator(".shiny-notification-error").first).to_contain_text("over your budget", timeout=TIMEOUT)
    time.sleep(QUIET)
    assert rows(server, codes["game"], "move") == 0  # refused: nothing written
    expect(page.locator(".budget-left")).to_have_text(left)
    page.get_by_role("button", name="Lock in our moves").click()
    expect(page.locator(".round-steps li.now")).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator(".round-steps li.now")).to_contain_text("The facilitator plays the round")
