"""The classroom dashboard (Shiny for Python): move a lever, watch the world change against the baseline.

``app`` builds the Shiny app from its pages (``explore`` today, the classroom game next), ``state``
holds what the pages compute without any UI (setups, their URLs and YAML, cached runs), ``offload``
runs the model in a worker process off the server's event loop, ``svg``
draws the charts and ``nations`` the developing nations by region. The model never imports this
package: the arrows point from here to the runner, never back.
"""

from __future__ import annotations

from pathlib import Path


def serve(scenario: Path | None, host: str, port: int, replications: int | None = None) -> None:
    """Run the dashboard on ``host``:``port`` until interrupted."""
    import uvicorn

    from sim.web.dashboard import offload
    from sim.web.dashboard.app import create_app
    from sim.web.dashboard.guard import WS_MAX_BYTES, Guard

    app = Guard(create_app(scenario, replications))
    offload.pool("dashboard")  # its worker imports the model while the server starts
    uvicorn.run(app, host=host, port=port, log_level="warning", ws_max_size=WS_MAX_BYTES, ws_per_message_deflate=False)
