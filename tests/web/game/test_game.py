"""The classroom game without a browser: rules, codes, the log, the referee's numbers, restarts.

The browser plays are in ``test_game_browser.py`` and the class-sized load in ``test_game_load.py``.
"""

from __future__ import annotations

import asyncio
import math
import re
import sqlite3
import sys

import pandas as pd
import pytest

from sim.registry.params import PARAMS, ParameterError
from sim.scenario import load_scenario
from sim.scenario.library import LIBRARY
from sim.web.dashboard.state import runs_of
from sim.web.game import debrief
from sim.web.game import referee as rf
from sim.web.game.store import ALPHABET, TEAM_CODE_LENGTH, GameError, Store, new_code
from sim.web.game.teams import ASKS, TEAMS
from sim.web.game.vocabulary import library_events
from tests.helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))

REPLICATIONS = 5  # the fewest runs the model gives a verdict on (sim.registry.verdict)


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "games.sqlite")


def new(store: Store, teams=("us", "cn", "south"), rounds: int = 3, scenario: str = "baseline") -> dict:
    return rf.new_game(store, load_scenario(LIBRARY / f"{scenario}.yaml"), list(teams), rounds, REPLICATIONS)


# ---- teams and codes -----------------------------------------------------------------------------
def test_each_team_sets_only_levers_an_event_may_change_and_never_a_doctrine_or_budget():
    for team in TEAMS.values():
        for lever in team.levers:
            assert PARAMS[lever].kind == "lever"
            assert not lever.endswith(("doctrine", "budget_usd")) and ".weight_" not in lever
    assert "firms.frontier_labs_per_bloc" not in TEAMS["labs"].levers  # the labs are built once
    assert TEAMS["south"].levers == ()  # the developing nations choose for themselves in the model
    assert all(ask.lever in PARAMS for ask in ASKS)


def test_team_codes_are_random_long_enough_and_typed_without_ambiguous_characters():
    codes = {new_code(TEAM_CODE_LENGTH) for _ in range(2000)}
    assert len(codes) == 2000
    assert all(set(code.replace("-", "")) <= set(ALPHABET) for code in codes)
    assert TEAM_CODE_LENGTH * math.log2(len(ALPHABET)) > 39  # over 5e11 codes per guess
    assert not set("01OIL") & set(ALPHABET)


def test_a_game_gives_each_role_its_own_code(store):
    codes = new(store, ("us", "cn", "south", "labs"))
    roles = {k: v for k, v in codes.items() if k != "game"}
    assert len(set(roles.values())) == len(roles) == 6
    assert store.who(roles["us"].lower().replace("-", " ")) == (codes["game"], "us")  # as typed
    assert store.who("ABCD-EFGH") is None


# ---- who may do what ----------------------------------------------------------------------------
def test_a_team_cannot_set_another_teams_levers(store):
    codes = new(store)
    with pytest.raises(PermissionError):
        store.move(codes["us"], "cn.open_model_subsidy", 1.0)
    with pytest.raises(PermissionError):
        store.move(codes["cn"], "us.export_control_stringency", 0.0)
    with pytest.raises(PermissionError):
        store.move(codes["projector"], "us.enforcement", 1.0)
    with pytest.raises(PermissionError):
        store.move(codes["south"], "us.partner_financing_usd", 1e10)
    with pytest.raises(GameError):
        store.move("ZZZZ-ZZZZ", "us.enforcement", 1.0)
    with pytest.raises(PermissionError):
        store.advance(codes["us"])
    assert store.rows(codes["game"]) == []


def test_every_move_is_checked_by_the_parameter_registry(store):
    codes = new(store)
    with pytest.raises(ParameterError, match="from 0 to 1"):
        store.move(codes["us"], "us.enforcement", 1.5)
    with pytest.raises(ParameterError):
        store.move(codes["us"], "us.enforcement", "lots")
    with pytest.raises(PermissionError):
        store.move(codes["us"], "us.doctrine", "adaptive")
    with pytest.raises(GameError):
        store.ask(codes["south"], ["us_financing", "cn_silk_road", "cn_open_models"])  # two a round
    assert store.move(codes["us"], "us.enforcement", "0.9") == 0.9
    assert [row["kind"] for row in store.rows(codes["game"])] == ["move"]


