"""Scenario file -> validated config.

A scenario is a YAML file (read with a safe loader only)::

    name: tight_controls              # results go to results/<name>/
    description: the question it teaches
    source: 002_f0f9366b8b15f2e3.txt  # optional: the seed article it embodies...
    quote: "chokepoint"               # ...and a verbatim part of the sentence
    extends: baseline.yaml            # optional: start from another scenario (relative path)
    steps: 40                         # quarters from 2025Q1
    seed: 1                           # root seed; replication seeds derive from it
    replications: 20
    doctrines: {us: reactive, cn: fixed}
    params: {us.export_control_stringency: 1.0}
    events:                           # levers changed, or a crisis forced, at a quarter
      - {at: 2027Q1, set: {us.export_control_stringency: 0.0}}
      - {at: 2028Q3, crisis: true}
    sweep:                            # lists and ranges make a full factorial...
      us.enforcement: [0.1, 0.5, 0.9]
      us.export_control_stringency: {from: 0, to: 1, num: 5}
    # ...or: sweep: {latin_hypercube: 50, over: {us.enforcement: {from: 0, to: 1}}}

Values are resolved in this order, later winning: the registry's defaults, the scenario it
``extends`` (recursively), the file itself, ``--set`` on the command line, then the
``--replications``/``--seed``/``--steps`` options. Sweep values override ``params`` at each point,
and events change levers from their quarter on. Every error names the file, the key (with its line
where YAML gives one), the bad value and what is allowed.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sim.calendar import quarter_label, step_of
from sim.params import DOCTRINES, SEED_FILES, SETTABLE, ParameterError, Value, budget_overruns, resolve, suggest
from sim.paths import SCENARIOS_DIR, SEEDS_DIR


class ScenarioError(ValueError):
    """A scenario that cannot be run, with a message for the person who wrote it."""


def _check_value(name: str, value: object) -> Value:
    """A registry-checked value; ParameterError (with a suggestion) if the name or value is bad."""
    param = SETTABLE.get(name)
    if param is None:
        raise ParameterError(name, value, "a parameter name from `airace params`" + suggest(name))
    return param.check(value)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Span(_Strict):
    """A numeric interval ``{from, to}``; with ``num``, evenly spaced values including both ends."""

    start: float = Field(alias="from")
    stop: float = Field(alias="to")
    num: int | None = Field(default=None, ge=2, le=1000)

    def values(self) -> list[float]:
        return [float(v) for v in np.linspace(self.start, self.stop, self.num or 2)]


class LatinHypercube(_Strict):
    """``latin_hypercube: n`` points spread over the ``over`` intervals (scipy's LatinHypercube)."""

    latin_hypercube: int = Field(ge=1, le=100_000)
    over: dict[str, Span] = Field(min_length=1)


class Event(_Strict):
    """At quarter ``at``: set levers (``set``) and/or force a Taiwan / TSMC crisis (``crisis``)."""

    at: str = Field(description="Quarter, e.g. 2027Q1.")
    set: dict[str, Value] = Field(default_factory=dict)
    crisis: bool = False

    @field_validator("at", mode="before")
    @classmethod
    def _quarter(cls, value: object) -> str:
        step_of(str(value))
        return str(value)

    @field_validator("set")
    @classmethod
    def _levers(cls, values: dict[str, Value]) -> dict[str, Value]:
        checked = {}
        for name, value in values.items():
            checked[name] = _check_value(name, value)
            if SETTABLE[name].kind != "lever" or name == "firms.frontier_labs_per_bloc":
                raise ParameterError(name, value, "a lever that can change during a run (an event sets levers only)")
        return checked

    @model_validator(mode="after")
    def _does_something(self) -> Event:
        if not self.set and not self.crisis:
            raise ValueError("an event needs `set` levers or `crisis: true`")
        return self

    @property
    def step(self) -> int:
        return step_of(self.at)


class Doctrines(_Strict):
    us: Literal[DOCTRINES] | None = None  # type: ignore[valid-type]
    cn: Literal[DOCTRINES] | None = None  # type: ignore[valid-type]


Sweep = dict[str, list[Value] | Span] | LatinHypercube


class Scenario(_Strict):
    """A validated scenario (see the module docstring for the file format)."""

    name: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_\-]+$")]
    description: str = Field(default="", description="The question the scenario teaches.")
    source: str | None = Field(default=None, description="Seed article file the scenario embodies.")
    quote: str | None = Field(default=None, description="Verbatim part of the seed sentence it embodies.")
    steps: int = Field(default=40, ge=1, le=400, description="Quarters to simulate from 2025Q1.")
    seed: int = Field(default=0, ge=0, le=2**32 - 1, description="Root seed; replication seeds derive from it.")
    replications: int = Field(default=20, ge=1, le=100_000, description="Runs with different seeds per point.")
    doctrines: Doctrines = Field(default_factory=Doctrines)
    params: dict[str, Value] = Field(default_factory=dict, description="Parameter overrides by registry name.")
    events: list[Event] = Field(default_factory=list)
    sweep: Sweep | None = None

    @field_validator("params")
    @classmethod
    def _known_params(cls, params: dict[str, Value]) -> dict[str, Value]:
        return {name: _check_value(name, value) for name, value in params.items()}

    @field_validator("sweep")
    @classmethod
    def _known_sweep(cls, sweep: Sweep | None) -> Sweep | None:
        if sweep is None:
            return None
        axes = sweep.over if isinstance(sweep, LatinHypercube) else sweep
        if not axes:
            raise ValueError("a sweep needs at least one parameter")
        for name, axis in axes.items():
            values = axis.values() if isinstance(axis, Span) else axis
            if not values:
                raise ParameterError(name, axis, "a non-empty list of values")
            if isinstance(sweep, LatinHypercube):
                _check_value(name, values[0])
                if not isinstance(SETTABLE[name].default, float):
                    raise ParameterError(
                        name, "latin_hypercube", "a decimal parameter (a hypercube samples continuous values)"
                    )
            for value in values:
                _check_value(name, value)
        return sweep

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        for event in self.events:
            if event.step > self.steps:
                raise ValueError(f"event at {event.at} is after the last quarter, {quarter_label(self.steps)}")
        if (self.source is None) != (self.quote is None):
            raise ValueError("`source` and `quote` go together")
        if self.source is not None:
            if self.source not in SEED_FILES:
                raise ValueError(f"source {self.source!r} is not a seed file; expected one of {', '.join(SEED_FILES)}")
            if self.quote not in (SEEDS_DIR / self.source).read_text(encoding="utf-8"):
                raise ValueError(f"quote {self.quote!r} does not appear verbatim in seeds/{self.source}")
        return self

    # ---- what the runner needs ------------------------------------------------------------
    @property
    def model_params(self) -> dict[str, Value]:
        """Overrides for the model: params plus doctrines (a doctrine key wins over params)."""
        doctrines = {f"{bloc}.doctrine": d for bloc, d in self.doctrines.model_dump().items() if d}
        return {**self.params, **doctrines}

    @property
    def model_events(self) -> tuple[tuple[int, dict[str, Value], bool], ...]:
        return tuple((e.step, dict(e.set), e.crisis) for e in self.events)

    @property
    def swept(self) -> tuple[str, ...]:
        if self.sweep is None:
            return ()
        return tuple(self.sweep.over if isinstance(self.sweep, LatinHypercube) else self.sweep)

    def points(self) -> list[dict[str, Value]]:
        """The sweep's points (one empty point without a sweep): full factorial or Latin hypercube."""
        if self.sweep is None:
            return [{}]
        if isinstance(self.sweep, LatinHypercube):
            from scipy.stats import qmc

            names = list(self.sweep.over)
            unit = qmc.LatinHypercube(d=len(names), rng=np.random.default_rng(self.seed)).random(
                self.sweep.latin_hypercube
            )
            lows = [self.sweep.over[n].start for n in names]
            highs = [self.sweep.over[n].stop for n in names]
            return [dict(zip(names, map(float, row), strict=True)) for row in qmc.scale(unit, lows, highs)]
        axes = [(name, axis.values() if isinstance(axis, Span) else list(axis)) for name, axis in self.sweep.items()]
        grid = np.array(np.meshgrid(*[np.arange(len(v)) for _, v in axes], indexing="ij")).reshape(len(axes), -1).T
        return [
            {name: _check_value(name, values[i]) for (name, values), i in zip(axes, row, strict=True)} for row in grid
        ]

    def budget_warnings(self) -> list[str]:
        """Where the spending levers exceed a government's budget: at the start, at any sweep point,
        or after an event (each message once, with where it happens)."""
        warnings: list[str] = []
        seen: set[str] = set()
        for point in self.points():
            values = resolve({**self.model_params, **point})
            stages = [("", dict(values))]
            for event in sorted(self.events, key=lambda e: e.step):
                values.update(event.set)
                stages.append((f" from {event.at}", dict(values)))
            for where, stage in stages:
                for line in budget_overruns(stage):
                    if line not in seen:
                        seen.add(line)
                        warnings.append(line + where + (f" (at sweep point {point})" if point else ""))
        return warnings

    def with_overrides(self, sets: dict[str, Value] | None = None, **options: Any) -> Scenario:
        """A copy with ``--set`` parameter values and option overrides (None keeps the file's)."""
        data = self.model_dump(by_alias=True, exclude_none=True)
        data["params"] = {**data["params"], **(sets or {})}
        data.update({k: v for k, v in options.items() if v is not None})
        return Scenario.model_validate(data)


