"""``python -m sim.cli``: the ``airace`` command."""

from sim.cli import main

main()
