"""What every request to the dashboard and the game passes through before Shiny sees it.

``Guard`` wraps the ASGI app (the dashboard's, or the dashboard and the game together):

- an address longer than ``MAX_QUERY_BYTES`` or with more than ``MAX_QUERY_FIELDS`` settings is
  refused at once (414, one line saying the limit), before any page is built from it;
- a websocket opened from another site's page is refused (its ``Origin`` is not this server's), so
  a page elsewhere cannot drive a student's session with the student's browser (cross-site
  websocket hijacking); a client that sends no Origin is not a browser and cannot carry cookies or
  a student's page, so it is let through;
- every answer carries the security headers: a Content-Security-Policy that loads nothing from
  elsewhere and forbids framing, X-Frame-Options, nosniff and Referrer-Policy (so a join link in
  the address never leaves in a Referer).

The websocket's message size is capped by the server (``WS_MAX_BYTES``, uvicorn's ``ws_max_size``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_QUERY_BYTES = 16_000  # a shared dashboard link with every lever set is about 5 kB
MAX_QUERY_FIELDS = 300  # the registry has fewer levers than this
WS_MAX_BYTES = 1_000_000  # a Shiny message of these pages is a few kB; a 20 MB field closes the socket

CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


def query_problem(query: bytes | str) -> str | None:
    """Why an address's query is refused, in one line, or None when it is within the limits."""
    size = len(query)
    if size > MAX_QUERY_BYTES:
        return f"the address is too long ({size:,} bytes of settings; at most {MAX_QUERY_BYTES:,})"
    fields = query.count(b"&" if isinstance(query, bytes) else "&") + 1 if size else 0
    if fields > MAX_QUERY_FIELDS:
        return f"the address has too many settings ({fields:,}; at most {MAX_QUERY_FIELDS})"
    return None


def same_origin(origin: str, host: str) -> bool:
    """Whether a browser's ``Origin`` header names the server it connects to (``Host``)."""
    found = urlsplit(origin)
    return found.scheme in ("http", "https") and found.netloc.lower() == host.lower()


class Guard:
    """ASGI middleware: limits, the websocket's origin and the security headers (see the module)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        problem = query_problem(scope.get("query_string", b""))
        if scope["type"] == "websocket":
            origin = headers.get("origin")
            if origin is not None and not same_origin(origin, headers.get("host", "")):
                problem = f"a page of {origin[:100]} may not open this server's websocket"
            if problem:
                await send({"type": "websocket.close", "code": 1008, "reason": problem[:120]})
                return
            await self.app(scope, receive, send)
            return
        if problem:
            body = f"Refused: {problem}. Open the page from its plain address.\n".encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 414,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"), *HEADERS],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
