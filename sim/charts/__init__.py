"""Charts read tidy result frames, never the model."""

from sim.charts.timeseries import DISCLAIMER, headline_chart

__all__ = ["DISCLAIMER", "headline_chart"]
