"""Scenario file -> validated config.

A scenario is a YAML file: ``name``, ``description`` (the question it teaches), ``steps``, ``seed``,
``replications`` and ``params`` (overrides by registry name). Every key and value is checked here,
and errors name the file, the key, the bad value and what is allowed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sim.params import ParameterError, Value, resolve, suggest

_FIELDS = ("name", "description", "steps", "seed", "replications", "params")


class ScenarioError(ValueError):
    """A scenario that cannot be run, with a message for the person who wrote it."""


class Scenario(BaseModel):
    """A validated scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_\-]+$", description="Short name, used for the results folder.")
    description: str = Field(default="", description="The question the scenario teaches.")
    steps: int = Field(default=40, ge=1, le=400, description="Quarters to simulate from 2025Q1.")
    seed: int = Field(default=0, ge=0, le=2**32 - 1, description="Root seed; replication seeds derive from it.")
    replications: int = Field(default=20, ge=1, le=100_000, description="Runs with different seeds.")
    params: dict[str, Value] = Field(default_factory=dict, description="Parameter overrides by registry name.")

    @field_validator("params")
    @classmethod
    def _known_params(cls, params: dict[str, Value]) -> dict[str, Value]:
        resolve(params)
        return params

    def with_overrides(self, **changes: Any) -> Scenario:
        """A copy with command-line overrides (None means keep the file's value)."""
        return self.model_validate({**self.model_dump(), **{k: v for k, v in changes.items() if v is not None}})


def _describe(error: dict) -> str:
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"key {key!r} is not a scenario key{suggest(key, _FIELDS)}; allowed keys: {', '.join(_FIELDS)}"
    if error["type"] == "value_error" and isinstance(error.get("ctx", {}).get("error"), ParameterError):
        bad = error["ctx"]["error"]
        return f"key params.{bad.name}: {bad.value!r} is not allowed; expected {bad.allowed}"
    return f"key {key}: {error.get('input')!r} is not allowed; {error['msg']}"


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raise ``ScenarioError`` with a message naming the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioError(f"{path}: cannot read the scenario file ({error.strerror})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioError(f"{path}: not valid YAML{where}: {getattr(error, 'problem', error)}") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: expected a mapping of scenario keys ({', '.join(_FIELDS)}), found {type(data).__name__}")
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(f"{path}: " + "; ".join(_describe(e) for e in error.errors())) from None
