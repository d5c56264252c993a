"""What the dashboard holds and computes, without any UI: a setup, its URL and YAML, and its runs.

A :class:`Setup` is a library scenario plus the values a person set for its levers and
assumptions. Every value passes the registry's one check (``Param.check``) and the scenario schema
(``Scenario.model_validate``), exactly as a scenario file does, so the dashboard cannot run anything
a file could not. A setup is shared as a URL query (``?scenario=tight_controls&us.enforcement=0.9``:
the same names and values as ``airace run --set``) and exported as a self-contained scenario YAML
file that ``airace run`` reproduces run for run, since it names the same seed and replications.

Runs go through the one run path in this process (``sim.runner.replicate``), whose cache keeps them
by what decides their numbers, so a baseline is run once per (seed, replications, quarters) whatever
the number of browsers, and the classroom game can call :func:`runs_of` for its own scenarios.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import pandas as pd
import yaml

from sim.registry.labels import DEFAULT_WATCH, Display, lever_label, settings_phrase
from sim.registry.params import PARAMS, ParameterError, Value, check, resolve
from sim.scenario import Scenario, library, load_scenario
from sim.scenario.library import LIBRARY

BASELINE = "baseline"
ACTORS = {"us": "US government", "cn": "China government", "firms": "AI labs and chip makers"}
LEVERS = tuple(name for name, p in PARAMS.items() if p.kind == "lever")
ASSUMPTIONS = tuple(name for name, p in PARAMS.items() if p.kind == "assumption")
SHOWN = LEVERS + ASSUMPTIONS
MAX_REPLICATIONS = 50  # a lever move must redraw in about a second
MAX_SUGGESTIONS = 5  # an address's unknown names given a "did you mean" (each one searches the registry)


# ---- the library the picker offers ---------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """A scenario the picker offers: its name, validated scenario, file and the group it is listed in."""

    name: str
    scenario: Scenario
    path: Path
    group: str


def picker_entries(extra: Path | None = None, replications: int | None = None) -> dict[str, Entry]:
    """The library's single scenarios (sweeps are for ``airace run``), baseline first, then by
    theme; the single-lever companions last; ``extra`` (a file of a person's own) first of all.
    Each runs ``replications`` times (default: its own number, at most ``MAX_REPLICATIONS``)."""
    entries: dict[str, Entry] = {}
    found = [(path, s) for path, s in library() if s.sweep is None]
    if extra is not None and extra.resolve() not in {path.resolve() for path, _ in found}:
        scenario = with_replications(load_scenario(extra), replications)
        entries[scenario.name] = Entry(scenario.name, scenario, extra, "Your scenario file")
        found = [(path, s) for path, s in found if s.name != scenario.name]
    companions = LIBRARY / "companions"
    ordered = sorted(
        found,
        key=lambda item: (item[0].parent == companions, item[1].name != BASELINE, item[1].theme or "", item[1].name),
    )
    for path, scenario in ordered:
        scenario = with_replications(scenario, replications)
        group = "One lever at a time" if path.parent == companions else scenario.theme or "Other scenarios"
        entries[scenario.name] = Entry(scenario.name, scenario, path, group)
    return entries


# ---- a setup -----------------------------------------------------------------------------------
def start_values(scenario: Scenario) -> dict[str, Value]:
    """Every lever and assumption as the scenario starts them (defaults where it says nothing)."""
    values = resolve(scenario.model_params)
    return {name: values[name] for name in SHOWN}


@dataclass(frozen=True)
class Setup:
    """A scenario and the lever and assumption values set on top of it (only those that differ)."""

    scenario: Scenario
    changes: Mapping[str, Value] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario: Scenario, values: Mapping[str, Value]) -> Setup:
        """The setup of ``values`` (checked by the registry; those equal to the scenario's dropped)."""
        start = start_values(scenario)
        changes = {}
        for name, value in values.items():
            checked = check(name, value)
            if name not in start:
                raise ParameterError(name, value, "a lever or an assumption")
            if checked != start[name]:
                changes[name] = checked
        return cls(scenario, changes)

    @property
    def values(self) -> dict[str, Value]:
        return {**start_values(self.scenario), **self.changes}

    @property
    def changed_assumptions(self) -> dict[str, Value]:
        """Assumptions the person changed from the scenario's (what every chart then marks)."""
        return {name: value for name, value in self.changes.items() if name in ASSUMPTIONS}

    @property
    def scenario_assumptions(self) -> dict[str, Value]:
        """Assumptions the scenario itself sets away from the registry's documented defaults."""
        start = start_values(self.scenario)
        return {name: start[name] for name in ASSUMPTIONS if start[name] != PARAMS[name].default}

    @functools.cached_property
    def run(self) -> Scenario:
        """The scenario to run: the picked one with the changes, validated by the scenario schema."""
        if not self.changes:
            return self.scenario
        data = self.scenario.model_dump(by_alias=True, exclude_none=True)
        params = {**data["params"], **self.changes}
        doctrines = dict(data.get("doctrines") or {})
        for bloc in ("us", "cn"):  # a doctrine the scenario names wins over params: move it there
            if f"{bloc}.doctrine" in params:
                doctrines[bloc] = params.pop(f"{bloc}.doctrine")
        levers = {k: v for k, v in self.changes.items() if k in LEVERS}
        data.update(
            name=f"{self.scenario.name}_dashboard",
            title=f"{self.scenario.plain_title}, changed in the dashboard",
            description=self.scenario.description
            + (f" Changed in the dashboard: {settings_phrase(levers)}." if levers else "")
            + (f" Assumptions changed: {', '.join(sorted(self.changed_assumptions))}." if self.assumptions else ""),
            params=params,
            doctrines=doctrines,
            set_by_command={},
        )
        return Scenario.model_validate(data)

    @property
    def assumptions(self) -> bool:
        return bool(self.changed_assumptions)

    @property
    def watch(self) -> list[str]:
        return list(self.scenario.watch or DEFAULT_WATCH)

    # ---- sharing --------------------------------------------------------------------------
    def query(self) -> str:
        """The URL query that gives this setup back (values as ``airace run --set`` writes them)."""
        pairs = [("scenario", self.scenario.name)]
        pairs += [(name, _text(value)) for name, value in self.changes.items()]
        return "?" + urlencode(pairs, safe=".")

    def yaml(self) -> str:
        """A self-contained scenario file (no ``extends``) that ``airace run`` runs as the dashboard did."""
        scenario = self.run
        data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"set_by_command"})
        data = {k: v for k, v in data.items() if v not in ({}, [], None) or k == "params"}
        if not any(data.get("doctrines", {}).values()):
            data.pop("doctrines", None)
        header = (
            f"# {scenario.plain_title}: exported from the dashboard.\n"
            "# Conditional what-if trajectories for teaching and exploration, not forecasts.\n"
            f"# Run it with: airace run {scenario.name}.yaml\n"
        )
        return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def _parsed(text: str) -> Value:
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    return text.strip()  # the registry's check turns numbers written as text into numbers


