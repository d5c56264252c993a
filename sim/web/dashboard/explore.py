"""The Explore page: levers by actor on the left, the world against the baseline on the right.

In the En-ROADS flow: every lever applies at once (no Reset, no Play), the charts keep the
baseline's fixed band, the assumptions sit in a panel of their own with each one's source, and the
page's URL always holds the setup, so copying it shares it. A Shiny module, so the classroom game
can sit beside it as a page of its own (``sim.web.dashboard.app.PAGES``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

import pandas as pd
from htmltools import HTML, Tag, TagList, tags
from shiny import module, reactive, render, req, ui

from sim.analysis.aggregate import bands_of
from sim.analysis.whatchanged import CANDIDATES, Change, headline, what_changed
from sim.registry.calendar import quarter_label
from sim.registry.labels import ARTICLES, GLOSSARY, MECHANISM_LABELS, OUTCOME_LABELS, lever_label, setting
from sim.registry.outcomes import NUMERIC
from sim.registry.params import PARAMS, SEED_FILES, ParameterError, check
from sim.report.charts.style import CRISIS_COLOUR, CRISIS_WORDS, PALETTE
from sim.scenario import Scenario
from sim.web.dashboard import offload, state
from sim.web.dashboard.lessons import Lesson, lesson_of_query, lessons
from sim.web.dashboard.nations import nations_view, picks_of
from sim.web.dashboard.plain import plain_text, plain_unit
from sim.web.dashboard.present import sheet
from sim.web.dashboard.state import ASSUMPTIONS, BASELINE, LEVERS, Entry, Setup, slider_for
from sim.web.dashboard.svg import band_chart

# An assumption group is named after its mechanism (one name per mechanism), or is one of these.
GROUP_WORDS = {
    **{name: words[0].upper() + words[1:] for name, words in MECHANISM_LABELS.items()},
    "firms": "AI labs",
    "compute": "Compute and chips at the start",
    "mechanisms": "Mechanisms switched on (off removes one, to see what it does)",
}
ASSUMPTIONS_MARK = "assumptions changed"
VERDICT_CLASS = {
    "higher": "verdict-higher",
    "lower": "verdict-lower",
    "no clear change": "verdict-none",
    "too few replications": "verdict-none",
}


def input_id(generation: int, name: str) -> str:
    """A parameter's input id for one drawing of the levers: a new scenario or a reset draws them
    anew under new ids, so values still in flight from the old inputs are never mistaken for moves."""
    return f"g{generation}__{name.replace('.', '__')}"


# ---- the page ----------------------------------------------------------------------------------
@module.ui
def explore_ui(entries: Mapping[str, Entry], default: str) -> Tag:
    choices: dict[str, dict[str, str]] = {}
    for entry in entries.values():
        choices.setdefault(entry.group, {})[entry.name] = entry.scenario.plain_title
    lesson_choices = {"": "No lesson: explore freely"} | {name: lesson.menu for name, lesson in lessons().items()}
    sidebar = ui.sidebar(
        ui.input_select("lesson", "Lesson", choices=lesson_choices, selected="", width="100%"),
        ui.input_select("scenario", "Scenario", choices=choices, selected=default, width="100%"),
        ui.output_ui("question"),
        ui.div(
            ui.input_action_button(
                "reset",
                "Back to baseline",
                class_="btn-outline-secondary btn-sm",
                title="Every lever and assumption back to the baseline: today's policies",
            ),
            tags.button(
                "Present",
                type="button",
                class_="btn btn-sm btn-primary",
                data_action="present",
                title="One or two charts filling the screen; arrow keys for the next and previous",
            ),
            tags.button(
                "Print",
                type="button",
                class_="btn btn-sm btn-outline-secondary",
                data_action="print",
                title="This setup's charts and what changed on one A4 page",
            ),
            class_="sidebar-buttons",
        ),
        ui.input_text("find", "Find a lever", placeholder="a word, e.g. smuggling", width="100%"),
        tags.div(id="find-count", class_="find-count", aria_live="polite"),
        ui.output_ui("levers"),
        width=360,
        open="always",
        bg="#f8f9fa",
    )
    charts = ui.nav_panel(
        "Charts",
        ui.output_ui("status"),
        ui.output_ui("charts"),
        ui.div(
            ui.h5("What changed against the baseline"),
            ui.output_ui("changes"),
            ui.input_selectize(
                "outcomes",
                "Charts shown (up to six)",
                choices={name: OUTCOME_LABELS[name].title for name in NUMERIC},
                selected=[],
                multiple=True,
                options={"maxItems": 6, "plugins": ["remove_button"]},
                width="100%",
            ),
            class_="changes-column",
        ),
        value="charts",
    )
    nations = ui.nav_panel(
        "Developing nations",
        ui.input_slider(
            "quarter",
            "Quarter from the start (1 = 2025Q1, 40 = 2034Q4)",
            min=1,
            max=40,
            value=40,
            step=1,
            animate=True,
            ticks=False,
        ),
        ui.output_ui("nations"),
        value="nations",
    )
    assumptions = ui.nav_panel(
        "Assumptions",
        ui.p(
            "Uncertain facts about the world, kept apart from the levers. Each shows its source: a sentence "
            "from one of the four articles, a public figure, or the word assumption with the reason. "
            "Change one to ask 'what if this is wrong?': every chart then says ",
            tags.span(ASSUMPTIONS_MARK, class_="assumptions-mark-text"),
            ", and the baseline band stays the documented baseline.",
            class_="lead-small",
        ),
        ui.output_ui("assumptions"),
        value="assumptions",
    )
    share = ui.nav_panel(
        "Share and export",
        ui.output_ui("share"),
        ui.download_button("export", "Download this setup as a scenario file (YAML)", class_="btn-primary"),
        value="share",
    )
    glossary = ui.nav_panel(
        "Words used",
        tags.dl(*[part for word, text in GLOSSARY.items() for part in (tags.dt(word), tags.dd(text))]),
        value="glossary",
    )
    return TagList(
        ui.div(
            ui.layout_sidebar(
                sidebar,
                ui.navset_card_underline(charts, nations, assumptions, share, glossary, id="view"),
                fillable=False,
                height="calc(100vh - 5.9rem)",
            ),
            class_="explore-layout",
        ),
        ui.output_ui("sheet_view"),
    )


# ---- inputs ----------------------------------------------------------------------------------
def _lever_input(generation: int, name: str, value) -> Tag:
    return lever_control(input_id(generation, name), name, value)


def lever_control(key: str, name: str, value) -> Tag:
    """A lever's input with its plain label and explainer, under input id ``key`` (the game's team
    pages use it too)."""
    label = lever_label(name)
    param = PARAMS[name]
    if param.choices:
        control = ui.input_select(key, label.title, choices=list(param.choices), selected=value, width="100%")
    elif isinstance(param.default, bool):
        control = ui.input_switch(key, label.title, value=bool(value))
    else:
        slider = slider_for(name)
        control = ui.input_slider(
            key,
            label.title,
            min=slider.low,
            max=slider.high,
            value=slider.shown(value),
            step=slider.step,
            post=slider.post,
            width="100%",
        )
    help_text = f"{label.scale_words}. " if label.scale_words else ""
    if label.display.value == "usd_bn":
        help_text = "In USD bn a quarter. " + help_text
    words = f"{label.title} {param.meaning} {name.replace('.', ' ').replace('_', ' ')}"
    return ui.div(
        control,
        ui.div(help_text + param.meaning, class_="lever-help"),
        class_="lever",
        data_name=name,
        data_words=words,
        title=f"{name} in the model",  # the code name, for whoever reads the scenario files
    )


def first_levers(setup: Setup, lesson: Lesson | None) -> list[str]:
    """The levers a preset shows first: those its scenario sets away from today's policies, and
    those its lesson's commands move."""
    values = state.start_values(setup.scenario)
    names = [name for name in LEVERS if values[name] != PARAMS[name].default]
    if lesson is not None:
        names += [name for name, _ in lesson.sets if name in LEVERS and name not in names]
    return names


