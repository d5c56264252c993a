"""The registries as rows, and rows as CSV or Markdown: one rendering for the CLI and the docs."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from sim.registry.outcomes import OUTCOMES
from sim.registry.params import PARAMS, Param
from sim.registry.paths import DOCS_DIR

KIND_ORDER = ("lever", "assumption", "data")


def _fmt(value) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def param_row(p: Param) -> dict[str, str]:
    return {
        "name": p.name,
        "kind": p.kind,
        "default": "seeds/nations.csv" if p.kind == "data" else _fmt(p.default),
        "unit": p.unit,
        "min": "" if p.choices else _fmt(p.min),
        "max": " | ".join(p.choices) if p.choices else _fmt(p.max),
        "meaning": p.meaning + (f" Reason: {p.reason}." if p.reason else ""),
        "source": p.source,
        "quote": p.quote,
    }


def param_rows(kind: str | None = None) -> list[dict[str, str]]:
    ordered = sorted(PARAMS.values(), key=lambda p: KIND_ORDER.index(p.kind))
    return [param_row(p) for p in ordered if kind is None or p.kind == kind]


def outcome_rows() -> list[dict[str, str]]:
    return [{"name": o.name, "unit": o.unit, "meaning": o.meaning} for o in OUTCOMES.values()]


def to_csv(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def to_markdown(rows: list[dict[str, str]]) -> str:
    columns = list(rows[0])
    cell = lambda text: text.replace("|", "\\|")  # noqa: E731
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(r[c]) for c in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def response_rows() -> list[dict[str, str]]:
    """The policy-response contract's rows (imported here only when a page has that region)."""
    from sim.analysis.responses import rows_for_docs

    return rows_for_docs()


def glossary_rows() -> list[dict[str, str]]:
    """The glossary every report prints (``sim.registry.labels.GLOSSARY``), for docs/teachers.md."""
    from sim.registry.labels import GLOSSARY

    return [{"term": term, "what it means": text} for term, text in GLOSSARY.items()]


REGIONS = {"params": param_rows, "outcomes": outcome_rows, "responses": response_rows, "glossary": glossary_rows}
EMPTY = "_No rows yet._\n"
DOCS = DOCS_DIR
GENERATED = (DOCS / "ODD.md", DOCS / "policy_responses.md", DOCS / "teachers.md")


def fill_regions(text: str) -> str:
    """Replace the generated tables between ``<!-- X:start -->`` and ``<!-- X:end -->`` markers.

    X is a key of :data:`REGIONS`; a region's rows are computed only when the text has its markers.
    """
    for region, rows_of in REGIONS.items():
        if f"<!-- {region}:start -->" not in text:
            continue
        rows = rows_of()
        table = to_markdown(rows) if rows else EMPTY
        pattern = re.compile(rf"(<!-- {region}:start -->\n).*?(<!-- {region}:end -->)", re.S)
        text = pattern.sub(lambda m, t=table: m.group(1) + t + m.group(2), text)
    return text


def regenerate(paths=GENERATED) -> list[Path]:
    """Fill the generated regions of every page in ``paths``; the pages that changed."""
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        filled = fill_regions(text)
        if filled != text:
            path.write_text(filled, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    changed = regenerate()
    for path in GENERATED:
        print(f"{'updated' if path in changed else 'current'} {path}")