def setup_from_query(query: str, entries: Mapping[str, Entry], default: str = BASELINE) -> tuple[Setup, list[str]]:
    """The setup a URL query describes, and what in it was not allowed (each skipped, with why)."""
    from sim.web.dashboard.guard import query_problem

    problems = []
    query = query.lstrip("?")
    too_much = query_problem(query)
    if too_much:  # the server refuses such an address; a hand-made session's is not read at all
        return Setup.of(entries[default].scenario, {}), [f"{too_much}: showing {default}"]
    pairs = parse_qsl(query, keep_blank_values=True)
    names = [v for k, v in pairs if k == "scenario"]
    name = names[-1] if names else default
    if name not in entries:
        problems.append(f"scenario: {name!r} is not in the library; showing {default}")
        name = default
    scenario = entries[name].scenario
    values: dict[str, Value] = {}
    unknown = []
    for key, text in pairs:
        if key in ("scenario", "lesson"):  # the lesson preset is the page's (sim.web.dashboard.lessons)
            continue
        if key not in PARAMS:  # a "did you mean" for the first few names only: each is a search
            unknown.append(key)
            if len(unknown) > MAX_SUGGESTIONS:
                continue
        try:
            values[key] = check(key, _parsed(text))  # the registry's one check: name, type and range
        except ParameterError as error:
            problems.append(str(error))
    if len(unknown) > MAX_SUGGESTIONS:
        rest = unknown[MAX_SUGGESTIONS:]
        shown = ", ".join(repr(name[:40]) for name in rest[:3])
        problems.append(f"{len(rest)} more names that are not parameters were skipped ({shown}…): see `airace params`")
    return Setup.of(scenario, values), problems


