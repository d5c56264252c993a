"""Registry: what exists and what it means (parameters, outcomes, labels, verdict words, calendar, data files).

The lowest layer: it imports nothing else of sim.
"""
