"""Seeded, stateless randomness.

Every draw is a pure function of the game's seed and a label naming the draw
(round, rule id, block), so replaying events needs no generator state, and a
what-if branch from any event draws exactly what the original would have.
"""

from __future__ import annotations

import hashlib
import random


def draw(seed: int, *label: object) -> float:
    """A number in [0, 1), the same for the same seed and label."""
    key = ":".join(str(x) for x in (seed, *label)).encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") / 2**64


def generator(seed: int, *label: object) -> random.Random:
    """A private generator for a bot's decision (seeded from the same label)."""
    return random.Random(int(draw(seed, *label) * 2**53))
