"""The parameter registry: the one place a parameter's default, range, meaning and source live.

Parameters come in three kinds, kept apart wherever a user meets them (as EMA Workbench separates
levers from uncertainties): ``lever`` (what a government or firm chooses, or a scenario sets as
policy), ``assumption`` (uncertain facts about the world, and the mechanism switches) and ``data``
(the nations' attributes, read from ``seeds/nations.csv``). The CLI's ``airace params``, the
scenario schema and the ODD tables are all read from :data:`PARAMS`.

The entries are data, one TOML file per group (``sim/registry/parameters/``), read and checked by
:mod:`sim.registry.param_files`.
"""

from __future__ import annotations

import difflib
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple, cast

from sim.registry import groups, param_files
from sim.registry.param_files import GROUP_FILES, RegistryError  # noqa: F401 (part of the registry's API)

Kind = Literal["lever", "assumption", "data"]
Value = float | int | bool | str

SEED_000 = "000_4b5cad931bd66b1e.txt"
SEED_001 = "001_aa1f00dc0a143cd9.txt"
SEED_002 = "002_f0f9366b8b15f2e3.txt"
SEED_003 = "003_4b69d532f5e61c8c.txt"
SEED_FILES = (SEED_000, SEED_001, SEED_002, SEED_003)
NATIONS_FILE = "seeds/nations.csv"


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter: everything a user or a test needs to know about it.

    ``source`` is a seed file name (then ``quote`` is a verbatim part of one of its sentences),
    a named public source, or ``assumption`` (then ``meaning`` or ``reason`` says why).
    """

    name: str
    kind: Kind
    default: Value | None
    unit: str
    min: float | None
    max: float | None
    meaning: str
    source: str
    quote: str = ""
    reason: str = ""
    choices: tuple[str, ...] = ()
    mid_run: bool = False  # may change during a run (scenario events, game rounds): levers, unless structural
    acts_in: str = ""  # for a lever that moves nothing in the default world: the setting in which it acts

    @property
    def group(self) -> str:
        """The part of the model the parameter belongs to: a bloc, ``firms``, or a mechanism's name."""
        return self.name.split(".", 1)[0]

    @property
    def field(self) -> str:
        """Its name within the group: ``p.<group>.<field>``."""
        return self.name.split(".", 1)[1]

    @property
    def value_type(self) -> type:
        return type(self.default) if self.default is not None else str

    def check(self, value: object) -> Value:
        """Return ``value`` as this parameter's type, or raise ``ParameterError`` saying why not."""
        expected = self.value_type
        if expected is bool:
            if not isinstance(value, bool):
                raise ParameterError(self.name, value, "true or false")
            return value
        if expected is str:
            if value not in self.choices:
                raise ParameterError(self.name, value, f"one of {', '.join(self.choices)}")
            return value
        if isinstance(value, str):
            # YAML 1.1 (PyYAML) reads 1e9 and 10.0e9 as strings; take them as the numbers they are.
            try:
                value = float(value)
            except ValueError:
                raise ParameterError(self.name, value, f"a number {self.range_text()}") from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError(self.name, value, f"a number {self.range_text()}")
        if expected is int and not float(value).is_integer():
            raise ParameterError(self.name, value, f"a whole number {self.range_text()}")
        assert self.min is not None and self.max is not None, f"{self.name}: a number without a range"
        if not math.isfinite(value) or not (self.min <= value <= self.max):
            raise ParameterError(self.name, value, f"a number {self.range_text()}")
        return int(value) if expected is int else float(value)

    def range_text(self) -> str:
        return f"from {self.min:g} to {self.max:g}"


class ParameterError(ValueError):
    """A bad parameter name or value, worded for the person who wrote it."""

    def __init__(self, name: str, value: object, allowed: str):
        self.name, self.value, self.allowed = name, value, allowed
        super().__init__(f"{name}: {value!r} is not allowed; expected {allowed}")


_PARAMS = [Param(**fields) for fields in param_files.load(SEED_FILES, NATIONS_FILE)]

PARAMS: dict[str, Param] = {p.name: p for p in _PARAMS}
assert len(PARAMS) == len(_PARAMS), "duplicate parameter name"
MECHANISMS = tuple(p.field for p in _PARAMS if p.group == "mechanisms")  # each one's switch: mechanisms.<name>
DOCTRINES = PARAMS["us.doctrine"].choices