def _levers_panel(generation: int, values: Mapping, first: list[str], heading: str) -> Tag:
    """Levers grouped by who pulls them (government, firms), then the world's assumptions; the
    preset's levers in a group of their own at the top, open; the rest folded."""
    panels = []
    if first:
        shown = [_lever_input(generation, name, values[name]) for name in first]
        panels.append(ui.accordion_panel(heading, *shown, value="first"))
    for actor, parts in state.lever_groups().items():
        main = [_lever_input(generation, name, values[name]) for name in parts["main"] if name not in first]
        decides = [_lever_input(generation, name, values[name]) for name in parts["decides"] if name not in first]
        if decides:
            main.append(
                tags.details(
                    tags.summary("How it decides: doctrine, and what an adaptive government weighs"),
                    *decides,
                    class_="decides",
                )
            )
        panels.append(ui.accordion_panel(state.ACTORS[actor], *main, value=actor))
    panels.append(
        ui.accordion_panel(
            "The world: assumptions",
            tags.p(
                "Uncertain facts about the world (how fast China's chips improve, how much smuggling "
                "enforcement stops, how likely a crisis is) are not levers: they are in the Assumptions tab, "
                "each with its source. Change one there to ask 'what if this is wrong?'.",
                class_="lever-help",
            ),
            value="world",
        )
    )
    opened = ["first"] if first else ["us"]
    return ui.div(ui.accordion(*panels, id=f"levers_{generation}", open=opened, multiple=True), class_="levers-panel")


