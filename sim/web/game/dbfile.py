"""The game's database file: opened with its checks (an empty, truncated or corrupt file says so
in one line, never opens as an empty game), readable by its owner only, in SQLite's write-ahead
log mode, and brought up to date (a file from before codes were hashed has them hashed)."""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sim.web.game.codes import FACILITATOR, code_hash, seal

SCHEMA = """
CREATE TABLE IF NOT EXISTS games (
    id TEXT PRIMARY KEY, created REAL NOT NULL, config TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS codes (
    hash TEXT PRIMARY KEY, game TEXT NOT NULL REFERENCES games(id), role TEXT NOT NULL, sealed TEXT
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    game TEXT NOT NULL REFERENCES games(id),
    round INTEGER NOT NULL,
    role TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT,
    value TEXT,
    at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS log_game ON log (game, seq);
"""


class GameError(ValueError):
    """Something a person tried that the game's rules do not allow, said in their words."""


class StorageError(RuntimeError):
    """The database file cannot be used (empty, truncated, corrupt, unreadable): one line saying
    which file, what is wrong with it and what to do."""


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to the file (one per call: a Store is shared between threads and servers)."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable across a process crash
        yield db
    finally:
        db.close()


def open_file(path: Path) -> str:
    """Check and prepare the file at ``path`` (created 0600 if absent); the file's salt for codes.
    StorageError, in one line, for a file that is not a readable game database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.is_file() and path.stat().st_size == 0:
        raise StorageError(
            f"{path} is empty (0 bytes), not a game database: restore it from a copy, or move it "
            "away and start a new game with `airace game new`"
        )
    if not path.exists():  # readable by its owner only: it holds every team's moves
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    elif path.stat().st_mode & 0o077:
        path.chmod(0o600)
    try:
        with connect(path) as db:
            db.execute("PRAGMA journal_mode=WAL")
            found = db.execute("PRAGMA quick_check").fetchone()[0]
            if found != "ok":
                raise sqlite3.DatabaseError(found)
            with_plain_codes = "code" in {row[1] for row in db.execute("PRAGMA table_info(codes)")}
            if with_plain_codes:
                db.execute("ALTER TABLE codes RENAME TO plain_codes")
            db.executescript(SCHEMA)
            db.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_hex(16),))
            salt = db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()[0]
            if with_plain_codes:
                hash_plain_codes(db, salt)
    except sqlite3.DatabaseError as error:
        raise StorageError(
            f"{path} is not a readable game database ({str(error).splitlines()[0][:120]}): restore "
            "it from a copy, or start a new game in another file with `airace game new --db OTHER`"
        ) from None
    return salt


def hash_plain_codes(db: sqlite3.Connection, salt: str) -> None:
    """A file from before codes were hashed: each code replaced by its hash (and the others sealed
    under the facilitator's code), in one transaction."""
    db.execute("BEGIN IMMEDIATE")
    rows = db.execute("SELECT code, game, role FROM plain_codes").fetchall()
    facilitators = {game: code for code, game, role in rows if role == FACILITATOR}
    for code, game, role in rows:
        sealed = None if role == FACILITATOR or game not in facilitators else seal(facilitators[game], game, role, code)
        db.execute("INSERT INTO codes VALUES (?, ?, ?, ?)", (code_hash(salt, code), game, role, sealed))
    db.execute("DROP TABLE plain_codes")
    db.execute("COMMIT")
    db.execute("VACUUM")  # the plain codes' pages are not left in the file
