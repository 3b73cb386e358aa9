"""The turning points of a game: the three to seven moments that changed it.

Found from the record, never hand-written. Every event that could change the
course of the talks is a candidate, weighed by what it did: an agreement
signed or voided, a red line crossed, the talks broken down or ended, a text
blocked by a red line for the first time, the first firing of a rule, an
inject, the first pull of a lever, each with the size of its effect on the
indicators (as a share of each indicator's range). A rule that fires every
round (the attrition clock) counts once, the first time: a turning point is a
change, not a trend. The heaviest seven are kept, in the order they happened.

Each one says what the move was (who tabled the terms, pulled the lever or
fired the inject that set it off, read from the rule's own condition), the
rule it triggered, what that did to the indicators and the talks, the source
behind it, and where it is in the timeline (`index`, the event's position).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from wargame.model import events as e
from wargame.model.conditions import (
    AgreementCond,
    DeadlineCond,
    IndicatorCond,
    LeverCond,
    NotCond,
    RoundCond,
    StreakCond,
    TermCond,
)
from wargame.model.scenario import Scenario
from wargame.review import words
from wargame.review.describe import DEBRIEF, shows_why, visible
from wargame.review.outcome import ScoreStep
from wargame.review.timeline import Timeline

MOST = 7
"""At most this many turning points: a debrief has time for no more."""
FEWEST = 3
"""At least this many, when the game had that many candidate moments."""

WEIGHT = {
    "signed": 50.0,
    "voided": 45.0,
    "crossed": 40.0,
    "ended": 40.0,
    "talks": 35.0,
    "blocked": 15.0,
    "inject": 12.0,
    "rule": 10.0,
    "lever": 4.0,
}
"""How much each kind of moment weighs before its effects are added."""


@dataclass
class TurningPoint:
    index: int
    """The event's position in the save: the timeline's anchor `ev-<index>`."""
    round: int
    phase: str
    """The talks it happened in, in words."""
    kind: str
    headline: str
    move: str
    """The move that set it off, in words."""
    rule: str = ""
    """The rule it triggered, in words (title and explanation)."""
    rule_id: str | None = None
    effects: list[str] = field(default_factory=list)
    """What it did to the indicators and to the talks, in words."""
    scores: str = ""
    """How the seats' scores moved in that round."""
    sources: list[str] = field(default_factory=list)
    """Source keys with their titles."""
    why: str = ""
    """The facilitator's reason for an inject ("why now"), where the view may see it."""
    weight: float = 0.0

    @property
    def anchor(self) -> str:
        return f"ev-{self.index}"


def turning_points(
    timeline: Timeline, history: dict[str, list[ScoreStep]] | None = None, view: str = DEBRIEF
) -> list[TurningPoint]:
    """The moments that changed the game, in the order they happened."""
    finder = _Finder(timeline, history or {}, view)
    found = finder.candidates()
    ranked = sorted(found, key=lambda t: (-t.weight, t.index))
    keep = [t for t in ranked if t.weight >= WEIGHT["inject"]][:MOST]
    if len(keep) < FEWEST:
        keep = ranked[: max(FEWEST, len(keep))]
    return sorted(keep, key=lambda t: t.index)


def _walk(cond: Any, negated: bool = False) -> list[BaseModel]:
    """Every form in a condition tree that asks for something to be there
    (the forms under a `not` ask for its absence: no move brings that about)."""
    if not isinstance(cond, BaseModel):
        return []
    if isinstance(cond, NotCond):
        return [cond, *_walk(cond.not_, not negated)]
    out: list[BaseModel] = [] if negated and isinstance(cond, TermCond | LeverCond) else [cond]
    for value in cond.__dict__.values():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, BaseModel):
                out += _walk(item, negated)
    return out


