"""What the deal finder hands back: a text with every signatory's verdict
(`Deal`), a single change that brings a refusing seat over (`Swing`), and a
phase's report (`DealReport`). Kept apart from the search (`bots.deals`) so
that the finder's module stays about its search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from wargame.bots.judge import Text, Verdict

T = TypeVar("T")


class once(Generic[T]):
    """`functools.cached_property` without the lock it takes on Python 3.11
    (a search makes tens of thousands of deals): computed on first read and
    kept in the instance's dict, which later reads find first."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj: Any, owner: type | None = None) -> T:
        value = self.fn(obj)
        obj.__dict__[self.name] = value
        return value


@dataclass
class Deal:
    """A text and each signatory's verdict on it."""

    terms: Text
    verdicts: dict[str, Verdict]

    @once
    def accepted(self) -> bool:
        return all(v.accept for v in self.verdicts.values())

    @property
    def min_margin(self) -> float:
        return min(v.margin for v in self.verdicts.values())

    @property
    def joint_gain(self) -> float:
        return round(sum(v.margin for v in self.verdicts.values()), 2)

    @once
    def score(self) -> float:
        """What the search climbs: the lowest seat's score, then the sum."""
        scores = [v.score for v in self.verdicts.values()]
        return min(scores) + 0.01 * sum(scores)

    @property
    def refusing(self) -> list[str]:
        return [s for s, v in self.verdicts.items() if not v.accept]

    def as_dict(self) -> dict[str, object]:
        return {
            "terms": dict(self.terms),
            "accepted": self.accepted,
            "min_margin": self.min_margin,
            "joint_gain": self.joint_gain,
            "seats": {
                s: {"accept": v.accept, "value": v.value, "reservation": v.reservation, "reasons": v.reasons}
                for s, v in self.verdicts.items()
            },
        }


@dataclass
class Swing:
    """A single change to a text that brings a refusing seat over."""

    seat: str
    issue: str
    option: str | None
    before: Verdict
    after: Deal

    @property
    def lost(self) -> list[str]:
        return self.after.refusing

    def as_dict(self) -> dict[str, object]:
        return {
            "seat": self.seat,
            "change": {self.issue: self.option},
            "margin_after": self.after.verdicts[self.seat].margin,
            "all_accept": self.after.accepted,
            "still_refusing": self.lost,
        }


@dataclass
class DealReport:
    phase: str
    round: int
    method: str
    """`exhaustive` or `local search`."""
    space: int
    """How many texts the agenda allows."""
    judged: int = 0
    deals: list[Deal] = field(default_factory=list)
    table: Deal | None = None
    swings: list[Swing] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "phase": self.phase,
            "round": self.round,
            "method": self.method,
            "space": self.space,
            "judged": self.judged,
            "deals": [d.as_dict() for d in self.deals],
            "table": self.table.as_dict() if self.table else None,
            "swings": [s.as_dict() for s in self.swings],
        }


def rank(deals: list[Deal]) -> list[Deal]:
    """Best first: the widest lowest margin, then the joint gain."""
    return sorted(deals, key=lambda d: (-d.min_margin, -d.joint_gain, sorted(d.terms.items())))
