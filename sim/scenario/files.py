"""Reading scenario files: YAML, ``extends``, ``--set`` pairs, and errors for the person who wrote them.

Every error names the file, the key (with its line where YAML gives one), the bad value and what is
allowed. A hostile file gets the same: a scenario file must be a regular file of at most
``MAX_FILE_BYTES``, UTF-8, with at most ``MAX_YAML_NODES`` values once its aliases are expanded
(a "billion laughs" file is refused before anything walks it) and ``MAX_EXTENDS`` files in a chain.
"""

from __future__ import annotations

import os
import reprlib
import stat
from pathlib import Path

import yaml
from pydantic import ValidationError

from sim.registry.constraints import CONSTRAINTS, broken
from sim.registry.params import ParameterError, Value, check, resolve, suggest
from sim.scenario.schema import Scenario


class ScenarioError(ValueError):
    """A scenario that cannot be run, with a message for the person who wrote it."""


MAX_FILE_BYTES = 1_000_000
MAX_YAML_NODES = 100_000  # values after aliases are expanded; the library's largest has about 60
MAX_EXTENDS = 20  # files in an ``extends`` chain
MAX_RUNS = 1_000_000  # runs (sweep points x replications) without --max-runs: about a day on 2 cores

_KEYS = (*tuple(Scenario.model_fields), "extends")
# What a scenario does not take from the one it extends.
_OWN = {"source", "quote", "sweep", "title", "theme", "watch", "set_by_command", "reference"}


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


def _shown(value: object, limit: int = 100) -> str:
    """The value as the error quotes it: its repr, cut to ``limit`` characters."""
    text = reprlib.Repr(maxstring=limit, maxother=limit, maxlist=6, maxdict=4, maxlevel=3).repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
        return f"{where}: {_shown(cause.value)} is not allowed; expected {cause.allowed}"
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
    return f"{where}: {_shown(error.get('input'))} is not allowed; {message}"


def _read_text(path: Path) -> str:
    """The file's text: a regular file (not a FIFO, a device or a folder) of at most ``MAX_FILE_BYTES``
    in UTF-8. Opened without blocking, so a FIFO is refused instead of waited on."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ScenarioError(f"{path}: cannot read the scenario file ({error.strerror})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
        raise ScenarioError(f"{path}: is {kind}; expected a scenario file (YAML)")
    with os.fdopen(fd, "rb") as file:
        try:
            data = file.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise ScenarioError(f"{path}: cannot read the scenario file ({error.strerror})") from None
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError(
            f"{path}: the file is over {MAX_FILE_BYTES:,} bytes; a scenario file is at most {MAX_FILE_BYTES:,} "
            "(a sweep of many values is better written as a range {from, to, num})"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ScenarioError(
            f"{path}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "a scenario file is YAML saved as UTF-8"
        ) from None


def _expanded_size(node: yaml.Node, sizes: dict[int, int], open_: set[int]) -> int:
    """How many values the node stands for once its aliases are expanded (each shared node counted
    once per use, as a reader of the data meets it, but measured once)."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_:
        raise ValueError("an alias refers to the value that contains it")
    open_.add(key)
    if isinstance(node, yaml.MappingNode):
        children = [child for pair in node.value for child in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
    else:
        children = []
    total = 1
    for child in children:
        total += _expanded_size(child, sizes, open_)
        if total > MAX_YAML_NODES:
            break
    open_.discard(key)
    sizes[key] = total
    return total


def _duplicate_key(node: yaml.Node, seen: set[int] | None = None) -> tuple[str, int, int] | None:
    """The first key a mapping sets twice, with both lines (YAML itself keeps the last silently)."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return None
    seen.add(id(node))
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        lines: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                if key.value in lines:
                    return key.value, lines[key.value], key.start_mark.line + 1
                lines[key.value] = key.start_mark.line + 1
            children += [key, value]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
    for child in children:
        found = _duplicate_key(child, seen)
        if found:
            return found
    return None


def _parse(path: Path, text: str) -> tuple[object, yaml.Node | None]:
    """The YAML document as data, and its node tree; refuses documents whose aliases expand past
    ``MAX_YAML_NODES`` values before building (or letting anything walk) the expanded data."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        try:
            size = _expanded_size(node, {}, set())
        except ValueError as error:
            raise ScenarioError(f"{path}: not allowed: {error}; write the value out instead") from None
        if size > MAX_YAML_NODES:
            raise ScenarioError(
                f"{path}: the YAML expands to over {MAX_YAML_NODES:,} values (through aliases, `*name`); "
                f"a scenario has at most {MAX_YAML_NODES:,}"
            )
        duplicate = _duplicate_key(node)
        if duplicate:
            key, first, second = duplicate
            raise ScenarioError(
                f"{path}: key {key} is set twice (line {first} and line {second}); YAML would keep only the "
                "last: keep one"
            )
        return loader.construct_document(node), node
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioError(f"{path}: not valid YAML{where}: {getattr(error, 'problem', None) or error}") from None
    except RecursionError:
        raise ScenarioError(f"{path}: not allowed: values nested too deeply for a scenario") from None
    finally:
        loader.dispose()


def _read(path: Path) -> tuple[dict, dict[tuple, int]]:
    data, node = _parse(path, _read_text(path))
    if not isinstance(data, dict):
        found = "an empty file" if data is None else type(data).__name__
        raise ScenarioError(f"{path}: expected a mapping of scenario keys ({', '.join(_KEYS)}), found {found}")
    return data, _key_lines(node)


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
    if data.get("reference") == "extends" and "extends" not in data:
        raise ScenarioError(
            f"{path}: key reference (line {lines.get(('reference',))}): 'extends' is not allowed; "
            "this file extends no other scenario (add `extends: FILE`, or choose reference: baseline)"
        )
    if "extends" in data:
        target = data.pop("extends")
        where = f"{path}: key extends (line {lines.get(('extends',))}): {target!r}"
        if not isinstance(target, str):
            raise ScenarioError(f"{where} is not allowed; expected a file path")
        try:
            parent_path = (path.parent / target).resolve()
            chain = (*_chain, path.resolve())
        except (OSError, RuntimeError) as error:  # a symlink loop: RuntimeError before Python 3.13
            raise ScenarioError(f"{where} cannot be followed ({error})") from None
        if parent_path in chain:
            raise ScenarioError(f"{where} makes a cycle: {' -> '.join(str(p) for p in (*chain, parent_path))}")
        if len(chain) >= MAX_EXTENDS:
            raise ScenarioError(f"{where} is not allowed; a chain of extends holds at most {MAX_EXTENDS} files")
        if not parent_path.exists():
            raise ScenarioError(f"{where} is not allowed; no such file {parent_path}")
        if parent_path.is_dir():
            raise ScenarioError(f"{where} is not allowed; {parent_path} is a folder, expected a scenario file")
        # A seed quote and a sweep belong to the file that states them: neither is inherited.
        parent = load_scenario(parent_path, chain).model_dump(by_alias=True, exclude_none=True, exclude=_OWN)
        data = _merge(parent, data)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(f"{path}: " + "; ".join(_describe(e, lines) for e in error.errors())) from None
    check_constraints(scenario, path, lines)
    return scenario


def check_constraints(scenario: Scenario, source: Path | str, lines: dict[tuple, int] | None = None) -> None:
    """Refuse a scenario that describes an impossible world (``sim.registry.constraints``): its own values,
    any sweep point, or the values its events set from their quarter."""
    lines = lines or {}
    base = resolve(scenario.model_params)
    try:
        points = scenario.points()
    except ValueError as error:
        raise ScenarioError(f"{source}: sweep: {error}") from None
    worlds = [(f"sweep point {i} ({_point_words(p)}): ", {**base, **p}) for i, p in enumerate(points) if p]
    worlds = worlds or [("", base)]  # a swept lever's own value is each point's
    current = dict(base)
    for event in sorted(scenario.events, key=lambda e: e.step):
        current.update(event.set)
        worlds.append((f"the event at {event.at}: ", dict(current)))
    for where, values in worlds:
        problems = broken(values)
        if problems:
            named = next(c for c in CONSTRAINTS if not c.holds(values)).names
            at = [f"{n} line {lines[('params', n)]}" for n in named if ("params", n) in lines]
            shown = f" ({', '.join(at)})" if at else ""
            raise ScenarioError(f"{source}: {where}an impossible world{shown}: {problems[0]}; lower one of them")


def _point_words(point: dict) -> str:
    return ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in point.items())


