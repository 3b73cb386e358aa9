"""Each team against its brief: what it set out to get, what it got.

For every seat: its objectives and red lines as its brief states them; what
the deal in force gave it, term by term, good or bad by its own valuation;
each rulebook red line of the seat and what became of it (never put before
it, refused and kept out, or crossed, and by whose vote on whose text); its
score with every part said in words; and, when the report carries a bot
baseline, where the score falls among the bot-only games for that seat.

A brief is private: the public view shows none, a seat's view only its own.
Scores are read through `wargame.rules.scoring` (its public `scores`), so a
change to the scoring shows here without a change to this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wargame.model import events as e
from wargame.model.scenario import Scenario
from wargame.review import words
from wargame.review.baseline import Baseline
from wargame.review.describe import DEBRIEF
from wargame.review.outcome import Outcome
from wargame.review.timeline import Timeline
from wargame.rules.engine import modifiers
from wargame.rules.valuation import option_value


@dataclass
class RedLine:
    rule_id: str
    title: str
    status: str
    """`held`, `kept off` or `crossed`."""
    detail: str
    """What happened, in words."""


@dataclass
class Spread:
    """A seat's scores over the bot-only games, and where this game falls."""

    games: int
    low: float
    quartile1: float
    median: float
    quartile3: float
    high: float
    mean: float
    below: float
    """Share (0..1) of bot games in which the seat scored less than here."""
    values: list[float] = field(default_factory=list)

    def sentence(self, name: str, score: float) -> str:
        return (
            f"{name} scored {score:g}; over {self.games} bot-only games it scores {self.low:g} to {self.high:g} "
            f"(median {self.median:g}, middle half {self.quartile1:g}-{self.quartile3:g}): "
            f"this game beats {self.below:.0%} of them."
        )


@dataclass
class TeamReview:
    seat: str
    name: str
    brief_shown: bool
    summary: str = ""
    objectives: list[str] = field(default_factory=list)
    brief_red_lines: list[str] = field(default_factory=list)
    got: list[tuple[str, str]] = field(default_factory=list)
    """(term in words, `good` / `bad` / `neutral` for this seat)."""
    red_lines: list[RedLine] = field(default_factory=list)
    score: float = 0.0
    parts: list[tuple[str, float, str]] = field(default_factory=list)
    """(part, points, why in words)."""
    spread: Spread | None = None
    spread_text: str = ""


def _quantile(values: list[float], q: float) -> float:
    """Linear-interpolated quantile of sorted values."""
    if not values:
        return 0.0
    pos = (len(values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(values) - 1)
    return round(values[lo] + (values[hi] - values[lo]) * (pos - lo), 1)


def spread(values: list[float], score: float) -> Spread | None:
    if not values:
        return None
    got = sorted(values)
    return Spread(
        games=len(got),
        low=got[0],
        quartile1=_quantile(got, 0.25),
        median=_quantile(got, 0.5),
        quartile3=_quantile(got, 0.75),
        high=got[-1],
        mean=round(sum(got) / len(got), 1),
        below=sum(1 for v in got if v < score) / len(got),
        values=got,
    )


def may_see_brief(view: str, seat: str) -> bool:
    return view in (DEBRIEF, seat)


def team_reviews(
    timeline: Timeline, result: Outcome, view: str = DEBRIEF, baseline: Baseline | None = None
) -> list[TeamReview]:
    sc = timeline.scenario
    st = timeline.final
    out: list[TeamReview] = []
    agreed = st.agreed_terms()
    for seat in sc.seats:
        shown = may_see_brief(view, seat.id)
        tr = TeamReview(seat=seat.id, name=seat.name, brief_shown=shown)
        if shown:
            tr.summary = seat.brief.summary
            tr.objectives = list(seat.brief.objectives)
            tr.brief_red_lines = list(seat.brief.red_lines)
        mods = modifiers(sc, st, seat.id)
        for issue, opt in agreed.items():
            weight = seat.profile.weights.get(issue, 0.0)
            value = option_value(sc, seat.id, issue, opt, mods) if weight > 0 else 0.0
            verdict = "good" if value > 0 else "bad" if value < 0 else "neutral"
            tr.got.append((words.term(sc, issue, opt), verdict))
        tr.red_lines = _red_lines(timeline, seat.id)
        s = result.scores.get(seat.id)
        if s is not None:
            tr.score = s.total
            tr.parts = [(part, pts, words.in_words(sc, why)) for part, pts, why in s.parts]
            if baseline is not None:
                tr.spread = spread(baseline.scores.get(seat.id, []), s.total)
                if tr.spread is not None:
                    tr.spread_text = tr.spread.sentence(seat.name, s.total)
        out.append(tr)
    return out


def _red_lines(timeline: Timeline, seat: str) -> list[RedLine]:
    """What became of each rulebook red line of the seat, from the votes."""
    sc: Scenario = timeline.scenario
    out: list[RedLine] = []
    events = timeline.events
    for rule in sc.rules:
        if rule.kind != "red_line" or rule.seat != seat:
            continue
        refused = [timeline.round_of[i] for i, ev in _votes(events, seat) if rule.id in ev.reasons]
        crossed = [i for i, ev in enumerate(events) if isinstance(ev, e.RuleFired) and ev.rule == rule.id]
        crossed = [i for i in crossed if events[i].outcome == "crossed"]  # type: ignore[union-attr]
        if crossed:
            details = []
            for i in crossed:
                voter = next(
                    (x for x in reversed(events[:i]) if isinstance(x, e.VoteCast) and rule.id in x.crossed), None
                )
                tablers = _tablers(timeline, i)
                by = words.seat(sc, voter.seat) if voter else words.seat(sc, seat)
                on = f" on a text tabled by {words.seats(sc, tablers)}" if tablers else ""
                details.append(f"round {timeline.round_of[i]}: {by} accepted it{on}")
            out.append(RedLine(rule.id, rule.title, "crossed", "; ".join(details)))
        elif refused:
            rounds = ", ".join(str(r) for r in dict.fromkeys(refused))
            out.append(RedLine(rule.id, rule.title, "kept off", f"a text crossed it and was refused (round {rounds})"))
        else:
            out.append(RedLine(rule.id, rule.title, "held", "no text put to a vote crossed it"))
    return out


def _votes(events: list[e.Event], seat: str) -> list[tuple[int, e.VoteCast]]:
    return [(i, ev) for i, ev in enumerate(events) if isinstance(ev, e.VoteCast) and ev.seat == seat]


def _tablers(timeline: Timeline, i: int) -> list[str]:
    """Seats that tabled terms in the round of event `i`, before it."""
    rnd = timeline.round_of[i]
    out: list[str] = []
    for j in range(i - 1, -1, -1):
        if timeline.round_of[j] != rnd:
            break
        ev = timeline.events[j]
        if isinstance(ev, e.Proposed) and ev.seat not in out:
            out.insert(0, ev.seat)
    return out


def crossed_summary(timeline: Timeline) -> list[str]:
    """Every red line crossed in the game, in words: whose, when, by whom."""
    out: list[str] = []
    for seat in timeline.scenario.seat_ids:
        for rl in _red_lines(timeline, seat):
            if rl.status == "crossed":
                out.append(f"{words.seat(timeline.scenario, seat)}: \u201c{rl.title}\u201d ({rl.detail})")
    return out
