"""Imported first by the fork server that ``sim.runner.backends.start_local_pool_early`` starts: it
ignores Ctrl-C from then on, as the fork server does anyway once its imports are done, so that a
Ctrl-C while it is still importing stops only the command (which cleans up), not the fork server
with a traceback on the terminal. Its workers ignore Ctrl-C too (``sim.runner.workers.start_worker``).
"""

import signal

signal.signal(signal.SIGINT, signal.SIG_IGN)