# ---- lever inputs: what a slider shows and what it means -----------------------------------------
@dataclass(frozen=True)
class Slider:
    """A numeric parameter as a slider shows it: in the label's units (USD bn, %), with a step."""

    name: str
    factor: float  # shown = raw / factor
    step: float
    post: str = ""

    @property
    def low(self) -> float:
        return PARAMS[self.name].min / self.factor

    @property
    def high(self) -> float:
        return PARAMS[self.name].max / self.factor

    def shown(self, raw: Value) -> float:
        return round(float(raw) / self.factor, 9)

    def raw(self, shown: float, start: Value) -> Value:
        """The parameter value a slider position means; the scenario's own value when the slider
        sits within half a step of it (a slider snaps a value off its grid to the grid)."""
        if abs(float(shown) - self.shown(start)) < self.step / 2:
            return start
        raw = float(shown) * self.factor
        if isinstance(PARAMS[self.name].default, int):
            return round(raw)
        return round(raw, 6 if self.factor == 1 else 0)


def slider_for(name: str) -> Slider:
    param = PARAMS[name]
    display = lever_label(name).display if name in LEVERS else Display.scale
    if display == Display.usd_bn:
        factor, post = 1e9, " bn"
    elif display == Display.percent:
        factor, post = 0.01, "%"
    else:
        factor, post = 1.0, ""
    if isinstance(param.default, int):
        return Slider(name, 1.0, 1.0)
    span = (param.max - param.min) / factor
    step = 10 ** math.floor(math.log10(span / 100)) if span > 0 else 1.0
    return Slider(name, factor, step, post)


def lever_groups() -> dict[str, dict[str, list[str]]]:
    """Levers by actor, then ``main`` (policies) and ``decides`` (doctrine and adaptive weights)."""
    groups: dict[str, dict[str, list[str]]] = {actor: {"main": [], "decides": []} for actor in ACTORS}
    for name in LEVERS:
        actor, key = name.split(".", 1)
        part = "decides" if key == "doctrine" or key.startswith("weight_") else "main"
        groups[actor][part].append(name)
    return groups


def assumption_groups() -> dict[str, list[str]]:
    """Assumptions by the group their name starts with (a mechanism's parameters); switches last."""
    groups: dict[str, list[str]] = {}
    for name in ASSUMPTIONS:
        groups.setdefault(name.split(".", 1)[0], []).append(name)
    switches = groups.pop("mechanisms")
    return {**groups, "mechanisms": switches}


# ---- runs --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Runs:
    """One scenario's replications: the tidy frame (one row per run and quarter) and the time taken."""

    scenario: Scenario
    frame: pd.DataFrame
    seconds: float


def _key(scenario: Scenario) -> str:
    return json.dumps(scenario.model_dump(mode="json", by_alias=True, exclude={"set_by_command"}), sort_keys=True)


def runs_of(scenario: Scenario) -> Runs:
    """Every replication of ``scenario`` (no sweep), run in this process through the one run path
    (``sim.runner.replicate``), whose cache keeps them by what decides their numbers."""
    from sim.runner.batches import replication_seeds
    from sim.runner.replicate import Config, run_replications

    if scenario.sweep is not None:
        raise ValueError(f"{scenario.name}: the dashboard runs single scenarios; run sweeps with `airace run`")
    runs = run_replications(Config.of(scenario), replication_seeds(scenario.seed, scenario.replications))
    return Runs(scenario, runs.frame(), runs.seconds)


def reference_of(scenario: Scenario) -> Scenario:
    """The fixed baseline a run is drawn against: the library baseline with the run's seed,
    replications and quarters, under the documented assumptions."""
    baseline = load_scenario(LIBRARY / "baseline.yaml")
    return baseline.with_overrides(steps=scenario.steps, seed=scenario.seed, replications=scenario.replications)


def with_replications(scenario: Scenario, replications: int | None) -> Scenario:
    """The scenario with at most ``MAX_REPLICATIONS`` runs, or exactly ``replications``."""
    count = replications or min(scenario.replications, MAX_REPLICATIONS)
    return scenario if count == scenario.replications else scenario.with_overrides(replications=count)
