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
    reference: extends                # effects against: baseline (default), extends, or {point: {...}}
    sweep:                            # lists and ranges make a full factorial...
      us.enforcement: [0.1, 0.5, 0.9]
      us.export_control_stringency: {from: 0, to: 1, num: 5}
    # ...or: sweep: {latin_hypercube: 50, over: {us.enforcement: {from: 0, to: 1}}}

Values are resolved in this order, later winning: the registry's defaults, the scenario it
``extends`` (recursively), the file itself, ``--set`` on the command line, then the
``--replications``/``--seed``/``--steps`` options. Sweep values override ``params`` at each point,
and events change levers from their quarter on. Every error names the file, the key (with its line
where YAML gives one), the bad value and what is allowed.

The package keeps one job a module: ``files`` reads YAML and explains its errors, ``schema`` says what
a scenario may hold, ``sweeps`` turns a sweep into points, and ``library`` holds ``scenarios/`` and
the baseline.
"""

from sim.scenario.files import (
    MAX_RUNS,
    ScenarioError,
    check_runs,
    extends_chain,
    load_scenario,
    parse_reference,
    parse_sets,
)
from sim.scenario.library import COMPANIONS, LIBRARY, Reference, choose_reference, library, reference_for
from sim.scenario.schema import (
    Doctrines,
    Event,
    LatinHypercube,
    ReferencePoint,
    Scenario,
    Span,
    Sweep,
    json_schema,
)

__all__ = [
    "COMPANIONS",
    "LIBRARY",
    "MAX_RUNS",
    "Doctrines",
    "Event",
    "LatinHypercube",
    "Reference",
    "ReferencePoint",
    "Scenario",
    "ScenarioError",
    "Span",
    "Sweep",
    "check_runs",
    "choose_reference",
    "extends_chain",
    "json_schema",
    "library",
    "load_scenario",
    "parse_reference",
    "parse_sets",
    "reference_for",
]
