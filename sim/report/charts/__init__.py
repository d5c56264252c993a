"""Charts read summaries of tidy results (last-quarter rows, bands tables), never the model."""

from sim.report.charts.adoption import adoption_chart
from sim.report.charts.style import DISCLAIMER
from sim.report.charts.sweep import sweep_chart
from sim.report.charts.timeseries import all_outcomes, headline_chart, slides

__all__ = ["DISCLAIMER", "adoption_chart", "all_outcomes", "headline_chart", "slides", "sweep_chart"]