SETTABLE = {name: p for name, p in PARAMS.items() if p.kind != "data"}
DEFAULTS: dict[str, Value] = {name: cast(Value, p.default) for name, p in SETTABLE.items()}


SPENDING_LEVERS = {
    "us": ("us.compute_investment_usd", "us.partner_financing_usd"),
    "cn": ("cn.compute_investment_usd", "cn.self_sufficiency_investment_usd", "cn.digital_silk_road_usd"),
}


def budget_overruns(values: dict[str, Value]) -> list[str]:
    """For each government whose spending levers exceed its budget: which levers, and by how much.

    The levers are spent as set all the same (a lever's setting is what gets spent); the budget
    then leaves nothing for the investment race or the doctrine to add.
    """
    lines = []
    for bloc, names in SPENDING_LEVERS.items():
        total, budget = sum(float(values[n]) for n in names), float(values[f"{bloc}.budget_usd"])
        if total > budget:
            parts = " + ".join(f"{n} {float(values[n]) / 1e9:.1f} bn" for n in names)
            lines.append(
                f"{bloc}: spending levers total USD {total / 1e9:.1f} bn a quarter ({parts}), over "
                f"{bloc}.budget_usd of {budget / 1e9:.1f} bn by {(total - budget) / 1e9:.1f} bn; they are "
                "spent as set, and the investment race and doctrine can add nothing"
            )
    return lines


RENAMED = {  # old name -> new name, so an old scenario file gets a one-line answer
    "mechanisms.efficiency_distillation": "mechanisms.efficiency",
    "mechanisms.investment_race": "mechanisms.race",
    "mechanisms.tension_crisis": "mechanisms.tension",
    "mechanisms.public_sentiment": "mechanisms.sentiment",
    **{
        f"controls.{field}": f"export_controls.{field}"
        for field in (
            "self_sufficiency_initial",
            "cn_domestic_share_initial",
            "learning_rate",
            "cn_capacity_initial_h100e",
            "capacity_cost_usd",
            "unmet_demand_to_capacity",
        )
    },
}


def suggest(name: str, candidates=SETTABLE) -> str:
    """A 'did you mean' hint for a mistyped or renamed parameter name, or an empty string."""
    if name in RENAMED:
        return f" ({name} was renamed to {RENAMED[name]})"
    close = difflib.get_close_matches(name, list(candidates), n=3, cutoff=0.6)
    if not close:
        tail = name.rsplit(".", 1)[-1]
        close = [n for n in candidates if n.rsplit(".", 1)[-1] == tail][:3]
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def check(name: str, value: object) -> Value:
    """``value`` as parameter ``name``'s type, or ``ParameterError`` saying what is allowed: the one
    check of a value set by a scenario, ``--set``, an event or a game round."""
    param = PARAMS.get(name)
    if param is None:
        raise ParameterError(name, value, "a parameter name from `airace params`" + suggest(name))
    if param.kind == "data":
        raise ParameterError(name, value, f"nothing: data parameters are read from {NATIONS_FILE}")
    return param.check(value)


def resolve(overrides: Mapping[str, object] | None = None) -> dict[str, Value]:
    """The full parameter set: defaults with ``overrides`` checked against the registry."""
    values = dict(DEFAULTS)
    for name, value in (overrides or {}).items():
        values[name] = check(name, value)
    return values


def check_mid_run(name: str, value: object) -> Value:
    """``value`` checked for a parameter set during a run (a scenario event, a game round): the
    registry says which parameters may change then (``Param.mid_run``)."""
    checked = check(name, value)
    param = PARAMS[name]
    if param.kind != "lever":
        raise ParameterError(name, value, f"a lever: only levers change during a run, and this is an {param.kind}")
    if not param.mid_run:
        raise ParameterError(name, value, "a lever that can change during a run; this one is fixed when the run starts")
    return checked


# ---- the typed, frozen parameter object ---------------------------------------------------
# Named tuples rather than frozen dataclasses: as typed and as immutable, and a copy with a change
# (a government's policy, each quarter) costs a fifth as much. Their classes are written out in
# sim/registry/groups.py, generated from the registry (``python -m sim.registry.params``), so that
# mypy and editors see every ``p.<group>.<field>``; tests/test_params.py checks the file is current.
GROUPS_MODULE = Path(__file__).with_name("groups.py")