def _source(name: str) -> Tag:
    param = PARAMS[name]
    if param.source in SEED_FILES:
        return tags.div(
            tags.span(ARTICLES[param.source].title, class_="source-name", title=f"seeds/{param.source}"),
            tags.blockquote(param.quote, class_="source-quote"),
            class_="source",
        )
    if param.source == "assumption":
        return tags.div(tags.span("assumption", class_="source-name"), f": {plain_text(param.reason)}", class_="source")
    return tags.div(tags.span(plain_text(param.source), class_="source-name"), class_="source")


def assumption_value(name: str, value) -> str:
    """An assumption's value in plain units (``USD 3 bn``, ``25%``)."""
    return plain_unit(name).text(value)


def _assumption_row(generation: int, name: str, value) -> Tag:
    param = PARAMS[name]
    key = input_id(generation, name)
    unit = plain_unit(name)
    if isinstance(param.default, bool):
        control = ui.input_switch(key, "on", value=value)
        range_text = "on or off"
    else:
        step = 1 if isinstance(param.default, int) and unit.factor == 1 else None
        low, high = unit.shown(param.min), unit.shown(param.max)
        control = ui.input_numeric(key, None, value=unit.shown(value), min=low, max=high, step=step, width="11em")
        range_text = f"from {unit.text(param.min)} to {unit.text(param.max)}"
    changed = value != param.default  # away from the documented value, by the scenario or a person
    return tags.tr(
        tags.td(tags.span(plain_text(lever_label(name).title), class_="assumption-title", title=name)),
        tags.td(control, tags.div(f"{range_text}; documented: {unit.text(param.default)}", class_="unit")),
        tags.td(_source(name)),
        class_="assumption-row changed" if changed else "assumption-row",
        data_name=name,
    )


