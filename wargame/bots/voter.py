"""How a bot seat votes: its red lines first, then its brief.

A bot always rejects a text that crosses one of its red lines, that a rule
tells it to reject (`bot_rejects`), or that one of its profile's stances
refuses; the reasons are those ids. Otherwise it signs when the whole deal is
worth at least its reservation, and says why: the terms that made the value,
and what moved the reservation (the indicators, the rounds, the rules).
"""

from __future__ import annotations

from dataclasses import dataclass

from wargame.bots.judge import BELOW_RESERVATION, Text, context, mood
from wargame.model.actions import Respond
from wargame.model.makers import make
from wargame.model.scenario import Persona, Scenario
from wargame.model.state import GameState
from wargame.rules.engine import red_lines, rejections

__all__ = ["BELOW_RESERVATION", "Judgement", "judge", "table_of", "vote"]


@dataclass
class Judgement:
    accept: bool
    reasons: list[str]
    why: str
    value: float = 0.0
    reservation: float = 0.0

    @property
    def margin(self) -> float:
        return round(self.value - self.reservation, 2)


def table_of(state: GameState) -> tuple[Text, dict[str, str]]:
    """The text on the table, and who tabled each of its terms."""
    return state.table_terms(), {i: t.by for i, t in state.table.items()}


def judge(
    scenario: Scenario,
    state: GameState,
    seat: str,
    terms: Text | None = None,
    persona: Persona | None = None,
    noise: float | None = None,
    by: dict[str, str] | None = None,
) -> Judgement:
    """Would this seat's bot sign the deal (agreed terms with `terms`, or the
    table, on top)? `noise` is the bot's private mood; by default this game's
    draw for the seat (pass 0 to judge as the profile alone says)."""
    if terms is None:
        terms, by = table_of(state)
    noise = mood(scenario, state, seat) if noise is None else noise
    ctx = context(scenario, state)  # held while its judge judges (the judge holds it weakly)
    sj = ctx.judge(seat)
    verdict = sj.verdict(terms, by or {}, persona, noise)
    why = sj.explain(terms, by or {}, persona, noise, verdict)
    return Judgement(verdict.accept, verdict.reasons, why, verdict.value, verdict.reservation)


def vote(scenario: Scenario, state: GameState, seat: str, persona: Persona | None = None) -> Respond:
    """The bot's vote on the text as tabled, with its reasons.

    The red lines and `bot_rejects` rules are read once more from the real
    state with the plain rule functions: whatever the judge says, a bot never
    signs across them.
    """
    j = judge(scenario, state, seat, persona=persona)
    rules = [*red_lines(scenario, state, seat), *rejections(scenario, state, seat)]
    hard = [r.id for r in rules]
    if hard and j.accept:
        j = Judgement(False, hard, f"Rejected: {'; '.join(r.title for r in rules)}.", j.value, j.reservation)
    reasons = list(dict.fromkeys([*hard, *j.reasons])) if not j.accept else []
    return make(
        Respond,
        {
            "kind": "respond",
            "seat": seat,
            "response": "accept" if j.accept else "reject",
            "reasons": reasons,
            "why": j.why,
        },
    )