def _group_fields() -> dict[str, list[tuple[str, type]]]:
    fields: dict[str, list[tuple[str, type]]] = {}
    for param in SETTABLE.values():
        fields.setdefault(param.group, []).append((param.field, param.value_type))
    return fields


def _class_name(group: str) -> str:
    return "".join(part.title() for part in group.split("_")) + "Parameters"


def groups_source() -> str:
    """The text of sim/registry/groups.py: one NamedTuple per group, in the registry's order."""
    lines = [
        '"""The parameter groups as classes the type checker sees: generated from the registry',
        "(sim/registry/parameters/*.toml) by ``uv run python -m sim.registry.params``; do not edit by hand.",
        '"""',
        "",
        "from typing import NamedTuple",
    ]
    fields = _group_fields()
    for group, names in fields.items():
        lines += ["", "", f"class {_class_name(group)}(NamedTuple):"]
        lines += [f"    {field}: {kind.__name__}" for field, kind in names]
    lines += ["", "", "class ParameterGroups(NamedTuple):"]
    lines += [f"    {group}: {_class_name(group)}" for group in fields]
    return "\n".join(lines) + "\n"


def _group_classes() -> tuple[dict[str, Any], Any]:
    """The generated classes when they match the registry; otherwise built here, with a warning."""
    fields = _group_fields()
    built = {group: getattr(groups, _class_name(group), None) for group in fields}
    if all(
        cls is not None and list(cls.__annotations__.items()) == names
        for cls, names in zip(built.values(), fields.values(), strict=True)
    ) and list(groups.ParameterGroups._fields) == list(fields):
        return built, groups.ParameterGroups
    warnings.warn(
        f"{GROUPS_MODULE} is out of date with the registry; regenerate it: uv run python -m sim.registry.params",
        stacklevel=2,
    )
    made = {group: NamedTuple(_class_name(group), names) for group, names in fields.items()}
    return made, NamedTuple("ParameterGroups", list(made.items()))


GROUPS, _ParameterGroups = _group_classes()
_LAYOUT = tuple(  # each group's class and the registry names of its fields, in field order
    (group_class, tuple(f"{group}.{field}" for field in group_class._fields)) for group, group_class in GROUPS.items()
)
"""One frozen record type per group (a bloc, ``firms``, a mechanism's name, ``mechanisms`` for the
switches), generated from the registry so that the registry stays the single source. ``group._replace``
gives a changed copy."""


class Parameters(groups.ParameterGroups):
    """Every parameter of one run, validated once, frozen and typed: ``p.smuggling.base_share``,
    ``p.us.export_control_stringency``, ``p.mechanisms.smuggling`` (the switches). Built from the
    registry, so a parameter added to :data:`PARAMS` appears here with its type."""

    __slots__ = ()

    @classmethod
    def resolve(cls, overrides: Mapping[str, object] | None = None) -> Parameters:
        """Defaults with ``overrides`` (registry names) checked: the one validation of a run's values."""
        return cls.from_values(resolve(overrides))

    @classmethod
    def from_values(cls, values: dict[str, Value]) -> Parameters:
        """From a complete, already checked set of values by registry name (``resolve``)."""
        return cls(*(group_class(*map(values.__getitem__, names)) for group_class, names in _LAYOUT))

    def value(self, name: str) -> Value:
        """A value by registry name (``us.enforcement``)."""
        group, field = name.split(".", 1)
        return getattr(getattr(self, group), field)

    def values(self) -> dict[str, Value]:
        """Every value by registry name."""
        return {name: self.value(name) for name in SETTABLE}

    def with_value(self, name: str, value: object) -> Parameters:
        """A copy with one parameter changed, checked against the registry. A new object: a snapshot
        taken earlier stays as it was."""
        checked = check(name, value)
        group, field = name.split(".", 1)
        return self._replace(**{group: getattr(self, group)._replace(**{field: checked})})


if __name__ == "__main__":
    GROUPS_MODULE.write_text(groups_source(), encoding="utf-8")
    print(f"wrote {GROUPS_MODULE}")
