"""Join codes: one per seat and one for the facilitator, for each hosted game.

A code is random (`secrets`, 40 bits, in an alphabet without 0/O or 1/I/L so
it can be read off a projector), and single-use per device: the first device
that joins with it owns it, and the same code from another device is refused
until the facilitator revokes it and hands out a new one. Codes live in a
small file beside the save (`SAVE.codes.json`, readable only by the host's
user), so a restarted host keeps them and the clients reconnect unchanged.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass

from wargame.errors import WargameError
from wargame.store.files import write_atomically

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
FACILITATOR_ROLE = "facilitator"


class CodeRefused(WargameError):
    """A join code the host turns down; the message says why."""


@dataclass
class JoinCode:
    code: str
    role: str
    """A seat id, or `facilitator`."""
    device: str | None = None
    """The device that claimed it (None until first used)."""
    revoked: bool = False


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise(code: str) -> str:
    """What a person typed, as a code: case, spaces and the dash do not matter."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


class Codes:
    """The join codes of one game."""

    def __init__(self, path: str | None, codes: list[JoinCode]) -> None:
        self.path = path
        self.codes = codes

    @classmethod
    def for_game(cls, path: str | None, seats: list[str]) -> Codes:
        """The codes kept beside a save, or new ones for every seat and the facilitator."""
        if path is not None and os.path.exists(path):
            try:
                with open(path, encoding="utf-8") as fh:
                    data = json.load(fh)
                codes = [JoinCode(**item) for item in data["codes"]]
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise WargameError(
                    f"{path}: the join codes cannot be read ({exc}); move it away to issue new ones"
                ) from None
            return cls(path, codes)
        made = cls(path, [JoinCode(new_code(), role) for role in [*seats, FACILITATOR_ROLE]])
        made.save()
        return made

    def save(self) -> None:
        if self.path is None:
            return
        text = json.dumps({"codes": [asdict(c) for c in self.codes]}, indent=1)
        write_atomically(self.path, text)
        os.chmod(self.path, 0o600)

    def current(self, role: str) -> JoinCode:
        return next(c for c in self.codes if c.role == role and not c.revoked)

    def find(self, code: str) -> JoinCode | None:
        wanted = normalise(code)
        found = None
        for item in self.codes:
            if hmac.compare_digest(item.code, wanted):
                found = item
        return found

    def claim(self, code: str, device: str) -> JoinCode:
        """The code's role for this device; the first device to use a code owns it."""
        item = self.find(code)
        if item is None:
            raise CodeRefused("unknown join code: check it against the one the facilitator gave you")
        if item.revoked:
            raise CodeRefused("this join code was revoked by the facilitator: ask for the new one")
        if item.device is not None and item.device != device:
            raise CodeRefused(
                "this join code is already in use on another device; the facilitator can revoke it and give you a new one"
            )
        if item.device is None:
            item.device = device
            self.save()
        return item

    def revoke(self, role: str) -> str:
        """Revoke a role's code and issue a new one (returned)."""
        if not any(c.role == role for c in self.codes):
            roles = ", ".join(sorted({c.role for c in self.codes}))
            raise CodeRefused(f"no code for {role!r}; the roles are: {roles}")
        for item in self.codes:
            if item.role == role:
                item.revoked = True
        fresh = JoinCode(new_code(), role)
        self.codes.append(fresh)
        self.save()
        return fresh.code
