"""The registry's data files: one TOML file per parameter group, read and checked.

One TOML file per group in ``sim/registry/parameters/`` (``us.toml`` holds ``us.*``), one table
per parameter (``[export_control_stringency]``), read through ``importlib.resources`` so they ship inside the
wheel. A table's keys:

- ``kind``: ``lever``, ``assumption`` or ``data``; ``unit``, ``meaning``, ``source``: text.
- ``default``: a number (``0.8``; ``3`` makes a whole-number parameter), ``true``/``false``, or
  one of ``choices`` (a list of words); none for data, which is read from ``seeds/nations.csv``.
- ``min``, ``max``: the allowed range of a number (data parameters too).
- ``source``: a seed file name (then ``quote``, a verbatim part of one of its sentences), a named
  public source, or ``assumption`` (then ``reason`` says why).
- ``mid_run``: whether it may change during a run (scenario events, game rounds); levers may
  unless ``mid_run = false``, nothing else may. ``acts_in``: for a lever that moves nothing in
  the default world, the setting in which it acts.

A bad entry stops the import with one line naming the file, the parameter, the key and what is
allowed (``RegistryError``).
"""

import math
import tomllib
from collections.abc import Callable
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

# The group files in sim/registry/parameters/, in the order of the typed groups (and of every
# table the registry fills); a new group's file is named here.
DATA_DIR = "sim/registry/parameters"
GROUP_FILES = (
    "us",
    "cn",
    "firms",
    "compute",
    "export_controls",
    "smuggling",
    "efficiency",
    "race",
    "cooperation",
    "tension",
    "misuse",
    "adoption",
    "sentiment",
    "mechanisms",
    "nations",
)


class RegistryError(ValueError):
    """A bad entry in the registry's data files, said in one line: file, parameter, key, what is allowed."""


KEYS = (
    "kind",
    "default",
    "unit",
    "min",
    "max",
    "choices",
    "meaning",
    "source",
    "quote",
    "reason",
    "mid_run",
    "acts_in",
)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _entry(where: str, name: str, entry: object, seed_files: tuple[str, ...], nations_file: str) -> dict[str, Any]:
    """One table of a group file as the fields of a ``Param``, or ``RegistryError`` naming what is wrong."""
    if not isinstance(entry, dict) or not name.split(".", 1)[1].isidentifier():
        raise RegistryError(f"{where}: {name}: expected a table [<field>] (a Python name) of key = value lines")
    for key in entry:
        if key not in KEYS:
            raise RegistryError(f"{where}: {name}: unknown key {key!r}; allowed: {', '.join(KEYS)}")

    def bad(key: str, allowed: str) -> RegistryError:
        shown = f"{key} = {entry[key]!r} is not allowed" if key in entry else f"{key} is missing"
        return RegistryError(f"{where}: {name}: {shown}; expected {allowed}")

    kind = entry.get("kind")
    if kind not in ("lever", "assumption", "data"):
        raise bad("kind", "lever, assumption or data")
    for key in ("unit", "meaning", "source", "quote", "reason", "acts_in"):
        required = key in ("unit", "meaning", "source")
        if not isinstance(entry.get(key, ""), str) or (required and not entry.get(key)):
            raise bad(key, "text in quotes" + (" (required)" if required else ""))
    mid_run = entry.get("mid_run", kind == "lever")
    if not isinstance(mid_run, bool) or (mid_run and kind != "lever"):
        raise bad("mid_run", "true or false, and true only for a lever")
    _check_source(entry, bad, seed_files)
    fields = {key: entry.get(key, "") for key in ("kind", "unit", "meaning", "source", "quote", "reason", "acts_in")}
    return {"name": name, **fields, **_value_fields(entry, bad, nations_file), "mid_run": mid_run}


