"""Column names of the data files: safe for pandas, and mapped back to the registry in the metadata.

One rule. An outcome keeps its registry name (``capability_gap``). A parameter's column is its kind,
an underscore, and its registry name with each dot written ``__``: ``us.export_control_stringency``
is ``lever_us__export_control_stringency`` (never confused with the outcome
``export_control_stringency``, the value applied that quarter), and ``mechanisms.misuse`` is
``assumption_mechanisms__misuse``. A value an event sets from a quarter adds ``__from_<quarter>``:
``lever_us__enforcement__from_2027Q1``. A reference run's outcome is ``reference_<outcome>``.
Every column works as an attribute (``frame.lever_us__enforcement``), and every Parquet file keeps
the map back to the registry names in its schema metadata under ``airace.columns``
(``registry_names``)."""

from __future__ import annotations

import json

from sim.registry.params import PARAMS

METADATA_KEY = b"airace.columns"
REFERENCE_PREFIX = "reference_"


def column_of(name: str, since: str | None = None) -> str:
    """The data column of parameter ``name`` (set from quarter ``since`` by an event)."""
    column = f"{PARAMS[name].kind}_{name.replace('.', '__')}"
    return f"{column}__from_{since}" if since else column


def reference_column(outcome: str) -> str:
    return REFERENCE_PREFIX + outcome


def describe(column: str) -> dict | None:
    """What a column holds, for the metadata: ``{"parameter": name}`` (with ``"from": quarter``),
    ``{"reference": outcome}``, or None for a column named as the registry names it."""
    head, _, since = column.partition("__from_")
    for kind in ("lever", "assumption", "data"):
        if head.startswith(kind + "_"):
            name = head.removeprefix(kind + "_").replace("__", ".")
            if name in PARAMS:
                return {"parameter": name, **({"from": since} if since else {})}
    if column.startswith(REFERENCE_PREFIX):
        return {"reference": column.removeprefix(REFERENCE_PREFIX)}
    return None


def column_metadata(columns) -> dict[bytes, bytes]:
    """The schema metadata that maps each renamed column back to its registry name."""
    described = {c: d for c in columns if (d := describe(c)) is not None}
    return {METADATA_KEY: json.dumps(described, sort_keys=True).encode()}


def registry_names(schema) -> dict[str, dict]:
    """The map from columns to registry names a Parquet file's schema carries (``pyarrow`` schema)."""
    raw = (schema.metadata or {}).get(METADATA_KEY)
    return json.loads(raw) if raw else {}


def data_column(column: str) -> str:
    """A column of the runs as the data files name it: a parameter's by ``column_of``, others as they are."""
    return column_of(column) if column in PARAMS else column
