"""The facilitator's PIN: how it is kept, checked, and what it seals.

A PIN of four digits has only 10,000 values, so it is stored as a salted,
deliberately slow hash (`hashlib.scrypt`, a fresh random salt per game): no
precomputed table helps, and each guess against a copied save costs about a
tenth of a second. At the keyboard, `PinGate` makes every wrong try wait
longer than the last, so guessing at the table is slower still.

What the PIN seals (`debrief_lock`): the debrief and the seat views of a
game played by people (every vote's reason, private message, brief and
facilitator note), in the replay and in `wargame report`, while the game is
not over or whenever it has a PIN. No Textual here: the CLI uses it too.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

N, R, P = 2**14, 8, 1
"""scrypt's cost: 16 MiB of memory and about 0.1 s a guess on a laptop."""


def pin_hash(pin: str, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash` (hex) of a PIN, with a new random salt unless given one."""
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=N, r=R, p=P, dklen=32)
    return f"scrypt${N}${R}${P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    """Does `pin` match a stored `pin_hash`? (Constant-time comparison.)"""
    try:
        name, n, r, p, salt, digest = stored.split("$")
        if name != "scrypt":
            return False
        got = hashlib.scrypt(
            pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=len(digest) // 2
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def legacy_matches(pin: str, sha256: str) -> bool:
    """A save written before the PIN was salted kept an unsalted SHA-256."""
    return hmac.compare_digest(hashlib.sha256(pin.encode()).hexdigest(), sha256)


@dataclass
class PinGate:
    """Wrong tries make the next one wait: none for the first two, then 2, 4,
    8 ... seconds (at most a minute). One gate per game, for the app's life."""

    failures: int = 0
    until: float = 0.0
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)

    def wait(self) -> float:
        """Seconds before the next try is allowed (0: now)."""
        return max(0.0, self.until - self.clock())

    def failed(self) -> float:
        """Count a wrong try; returns the seconds the next one must wait."""
        self.failures += 1
        delay = 0.0 if self.failures < 3 else min(60.0, 2.0 ** (self.failures - 2))
        self.until = self.clock() + delay
        return delay

    def passed(self) -> None:
        self.failures, self.until = 0, 0.0


def played_by_people(header: dict[str, Any]) -> bool:
    seats = header.get("seats") or {}
    return any(not str(who).startswith(("bot", "script")) for who in seats.values())


def debrief_lock(header: dict[str, Any], over: bool, has_pin: bool) -> str | None:
    """Why the debrief of a save is sealed: "pin" (ask for the facilitator's
    PIN), a sentence (it cannot be opened yet), or None (it is open).

    A rehearsal played by bots alone has no secrets; a game played by people
    is sealed while it is not over, and always when it has a PIN (`has_pin`,
    from the save's house rules: `wargame.tui.exercise.HouseRules`)."""
    if has_pin:
        return "pin"
    if over or not played_by_people(header):
        return None
    return (
        "the game is still being played and has no facilitator's PIN: its debrief "
        "(every private message, brief and reason) opens when the game is over"
    )