def test_a_locked_team_cannot_move_until_it_unlocks_and_moves_are_kept_in_order(store):
    codes = new(store)
    store.move(codes["us"], "us.enforcement", 0.9)
    store.lock(codes["us"])
    with pytest.raises(GameError, match="locked in"):
        store.move(codes["us"], "us.enforcement", 0.1)
    store.unlock(codes["us"])
    store.move(codes["us"], "us.enforcement", 0.7)
    state = store.state(codes["game"])
    assert state.at(1).moves["us"] == {"us.enforcement": 0.7}
    assert state.at(1).locked == set()


def test_the_facilitator_advances_undoes_and_injects_only_for_actors_no_team_plays(store):
    codes = new(store, ("us", "south"))
    events = library_events(["us", "south"])
    assert any(e.crisis for e in events.values())
    assert not any(name.startswith("us.") for e in events.values() for name, _ in e.levers)
    assert any(name.startswith("cn.") for e in events.values() for name, _ in e.levers)  # China is not played
    with pytest.raises(GameError, match="belongs to a team"):
        store.inject(codes["facilitator"], "US controls", {"us.export_control_stringency": 1.0}, False)
    store.move(codes["us"], "us.enforcement", 0.9)
    store.lock(codes["us"])
    assert store.advance(codes["facilitator"]) == 1
    assert store.undo(codes["facilitator"]) == 1
    state = store.state(codes["game"])
    assert state.round == 1 and state.at(1).locked == set() and state.at(1).moves["us"] == {"us.enforcement": 0.9}
    with pytest.raises(GameError):
        store.undo(codes["facilitator"])


def test_an_action_made_for_a_round_no_longer_open_is_refused_and_does_nothing(store):
    codes = new(store)
    assert store.advance(codes["facilitator"], 1) == 1
    with pytest.raises(GameError, match="nothing was done"):  # a second click, or a second tab
        store.advance(codes["facilitator"], 1)
    with pytest.raises(GameError, match="nothing was done"):
        store.move(codes["us"], "us.enforcement", 0.9, 1)  # a slider of last round's page
    for stale in (
        lambda: store.lock(codes["us"], 1),
        lambda: store.unlock(codes["us"], 1),
        lambda: store.ask(codes["south"], ["us_financing"], 1),
        lambda: store.inject(codes["facilitator"], "A Taiwan crisis", {}, True, 1),
        lambda: store.timer(codes["facilitator"], 5, 1),
    ):
        with pytest.raises(GameError, match="nothing was done"):
            stale()
    assert store.undo(codes["facilitator"], 2) == 1
    with pytest.raises(GameError, match="nothing was done"):
        store.undo(codes["facilitator"], 2)  # a double click undoes one round
    assert [row["kind"] for row in store.rows(codes["game"])] == ["advance", "undo"]


def test_button_presses_and_typed_values_from_a_hand_made_request_are_refused_in_words():
    from sim.web.game.app import minutes, parse_act

    assert parse_act({"kind": "advance", "round": 2, "at": 0.5}) == ("advance", 2)
    for bad in (None, "advance", {"kind": "drop", "round": 1}, {"kind": "advance", "round": "1"}, {"kind": "lock"}):
        with pytest.raises(GameError, match="not understood"):
            parse_act(bad)
    assert minutes(8) == 8.0
    for bad in ("lots", None, 0, 1e9, float("nan")):
        with pytest.raises(GameError, match="choose 1 to 60 minutes"):
            minutes(bad)


# ---- the referee ----------------------------------------------------------------------------------
def play_two_rounds(store: Store, codes: dict) -> None:
    store.move(codes["us"], "us.export_control_stringency", 1.0)
    store.move(codes["cn"], "cn.self_sufficiency_investment_usd", 2e10)
    store.ask(codes["south"], ["us_financing"])
    store.advance(codes["facilitator"])
    store.move(codes["us"], "us.partner_financing_usd", 5e9)  # the South's ask, answered
    store.inject(codes["facilitator"], "A Taiwan crisis", {}, True)
    store.advance(codes["facilitator"])