# ---- reading files ------------------------------------------------------------------------
_KEYS = (*tuple(Scenario.model_fields), "extends")


def _key_lines(node, path=()) -> dict[tuple, int]:
    """Line of every mapping key in a YAML node tree, by its key path."""
    lines = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[(*path, key.value)] = key.start_mark.line + 1
            lines.update(_key_lines(value, (*path, key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(_key_lines(item, (*path, i)))
    return lines


def _describe(error: dict, lines: dict[tuple, int]) -> str:
    # pydantic adds union-branch names to locations; keep only the user's keys and indices.
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and ("[" in p or p in ("Span", "LatinHypercube"))))
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, ParameterError) and cause.name not in loc:
        loc = (*loc, cause.name)
    key = ".".join(str(p) for p in loc) or "(top level)"
    line = next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), None)
    where = f"key {key}" + (f" (line {line})" if line else "")
    if isinstance(cause, ParameterError):
        return f"{where}: {cause.value!r} is not allowed; expected {cause.allowed}"
    if error["type"] == "extra_forbidden":
        name = str(loc[-1])
        if len(loc) == 1:
            return f"{where}: {name!r} is not a scenario key{suggest(name, _KEYS)}; allowed keys: {', '.join(_KEYS)}"
        return f"{where}: {name!r} is not allowed here"
    if error["type"] == "missing":
        return f"{where}: required but missing"
    message = str(cause) if cause is not None else error["msg"]
    return f"{where}: {error.get('input')!r} is not allowed; {message}"


