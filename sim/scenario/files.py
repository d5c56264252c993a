"""Reading scenario files: YAML, ``extends``, ``--set`` pairs, and errors for the person who wrote them.

Every error names the file, the key (with its line where YAML gives one), the bad value and what is
allowed.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from sim.params import ParameterError, Value, check, suggest
from sim.scenario.schema import Scenario


class ScenarioError(ValueError):
    """A scenario that cannot be run, with a message for the person who wrote it."""


_KEYS = (*tuple(Scenario.model_fields), "extends")
_OWN = {"source", "quote", "sweep"}  # what a scenario does not take from the one it extends


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
    if not loc:  # a rule across keys: its message names them; the input is the whole scenario
        return message.removeprefix("Value error, ")
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
    """Child keys win; params and doctrines merge key by key; events add to the parent's."""
    merged = {**parent, **child}
    for key in ("params", "doctrines"):
        merged[key] = {**parent.get(key, {}), **(child.get(key) or {})}
    merged["events"] = [*parent.get("events", []), *(child.get("events") or [])]
    return merged


def load_scenario(path: str | Path, _chain: tuple[Path, ...] = ()) -> Scenario:
    """Read, resolve ``extends`` and validate a scenario; raise ``ScenarioError`` naming the file."""
    path = Path(path)
    data, lines = _read(path)
    if "extends" in data:
        target = data.pop("extends")
        where = f"{path}: key extends (line {lines.get(('extends',))}): {target!r}"
        if not isinstance(target, str):
            raise ScenarioError(f"{where} is not allowed; expected a file path")
        parent_path = (path.parent / target).resolve()
        chain = (*_chain, path.resolve())
        if parent_path in chain:
            raise ScenarioError(f"{where} makes a cycle: {' -> '.join(str(p) for p in (*chain, parent_path))}")
        if not parent_path.is_file():
            raise ScenarioError(f"{where} is not allowed; no such file {parent_path}")
        # A seed quote and a sweep belong to the file that states them: neither is inherited.
        parent = load_scenario(parent_path, chain).model_dump(by_alias=True, exclude_none=True, exclude=_OWN)
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
            sets[key.strip()] = check(key.strip(), value)
        except yaml.YAMLError:
            raise ScenarioError(f"--set {pair!r}: {raw!r} is not a value") from None
        except ParameterError as error:
            raise ScenarioError(f"--set {pair!r}: {error}") from None
    return sets
