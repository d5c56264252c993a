"""The nine mechanisms of the design brief, one module each, as pure functions.

Each function takes numbers or numpy arrays and returns new values. The model steps many
replications of one configuration together (``sim.model.model.AIRaceModel``), so a state value is
an array over replications (shape ``(R,)``; nations' ``(R, nations)``) while a parameter is a plain
number: every function is written elementwise (``np.where``, ``np.minimum``, ``np.exp``, never a
Python ``if`` on a state value), so it runs all replications in one call and still accepts plain
numbers. The model decides when to call each one and skips it when its switch
(``mechanisms.<name>``) is off (a parameter: the same for every replication of a batch).
"""
