"""What a facilitator may inject: events in the scenario library's own vocabulary.

The library's scenarios are the events a class can recognise. An injected event is one of them
applied from the open round on, restricted to actors no team plays (a team's levers are its own):
a Taiwan / TSMC crisis (the library's ``taiwan_crisis`` event), or the levers a library scenario sets
for the US, China or the labs when no team plays them (``china_open_models`` when nobody plays
China, ``safety_coalition`` when nobody plays the labs).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sim.game.teams import TEAMS
from sim.params import PARAMS, Value


@dataclass(frozen=True)
class LibraryEvent:
    title: str
    levers: tuple[tuple[str, Value], ...]
    crisis: bool


@functools.cache
def _library() -> tuple[tuple[str, LibraryEvent], ...]:
    from sim.dashboard.state import picker_entries
    from sim.scenario.schema import Event

    found = []
    for name, entry in picker_entries().items():
        scenario = entry.scenario
        if entry.group == "One lever at a time" or name == "baseline":
            continue
        for event in scenario.events:
            if event.crisis:
                found.append((f"{name}_crisis", LibraryEvent(f"{scenario.plain_title}: the crisis itself", (), True)))
        levers = {}
        for lever, value in scenario.model_params.items():
            if PARAMS[lever].kind != "lever":
                continue
            try:
                Event.model_validate({"at": "2025Q1", "set": {lever: value}})
            except ValueError:
                continue
            levers[lever] = value
        if levers:
            found.append((name, LibraryEvent(scenario.plain_title, tuple(sorted(levers.items())), False)))
    return tuple(found)


def library_events(teams: list[str]) -> dict[str, LibraryEvent]:
    """The events a game of ``teams`` may inject: each library event whose levers no team plays
    (the crises always)."""
    played = {lever for team in teams for lever in TEAMS[team].levers}
    return {key: event for key, event in _library() if not ({k for k, _ in event.levers} & played)}
