"""What a scenario may say: the pydantic models that validate it, and its JSON Schema.

Every value is checked against the parameter registry here, so a scenario that validates can run.
"""

from __future__ import annotations

import functools
import math
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sim.registry.calendar import quarter_label, step_of
from sim.registry.constraints import keeps
from sim.registry.params import (
    DOCTRINES,
    SEED_FILES,
    SETTABLE,
    ParameterError,
    Value,
    budget_overruns,
    check,
    check_mid_run,
    resolve,
)
from sim.registry.paths import SEEDS_DIR
from sim.scenario.sweeps import factorial, latin_hypercube

MAX_NAME_CHARS = 100  # a folder name under results/, well inside every filesystem's 255 bytes
MAX_DESCRIPTION_CHARS = 2_000  # about a page: what a chart heading and a report can show
MAX_SWEEP_POINTS = 100_000  # a sweep's points, counted before any is made


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


Sweep = dict[str, list[Value] | Span] | LatinHypercube


def _axes(sweep: Sweep) -> dict[str, list[Value] | Span]:
    return sweep.over if isinstance(sweep, LatinHypercube) else sweep


def _values(axis: list[Value] | Span) -> list[Value]:
    return axis.values() if isinstance(axis, Span) else list(axis)


def sweep_size(sweep: Sweep | None) -> int:
    """How many points the sweep has, counted without making them."""
    if sweep is None:
        return 1
    if isinstance(sweep, LatinHypercube):
        return sweep.latin_hypercube
    return math.prod((axis.num or 2) if isinstance(axis, Span) else len(axis) for axis in sweep.values())


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
        return {name: check_mid_run(name, value) for name, value in values.items()}

    @model_validator(mode="after")
    def _does_something(self) -> Event:
        if not self.set and not self.crisis:
            raise ValueError("an event needs `set` levers or `crisis: true`")
        return self

    @property
    def step(self) -> int:
        return step_of(self.at)


class ReferencePoint(_Strict):
    """A sweep point as the reference: the swept levers' values that pick it, or its index."""

    point: dict[str, Value] | int = Field(description="Swept levers and their values, or the point's index from 0.")


REFERENCES = ("baseline", "extends")
Reference = Literal[REFERENCES] | ReferencePoint  # type: ignore[valid-type]


class Doctrines(_Strict):
    us: Literal[DOCTRINES] | None = None  # type: ignore[valid-type]
    cn: Literal[DOCTRINES] | None = None  # type: ignore[valid-type]