def _check_source(entry: dict[str, Any], bad: Callable[[str, str], RegistryError], seed_files: tuple[str, ...]) -> None:
    source, quote = entry["source"], entry.get("quote", "")
    if source.endswith(".txt") and source not in seed_files:
        raise bad("source", f"one of the seed files {', '.join(seed_files)}, a named public source, or assumption")
    if (source in seed_files) != bool(quote):
        raise bad("quote", "a verbatim part of a sentence of the seed file in source, and a quote only then")
    if source == "assumption" and not entry.get("reason"):
        raise bad("reason", "why, for a parameter whose source is an assumption")


def _value_fields(entry: dict[str, Any], bad: Callable[[str, str], RegistryError], nations_file: str) -> dict[str, Any]:
    """``default``, ``min``, ``max`` and ``choices``, checked against each other and the kind."""
    default, lo, hi, choices = entry.get("default"), entry.get("min"), entry.get("max"), entry.get("choices", [])
    if entry["kind"] == "data" and "default" in entry:
        raise bad("default", f"none: data parameters are read from {nations_file}")
    if entry["kind"] != "data" and not (isinstance(default, bool | str) or _number(default)):
        raise bad("default", "a number, true or false, or one of choices")
    if isinstance(default, bool | str) and ("min" in entry or "max" in entry):
        raise bad("default", "a number, as min and max give a range (a switch or a choice has none)")
    if isinstance(default, str) != ("choices" in entry):
        raise bad("choices", "a list of words, for a parameter whose default is a word (and only then)")
    words = isinstance(choices, list) and all(isinstance(c, str) for c in choices)
    if isinstance(default, str) and not (words and default in choices):
        raise bad("choices", f"a list of words that holds the default {default!r}")
    if default is None or _number(default):
        lo, hi = _range(entry, bad)
    return {"default": default, "min": lo, "max": hi, "choices": tuple(choices)}


def _range(entry: dict[str, Any], bad: Callable[[str, str], RegistryError]) -> tuple[float, float]:
    """``min`` and ``max`` of a number (or of data), as the type of the default, around the default."""
    default = entry.get("default")
    for key in ("min", "max"):
        if not _number(entry.get(key)):
            raise bad(key, f"a number, the {'lower' if key == 'min' else 'upper'} end of the range")
    if isinstance(default, int) and not (isinstance(entry["min"], int) and isinstance(entry["max"], int)):
        raise bad("default", f"{default}.0 for a number with decimals, or whole-number min and max for a count")
    lo, hi = (entry["min"], entry["max"]) if isinstance(default, int) else (float(entry["min"]), float(entry["max"]))
    if not lo <= hi or (default is not None and not lo <= default <= hi):
        raise bad("default" if lo <= hi else "max", f"min <= default <= max (min {lo:g}, max {hi:g})")
    return lo, hi


def load(seed_files: tuple[str, ...], nations_file: str, folder: Traversable | None = None) -> list[dict[str, Any]]:
    """Every parameter's fields, group file by group file in ``GROUP_FILES`` order, each entry checked:
    a quote's source must be one of ``seed_files``; data parameters are read from ``nations_file``."""
    folder = folder or resources.files("sim.registry").joinpath("parameters")
    stray = sorted({f.name for f in folder.iterdir() if f.name.endswith(".toml")} - {f"{g}.toml" for g in GROUP_FILES})
    if stray:
        raise RegistryError(f"{DATA_DIR}/{stray[0]}: not a group; name it in GROUP_FILES (sim/registry/param_files.py)")
    loaded: list[dict[str, Any]] = []
    for group in GROUP_FILES:
        where = f"{DATA_DIR}/{group}.toml"
        try:
            table = tomllib.loads(folder.joinpath(f"{group}.toml").read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise RegistryError(f"{where}: missing; GROUP_FILES in sim/registry/param_files.py names it") from None
        except tomllib.TOMLDecodeError as error:
            raise RegistryError(f"{where}: not valid TOML: {error}") from None
        loaded += [_entry(where, f"{group}.{field}", entry, seed_files, nations_file) for field, entry in table.items()]
    return loaded
