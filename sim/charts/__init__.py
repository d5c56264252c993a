"""Charts read summaries of tidy results (last-quarter rows, bands tables), never the model."""

from sim.charts.adoption import adoption_chart
from sim.charts.style import DISCLAIMER
from sim.charts.sweep import sweep_chart
from sim.charts.timeseries import all_outcomes, headline_chart, slides

__all__ = ["DISCLAIMER", "adoption_chart", "all_outcomes", "headline_chart", "slides", "sweep_chart"]
