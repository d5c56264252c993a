"""One page of the game as the server sees it: whose page it is (its code), the game as this
server's watcher last told it, the keys that decide what is redrawn, and the model's work for it.

What a page shows is decided by keys, each a reactive value set only when it changes (Shiny's
values compare by identity, so a key equal to the last one is not set again): the page's frame
(role, round, lock), the game's history (the played rounds' moves) and each small part's drawn
HTML. A change to the game's log reaches every page of the game, but a part is redrawn and sent
only to the pages where it looks different: a team's move changes that team's two tabs, a lock-in
the lock list, a played round everything.
"""

from __future__ import annotations

from shiny import Inputs, Session, reactive

from sim.web.game import debrief as db
from sim.web.game.pieces import query_value
from sim.web.game.round_parts import draw_parts
from sim.web.game.shared import ATTEMPTS, Background, Watcher, debrief_work, history_key, page_work
from sim.web.game.store import FACILITATOR, PROJECTOR, GameState, Store, normal_code
from sim.web.game.teams import TEAMS

PARTS = ("header", "status", "budget", "steps", "my_moves", "hidden_moves")


def put(value: reactive.Value, new: object) -> None:
    """Set ``value`` to ``new`` only if it differs (by equality): its readers re-run only then."""
    with reactive.isolate():
        if value.get() != new:
            value.set(new)


class GamePage:
    """A page's session, its code and role, the game's state and what the page's parts show. The
    parts (``parts``), the team's moves (``moves``) and the pages (``pages``) read it."""

    def __init__(self, input: Inputs, session: Session, store: Store, watcher: Watcher):
        self.input, self.session, self.store, self.watcher = input, session, store, watcher
        self.client = session.http_conn.client.host if session.http_conn.client else "unknown"
        self.typed = reactive.value("", name="typed")  # named: Shiny infers a name from the stack, slowly
        self.recheck = reactive.value(0, name="recheck")  # the game's code changes this page has seen
        self.version = reactive.value(0, name="version")  # the log's last row as the watcher told it
        self.page_key = reactive.value(None, name="page_key")
        self.history = reactive.value(None, name="history")
        self.parts = {name: reactive.value("", name=name) for name in PARTS}
        self.work = Background("work")
        self.debrief = Background("debrief")
        self.seen: dict[str, object] = {}  # what each lever input of this page was drawn with or last said
        self._codes_seen: int | None = None
        self._invoked: tuple | None = None
        self.code = reactive.calc(self._code)
        self.entry = reactive.calc(self._entry)
        self.view = reactive.calc(lambda: query_value(session.clientdata.url_search(), "view"))
        self.state = reactive.calc(self._state)
        page_id = id(session)
        session.on_ended(lambda: watcher.forget(page_id))
        reactive.effect(lambda: self._watch(page_id))
        reactive.effect(self._keys)
        reactive.effect(self._work)

    def _code(self) -> str:
        """This page's code: typed in the join box, in the address it was opened with, or kept by
        this browser tab (``sessionStorage``: after joining, the code leaves the address bar, and
        a reload or a reconnect comes back to the same page)."""
        kept = self.input["kept_code"]
        stored = kept() if kept.is_set() and isinstance(kept(), str) else ""
        return normal_code(self.typed() or query_value(self.session.clientdata.url_search(), "code") or stored)

    def _entry(self) -> tuple[tuple[str, str] | None, str]:
        """(game, role) of this page's code, or None and why: "" (no code), "bad", "locked",
        "expired" (a team's code once its game is over) or "replaced" (the facilitator gave out
        new codes since this page was opened)."""
        changed = self.recheck()
        code = self.code()
        if not code:
            return None, ""
        if ATTEMPTS.locked(self.client):
            return None, "locked"
        found = self.store.who(code)
        if found is None:
            if changed:
                return None, "replaced"
            ATTEMPTS.fail(self.client)
            return None, "locked" if ATTEMPTS.locked(self.client) else "bad"
        if self.store.expired(*found):
            return None, "expired"
        return found, ""

    def who(self) -> tuple[str, str] | None:
        return self.entry()[0]

    def role(self) -> str | None:
        found = self.who()
        return found[1] if found else None

    def facilitating(self) -> bool:
        return self.role() == FACILITATOR

    def team(self) -> str | None:
        """This page's team, or None for the facilitator's, the projector's and the join page."""
        role = self.role()
        return role if role in TEAMS else None

    def _watch(self, page_id: int) -> None:
        found = self.who()
        self.watcher.forget(page_id)
        if found is not None:
            self.watcher.watch(found[0], page_id, self.version.set)

    def _state(self) -> GameState | None:
        seen = self.version()
        found = self.who()
        return self.store.state(found[0], seen) if found else None

    def _keys(self) -> None:
        """The page's frame and the game's history, and each part's HTML, set where they changed."""
        found, s = self.who(), self.state()
        if found is None or s is None:
            key, past = ("join", self.entry()[1]), None
        else:
            role = found[1]
            if role == PROJECTOR:  # its frame holds no round: only its parts follow the game
                key = (role, s.id, self.view())
            else:
                key = (role, s.id, s.round, role in s.at(s.round).locked, s.finished, s.codes, self.view())
            if self._codes_seen is not None and self._codes_seen != s.codes:
                with reactive.isolate():
                    self.recheck.set(self.recheck.get() + 1)  # new codes: is this page's still one of them?
            self._codes_seen = s.codes
            past = history_key(s)
        put(self.page_key, key)
        put(self.history, past)
        drawn = draw_parts(s, found[1]) if found is not None and s is not None else {}
        for name, value in self.parts.items():
            put(value, drawn.get(name, ""))

    def outcomes(self, s: GameState) -> tuple[str, ...]:
        team = self.team()
        if team is not None:
            return tuple(g.outcome for g in TEAMS[team].goals)
        return tuple(db.goal_outcomes(s))

    def _work(self) -> None:
        """Ask the game's worker for this page's model work when the history (or the page) changes:
        every page of a history asks for the same work, computed once (``offload``)."""
        key, frame = self.history(), self.page_key()
        if key is None or frame is None or frame[0] == "join":
            return
        with reactive.isolate():
            s = self.state()
            outcomes = self.outcomes(s)
            view = self.view()
        with_debrief = frame[0] == FACILITATOR or (frame[0] == PROJECTOR and view == "debrief")
        if self._invoked == (key, outcomes, with_debrief):
            return
        if self._invoked is None or self._invoked[:2] != (key, outcomes):
            self.work.invoke((key, outcomes), "game", (key, outcomes), page_work, key, s, outcomes)
        if with_debrief:
            self.debrief.invoke(key, "debrief", key, debrief_work, key, s)
        self._invoked = (key, outcomes, with_debrief)

    def done(self) -> dict:
        """The model's work for this page's history (in progress while it is computed)."""
        return self.work.result()

    def played(self) -> tuple:
        found = self.done()
        return found["game"], found["ref"], found["found"]

    def flash(self, error: Exception) -> None:
        from shiny import ui

        ui.notification_show(str(error), type="error", duration=6)
