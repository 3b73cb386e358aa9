"""A scripted bot that plays one seat: it amends the text and votes.

On its turn a bot looks for changes to the table text, on this phase's
agenda, that raise the deal's worth to it while keeping (or winning) the
other signatories' consent, and proposes the best of them. A text that
another seat tabled this round is voted on as tabled: a bot answers it with
its vote, and counters it next round, as a delegation would.
"""

from __future__ import annotations

from dataclasses import dataclass

from wargame.bots.voter import judge, vote
from wargame.engine.game import Game, signatories
from wargame.model.actions import Action, EndTurn, Propose, Respond
from wargame.model.scenario import Persona
from wargame.rules.valuation import value_of


@dataclass
class Bot:
    seat: str
    persona: Persona | None = None
    max_changes: int = 2

    def turn(self, game: Game) -> list[Action]:
        """The bot's actions for its turn, ending with `EndTurn`."""
        actions: list[Action] = []
        proposal = self.amendment(game)
        if proposal is not None:
            actions.append(proposal)
        actions.append(EndTurn(kind="end_turn", seat=self.seat, why="nothing more to do this round"))
        return actions

    def vote(self, game: Game) -> Respond:
        return vote(game.scenario, game.state, self.seat, self.persona)

    def amendment(self, game: Game) -> Propose | None:
        _scenario, state = game.scenario, game.state
        locked = {i for i, t in state.table.items() if t.round == state.round and t.by != self.seat}
        text = state.table_terms()
        best_score = self._score(game, text)
        changes: dict[str, str] = {}
        for _ in range(self.max_changes):
            step: tuple[float, str, str] | None = None
            for issue in game.agenda():
                if issue.id in locked or issue.id in changes:
                    continue
                for option in issue.options:
                    if text.get(issue.id) == option.id:
                        continue
                    if issue.id not in text and option.id == issue.options[0].id and issue.implied_when_silent:
                        continue
                    score = self._score(game, {**text, issue.id: option.id})
                    if score > best_score + 0.5 and (step is None or score > step[0]):
                        step = (score, issue.id, option.id)
            if step is None:
                break
            best_score, issue_id, option_id = step
            text[issue_id] = option_id
            changes[issue_id] = option_id
        if not changes:
            return None
        pretty = ", ".join(f"{k}={v}" for k, v in changes.items())
        return Propose(
            kind="propose",
            seat=self.seat,
            terms=changes,
            why=f"{self.seat} proposes {pretty}: the best text it expects the signatories to accept",
        )

    def _score(self, game: Game, text: dict[str, str]) -> float:
        """Own worth of the text, heavily penalised for every signatory that would refuse."""
        scenario, state = game.scenario, game.state
        if not text:
            return -100.0
        deal = {**state.agreed_terms(), **text}
        own = value_of(scenario, state, self.seat, deal).value
        refusals = 0
        for seat in signatories(scenario, state.status, text):
            persona = self.persona if seat == self.seat else None
            if not judge(scenario, state, seat, text, persona).accept:
                refusals += 1
        return own - 60.0 * refusals