def test_the_game_replays_exactly_as_the_exported_scenario(store, tmp_path):
    codes = new(store)
    play_two_rounds(store, codes)
    state = store.state(codes["game"])
    game = rf.runs(state)
    path = tmp_path / "game.yaml"
    path.write_text(rf.exported_yaml(state), encoding="utf-8")
    scenario = load_scenario(path)
    assert [(e.at, e.crisis) for e in scenario.events] == [("2025Q1", False), ("2026Q1", True)]
    assert scenario.events[0].set == {"us.export_control_stringency": 1.0, "cn.self_sufficiency_investment_usd": 2e10}
    replayed = runs_of(scenario).frame
    replayed = replayed[replayed["step"] <= 8].reset_index(drop=True)
    pd.testing.assert_frame_equal(replayed, game, check_exact=True)
    moved = game.groupby("step")["cn_domestic_chip_share"].median()
    held = rf.reference(state).groupby("step")["cn_domestic_chip_share"].median()
    assert moved[8] != held[8]  # the moves did something the reference did not


def test_an_undone_round_is_replayed_from_the_start_with_the_new_moves(store):
    codes = new(store)
    store.move(codes["us"], "us.export_control_stringency", 1.0)
    store.advance(codes["facilitator"])
    first = rf.runs(store.state(codes["game"]))
    store.undo(codes["facilitator"])
    store.move(codes["us"], "us.export_control_stringency", 0.0)
    store.advance(codes["facilitator"])
    state = store.state(codes["game"])
    again = rf.runs(state)
    assert not again["compute_cn"].equals(first["compute_cn"])
    replayed = runs_of(rf.exported(state)).frame
    pd.testing.assert_frame_equal(replayed[replayed["step"] <= 4].reset_index(drop=True), again, check_exact=True)


def test_scores_follow_the_written_rule_and_the_south_scores_answered_asks(store):
    codes = new(store)
    play_two_rounds(store, codes)
    state = store.state(codes["game"])
    game, ref = rf.runs(state), rf.reference(state)
    found = rf.scores(state, game, ref)
    goals = [s for s in found if isinstance(s, rf.GoalScore)]
    assert len(goals) == 2 * sum(len(TEAMS[t].goals) for t in state.teams)
    for s in goals:
        assert s.points == (1 if s.z * s.direction >= 0.5 else -1 if s.z * s.direction <= -0.5 else 0)
    asks = [s for s in found if isinstance(s, rf.AskScore)]
    assert [(s.ask, s.answered, s.round) for s in asks] == [("us_financing", True, 2)]
    # the crisis in round 2 raises tension: both powers lose their tension goal that round
    assert {(s.team, s.points) for s in goals if s.round == 2 and s.outcome == "tension"} == {("us", -1), ("cn", -1)}


