"""The nine mechanisms of the design brief, one module each, as pure functions.

Each function takes plain numbers or numpy arrays and returns new values, so a mechanism is
testable alone and runs over all nations in one vectorised call. The model decides when to call
each one and skips it when its switch (``mechanisms.<name>``) is off.
"""