def _assumptions_panel(generation: int, values: Mapping) -> Tag:
    panels = []
    for group, names in state.assumption_groups().items():
        rows = [_assumption_row(generation, name, values[name]) for name in names]
        table = tags.table(
            tags.thead(tags.tr(tags.th("assumption"), tags.th("value"), tags.th("source"))),
            tags.tbody(*rows),
            class_="table table-sm assumptions",
        )
        panels.append(ui.accordion_panel(GROUP_WORDS.get(group, group), table, value=group))
    return ui.accordion(*panels, id=f"assumptions_{generation}", open=True, multiple=True)


# ---- what the page shows -----------------------------------------------------------------------
def _change_item(change: Change, steps: int) -> Tag:
    return tags.li(
        tags.span(change.verdict, class_=f"verdict {VERDICT_CLASS[change.verdict]}"),
        " ",
        change.detail(steps),
        data_outcome=change.outcome,
    )


def crisis_share(frame: pd.DataFrame):
    """The share of runs in a Taiwan crisis each quarter, or None when no run ever is in one."""
    share = frame.groupby("step")["crisis"].mean()
    return share.to_numpy() if share.max() >= 0.05 else None


def assumption_setting(name: str, value) -> str:
    """An assumption and its value in plain words: ``Smuggling's share of the demand ...: 0.6``."""
    return f"{lever_label(name).title}: {assumption_value(name, value)}"


_charts_drawn: OrderedDict[tuple, str] = OrderedDict()  # the chart grid by runs and outcomes


def _chart_grid(columns: list[str], setup: Setup, run, reference, changes) -> Tag:
    """Every outcome's chart card of one run against its reference."""
    run_bands = bands_of(run.frame, columns)
    reference_bands = bands_of(reference.frame, columns)
    by_outcome = {c.outcome: c for c in changes or []}
    crisis = crisis_share(run.frame)
    cards = [
        _chart_card(c, run_bands, reference_bands, by_outcome.get(c), setup.run.steps, setup.assumptions, crisis)
        for c in columns
    ]
    return tags.div(*cards, class_="chart-grid", data_count=str(len(cards)))


def _chart_card(
    column: str, run_bands, reference_bands, change: Change | None, steps: int, marked: bool, crisis=None
) -> Tag:
    label = OUTCOME_LABELS[column]
    verdict = (
        tags.div(
            tags.span(change.verdict, class_=f"verdict {VERDICT_CLASS[change.verdict]}"),
            f" a {change.size} change" if change.clear else "",
            class_="chart-verdict",
            title=change.detail(steps),
        )
        if change is not None
        else tags.div("The baseline itself: move a lever to compare.", class_="chart-verdict")
    )
    return tags.div(
        tags.div(
            label.title,
            tags.span(ASSUMPTIONS_MARK, class_="assumptions-badge") if marked else None,
            class_="chart-title",
        ),
        tags.div(
            label.unit + (f"; {label.note}" if label.note else ""),
            class_="chart-unit",
            title=label.unit + (f"; {label.note}" if label.note else ""),
        ),
        HTML(band_chart(column, run_bands, reference_bands, crisis)),
        verdict,
        class_="chart-card",
        data_outcome=column,
    )


LEGEND = tags.div(
    tags.span(
        tags.span(class_="key key-run", style=f"background:{PALETTE['us']}"),
        "this setup: the middle run, and 90% of runs shaded",
        class_="legend-item",
    ),
    tags.span(
        tags.span(class_="key key-reference", style=f"border-color:{PALETTE['reference']}"),
        "baseline (today's policies, same chance events): dashed, grey band",
        class_="legend-item",
    ),
    tags.span(
        tags.span(class_="key", style=f"background:{CRISIS_COLOUR}"),
        "shaded quarters: ",
        tags.span(CRISIS_WORDS, class_="crisis-words"),
        class_="legend-item legend-crisis",
    ),
    class_="legend",
)


