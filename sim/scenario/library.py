"""The scenario library in ``scenarios/``, and the reference every run is measured against."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sim.registry.paths import SCENARIOS_DIR
from sim.scenario.files import ScenarioError, extends_chain, load_scenario
from sim.scenario.schema import ReferencePoint, Scenario

LIBRARY = SCENARIOS_DIR
COMPANIONS = SCENARIOS_DIR / "companions"  # single-lever companions of the bundled scenarios


def scenario_path(given: str | Path) -> Path:
    """A scenario file as given, or a library scenario by its name: ``baseline`` is
    ``scenarios/baseline.yaml`` (a companion's name too). A path that exists, has a suffix or a
    folder is taken as it is, so its errors name what was typed."""
    path = Path(given)
    if path.exists() or path.suffix or len(path.parts) != 1:
        return path
    for folder in (LIBRARY, COMPANIONS):
        if (folder / f"{path}.yaml").is_file():
            return folder / f"{path}.yaml"
    return path


def library() -> list[tuple[Path, Scenario]]:
    """The scenario library in file-name order, then its single-lever companions."""
    paths = sorted(LIBRARY.glob("*.yaml")) + sorted(COMPANIONS.glob("*.yaml"))
    return [(path, load_scenario(path)) for path in paths]


@dataclass(frozen=True)
class Reference:
    """What a run's effects are measured against, on the same seeds (common random numbers).

    ``kind`` is ``baseline`` (the library baseline), ``extends`` (the file the scenario extends) or
    ``point`` (a point of the scenario's own sweep). ``scenario`` is the reference to run, with the
    scenario's steps, seed and replications; None when its runs are the scenario's own: the sweep
    point ``point``, or, with ``point`` None too, the scenario itself (it is its own reference).
    """

    kind: str
    scenario: Scenario | None = None
    point: int | None = None
    file: Path | None = None

    def record(self) -> dict:
        """The reference as the manifest (and the resume fingerprint) record it, fully resolved."""
        return {
            "kind": self.kind,
            "file": str(self.file) if self.file else None,
            "point": self.point,
            "same_as_scenario": self.scenario is None and self.point is None,
            "scenario": self.scenario.model_dump(mode="json", by_alias=True) if self.scenario else None,
        }


def choose_reference(scenario: Scenario, source: Path | None = None) -> Reference:
    """The scenario's chosen reference (its ``reference:`` key, ``baseline`` by default), resolved.

    ``source`` is the scenario's file, which ``extends`` is read from."""
    chosen = scenario.reference or "baseline"
    if isinstance(chosen, ReferencePoint):
        return Reference("point", point=scenario.reference_point())
    if chosen == "extends":
        chain = extends_chain(source) if source is not None else []
        if len(chain) < 2:
            raise ScenarioError(
                f"{source or 'the scenario'}: reference: 'extends' is not allowed; the scenario extends no other "
                "file (add `extends: FILE`, or choose --reference baseline)"
            )
        parent, file = load_scenario(chain[1]), chain[1]
        if parent.sweep is not None:
            raise ScenarioError(
                f"{source}: reference: 'extends' is not allowed; {file} is a sweep, and a reference is one setting "
                "(extend a single scenario, or name a point of this file's sweep)"
            )
    else:
        parent, file = load_scenario(LIBRARY / "baseline.yaml"), LIBRARY / "baseline.yaml"
    reference = parent.with_overrides(steps=scenario.steps, seed=scenario.seed, replications=scenario.replications)
    same = (
        scenario.model_params == reference.model_params
        and scenario.model_events == reference.model_events
        and scenario.sweep is None
    )
    return Reference(chosen, None if same else reference, file=file)


def reference_for(scenario: Scenario) -> Scenario | None:
    """The library baseline with the scenario's steps, seed and replications; None when the scenario
    is that baseline itself."""
    return choose_reference(scenario.with_overrides(reference="baseline")).scenario
