"""Reports a teacher can hand out: ``report.html`` (the results), ``handout.html`` (the same with a
"your prediction" box before the results) and ``more_charts.html`` (every outcome, the stacks and
the nations, for whoever wants more).

A single scenario's report prints on at most two A4 pages: what changed first, in sentences with
the paired verdict (``sim.analysis.whatchanged``), then the headline chart of the outcomes the lesson
watches, what the scenario sets, which change did it (``sim.analysis.explain``), the assumptions behind the
lesson with the commands that switch each off, the largest nations, the article, and a glossary.
Every word a reader sees comes from ``sim.registry.labels``; no code name or power of ten is printed.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sim.registry.labels import (
    ARTICLES,
    GLOSSARY,
    KEY_ASSUMPTIONS,
    MECHANISM_LABELS,
    OUTCOME_LABELS,
    STACK_WORDS,
    lever_label,
    mechanisms_behind,
    plain_number,
    setting,
    trimmed,
)
from sim.registry.params import PARAMS, resolve
from sim.report.charts import DISCLAIMER
from sim.scenario import Scenario

CSS = """
body { font-family: system-ui, 'DejaVu Sans', sans-serif; max-width: 60em; margin: 1.5em auto; padding: 0 1em;
       color: #222; font-size: 11pt; line-height: 1.35; }
h1 { font-size: 1.5em; margin: 0 0 0.2em; } h2 { font-size: 1.1em; margin: 0.9em 0 0.3em; }
img { max-width: 100%; } figure { margin: 0.6em 0; } figcaption { color: #444; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.88em; margin: 0.3em 0; }
td, th { border: 1px solid #ccc; padding: 0.15em 0.45em; text-align: left; vertical-align: top; }
.note { background: #fff4d6; padding: 0.4em 0.8em; border-left: 4px solid #E69F00; font-size: 0.9em; }
.changed { border: 2px solid #0072B2; padding: 0.3em 0.9em; border-radius: 4px; }
.changed li { margin: 0.15em 0; } .verdict { font-weight: bold; }
.predict { border: 2px dashed #555; padding: 0.4em 0.9em; } .predict table { width: 100%; }
.predict td { height: 2.6em; } .predict td:last-child { width: 42%; } .lines { height: 7em; border: 1px solid #ccc; }
blockquote { border-left: 4px solid #0072B2; margin: 0.4em 0; padding: 0.1em 0.8em; color: #333; }
.small { font-size: 0.82em; color: #333; } code { font-size: 0.9em; }
.glossary dt { font-weight: bold; display: inline; } .glossary dd { display: inline; margin: 0 0 0 0.3em; }
.glossary div { margin: 0.1em 0; }
@page { size: A4; margin: 11mm 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 8.6pt; line-height: 1.25; }
  h1 { font-size: 14pt; } h2 { font-size: 10pt; margin: 0.5em 0 0.15em; }
  .changed, .predict, figure, table, blockquote { break-inside: avoid; }
  figure img { max-height: 108mm; width: auto; display: block; margin: 0 auto; }
  .levers { columns: 2; column-gap: 1.5em; }
  .glossary { columns: 2; column-gap: 1.2em; font-size: 7.6pt; }
  ul { margin: 0.2em 0; padding-left: 1.4em; }
  .screen { display: none; }
  .results-sheet { break-before: page; }
  .results-sheet figure img { max-height: 120mm; }
  a { color: inherit; text-decoration: none; }
}
"""


@dataclass
class ReportData:
    """What a report shows; charts by name (PNG paths) and the numbers computed by the run."""

    scenario: Scenario
    runs: int  # runs of the scenario (all sweep points)
    reference_runs: int  # runs of the baseline drawn against it (0 for the baseline itself)
    charts: dict[str, Path]
    summary: pd.DataFrame
    watch: Sequence[str]
    changes: list[tuple[str, str]] | None = None  # "what changed": (verdict, sentence), from sim.analysis.whatchanged
    causes: list[str] | None = None  # which change did it, a sentence per watched outcome, from sim.analysis.explain
    nations: pd.DataFrame | None = None  # this scenario's picks (sim.analysis.countries.nation_picks)
    reference_nations: pd.DataFrame | None = None
    more: dict[str, list[Path]] = field(default_factory=dict)  # pages of more_charts.html, by section
    scenario_file: str = ""  # the file as the user named it, for the commands the report prints
    nation_runs: int = 0  # runs the nations' stacks were counted from (sim.analysis.single)


def _image(path: Path, alt: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _title(scenario: Scenario) -> str:
    return scenario.plain_title


def _runs_sentence(data: ReportData) -> str:
    s = data.scenario
    both = data.runs + data.reference_runs
    if data.reference_runs:
        return (
            f"{data.runs} runs of this scenario and {data.reference_runs} of the baseline with the same chance "
            f"events ({both} runs in all), {s.steps} quarters from 2025Q1, root seed {s.seed}."
        )
    return f"{data.runs} runs, {s.steps} quarters from 2025Q1, root seed {s.seed}."


def _quote(scenario, where: str = "") -> str:
    """The scenario's cited sentence with its article's short title and kind (``where`` adds a pointer)."""
    if not scenario.quote:
        return ""
    article = ARTICLES[scenario.source]
    return (
        f"<blockquote>&ldquo;{_e(scenario.quote)}&rdquo; &mdash; {_e(article.short)} "
        f"<span class=small>({_e(article.kind.split(':')[0])}{where})</span></blockquote>"
    )


def _question(data: ReportData) -> str:
    s = data.scenario
    quote = _quote(s, "; see <code>seeds/README.md</code>")
    extra = ""
    if s.set_by_command:
        extra = (
            "<p class=small>Changed on the command line: "
            + "; ".join(_e(setting(k, v)) for k, v in s.set_by_command.items())
            + ".</p>"
        )
    return f"<h2>The question</h2><p>{_e(s.question)}</p>{quote}{extra}"


def _prediction(data: ReportData) -> str:
    rows = "".join(
        f"<tr><td>{_e(OUTCOME_LABELS[o].title)}</td><td>&#9744; higher &nbsp; &#9744; lower &nbsp; "
        "&#9744; no clear change</td><td></td></tr>"
        for o in data.watch
    )
    return (
        "<section class=predict><h2>Your prediction (before you look at the results)</h2>"
        "<p>Compared with the baseline (today's policies), what will this scenario do? Tick one box a row "
        "and say why in a few words.</p>"
        f"<table><tr><th>outcome</th><th>my prediction</th><th>why</th></tr>{rows}</table>"
        "<p>Which result would surprise you most, and what would it tell you about the policy?</p>"
        "<div class=lines></div></section>"
    )


def _what_changed(data: ReportData) -> str:
    if data.scenario.sweep is not None:
        return ""
    if data.changes is None:
        return (
            "<section class=changed><h2>What changed</h2><p>This is the baseline: today's policies held. "
            "Every other scenario is compared with it, run on the same chance events.</p></section>"
        )
    items = "".join(
        f"<li><span class=verdict>{_e(verdict)}:</span> {_e(sentence)}</li>" for verdict, sentence in data.changes
    )
    return (
        "<section class=changed><h2>What changed, against the baseline</h2>"
        "<p class=small>The outcomes that moved most, each compared run by run with the baseline on the same "
        "chance events. <em>No clear change</em> means less than half the baseline's run-to-run spread.</p>"
        f"<ul>{items}</ul></section>"
    )


def _headline(data: ReportData) -> str:
    if "headline" not in data.charts:
        return ""
    watched = ", ".join(OUTCOME_LABELS[o].title for o in data.watch)
    caption = (
        f"What this lesson watches: {watched}. The solid line is the middle run, the shaded band holds 90% of "
        "runs, the dashed grey line is the baseline. Look first at where the two lines part, and when."
    )
    return f"<figure>{_image(data.charts['headline'], 'headline chart')}<figcaption>{_e(caption)}</figcaption></figure>"


def _sweep(data: ReportData) -> str:
    if "sweep" not in data.charts:
        return ""
    caption = (
        "Each cell or point is a combination of the swept levers. Heat maps show the change from the baseline: "
        "purple lower, orange higher, hatched grey no clear difference. The left column is an early year, "
        "the right one the last quarter."
    )
    return f"<figure>{_image(data.charts['sweep'], 'sweep chart')}<figcaption>{_e(caption)}</figcaption></figure>"


def _levers(data: ReportData) -> str:
    s = data.scenario
    defaults = resolve({})
    rows = []
    for name, value in s.model_params.items():
        if name in s.swept:
            continue
        label = lever_label(name)
        rows.append(
            f"<li>{_e(label.title)}: <strong>{_e(label.value(value))}</strong> "
            f"(baseline {_e(label.value(defaults[name]).split(' (')[0])})</li>"
        )
    for event in s.events:
        what = [setting(k, v) for k, v in event.set.items()]
        if event.crisis:
            what.append("a Taiwan crisis breaks out")
        rows.append(f"<li>From {event.at}: <strong>{_e('; '.join(what))}</strong></li>")
    for name in s.swept:
        rows.append(f"<li>{_e(lever_label(name).title)}: <strong>swept</strong> (see the chart)</li>")
    if not rows:
        return "<h2>What this scenario sets</h2><p>Nothing: every lever at today's setting (the baseline).</p>"
    return "<h2>What this scenario sets</h2><ul class=levers>" + "".join(rows) + "</ul>"


def _causes(data: ReportData) -> str:
    if not data.causes:
        return ""
    sentences = data.causes
    items = "".join(f"<li>{_e(s)}</li>" for s in sentences)
    return (
        "<h2>Which change did it</h2><p class=small>Each change run alone against the baseline, on the same "
        f"chance events (<code>uv run airace explain {_e(_file_hint(data))}</code> prints the table).</p>"
        f"<ul class=small>{items}</ul>"
    )


def _file_hint(data: ReportData) -> str:
    return data.scenario_file or "YOUR_SCENARIO.yaml"


def _assumptions(data: ReportData) -> str:
    rows = []
    for mechanism in mechanisms_behind(data.watch):
        param, weaker, asks = KEY_ASSUMPTIONS[mechanism]
        p = PARAMS[param]
        value = trimmed(plain_number(float(p.default))) if not isinstance(p.default, str) else p.default
        run = f"uv run airace run {_file_hint(data)}"
        rows.append(
            f"<tr><td>{_e(MECHANISM_LABELS[mechanism])}</td><td>{_e(p.meaning.split(';')[0].rstrip('.'))}: "
            f"{value} ({_e(p.source if p.source == 'assumption' else 'sourced: ' + _source_words(p.source))})</td>"
            f"<td><code>{_e(run)} --set {param}={weaker}</code> ({_e(asks)}); "
            f"<code>--set mechanisms.{mechanism}=false</code> switches it off</td></tr>"
        )
    if not rows:
        return ""
    return (
        "<h2>The assumptions behind this lesson</h2><p class=small>The watched outcomes rest on these parts "
        "of the model. Each row gives the assumption a class is most likely to question, and the command that "
        "tries the lesson without it.</p><table class=small><tr><th>part of the model</th><th>key assumption</th>"
        "<th>try it without</th></tr>" + "".join(rows) + "</table>"
    )


def _source_words(source: str) -> str:
    """An article by its short name; a public source by its authors and year alone."""
    return ARTICLES[source].short if source in ARTICLES else source.split(" (")[0]


def largest(picks: pd.DataFrame, count: int) -> pd.DataFrame:
    """The ``count`` nations with the most weight, one row each."""
    return picks.drop_duplicates("iso3").nlargest(count, "weight")


def _nations(data: ReportData) -> str:
    if data.nations is None:
        return ""
    last = data.nations["quarter"].iloc[-1]
    now = data.nations[data.nations["quarter"] == last]
    base = data.reference_nations
    base_now = base[base["quarter"] == last].set_index("iso3") if base is not None else None
    rows = []
    for r in largest(now, 6).itertuples():
        here = f"{STACK_WORDS[r.pick]} ({r.agreement * 100:.0f}% of runs)"
        there = ""
        if base_now is not None:
            b = base_now.loc[r.iso3]
            there = f"<td>{STACK_WORDS[b['pick']]} ({b['agreement'] * 100:.0f}% of runs)</td>"
        rows.append(f"<tr><td>{_e(r.name)}</td><td>{r.weight * 100:.0f}%</td><td>{here}</td>{there}</tr>")
    head = "<th>baseline</th>" if base_now is not None else ""
    top = largest(now, 1).iloc[0]
    replayed = data.nation_runs
    subset = f" (from the first {replayed} runs)" if replayed and replayed < data.scenario.replications else ""
    return (
        f"<h2>The developing world, nation by nation ({last})</h2>"
        f"<p class=small>The population-weighted lines count each nation by its people: {_e(top['name'])} alone is "
        f"{top['weight'] * 100:.0f}% of the weight, so its switching moves them most. The six largest nations "
        f"and the stack most runs put them on{subset} (every nation: <code>nations.csv</code> and "
        "<code>more_charts.html</code>).</p>"
        f"<table><tr><th>nation</th><th>weight</th><th>this scenario</th>{head}</tr>{''.join(rows)}</table>"
    )


def _glossary(data: ReportData) -> str:
    items = "".join(f"<div><dt>{_e(term)}:</dt><dd>{_e(text)}</dd></div>" for term, text in GLOSSARY.items())
    return f"<h2>Words used here</h2><dl class='glossary small'>{items}</dl>"


def _footer(data: ReportData) -> str:
    links = (
        "<p class=screen>More: <a href='more_charts.html'>every outcome, the stacks and the nations</a>; "
        "slides of each headline chart in <code>charts/slides/</code>; the data in <code>timeseries.csv</code>.</p>"
        if data.scenario.sweep is None
        else "<p class=screen>Per-point figures: <code>summary.csv</code>; data: <code>timeseries.parquet</code>.</p>"
    )
    return f"<p class=small>{_e(_runs_sentence(data))}</p>{links}"


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{CSS}</style></head><body>\n{body}\n</body></html>\n"
    )


def _note() -> str:
    return (
        f"<p class=note><strong>Read this first.</strong> {_e(DISCLAIMER)} The model is a teaching tool built "
        "from four articles (two news reports, a news retelling of a commentary, and an opinion essay: "
        "<code>seeds/README.md</code>) and public figures; every number rests on assumptions "
        "(<code>uv run airace params</code>).</p>"
    )


def _student_note() -> str:
    return (
        f"<p class=note><strong>Read this first.</strong> {_e(DISCLAIMER)} The model is a teaching tool built "
        "from four articles (two news reports, a news retelling of a commentary, and an opinion essay) and "
        "public figures; every number rests on assumptions your teacher can show you.</p>"
    )


def _student_question(data: ReportData) -> str:
    s = data.scenario
    quote = _quote(s)
    return f"<h2>The question</h2><p>{_e(s.question)}</p>{quote}"


def _student_glossary(data: ReportData) -> str:
    words = ("band", "baseline", "no clear change", "small", "moderate", "large")
    items = "".join(f"<div><dt>{_e(term)}:</dt><dd>{_e(GLOSSARY[term])}</dd></div>" for term in words)
    return f"<h2>Words used here</h2><dl class='glossary small'>{items}</dl>"


def render_handout(data: ReportData) -> str:
    """The student's sheets: a prediction sheet (one page) and a results sheet (one page), with no
    command, code name or statistic a student has not met; the teacher's notes are ``report.html``."""
    title = _title(data.scenario)
    prediction = (
        f"<section class=sheet><h1>{_e(title)}: your prediction</h1>{_student_note()}{_student_question(data)}"
        f"{_levers(data)}{_prediction(data)}</section>"
    )
    results = (
        f"<section class='sheet results-sheet'><h1>{_e(title)}: the results</h1>"
        f"{_what_changed(data)}{_headline(data)}{_student_glossary(data)}"
        f"<p class=small>{_e(DISCLAIMER)}</p></section>"
    )
    return _page(f"AI race simulator: {title}, student sheets", prediction + results)


def render(data: ReportData, handout: bool = False) -> str:
    """The report's HTML (the teacher's notes: every section, with the commands); with ``handout``,
    the student's sheets instead (:func:`render_handout`)."""
    if handout:
        return render_handout(data)
    title = f"{_title(data.scenario)}" + ("" if data.changes is None else ": against the baseline")
    body = f"<h1>{_e(title)}</h1>{_note()}{_question(data)}"
    body += _what_changed(data) + _headline(data) + _sweep(data) + _levers(data)
    body += _causes(data) + _assumptions(data) + _nations(data) + _glossary(data) + _footer(data)
    return _page(f"AI race simulator: {title}", body)


def render_more(data: ReportData) -> str:
    """Every outcome on pages, the stacks chart and the nations grid, for screens or printing."""
    sections = []
    for heading, pages in data.more.items():
        figures = "".join(f"<figure>{_image(p, p.stem)}</figure>" for p in pages)
        sections.append(f"<h2>{_e(heading)}</h2>{figures}")
    body = f"<h1>{_e(_title(data.scenario))}: more charts</h1>{_note()}{''.join(sections)}{_footer(data)}"
    return _page(f"AI race simulator: {_title(data.scenario)}, more charts", body)


def write_reports(folder: Path, data: ReportData) -> list[Path]:
    """``report.html``, and for a single scenario ``handout.html`` and ``more_charts.html``."""
    written = [folder / "report.html"]
    written[0].write_text(render(data), encoding="utf-8")
    if data.scenario.sweep is None:
        (folder / "handout.html").write_text(render(data, handout=True), encoding="utf-8")
        (folder / "more_charts.html").write_text(render_more(data), encoding="utf-8")
        written += [folder / "handout.html", folder / "more_charts.html"]
    return written