def runs_work(run: Scenario) -> tuple[state.Runs, state.Runs, list[Change] | None]:
    """A setup's runs, the reference's, and what changed between them: run in the dashboard's worker
    process (``sim.web.dashboard.offload``), never on the server's event loop."""
    reference = state.runs_of(state.reference_of(run))
    found = state.runs_of(run)
    same = run.model_params == reference.scenario.model_params and not run.events
    return found, reference, None if same else what_changed(found.frame, reference.frame, CANDIDATES)


def picks_work(run: Scenario) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The nations' picks of a setup and of its reference (in the dashboard's worker)."""
    return picks_of(run), picks_of(state.reference_of(run))


@module.server
def explore_server(input, output, session, entries: Mapping[str, Entry], default: str) -> None:
    # named: Shiny otherwise infers a name by reading the call stack, for every page that opens
    start: reactive.Value[Setup | None] = reactive.value(None, name="start")
    generation = reactive.value(0, name="generation")
    problems: reactive.Value[list[str]] = reactive.value([], name="problems")
    lesson_now: reactive.Value[Lesson | None] = reactive.value(None, name="lesson_now")
    presets = lessons()

    def begin(setup: Setup, lesson: Lesson | None = None) -> None:
        """Draw the levers and assumptions anew from ``setup`` (within ``lesson``, if any)."""
        with reactive.isolate():
            generation.set(generation() + 1)
        lesson_now.set(lesson)
        start.set(setup)
        ui.update_selectize("outcomes", selected=setup.watch)
        ui.update_slider("quarter", max=setup.scenario.steps, value=setup.scenario.steps)

    @reactive.effect
    def _from_url() -> None:
        with reactive.isolate():
            if start() is not None:
                return
        query = session.clientdata.url_search()
        lesson, problem = lesson_of_query(query, presets, entries)
        opening = lesson.scenario if lesson is not None else default
        setup, found = state.setup_from_query(query, entries, opening)
        problems.set([problem, *found] if problem else found)
        if setup.scenario.name != input.scenario():
            ui.update_select("scenario", selected=setup.scenario.name)
        if lesson is not None:
            ui.update_select("lesson", selected=lesson.name)
        begin(setup, lesson)

    @reactive.effect
    @reactive.event(input.lesson, ignore_init=True)
    def _lesson_picked() -> None:
        name = input.lesson()
        with reactive.isolate():
            current_lesson, current = lesson_now(), start()
        if current is None or (current_lesson.name if current_lesson else "") == name:
            return
        if not name:
            begin(current, None)
            return
        lesson = presets[name]
        ui.update_select("scenario", selected=lesson.scenario)
        begin(Setup(entries[lesson.scenario].scenario), lesson)

    @reactive.effect
    @reactive.event(input.scenario, ignore_init=True)
    def _picked() -> None:
        name = input.scenario()
        with reactive.isolate():
            current = start()
        if current is not None and name in entries and name != current.scenario.name:
            begin(Setup(entries[name].scenario), lesson_now())

    @reactive.effect
    @reactive.event(input.reset)
    def _reset() -> None:
        ui.update_select("scenario", selected=BASELINE)
        begin(Setup(entries[BASELINE].scenario), lesson_now())

    @reactive.calc
    def current() -> tuple[Setup, list[str]]:
        """The setup the inputs describe, and the values the registry refused (each left as it was)."""
        setup = start()
        req(setup is not None)
        gen = generation()
        wanted = setup.values
        refused = []
        for name in (*LEVERS, *ASSUMPTIONS):
            value = input[input_id(gen, name)]
            if not value.is_set():
                continue  # not drawn yet (a hidden tab): the setup's own value stands
            raw = value()
            if name in LEVERS and not PARAMS[name].choices and not isinstance(PARAMS[name].default, bool):
                raw = slider_for(name).raw(raw, setup.values[name])
            elif name in ASSUMPTIONS and isinstance(raw, int | float) and not isinstance(raw, bool):
                raw = plain_unit(name).raw(raw, setup.values[name])
            if raw is None or raw == "":
                refused.append(f"{name}: empty; expected {PARAMS[name].range_text()}")
                continue
            wanted[name] = raw
        checked = {}
        for name, value in wanted.items():
            try:
                checked[name] = check(name, value)
            except ParameterError as error:
                refused.append(str(error))
        return Setup.of(setup.scenario, checked), refused

    arrived = reactive.value(0, name="arrived")  # runs this page started in the background, done
    failed: dict[tuple, Exception] = {}

    def done(key: tuple, error: Exception | None) -> None:
        if error is not None:
            failed[key] = error
        arrived.set(arrived.get() + 1)

    @reactive.calc
    async def results():
        setup, _ = current()
        run, reference, changes = background(("runs", state._key(setup.run)), runs_work, setup.run)
        return setup, run, reference, changes

    def background(key: tuple, function, *args):
        """The dashboard worker's answer for ``key``, or (shown in progress) started in the background:
        awaited in a calc, it would hold every page of the server while the model runs."""
        arrived()
        found = offload.kept("dashboard", key)
        if found is None:
            if key in failed:
                raise failed.pop(key)
            offload.later("dashboard", key, function, *args, then=lambda error: done(key, error))
            req(False, cancel_output="progress")
        return found

    @reactive.effect
    async def _url() -> None:
        setup, _ = current()
        lesson = lesson_now()
        search = setup.query() + (f"&lesson={lesson.name}" if lesson is not None else "")
        await session.send_custom_message("airace-url", {"search": search})

    @render.ui
    def question():
        setup = start()
        req(setup is not None)
        scenario = setup.scenario
        parts = []
        lesson = lesson_now()
        if lesson is not None:
            parts.append(
                tags.div(
                    tags.div(lesson.menu, class_="lesson-title"),
                    tags.p(lesson.question, class_="lesson-question"),
                    tags.details(
                        tags.summary("Predict, then what to look at"),
                        tags.p(tags.strong("Predict: "), lesson.predict),
                        tags.p(tags.strong("Look at:")),
                        tags.ul(*[tags.li(point) for point in lesson.look]),
                        open=True,
                    ),
                    class_="lesson-card",
                )
            )
        parts.append(tags.p(scenario.question, class_="question"))
        if scenario.source and scenario.quote:
            parts.append(tags.blockquote(f"“{scenario.quote}”", tags.footer(ARTICLES[scenario.source].title)))
        if setup.scenario_assumptions:
            names = "; ".join(assumption_setting(name, value) for name, value in setup.scenario_assumptions.items())
            parts.append(tags.p(f"This scenario also sets assumptions (see Assumptions): {names}.", class_="events"))
        if scenario.events:
            when = "; ".join(
                e.at + ": " + ("a Taiwan crisis" if e.crisis else "") + ", ".join(lever_label(k).title for k in e.set)
                for e in scenario.events
            )
            parts.append(tags.p(f"During the run this scenario also changes: {when}.", class_="events"))
        return TagList(*parts)

    @render.ui
    def levers():
        setup = start()
        req(setup is not None)
        lesson = lesson_now()
        heading = "This lesson's levers" if lesson is not None else "Levers this scenario sets"
        return _levers_panel(generation(), setup.values, first_levers(setup, lesson), heading)

    @render.ui
    def assumptions():
        setup = start()
        req(setup is not None)
        return _assumptions_panel(generation(), setup.values)

    @render.ui
    async def status():
        setup, run, reference, _ = await results()
        _, refused = current()
        levers = {k: v for k, v in setup.changes.items() if k in LEVERS}
        lines = [
            tags.span(
                f"{setup.run.replications} runs of {setup.run.steps} quarters, and as many baseline runs on the same "
                f"chance events, in {run.seconds + (reference.seconds if run is not reference else 0):.2f} s",
                class_="timing",
            )
        ]
        if levers:
            lines.append(
                tags.span(
                    "Levers moved from the scenario: " + "; ".join(setting(k, v) for k, v in levers.items()),
                    class_="moved",
                )
            )
        if setup.assumptions:
            lines.append(
                tags.span(
                    f"{ASSUMPTIONS_MARK}: "
                    + "; ".join(assumption_setting(k, v) for k, v in setup.changed_assumptions.items()),
                    class_="assumptions-mark-text",
                )
            )
        for problem in [*problems(), *refused]:
            lines.append(tags.span("not applied: " + problem, class_="refused"))
        return tags.div(*[tags.div(line) for line in lines], LEGEND, class_="status")

    @render.ui
    async def charts():
        setup, run, reference, changes = await results()
        columns = list(input.outcomes()) or setup.watch
        key = (state._key(setup.run), tuple(columns), setup.assumptions)
        drawn = _charts_drawn.get(key)
        if drawn is None:  # drawn once for every viewer of the same runs (a class shares a few settings)
            drawn = str(_chart_grid(columns, setup, run, reference, changes))
            _charts_drawn[key] = drawn
            while len(_charts_drawn) > 32:
                _charts_drawn.popitem(last=False)
        return HTML(drawn)

    @render.ui
    async def sheet_view():
        req(input.sheet_wanted())  # set by the page while presenting or printing (explore.js)
        setup, run, reference, changes = await results()
        columns = list(input.outcomes()) or setup.watch
        lesson = lesson_now()
        title = lesson.menu if lesson is not None else setup.scenario.plain_title
        question = lesson.question if lesson is not None else setup.scenario.question
        return sheet(
            title,
            question,
            current()[0].values,
            columns,
            bands_of(run.frame, columns),
            bands_of(reference.frame, columns),
            changes,
            setup.run.steps,
            crisis_share(run.frame),
        )

    @render.ui
    async def changes():
        setup, _, _, changes = await results()
        if changes is None:
            return tags.p("This is the baseline itself. Move a lever, or pick a scenario, to see what changes.")
        shown = headline(changes, setup.watch, count=5)
        clear = [c for c in shown if c.clear]
        items = [_change_item(c, setup.run.steps) for c in shown]
        note = (
            "Paired comparison: each run has a twin in the baseline with the same chance events. "
            "'No clear change' means less than half the baseline's run-to-run spread."
        )
        if not clear:
            items.insert(0, tags.li("No outcome moved clearly: the change is within chance."))
        return TagList(tags.ul(*items, class_="changes"), tags.p(note, class_="small-note"))

    @reactive.calc
    async def picks() -> tuple[pd.DataFrame, pd.DataFrame]:
        setup, *_ = await results()
        return background(("picks", state._key(setup.run)), picks_work, setup.run)

    @render.ui
    async def nations():
        setup, *_ = await results()
        quarter = quarter_label(min(int(input.quarter()), setup.run.steps))
        run_picks, reference_picks = await picks()
        return nations_view(run_picks, reference_picks, quarter)

    @render.ui
    def share():
        setup, _ = current()
        url = session.clientdata.url_protocol() + "//" + session.clientdata.url_hostname()
        port = session.clientdata.url_port()
        link = f"{url}:{port}/{setup.query()}" if port else f"{url}/{setup.query()}"
        return TagList(
            tags.p("This page's address holds the setup: copy it from the address bar, or from here, to share it."),
            tags.input(type="text", value=link, readonly=True, class_="form-control share-link", onclick="select()"),
            tags.p(
                "The scenario file below runs exactly what the charts show, with the same seed and number of "
                "runs: save it and give it to ",
                tags.code(f"airace run {setup.run.name}.yaml"),
                " for the full report, data and charts.",
                class_="mt-3",
            ),
            tags.pre(setup.yaml(), class_="yaml-preview"),
        )

    @render.download_button(filename=lambda: f"{current()[0].run.name}.yaml", media_type="application/x-yaml")
    def export():
        yield current()[0].yaml()


__all__ = ["explore_server", "explore_ui"]
