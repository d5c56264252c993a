"""Chart layout that scenario text cannot break."""

import matplotlib.pyplot as plt

from sim.report.charts.style import QUESTION_LINES, heading
from sim.scenario.schema import MAX_DESCRIPTION_CHARS


def test_the_longest_question_allowed_takes_at_most_four_lines_of_a_chart():
    fig = plt.figure(figsize=(15, 11))
    heading(fig, "title", "word " * (MAX_DESCRIPTION_CHARS // 5), "footer")
    title = fig.get_suptitle()
    plt.close(fig)
    assert title.count("\n") == QUESTION_LINES and title.endswith("...")


def test_a_single_scenarios_charts_drawn_in_two_processes_are_the_ones_drawn_in_one(tmp_path, monkeypatch):
    """``airace run`` draws most pages of every outcome in a second process forked from its fork
    server (``sim.runner.backends.second_process``); the files are the same as drawn here alone."""
    from itertools import chain

    from sim.analysis.aggregate import bands_of
    from sim.analysis.countries import picks
    from sim.report.charts.timeseries import PLOTTED
    from sim.report.results import draw_single
    from sim.runner import backends
    from sim.runner.replicate import Config, run_replications
    from sim.scenario import load_scenario
    from tests.helpers import ROOT

    scenario = load_scenario(ROOT / "scenarios" / "tight_controls.yaml")
    runs = run_replications(Config({}, scenario.steps), range(3))
    frame = runs.frame()
    bands = bands_of(frame, [c for c in PLOTTED if c in frame])
    chosen = picks(runs.stacks, ["2027Q4", "2034Q4"])
    drawn, made = {}, []
    real = backends.second_process
    monkeypatch.setattr(backends, "second_process", lambda needs: made.append(real(needs)) or made[-1])
    monkeypatch.setattr("sim.report.results.second_process", backends.second_process)
    for how, preloaded in (("one", set()), ("two", {"sim.report.charts"})):
        monkeypatch.setattr(backends, "PRELOADED", preloaded)
        charts, more = draw_single(
            tmp_path / how, scenario, bands, bands, ["compute_cn", "capability_gap"], chosen, None
        )
        drawn[how] = [path.relative_to(tmp_path / how) for path in [*charts.values(), *chain(*more.values())]]
    assert made[0] is None and made[1] is not None  # drawn here alone, then in two processes
    assert drawn["one"] == drawn["two"]
    for path in drawn["one"]:
        assert (tmp_path / "one" / path).read_bytes() == (tmp_path / "two" / path).read_bytes(), path


def test_a_flat_line_of_a_zero_to_one_quantity_is_drawn_on_its_whole_range():
    """A lever no doctrine moves is a flat line: on 0 to 1 (0 to 100% for a share), not zoomed into
    ticks such as 0.193 and 0.207; a line that moves, or a quantity with no such range, keeps its axis."""
    from sim.report.charts.timeseries import whole_range_if_flat

    def limits(column: str, values: list[float], *others: list[float]) -> tuple[float, float]:
        fig, ax = plt.subplots()
        for line in (values, *others):  # the scenario's line, and the baseline's
            ax.plot(range(len(line)), line)
        whole_range_if_flat(ax, column)
        low, high = ax.get_ylim()
        plt.close(fig)
        return low, high

    assert limits("stance_us", [0.2, 0.2, 0.2]) == (-0.02, 1.02)
    assert limits("enforcement", [0.6, 0.6], [0.3, 0.3]) == (-0.02, 1.02)  # two levels, each flat
    assert limits("adoption_us", [31.0, 31.0, 31.0]) == (-2.0, 102.0)  # a share, shown in percent
    assert limits("stance_us", [0.2, 0.25, 0.3]) != (-0.02, 1.02)
    assert limits("compute_us", [5e5, 5e5, 5e5])[1] < 1e6


def test_the_stacks_chart_mentions_the_baselines_dashed_boundaries_only_when_it_draws_them(tmp_path, monkeypatch):
    """The baseline's own report has no baseline to draw against: no dashed lines, and no caption
    promising them."""
    from sim.analysis.aggregate import bands_of
    from sim.registry.outcomes import ADOPTION_COLUMNS
    from sim.report.charts import adoption
    from sim.runner.replicate import Config, run_replications

    bands = bands_of(run_replications(Config({}, 8), range(2)).frame(), list(ADOPTION_COLUMNS))
    shown = {}

    def drawn(fig, title, question, caption):
        shown["dashed"] = sum(line.get_linestyle() == "--" for line in fig.axes[0].get_lines())
        shown["caption"] = caption
        heading(fig, title, question, caption)

    monkeypatch.setattr(adoption, "heading", drawn)
    adoption.adoption_chart(bands, None, "Baseline", tmp_path / "alone")
    assert shown["dashed"] == 0 and "dashed" not in shown["caption"]
    adoption.adoption_chart(bands, bands, "Against the baseline", tmp_path / "against")
    assert shown["dashed"] == len(ADOPTION_COLUMNS) - 1 and "dashed: the baseline's boundaries" in shown["caption"]


def test_a_sweep_measured_against_nothing_draws_no_baseline_and_says_none(tmp_path, monkeypatch):
    """A sweep's own runs are not its baseline: with no reference runs, no dashed line and no caption
    or legend promising one; with them, one dashed line a panel."""
    import pandas as pd

    from sim.report.charts import sweep

    frame = pd.DataFrame(
        {"point": [0, 0, 1, 1], "us.enforcement": [0.2, 0.2, 0.8, 0.8], "capability_gap": [1.0, 1.2, 0.6, 0.7]}
    )
    captions = []
    monkeypatch.setattr(sweep, "save", lambda fig, path: captions.append((fig, fig.get_supxlabel())) or [path])
    for reference in (None, frame[frame.point == 0]):
        views = {"2034Q4": (frame, reference)}
        sweep.sweep_chart(views, ("us.enforcement",), True, "title", tmp_path / "s", ["capability_gap"])
    (alone, said_alone), (against, said_against) = captions
    dashed = [sum(line.get_linestyle() == "--" for line in fig.axes[0].get_lines()) for fig in (alone, against)]
    plt.close(alone)
    plt.close(against)
    assert dashed == [0, 1]
    assert "baseline" not in said_alone and "dashed grey: the baseline" in said_against