class _Finder:
    def __init__(self, timeline: Timeline, history: dict[str, list[ScoreStep]], view: str) -> None:
        self.tl = timeline
        self.sc: Scenario = timeline.scenario
        self.history = history
        self.view = view

    # ---- candidates -------------------------------------------------------

    def candidates(self) -> list[TurningPoint]:
        out: list[TurningPoint] = []
        seen_rules: set[str] = set()
        seen_levers: set[str] = set()
        blocked: set[str] = set()
        for i, ev in enumerate(self.tl.events):
            if not visible(ev, self.view):
                continue
            tp: TurningPoint | None = None
            if isinstance(ev, e.AgreementSigned):
                tp = self._signed(i, ev)
            elif isinstance(ev, e.AgreementVoided):
                tp = self._point(i, "voided", f"The {words.agreement(self.sc, ev.phase)} is voided", ev.reason)
            elif isinstance(ev, e.RuleFired) and (ev.outcome == "crossed" or ev.rule not in seen_rules):
                seen_rules.add(ev.rule)
                tp = self._rule(i, ev)
            elif isinstance(ev, e.PhaseChanged) and ev.trigger != "sign":
                tp = self._phase(i, ev)
            elif isinstance(ev, e.VoteCast) and ev.response == "reject" and shows_why(ev, self.view):
                new = [r for r in ev.reasons if r not in blocked and self._is_red_line(r)]
                blocked.update(new)
                if new:
                    tp = self._blocked(i, ev, new)
            elif isinstance(ev, e.InjectFired):
                tp = self._inject(i, ev)
            elif isinstance(ev, e.LeverUsed) and ev.lever not in seen_levers:
                seen_levers.add(ev.lever)
                tp = self._lever(i, ev)
            if tp is not None:
                tp.scores = self._scores(tp.round)
                out.append(tp)
        return out

    def _point(self, i: int, kind: str, headline: str, move: str) -> TurningPoint:
        rnd = self.tl.round_of[i]
        return TurningPoint(
            index=i, round=rnd, phase=self._phase_at(i), kind=kind, headline=headline, move=move, weight=WEIGHT[kind]
        )

    def _phase_at(self, i: int) -> str:
        status = self.tl.state_at(i).status
        return words.phase(self.sc, status)

    def _impact(self, deltas: dict[str, float], standing: dict[str, float] | None = None) -> float:
        total = 0.0
        for k, v in deltas.items():
            if self.sc.has("indicator", k):
                ind = self.sc.indicator(k)
                span = (ind.max - ind.min) if ind.max is not None else 1000.0
                total += abs(v) / (span or 1.0) * 100
        total += sum(abs(v) for v in (standing or {}).values())
        return total

    def _effects(self, deltas: dict[str, float], standing: dict[str, float] | None = None) -> list[str]:
        out = [f"{words.indicator(self.sc, k)} {v:+g}" for k, v in deltas.items()]
        out += [f"{words.seat(self.sc, s)}'s standing at home {v:+g}" for s, v in (standing or {}).items()]
        return out

    def _talks_after(self, i: int) -> list[str]:
        """The phase change that followed in the same round, in words."""
        rnd = self.tl.round_of[i]
        for j in range(i + 1, len(self.tl.events)):
            if self.tl.round_of[j] != rnd:
                break
            ev = self.tl.events[j]
            if isinstance(ev, e.PhaseChanged):
                return [f"the talks move from {words.phase(self.sc, ev.from_)} to {words.phase(self.sc, ev.to)}"]
        return []

    def _scores(self, rnd: int) -> str:
        moved = []
        for seat, steps in self.history.items():
            step = next((s for s in steps if s.round == rnd), None)
            if step is not None and abs(step.change) >= 1:
                moved.append(f"{words.seat(self.sc, seat)} {step.change:+g}")
        return ", ".join(moved)

    def _sources(self, keys: list[str]) -> list[str]:
        return [words.source(self.sc, k) for k in keys]

    def _is_red_line(self, rule_id: str) -> bool:
        return self.sc.has("rule", rule_id) and self.sc.rule(rule_id).kind == "red_line"

    # ---- who did it -------------------------------------------------------

    def _proposers(self, i: int) -> list[str]:
        """Seats that tabled terms in the round of event `i`, before it."""
        rnd = self.tl.round_of[i]
        out: list[str] = []
        for j in range(i - 1, -1, -1):
            if self.tl.round_of[j] != rnd:
                break
            ev = self.tl.events[j]
            if isinstance(ev, e.Proposed) and ev.seat not in out:
                out.insert(0, ev.seat)
        return out

    def _tabled(self, i: int) -> str:
        who = self._proposers(i)
        return f"{words.seats(self.sc, who)} tabled the text" if who else "the text carried over from earlier rounds"

    def _cause(self, i: int, rule_id: str) -> str:
        """The move that set off a rule, read from what its condition looks at."""
        if not self.sc.has("rule", rule_id):
            return "the state of the game"
        leaves = _walk(self.sc.rule(rule_id).condition)
        issues = {leaf.term.issue for leaf in leaves if isinstance(leaf, TermCond)}
        levers = {leaf.lever.id for leaf in leaves if isinstance(leaf, LeverCond)}
        for j in range(i - 1, -1, -1):
            ev = self.tl.events[j]
            if not visible(ev, self.view):
                continue
            if isinstance(ev, e.LeverUsed) and ev.lever in levers:
                return f"{words.seat(self.sc, ev.seat)} pulled the lever \u201c{words.lever(self.sc, ev.lever)}\u201d (round {self.tl.round_of[j]})"
            if isinstance(ev, e.Proposed) and issues & set(ev.terms):
                put = {k: v for k, v in ev.terms.items() if k in issues}
                return (
                    f"{words.seat(self.sc, ev.seat)} tabled {words.terms(self.sc, put)} (round {self.tl.round_of[j]})"
                )
            if isinstance(ev, e.InjectFired) and (issues & set(ev.set_terms)):
                return f"the inject \u201c{ev.title}\u201d put {words.terms(self.sc, ev.set_terms)} on the table"
        if any(isinstance(leaf, IndicatorCond) for leaf in leaves):
            ids = [leaf.indicator.id for leaf in leaves if isinstance(leaf, IndicatorCond)]
            st = self.tl.state_at(i)
            now = ", ".join(f"{words.indicator(self.sc, k)} at {st.indicators.get(k, 0):g}" for k in dict.fromkeys(ids))
            return f"the war itself: {now}"
        if any(isinstance(leaf, DeadlineCond) for leaf in leaves):
            return f"time: the deadline (round {self.sc.deadline_round}) passed with nothing settled"
        if any(isinstance(leaf, StreakCond | RoundCond) for leaf in leaves):
            return f"time: the talks reached round {self.tl.round_of[i]} without settling it"
        if any(isinstance(leaf, NotCond) and _walk(leaf.not_) for leaf in leaves) or any(
            isinstance(leaf, AgreementCond) for leaf in leaves
        ):
            return "what had not been agreed: the war goes on while the talks do"
        return "the state of the game"

    # ---- each kind --------------------------------------------------------

    def _signed(self, i: int, ev: e.AgreementSigned) -> TurningPoint:
        opened = next(
            (x for x in reversed(self.tl.events[:i]) if isinstance(x, e.VotingOpened)),
            None,
        )
        signers = words.seats(self.sc, opened.signatories) if opened else "the signatories"
        tp = self._point(
            i,
            "signed",
            f"The {words.agreement(self.sc, ev.phase)} is signed",
            f"{self._tabled(i)}; {signers} accepted it",
        )
        tp.effects = [f"agreed: {words.terms(self.sc, ev.terms)}", *self._talks_after(i)]
        return tp

    def _rule(self, i: int, ev: e.RuleFired) -> TurningPoint:
        crossed = ev.outcome == "crossed"
        if crossed:
            whose = words.seat(self.sc, ev.seat or "")
            voter = next(
                (x for x in reversed(self.tl.events[:i]) if isinstance(x, e.VoteCast) and ev.rule in x.crossed),
                None,
            )
            by = words.seat(self.sc, voter.seat) if voter else whose
            move = f"{self._tabled(i)}; {by} accepted it across {whose}'s own red line"
            tp = self._point(i, "crossed", f"{whose}'s red line is crossed: {ev.title}", move)
        else:
            kind = "talks" if ev.phase_trigger else "rule"
            tp = self._point(i, kind, ev.title, self._cause(i, ev.rule))
            if self.sc.has("rule", ev.rule) and self.sc.rule(ev.rule).repeat == "each_round":
                tp.weight /= 2  # a clock that runs every round is a trend, not a turn
        tp.rule, tp.rule_id = f"{ev.title}. {ev.explanation}", ev.rule
        tp.effects = self._effects(ev.deltas, ev.standing)
        if ev.phase_trigger:
            tp.effects.append(f"the talks: {ev.phase_trigger}")
        tp.effects += self._talks_after(i) if ev.phase_trigger else []
        tp.sources = self._sources(ev.sources)
        tp.weight += self._impact(ev.deltas, ev.standing)
        return tp

    def _phase(self, i: int, ev: e.PhaseChanged) -> TurningPoint:
        ending = ev.to in words.END_STATES
        kind = "ended" if ending else "talks"
        headline = (
            f"The talks end: {words.phase(self.sc, ev.to)}"
            if ending
            else f"The talks move from {words.phase(self.sc, ev.from_)} to {words.phase(self.sc, ev.to)}"
        )
        tp = self._point(i, kind, headline, ev.reason or ev.trigger)
        if ev.trigger == "force":
            tp.move = (
                f"the facilitator moved the talks ({ev.reason})" if ev.reason else "the facilitator moved the talks"
            )
        return tp

    def _blocked(self, i: int, ev: e.VoteCast, rules: list[str]) -> TurningPoint:
        who = words.seat(self.sc, ev.seat)
        titles = "; ".join(f"\u201c{words.rule(self.sc, r)}\u201d" for r in rules)
        tp = self._point(
            i, "blocked", f"{who} blocks the text: its red line {titles}", f"{self._tabled(i)}; {who} voted no"
        )
        rule = self.sc.rule(rules[0])
        tp.rule, tp.rule_id = f"{rule.title}. {rule.explanation}", rule.id
        tp.sources = self._sources(list(dict.fromkeys(k for r in rules for k in self.sc.rule(r).sources)))
        return tp

    def _inject(self, i: int, ev: e.InjectFired) -> TurningPoint:
        scheduled = self.sc.has("inject", ev.inject) and not self.sc.inject(ev.inject).trigger.manual
        move = "it came up as scheduled in the scenario" if scheduled else "the facilitator fired it"
        to = "" if ev.to == "all" else f" (to {words.seat(self.sc, ev.to)} only)"
        tp = self._point(i, "inject", f"Inject{to}: {ev.title}", move)
        tp.rule = ev.text
        tp.effects = self._effects(ev.deltas)
        if ev.set_terms:
            tp.effects.append(f"puts on the table: {words.terms(self.sc, ev.set_terms)}")
        tp.sources = self._sources(ev.sources)
        tp.why = ev.reason if self.view == DEBRIEF else ""  # the facilitator's reasons are for the debrief
        tp.weight += self._impact(ev.deltas) + (10.0 if ev.set_terms else 0.0)
        return tp

    def _lever(self, i: int, ev: e.LeverUsed) -> TurningPoint:
        who = words.seat(self.sc, ev.seat)
        move = f"{who} pulled it" + (f": {ev.why}" if ev.why and shows_why(ev, self.view) else "")
        tp = self._point(i, "lever", f"{who} pulls the lever \u201c{words.lever(self.sc, ev.lever)}\u201d", move)
        tp.effects = self._effects(ev.deltas)
        if self.sc.has("lever", ev.lever):
            tp.sources = self._sources(self.sc.lever(ev.lever).sources)
        tp.weight += self._impact(ev.deltas)
        return tp