def extends_chain(path: str | Path) -> list[Path]:
    """The scenario file and every file it ``extends``, in order (each resolved); the file must
    have loaded with ``load_scenario`` first, which checks the chain."""
    chain = [Path(path).resolve()]
    while len(chain) <= MAX_EXTENDS:
        data, _ = _read(chain[-1])
        target = data.get("extends")
        if not isinstance(target, str):
            break
        chain.append((chain[-1].parent / target).resolve())
    return chain


def parse_sets(pairs: list[str]) -> dict[str, Value]:
    """``--set KEY=VALUE`` pairs (VALUE read as YAML, with the file's limits), checked against the registry."""
    sets = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise ScenarioError(f"--set {pair!r}: expected KEY=VALUE, e.g. --set us.export_control_stringency=0.9")
        value, _ = _parse(f"--set {_shown(pair)}", raw)
        try:
            sets[key.strip()] = check(key.strip(), value)
        except ParameterError as error:
            raise ScenarioError(
                f"--set {_shown(pair)}: {error.name}: {_shown(value)} is not allowed; expected {error.allowed}"
            ) from None
    return sets


def parse_reference(text: str) -> object:
    """``--reference TEXT``: ``baseline``, ``extends``, or a YAML mapping such as
    ``{point: {us.enforcement: 0.5}}``; the scenario checks what it names."""
    value, _ = _parse(f"--reference {_shown(text)}", text)
    if value in ("baseline", "extends") or isinstance(value, dict):
        return value
    raise ScenarioError(
        f"--reference {_shown(text)}: not allowed; expected baseline, extends, or a sweep point such as "
        "'{point: {us.export_control_stringency: 0.0}}'"
    )


def check_runs(scenario: Scenario, source: Path | str, max_runs: int | None = None) -> None:
    """Refuse a scenario of more than ``max_runs`` runs (``MAX_RUNS`` by default), saying what
    ``--max-runs`` would let it run."""
    check_constraints(scenario, source)  # again: --set may have changed the values
    limit = MAX_RUNS if max_runs is None else max_runs
    if scenario.runs > limit:
        points = scenario.runs // scenario.replications
        raise ScenarioError(
            f"{source}: {points:,} sweep points x {scenario.replications:,} replications = {scenario.runs:,} runs, "
            f"over the limit of {limit:,}; add --max-runs {scenario.runs} to run them all, or make the sweep smaller"
        )
