"""How a bot seat votes: its red lines first, then its brief.

A bot always rejects a text that crosses one of its red lines, or that a rule
tells it to reject (`bot_rejects`); the reasons are those rules' ids.
Otherwise it signs when the deal is worth at least its reservation.
"""

from __future__ import annotations

from dataclasses import dataclass

from wargame.model.actions import Respond
from wargame.model.scenario import Persona, Scenario
from wargame.model.state import GameState
from wargame.rules.engine import modifiers, red_lines, rejections
from wargame.rules.valuation import reservation, value_of

BELOW_RESERVATION = "reservation.not_met"
"""The reason a bot gives when a text is worth less to it than its alternative."""


@dataclass
class Judgement:
    accept: bool
    reasons: list[str]
    why: str


def judge(
    scenario: Scenario, state: GameState, seat: str, terms: dict[str, str] | None = None, persona: Persona | None = None
) -> Judgement:
    """Would this seat's bot sign the deal (agreed terms with `terms` on top)?"""
    view = state if terms is None else _with_table(state, terms)
    blocking = [*red_lines(scenario, view, seat), *rejections(scenario, view, seat)]
    if blocking:
        why = "; ".join(f"{r.id}: {r.title}" for r in blocking)
        return Judgement(False, [r.id for r in blocking], f"Rejected: {why}.")
    mods = modifiers(scenario, view, seat)
    val = value_of(scenario, view, seat, view.deal_terms(), mods)
    res = reservation(scenario, view, seat, persona, mods)
    moved = ", ".join(f"{k} {v:+g}" for k, v in res.parts if k != "base")
    detail = f"worth {val.value:g} against a reservation of {res.value:g}" + (f" ({moved})" if moved else "")
    if val.value >= res.value:
        return Judgement(True, [], f"Accepted: {detail}.")
    return Judgement(False, [BELOW_RESERVATION], f"Rejected: {detail}.")


def _with_table(state: GameState, terms: dict[str, str]) -> GameState:
    from wargame.model.state import TableTerm

    table = {i: TableTerm(option=o, by="bot", round=state.round) for i, o in terms.items()}
    return state.model_copy(update={"table": table})


def vote(scenario: Scenario, state: GameState, seat: str, persona: Persona | None = None) -> Respond:
    j = judge(scenario, state, seat, persona=persona)
    return Respond(kind="respond", seat=seat, response="accept" if j.accept else "reject", reasons=j.reasons, why=j.why)
