"""The game's codes: how they are made, typed, and kept in the file (a salted hash, and the team
codes sealed under the facilitator's code, so the file alone gives no code)."""

from __future__ import annotations

import hashlib
import secrets
from collections import OrderedDict

# Codes a class types from a projector: no 0/O, 1/I/L, so nothing is misread. 8 characters from 31
# letters and digits are 8.5e11 codes; a guesser trying a thousand a second needs years for one team.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TEAM_CODE_LENGTH = 8
FACILITATOR_CODE_LENGTH = 16
FACILITATOR, PROJECTOR = "facilitator", "projector"
ALLOWED = frozenset(ALPHABET)


def new_code(length: int) -> str:
    """An unguessable code (``secrets``), shown in groups of four: ``K7QM-4XPA``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return "-".join(raw[i : i + 4] for i in range(0, length, 4))


MAX_TYPED = 40  # a code as typed, with spaces and dashes: longer is not a code, and is not read


def normal_code(text: str) -> str:
    """A code as typed (any case, spaces or dashes) in its stored form; "" for text that cannot be
    a code (too long, or a character no code has), which no game gave out."""
    if not isinstance(text, str) or len(text) > MAX_TYPED:
        return ""
    raw = "".join(ch for ch in text.upper() if ch not in " -\t")
    if len(raw) > FACILITATOR_CODE_LENGTH or not set(raw) <= ALLOWED:
        return ""
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


HASH_ROUNDS = 20_000  # PBKDF2 rounds per code: a stolen file's team codes cost a guesser real time
_hashes: OrderedDict[tuple[str, str], str] = OrderedDict()  # (salt, code) -> hash: a page's code is hashed once


def code_hash(salt: str, code: str) -> str:
    """What the file keeps of a code: PBKDF2-SHA256 with the file's salt (never the code itself)."""
    key = (salt, code)
    if key in _hashes:
        return _hashes[key]
    found = hashlib.pbkdf2_hmac("sha256", code.encode(), salt.encode(), HASH_ROUNDS).hex()
    _hashes[key] = found
    while len(_hashes) > 4096:
        _hashes.popitem(last=False)
    return found


def _pad(facilitator: str, game: str, role: str) -> bytes:
    return hashlib.sha256(f"{facilitator}|{game}|{role}".encode()).digest()


def seal(facilitator: str, game: str, role: str, code: str) -> str:
    """A team's (or the projector's) code as only the facilitator's code opens it: the facilitator's
    page lists the codes, and the file alone does not give them."""
    return bytes(a ^ b for a, b in zip(code.encode(), _pad(facilitator, game, role), strict=False)).hex()


def unseal(facilitator: str, game: str, role: str, sealed: str) -> str:
    return bytes(a ^ b for a, b in zip(bytes.fromhex(sealed), _pad(facilitator, game, role), strict=False)).decode()