def _read(path: Path) -> tuple[dict, dict[tuple, int]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioError(f"{path}: cannot read the scenario file ({error.strerror})") from None
    try:
        data = yaml.safe_load(text)
        lines = _key_lines(yaml.compose(text)) if data is not None else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioError(f"{path}: not valid YAML{where}: {getattr(error, 'problem', error)}") from None
    if not isinstance(data, dict):
        found = "an empty file" if data is None else type(data).__name__
        raise ScenarioError(f"{path}: expected a mapping of scenario keys ({', '.join(_KEYS)}), found {found}")
    return data, lines


def _merge(parent: dict, child: dict) -> dict:
    """Child keys win; params merge key by key; events add to the parent's."""
    merged = {**copy.deepcopy(parent), **child}
    merged["params"] = {**parent.get("params", {}), **(child.get("params") or {})}
    merged["events"] = [*parent.get("events", []), *(child.get("events") or [])]
    merged["doctrines"] = {**parent.get("doctrines", {}), **(child.get("doctrines") or {})}
    return merged


def load_scenario(path: str | Path, _chain: tuple[Path, ...] = ()) -> Scenario:
    """Read, resolve ``extends`` and validate a scenario; raise ``ScenarioError`` naming the file."""
    path = Path(path)
    data, lines = _read(path)
    if "extends" in data:
        target = data.pop("extends")
        if not isinstance(target, str):
            raise ScenarioError(
                f"{path}: key extends (line {lines.get(('extends',))}): {target!r} is not allowed; expected a file path"
            )
        parent_path = (path.parent / target).resolve()
        chain = (*_chain, path.resolve())
        if parent_path in chain:
            cycle = " -> ".join(str(p) for p in (*chain, parent_path))
            raise ScenarioError(
                f"{path}: key extends (line {lines.get(('extends',))}): {target!r} makes a cycle: {cycle}"
            )
        if not parent_path.is_file():
            raise ScenarioError(
                f"{path}: key extends (line {lines.get(('extends',))}): {target!r} is not allowed; "
                f"no such file {parent_path}"
            )
        parent = load_scenario(parent_path, chain).model_dump(by_alias=True, exclude_none=True)
        parent.pop("source", None), parent.pop("quote", None)
        if "sweep" not in data:
            parent.pop("sweep", None)
        data = _merge(parent, data)
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(f"{path}: " + "; ".join(_describe(e, lines) for e in error.errors())) from None


def parse_sets(pairs: list[str]) -> dict[str, Value]:
    """``--set KEY=VALUE`` pairs (VALUE read as YAML), checked against the registry."""
    sets = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise ScenarioError(f"--set {pair!r}: expected KEY=VALUE, e.g. --set us.export_control_stringency=0.9")
        try:
            value = yaml.safe_load(raw)
            sets[key.strip()] = _check_value(key.strip(), value)
        except yaml.YAMLError:
            raise ScenarioError(f"--set {pair!r}: {raw!r} is not a value") from None
        except ParameterError as error:
            raise ScenarioError(f"--set {pair!r}: {error}") from None
    return sets


def json_schema() -> dict:
    """JSON Schema of scenario files, with every parameter's type, range and meaning."""
    schema = Scenario.model_json_schema(by_alias=True)
    schema["properties"]["extends"] = {
        "type": "string",
        "description": "Another scenario file to start from (relative path).",
    }
    properties = {}
    for name, p in SETTABLE.items():
        if isinstance(p.default, bool):
            prop = {"type": "boolean"}
        elif p.choices:
            prop = {"enum": list(p.choices)}
        else:
            prop = {"type": "integer" if isinstance(p.default, int) else "number", "minimum": p.min, "maximum": p.max}
        properties[name] = {**prop, "description": f"[{p.kind}, {p.unit}] {p.meaning}", "default": p.default}
    schema["properties"]["params"] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "description": "Parameter overrides by registry name (see `airace params`).",
    }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "AI race simulator scenario"
    return schema


LIBRARY = SCENARIOS_DIR


def reference_for(scenario: Scenario) -> Scenario | None:
    """The baseline every chart is drawn against: the library baseline with the scenario's steps,
    seed and replications; None when the scenario is that baseline itself."""
    baseline = load_scenario(LIBRARY / "baseline.yaml")
    reference = baseline.with_overrides(steps=scenario.steps, seed=scenario.seed, replications=scenario.replications)
    same = scenario.model_params == reference.model_params and not scenario.events and scenario.sweep is None
    return None if same else reference


def library() -> list[tuple[Path, Scenario]]:
    """The scenario library, in file-name order."""
    return [(path, load_scenario(path)) for path in sorted(LIBRARY.glob("*.yaml"))]