class Scenario(_Strict):
    """A validated scenario (see ``sim.scenario`` for the file format)."""

    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=r"^[A-Za-z0-9_\-]+$")]
    title: str | None = Field(default=None, description="Plain title for charts and reports [default: from the name].")
    theme: str | None = Field(default=None, description="Theme the library lists it under, e.g. chips and controls.")
    description: str = Field(default="", max_length=MAX_DESCRIPTION_CHARS, description="The question it teaches.")
    watch: list[str] = Field(
        default_factory=list, max_length=6, description="Outcomes the lesson is about; its headline chart shows them."
    )
    set_by_command: dict[str, Value] = Field(
        default_factory=dict, description="What `--set` changed on the command line (kept for titles)."
    )
    source: str | None = Field(default=None, description="Seed article file the scenario embodies.")
    quote: str | None = Field(default=None, description="Verbatim part of the seed sentence it embodies.")
    steps: int = Field(default=40, ge=1, le=400, description="Quarters to simulate from 2025Q1.")
    seed: int = Field(default=0, ge=0, le=2**32 - 1, description="Root seed; replication seeds derive from it.")
    replications: int = Field(default=20, ge=1, le=100_000, description="Runs with different seeds per point.")
    doctrines: Doctrines = Field(default_factory=Doctrines)
    params: dict[str, Value] = Field(default_factory=dict, description="Parameter overrides by registry name.")
    events: list[Event] = Field(default_factory=list)
    sweep: Sweep | None = None
    reference: Reference | None = Field(
        default=None,
        description="What effects are measured against, on the same seeds: baseline (the library baseline, "
        "the default), extends (the file this one extends) or {point: {lever: value}} (a point of the sweep).",
    )

    @field_validator("watch")
    @classmethod
    def _known_outcomes(cls, watch: list[str]) -> list[str]:
        from sim.registry.labels import OUTCOME_LABELS
        from sim.registry.params import suggest

        for name in watch:
            if name not in OUTCOME_LABELS:
                raise ValueError(
                    f"{name!r} is not an outcome{suggest(name, list(OUTCOME_LABELS))}; see `airace outcomes`"
                )
        return watch

    @field_validator("params")
    @classmethod
    def _known_params(cls, params: dict[str, Value]) -> dict[str, Value]:
        return {name: check(name, value) for name, value in params.items()}

    @field_validator("sweep")
    @classmethod
    def _known_sweep(cls, sweep: Sweep | None) -> Sweep | None:
        if sweep is None:
            return None
        axes = _axes(sweep)
        if not axes:
            raise ValueError("a sweep needs at least one parameter")
        for name, axis in axes.items():
            values = _values(axis)
            if not values:
                raise ParameterError(name, axis, "a non-empty list of values")
            if isinstance(sweep, LatinHypercube):
                check(name, values[0])  # a bad name or value is told before the hypercube's rule
                if not isinstance(SETTABLE[name].default, float):
                    raise ParameterError(
                        name, "latin_hypercube", "a decimal parameter (a hypercube samples continuous values)"
                    )
            for value in values:
                check(name, value)
        points = sweep.latin_hypercube if isinstance(sweep, LatinHypercube) else sweep_size(sweep)
        if points > MAX_SWEEP_POINTS:
            raise ValueError(f"the sweep has {points:,} points; a sweep has at most {MAX_SWEEP_POINTS:,}")
        if isinstance(sweep, LatinHypercube):
            return sweep
        # Values as their parameter's type (YAML reads 2.5e9 as a string), so the manifest holds numbers.
        return {
            name: axis if isinstance(axis, Span) else [check(name, v) for v in axis] for name, axis in sweep.items()
        }

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        swept = set(self.swept)
        for event in self.events:
            if event.step > self.steps:
                raise ValueError(f"event at {event.at} is after the last quarter, {quarter_label(self.steps)}")
            for name in swept & set(event.set):
                raise ValueError(
                    f"the event at {event.at} sets {name}, which the sweep varies: from then on the event "
                    "would override every swept value; sweep it or set it by an event, not both"
                )
        for name in sorted(swept & set(self.model_params)):
            raise ValueError(
                f"params (or --set) sets {name} to {self.model_params[name]!r}, which the sweep varies: the runs "
                "would use the swept values; remove it from params or --set, or from the sweep"
            )
        if isinstance(self.reference, ReferencePoint):
            self.reference_point()  # raises, naming the key and the value, if it picks no single point
        if (self.source is None) != (self.quote is None):
            raise ValueError("`source` and `quote` go together")
        if self.source is not None:
            if self.source not in SEED_FILES:
                raise ValueError(f"source {self.source!r} is not a seed file; expected one of {', '.join(SEED_FILES)}")
            if self.quote not in (SEEDS_DIR / self.source).read_text(encoding="utf-8"):
                raise ValueError(f"quote {self.quote!r} does not appear verbatim in seeds/{self.source}")
        return self

    # ---- what a reader sees ----------------------------------------------------------------
    @property
    def plain_title(self) -> str:
        """``Tight controls``, or with what ``--set`` changed: ``Baseline, with US enforcement ... at 0.9``."""
        from sim.registry.labels import settings_phrase

        title = self.title or self.name.replace("_", " ").replace("-", " ").capitalize()
        return f"{title}, with {settings_phrase(self.set_by_command)}" if self.set_by_command else title

    @property
    def question(self) -> str:
        """The teaching question alone (the description up to its first question mark), without the
        answer the description goes on to give."""
        text = " ".join(self.description.split())
        end = text.find("?")
        return text[: end + 1] if end >= 0 else text.split(". ")[0]

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
        return () if self.sweep is None else tuple(_axes(self.sweep))

    @functools.cached_property
    def _points(self) -> tuple[dict[str, Value], ...]:
        # Sampled once per scenario object: the run, its counts, its budget check and its results
        # folder all ask for the points, and a large hypercube is slow to draw. The model is frozen,
        # so the points cannot go stale (``with_overrides`` validates a new object).
        if self.sweep is None:
            return ({},)
        if isinstance(self.sweep, LatinHypercube):
            over = {name: (span.start, span.stop) for name, span in self.sweep.over.items()}
            base = resolve(self.model_params)
            accept = lambda point: keeps({**base, **point})  # noqa: E731  (sim.registry.constraints: resampled until kept)
            return tuple(latin_hypercube(self.sweep.latin_hypercube, over, self.seed, accept))
        return tuple(factorial({name: [check(name, v) for v in _values(axis)] for name, axis in self.sweep.items()}))

    def reference_point(self) -> int | None:
        """The index of the sweep point chosen as the reference (``reference: {point: ...}``), or None."""
        if not isinstance(self.reference, ReferencePoint):
            return None
        chosen, shown = self.reference.point, f"reference: {{point: {self.reference.point!r}}}"
        if self.sweep is None:
            raise ValueError(f"{shown} is not allowed; a point reference needs a sweep in the same file")
        count = sweep_size(self.sweep)
        if isinstance(chosen, int):
            if not 0 <= chosen < count:
                raise ValueError(f"{shown} is not allowed; expected a point index from 0 to {count - 1}")
            return chosen
        unknown = sorted(set(chosen) - set(self.swept))
        if unknown:
            raise ValueError(
                f"{shown} is not allowed; {', '.join(unknown)} is not swept (the sweep varies {', '.join(self.swept)})"
            )
        wanted = {name: check(name, value) for name, value in chosen.items()}
        found = [i for i, point in enumerate(self._points) if all(point[k] == v for k, v in wanted.items())]
        if len(found) != 1:
            what = "no point" if not found else f"{len(found)} points"
            raise ValueError(
                f"{shown} is not allowed; it picks {what} of the sweep; name one value of each swept lever "
                f"({', '.join(self.swept)}) from its list, or the point's index"
            )
        return found[0]

    @property
    def runs(self) -> int:
        """Runs of the scenario: points x replications, counted without making the points."""
        return sweep_size(self.sweep) * self.replications

    def points(self) -> list[dict[str, Value]]:
        """The sweep's points (one empty point without a sweep): full factorial or Latin hypercube.
        A new list of new dicts each call, so a caller may change them."""
        return [dict(point) for point in self._points]

    def budget_warnings(self) -> list[str]:
        """Where the spending levers exceed a government's budget: at the start, at any sweep point,
        or after an event (each message once, with where it happens)."""
        warnings: list[str] = []
        seen: set[str] = set()
        for point in self._points:
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
        data["set_by_command"] = {**data.get("set_by_command", {}), **(sets or {})}
        data.update({k: v for k, v in options.items() if v is not None})
        return Scenario.model_validate(data)


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
