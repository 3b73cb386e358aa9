"""A scripted table for rule tests: every seat is driven by the test.

`Table` wraps a `Game` of the bundled scenario (or any scenario) and plays a
round from plain dicts: who proposes what, who pulls which lever, how each
signatory votes (or `bots=` seats vote as a bot would, through
`wargame.bots.voter.vote`). No seat is left to a bot unless the test says so,
so a change to the bots does not change what these tests see.

Chance effects are drawn from the game's seeded generator; `seed_where` finds
a seed for which a given draw comes up (or does not), so a test of a chance
effect is exact rather than statistical.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from wargame.bots.voter import vote as bot_vote
from wargame.engine.game import Game, Setup
from wargame.model import events as e
from wargame.model.actions import EndTurn, FireInject, Propose, Respond, SetIndicator, UseLever
from wargame.model.scenario import Scenario
from wargame.model.state import GameState
from wargame.rules.engine import SeatModifiers, modifiers
from wargame.rules.rng import draw

Vote = Literal["accept", "reject"]


class Table:
    """A game every seat of which the test scripts."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        sequence: str | None = None,
        lens: str | None = None,
        seed: int = 0,
        max_rounds: int | None = None,
        deadline_round: int | None = None,
    ) -> None:
        self.scenario = scenario
        self.game = Game.start(
            scenario,
            Setup(seed=seed, lens=lens, sequence=sequence, max_rounds=max_rounds, deadline_round=deadline_round),
        )

    @property
    def state(self) -> GameState:
        return self.game.state

    def ind(self, indicator: str) -> float:
        return self.state.indicators[indicator]

    # ---- playing ---------------------------------------------------------

    def table(self, terms: Mapping[str, str], seat: str | None = None) -> None:
        """Put terms on the table now (by `seat`, else the seat to move),
        without ending the round: for reading red lines and modifiers."""
        who = seat or self.game.to_act()
        assert who is not None
        self.game.submit(Propose(kind="propose", seat=who, terms=dict(terms)))

    def lever(self, lever_id: str, seat: str | None = None) -> None:
        """Pull a lever now (by `seat`, else the seat to move), mid-round."""
        who = seat or self.game.to_act()
        assert who is not None
        self.game.submit(UseLever(kind="lever", seat=who, lever=lever_id))

    def set(self, indicator: str, value: float) -> None:
        """The facilitator sets an indicator (to stage a situation)."""
        self.game.submit(
            SetIndicator(kind="facilitator", command="set_indicator", indicator=indicator, value=value, reason="test")
        )

    def inject(self, inject_id: str) -> list[e.Event]:
        return self.game.submit(FireInject(kind="inject", inject=inject_id, reason="test"))

    def round(
        self,
        propose: Mapping[str, Mapping[str, str]] | None = None,
        levers: Mapping[str, str] | None = None,
        votes: Mapping[str, Vote] | Vote = "reject",
        bots: Iterable[str] = (),
    ) -> list[e.Event]:
        """Play one round and return its events (up to the next round's start).

        `propose`: seat -> terms it tables on its turn; `levers`: seat -> lever
        it pulls; `votes`: one response for every signatory, or seat ->
        response (a signatory not named rejects); `bots`: signatories that vote
        as a bot of the scenario would.
        """
        game = self.game
        start, rnd, bot_seats = len(game.events), self.state.round, set(bots)
        while not game.over and self.state.round == rnd and self.state.step == "turns":
            seat = game.to_act()
            assert seat is not None
            if propose and seat in propose:
                game.submit(Propose(kind="propose", seat=seat, terms=dict(propose[seat])))
            if levers and seat in levers:
                game.submit(UseLever(kind="lever", seat=seat, lever=levers[seat]))
            game.submit(EndTurn(kind="end_turn", seat=seat))
        while not game.over and self.state.round == rnd and self.state.step == "voting":
            seat = game.to_act()
            assert seat is not None
            if seat in bot_seats:
                game.submit(bot_vote(self.scenario, self.state, seat))
                continue
            response = votes if isinstance(votes, str) else votes.get(seat, "reject")
            game.submit(Respond(kind="respond", seat=seat, response=response))
        return game.events[start:]

    def sign(self, propose: Mapping[str, str], seat: str = "us", **kw: object) -> list[e.Event]:
        """A round in which `seat` tables `propose` and every signatory accepts."""
        return self.round(propose={seat: propose}, votes="accept", **kw)  # type: ignore[arg-type]

    def quiet(self, rounds: int = 1, levers: Mapping[str, str] | None = None) -> list[e.Event]:
        """Rounds in which nobody proposes anything new (a standing text is
        still voted on, and rejected)."""
        out: list[e.Event] = []
        for _ in range(rounds):
            out += self.round(levers=levers)
        return out

    # ---- reading ---------------------------------------------------------

    def modifiers(self, seat: str) -> SeatModifiers:
        return modifiers(self.scenario, self.state, seat)


def fired(events: Iterable[e.Event], rule_id: str | None = None, outcome: str | None = None) -> list[e.RuleFired]:
    """The `RuleFired` events among `events` (of one rule, of one outcome)."""
    return [
        ev
        for ev in events
        if isinstance(ev, e.RuleFired)
        and (rule_id is None or ev.rule == rule_id)
        and (outcome is None or ev.outcome == outcome)
    ]


def fired_ids(events: Iterable[e.Event]) -> set[str]:
    return {ev.rule for ev in fired(events)}


def votes(events: Iterable[e.Event], seat: str | None = None) -> list[e.VoteCast]:
    return [ev for ev in events if isinstance(ev, e.VoteCast) and (seat is None or ev.seat == seat)]


def phase_changes(events: Iterable[e.Event]) -> list[e.PhaseChanged]:
    return [ev for ev in events if isinstance(ev, e.PhaseChanged)]


def seed_where(rnd: int, rule_id: str, block: int, chance: float, comes_up: bool = True) -> int:
    """A seed for which the rule's chance block `block` in round `rnd` comes
    up (`draw < chance`), or does not."""
    for seed in range(10_000):
        if (draw(seed, rnd, rule_id, block) < chance) == comes_up:
            return seed
    raise AssertionError("no such seed in 10,000")


def seed_where_all(draws: Iterable[tuple[int, str, int, float, bool]]) -> int:
    """A seed for which every (round, rule, block, chance, comes_up) holds."""
    wanted = list(draws)
    for seed in range(100_000):
        if all((draw(seed, r, rule, b) < ch) == up for r, rule, b, ch, up in wanted):
            return seed
    raise AssertionError("no such seed in 100,000")
