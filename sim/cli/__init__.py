"""The ``airace`` command line: thin; parse, call, print.

``base`` holds the one app and what every command shares; ``commands`` (run, explain, the registry,
the dashboard and the game) and ``analysis`` (compare, sensitivity, screen, tradeoff, discover,
robust) register their commands on it when imported here.
"""

# The order of the imports is the order of the commands in ``airace --help``.
from sim.cli import commands

# isort: split
from sim.cli import analysis
from sim.cli.commands import main

__all__ = ["analysis", "commands", "main"]
