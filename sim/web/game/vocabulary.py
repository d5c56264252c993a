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

from sim.registry.params import PARAMS, Value


@dataclass(frozen=True)
class LibraryEvent:
    title: str
    levers: tuple[tuple[str, Value], ...]
    crisis: bool


@functools.cache
def _library() -> tuple[tuple[str, LibraryEvent], ...]:
    from sim.scenario.schema import Event
    from sim.web.dashboard.state import picker_entries

    found = []
    for name, entry in picker_entries().items():
        scenario = entry.scenario
        if entry.group == "One lever at a time" or name == "baseline":
            continue
        for event in scenario.events:
            if event.crisis:
                title = f"A Taiwan / TSMC crisis now (the crisis of '{scenario.plain_title}')"
                found.append((f"{name}_crisis", LibraryEvent(title, (), True)))
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


ACTOR_WORDS = {"us": "the US", "cn": "China", "firms": "the labs"}
ACTOR_OF = {"us": "us", "cn": "cn", "labs": "firms"}


def library_events(teams: list[str]) -> dict[str, LibraryEvent]:
    """The events a game of ``teams`` may inject: the crises, and each library scenario's levers
    that no team plays (a scenario that also sets a played team's levers keeps only the rest, and
    says whose part it is)."""
    actors = {ACTOR_OF[team] for team in teams if team in ACTOR_OF}  # a played government's doctrine too
    found = {}
    for key, event in _library():
        kept = tuple((k, v) for k, v in event.levers if k.split(".")[0] not in actors)
        if event.crisis or kept == event.levers:
            found[key] = event
        elif kept:
            whose = " and ".join(sorted({ACTOR_WORDS[k.split(".")[0]] for k, _ in kept}))
            found[key] = LibraryEvent(f"{event.title}: the part of {whose}", kept, False)
    return found