def test_the_debrief_has_a_timeline_what_changed_and_the_closest_library_scenario(store):
    codes = new(store)
    play_two_rounds(store, codes)
    state = store.state(codes["game"])
    game, ref = rf.runs(state), rf.reference(state)
    table = debrief.timeline(state, game, ref)
    assert list(table["round"]) == [1, 2]
    assert "US export controls on chips to China to 1" in table.loc[0, "United States: moves"]
    assert "asked: US: finance" in table.loc[0, "The developing world: moves"]
    assert table.loc[1, "events"] == "A Taiwan crisis"
    assert any(c.clear for c in debrief.changes(state, game, ref))
    near = debrief.closest_words(state, game, ref)
    assert "tight_controls" in [name for name, _, _ in near]  # the US team played tight controls
    html = debrief.report(state, game, ref)
    assert (
        "not forecasts" in html and "Tight controls" in html and html.count("<svg") == len(debrief.goal_outcomes(state))
    )
    assert debrief.png(state, game, ref)[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_start_scenario_with_an_event_after_the_game_is_refused_with_its_reason(store):
    with pytest.raises(ValueError, match="taiwan_crisis cannot be played for 2 rounds"):
        new(store, rounds=2, scenario="taiwan_crisis")


# ---- the commands ---------------------------------------------------------------------------------
def test_game_new_prints_a_facilitator_link_and_a_join_link_per_team(tmp_path, airace):
    db = tmp_path / "g.sqlite"
    result = airace.invoke("game", "new", "--teams", "us,cn,labs", "--rounds", "2", "-n", "2", "--db", str(db))
    assert result.exit_code == 0, result.output
    facilitator = re.search(r"Facilitator .*\?code=([A-Z0-9-]+)", result.output).group(1)
    codes = Store(db).codes(facilitator)
    assert codes["facilitator"] == facilitator
    for team in ("us", "cn", "labs"):
        assert f"code {codes[team]}  join: http://127.0.0.1:8000/game/?code={codes[team]}" in result.output
    bad = airace.invoke("game", "new", "--teams", "us,mars", "--db", str(db))
    assert bad.exit_code == 2 and "unknown team mars" in bad.output


def test_game_export_writes_a_scenario_that_airace_run_replays_to_the_games_numbers(store, tmp_path, airace):
    codes = new(store)
    play_two_rounds(store, codes)
    result = airace.invoke("game", "export", codes["game"], "--db", str(store.path), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    for suffix in (".yaml", "_timeline.csv", ".png", "_debrief.html"):
        assert (tmp_path / f"game_{codes['game']}{suffix}").exists()
    out = tmp_path / "out"
    run = airace.invoke("run", str(tmp_path / f"game_{codes['game']}.yaml"), "--out", str(out), "--quiet")
    assert run.exit_code == 0, run.output
    frame = pd.read_parquet(out / "timeseries.parquet")
    game = rf.runs(store.state(codes["game"]))
    for column in ("capability_gap", "compute_cn", "tension", "reach_cn"):
        mine = game.pivot(index="replication", columns="step", values=column)
        theirs = frame.pivot(index="replication", columns="step", values=column).loc[:, : game["step"].max()]
        assert (mine.to_numpy() == theirs.to_numpy()).all(), column


# ---- a real server: nothing lost on restart, nothing shown too early --------------------------------
@pytest.mark.slow
def test_moves_survive_a_server_restart_and_a_team_never_sees_anothers_unrevealed_moves(store):
    from game_load import Session, run_async

    from tests.gameserver import GameServer

    codes = new(store, ("us", "cn", "south"), rounds=2)
    china_move = debrief.move_words("cn.open_model_subsidy", 0.95)  # as the pages word it
    us_move = debrief.move_words("us.enforcement", 0.95)

    async def session(port: int, code: str, team: str) -> Session:
        client = Session(port, code, team, 0)
        await client.connect()
        await client.wait_for("Round 1 of")
        return client

    async def first_half(port: int) -> list[str]:
        us = await session(port, codes["us"], "us")
        cn = await session(port, codes["cn"], "cn")
        await us.ws.send('{"method": "update", "data": {"r1__us__enforcement": 0.95}}')
        await cn.ws.send('{"method": "update", "data": {"r1__cn__open_model_subsidy": 0.95}}')
        await cn.wait_for(china_move)  # China's own page lists its move
        await asyncio.sleep(2.0)  # several polls: the US page would have redrawn by now
        seen = list(us.seen)
        await us.close()
        await cn.close()
        return seen

    with GameServer(store.path) as server:
        seen_by_us = run_async(first_half(server.port))
        assert seen_by_us and not any(china_move in message for message in seen_by_us)
        server.restart()
        state = store.state(codes["game"])
        assert state.at(1).moves == {"us": {"us.enforcement": 0.95}, "cn": {"cn.open_model_subsidy": 0.95}}

        async def after_restart(port: int) -> None:
            us = await session(port, codes["us"], "us")
            await us.wait_for(us_move)  # its own move, read back from SQLite
            assert not any(china_move in message for message in us.seen)
            mark = len(us.seen)
            store.advance(codes["facilitator"])
            await us.wait_for(china_move, since=mark)  # revealed once the round is played
            await us.close()

        run_async(after_restart(server.port))
    with sqlite3.connect(store.path) as db:
        kinds = [row[0] for row in db.execute("SELECT kind FROM log ORDER BY seq")]
    assert kinds == ["move", "move", "advance"]


def test_the_game_guide_lists_every_teams_goals_and_the_readme_shows_the_commands():
    from sim.registry.labels import OUTCOME_LABELS

    root = ROOT
    guide = (root / "docs" / "running-a-game.md").read_text(encoding="utf-8")
    for team in TEAMS.values():
        row = next(line for line in guide.splitlines() if line.startswith(f"| {team.name}"))
        for goal in team.goals:
            words = "higher" if goal.direction > 0 else "lower"
            assert f"{OUTCOME_LABELS[goal.outcome].title} {words}" in row, (team.id, goal.outcome)
    readme = (root / "README.md").read_text(encoding="utf-8")
    for command in ("airace game new", "airace game serve", "airace game export", "docs/running-a-game.md"):
        assert command in readme
    assert (root / "docs" / "images" / "game_facilitator.png").exists()


def test_a_store_folds_only_the_new_rows_and_gives_what_a_full_read_gives(store):
    codes = store.create({"teams": ["us", "cn"], "rounds": 3, "scenario": {}})
    game = codes["game"]
    store.move(codes["us"], "us.enforcement", 0.9)
    first = store.state(game)
    reads: list[str] = []
    original = store._connect

    def counted():
        connection = original()
        db = connection.__enter__()
        db.set_trace_callback(reads.append)
        return _Entered(connection, db)

    store._connect = counted
    assert store.state(game, first.seq) is first  # nothing new: not even the file is read
    assert reads == []
    store.move(codes["cn"], "cn.open_model_subsidy", 0.3)
    store.lock(codes["us"])
    store.advance(codes["facilitator"])
    store.undo(codes["facilitator"])
    later = store.state(game)
    store._connect = original
    selects = [sql for sql in reads if sql.startswith("SELECT seq")]
    assert selects and all("seq > " in sql for sql in selects)  # each read asks for rows after the last seen
    assert store.version(game) == later.seq
    fresh = Store(store.path).state(game)  # a new Store reads the whole log
    assert (fresh.round, fresh.rounds, fresh.seq) == (later.round, later.rounds, later.seq)
    assert first.at(1).moves == {"us": {"us.enforcement": 0.9}}  # an earlier state is not changed by later rows


class _Entered:
    def __init__(self, manager, db):
        self.manager, self.db = manager, db

    def __enter__(self):
        return self.db

    def __exit__(self, *exc):
        return self.manager.__exit__(*exc)


def test_team_codes_expire_with_the_game_and_new_codes_replace_the_old_at_once(store, tmp_path, airace):
    codes = store.create({"teams": ["us", "cn"], "rounds": 1, "scenario": {}})
    game = codes["game"]
    assert not store.expired(*store.who(codes["us"]))
    renewed = store.rotate(codes["facilitator"])
    assert store.who(codes["us"]) is None and store.who(codes["projector"]) is None  # old codes: nothing
    assert store.who(renewed["us"]) == (game, "us") and renewed["facilitator"] == codes["facilitator"]
    assert store.state(game).codes == 1  # pages opened with an old code learn of it from the log
    with pytest.raises(PermissionError):
        store.rotate(renewed["us"])  # only the facilitator renews codes
    store.advance(codes["facilitator"])
    assert store.expired(game, "us") and store.expired(game, "cn")
    assert not store.expired(game, "facilitator") and not store.expired(game, "projector")
    store.undo(codes["facilitator"], 2)
    assert not store.expired(game, "us")  # the game is open again

    db = tmp_path / "games.sqlite"
    result = airace.invoke("game", "rotate-codes", game, "--db", str(db))
    assert result.exit_code == 0, result.output
    facilitator = re.search(r"Facilitator .*\?code=([A-Z0-9-]+)", result.output).group(1)
    assert store.who(codes["facilitator"]) is None and store.who(facilitator) == (game, "facilitator")
    latest = store.codes(facilitator)
    assert f"United States: code {latest['us']}" in result.output and store.who(latest["us"]) == (game, "us")
    bad = airace.invoke("game", "rotate-codes", "nosuch", "--db", str(db))
    assert bad.exit_code == 2 and "no game 'nosuch'" in bad.output and len(bad.output.strip().splitlines()) == 1


def test_a_government_teams_spending_counts_against_its_budget_and_a_move_beyond_it_is_refused(store):
    from sim.web.game.teams import budget_lever, spending_levers

    codes = new(store, teams=("us", "cn", "labs"))
    game = codes["game"]
    assert budget_lever("us") == "us.budget_usd" and budget_lever("labs") is None
    assert all(lever.endswith("_usd") for lever in spending_levers("cn")) and spending_levers("cn")
    before = rf.budget(store.state(game), "us")
    assert before.total == PARAMS["us.budget_usd"].default or before.total > 0
    assert math.isclose(before.used + before.left, before.total)
    too_much = before.total - before.used + before.spent["us.compute_investment_usd"] + 1e9
    with pytest.raises(GameError, match="over your budget"):
        store.move(codes["us"], "us.compute_investment_usd", too_much)
    assert "us" not in store.state(game).at(1).moves  # nothing written
    fits = before.spent["us.compute_investment_usd"] + before.left / 2
    store.move(codes["us"], "us.compute_investment_usd", fits)
    after = rf.budget(store.state(game), "us")
    assert math.isclose(after.left, before.left / 2)
    store.move(codes["us"], "us.compute_investment_usd", 0.0)  # spending less is always allowed
    assert rf.budget(store.state(game), "labs") is None
