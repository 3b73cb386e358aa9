"""A scripted bot that plays one seat: it amends the text, pulls levers, says
where it stands, and votes.

Everything a bot wants comes from its seat's profile and persona in the
scenario; the code below knows no seat. On its turn a bot:

1. looks, with the deal finder, for texts on this phase's agenda that every
   signatory would sign and that are worth at least its own reservation, and
   tables the best of them for itself;
2. failing that, moves the text toward agreement: up to `max_changes` terms
   that most reduce the other signatories' shortfall while keeping the text
   worth what it asks (its reservation, which holds an opening demand that
   its persona gives up along its concession curve), or, if it cannot reach
   that, the terms that raise its own value most (it anchors);
3. pulls a lever when its profile's lever policy applies and a seeded draw
   comes up (and, before all this, tables a demand as it stands when a demand
   policy applies: an opening position, or one it insists on);
4. says where it stands in one short public message, if that changed.

A text another seat tabled this round is voted on as tabled: a bot leaves
those terms alone, answers them with its vote, and counters next round, as a
delegation would. Every action carries its reasons in `why`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from wargame.bots.beam import over_rows, over_texts
from wargame.bots.deals import Choices, Finder, settled_terms
from wargame.bots.judge import Text, Verdict, describe_value, mood
from wargame.bots.personas import seat_personas
from wargame.bots.report import Deal
from wargame.bots.voter import vote
from wargame.bots.wording import blocking_title, term_words
from wargame.engine.game import Game
from wargame.model import players
from wargame.model.actions import Action, EndTurn, Message, Propose, Respond, UseLever
from wargame.model.makers import make
from wargame.model.scenario import Issue, Persona, Scenario
from wargame.model.state import GameState
from wargame.rules.conditions import describe, holds
from wargame.rules.rng import draw


@dataclass
class Plan:
    """What the bot decided to table, and why."""

    changes: Text
    deal: Deal
    own: Verdict
    why: str


class Table(Protocol):
    """What a bot reads of a game: a `Game`, or the game as a lever the bot
    is about to pull would leave it."""

    scenario: Scenario
    state: GameState

    @property
    def over(self) -> bool: ...

    def agenda(self) -> list[Issue]: ...


class After:
    """The game as it would be just after the bot pulls `lever` (the game's
    own preview: the bot keeps no copy of what a lever does)."""

    def __init__(self, game: Game, lever: UseLever) -> None:
        self.scenario = game.scenario
        self.state = game.preview(lever).state
        self._game = game

    @property
    def over(self) -> bool:
        return self._game.over

    def agenda(self) -> list[Issue]:
        return self._game.agenda()


@dataclass
class Demand:
    """A demand policy that applies, and the terms it tables."""

    plan: Plan
    why: str


@dataclass
class Bot:
    seat: str
    persona: Persona | None = None
    max_changes: int = 2
    """Terms it changes at most when no text wins every signatory."""
    budget: int = 250
    """Texts it may judge in its search for an agreement, each turn (an
    agenda with no more texts than this is judged whole)."""
    beam: int = 2
    """Texts it keeps at each step of its move toward agreement."""
    steps: int = 3
    """Steps of its climb toward a text everyone signs, each turn: it goes on
    from where the text stands next turn."""
    _finder: list[tuple[Table, Finder]] | None = field(default=None, init=False, repr=False, compare=False)
    """The finder of the turn under way (see `finder`); None outside a turn."""

    # ---- the turn ---------------------------------------------------------

    def turn(self, game: Game) -> list[Action]:
        """The bot's actions for its turn, ending with `EndTurn`: its lever
        first, then the text and what it says, both judged in the world as
        the lever leaves it (an offensive raises what Moscow asks)."""
        actions: list[Action] = []
        self._finder = []
        try:
            return self._turn(game, actions)
        finally:
            self._finder = None

    def _turn(self, game: Game, actions: list[Action]) -> list[Action]:
        lever = self.lever(game)
        view: Table = game if lever is None else After(game, lever)
        if lever is not None:
            actions.append(lever)
        plan = self.plan(view)
        if plan is not None:
            actions.append(
                make(Propose, {"kind": "propose", "seat": self.seat, "terms": plan.changes, "why": plan.why})
            )
        message = self.message(view, plan)
        if message is not None:
            actions.append(message)
        held = self.holding_back(view) if plan is None else None
        done = "tabled terms" if plan else f"left the text as it stands{': ' + held if held else ''}"
        actions.append(make(EndTurn, {"kind": "end_turn", "seat": self.seat, "why": f"{self.seat} {done}"}))
        return actions

    def vote(self, game: Game) -> Respond:
        return vote(game.scenario, game.state, self.seat, self.persona)

    # ---- the text ---------------------------------------------------------

    def finder(self, game: Table) -> Finder:
        """A deal finder for this bot's turn (one per view of the game: the
        plan and the message of one turn share it)."""
        held = self._finder
        if held is None:
            return self._finder_for(game)  # outside a turn: the game may move on
        if held and held[0][0] is game:
            return held[0][1]
        found = self._finder_for(game)
        held[:] = [(game, found)]
        return found

    def _finder_for(self, game: Table) -> Finder:
        personas = seat_personas(game.scenario, game.state)
        personas[self.seat] = self.persona
        noise = mood(game.scenario, game.state, self.seat)
        return Finder(game.scenario, game.state, personas, {self.seat: noise}, proposer=self.seat)

    def plan(self, game: Table) -> Plan | None:
        """The terms to table this turn, if any."""
        state = game.state
        if game.over or not game.agenda():
            return None
        if tabled_by_people(state, self.seat):
            # A human or scripted delegation's text goes to the vote as tabled, the
            # terms it left silent included: the bot answers it with its vote and
            # counters next round. (Among bots, only the terms tabled are kept.)
            return None
        locked = {i: t.option for i, t in state.table.items() if t.round == state.round and t.by != self.seat}
        demand = self.demand(game, locked)
        if demand is not None:
            return demand.plan
        if self.holding_back(game) is not None:
            return None
        finder = self.finder(game)
        choices = finder.choices(locked)
        here = finder.start(choices)
        current = finder.text(here)
        method, _, zopa = finder.search(
            choices, budget=self.budget, starts=[here], exhaustive=self.budget, steps=self.steps
        )
        own_ok = [(d, self.own(finder, d.terms)) for d in zopa]
        own_ok = [(d, v) for d, v in own_ok if v.accept]
        if own_ok:
            best, mine = max(own_ok, key=lambda dv: (dv[1].value, -changed(current, dv[0].terms), dv[0].min_margin))
            best = finder.grab(best, self.seat, choices)
            mine = self.own(finder, best.terms)
            now = self.own(finder, current) if current else None
            standing = current and finder.deal(current).accepted and now is not None and now.accept
            if standing and now is not None and now.value >= mine.value - 0.5:
                return None
            why = (
                f"{self.seat} tables the text it values most among those it expects every signatory "
                f"({', '.join(best.verdicts)}) to sign ({method}, {finder.judged} texts judged): "
                f"{describe_value(self.parts(finder, best.terms), mine.value, finder.scenario)} against its reservation "
                f"{mine.reservation:g}; lowest margin {best.min_margin:+g}."
            )
            return self._plan(current, best, mine, why)
        return self.toward(finder, choices, current, method)

    def demand(self, game: Table, locked: dict[str, str]) -> Demand | None:
        """The first demand policy that applies and whose draw comes up: its
        terms are tabled as they are, again if they stand already."""
        scenario, state = game.scenario, game.state
        policies = scenario.seat(self.seat).profile.demands
        if not policies:
            return None
        agenda = {i.id for i in game.agenda()}
        settled: dict[str, str] | None = None  # made when first needed (the tests are pure)
        for policy in policies:
            if not set(policy.terms) <= agenda or set(policy.terms) & set(locked):
                continue
            if settled is None:
                settled = settled_terms(scenario, state)
            if any(settled.get(i, o) != o for i, o in policy.terms.items()):
                continue  # a bot does not reopen what a signed agreement settled
            if policy.when is not None and not holds(policy.when, scenario, state):
                continue
            if draw(state.seed, "bot", "demand", state.round, self.seat, policy.id) >= self.chance(policy.chance):
                continue
            # Tabled again even where they stand: a term tabled this round
            # is answered with votes, not changed, by the seats after it.
            changes = dict(policy.terms)
            because = [policy.why or policy.id]
            if policy.when is not None:
                because.append(f"because {describe(policy.when)}")
            why = f"{self.seat} insists: " + "; ".join(because) + "."
            finder = self.finder(game)
            text = {**state.table_terms(), **changes}
            return Demand(Plan(changes, finder.deal(text), self.own(finder, text), why), why)
        return None

    def holding_back(self, game: Table) -> str | None:
        """Why the bot makes no proposal this turn, if a hold policy applies."""
        scenario, state = game.scenario, game.state
        for policy in scenario.seat(self.seat).profile.holds:
            if not holds(policy.when, scenario, state):
                continue
            if draw(state.seed, "bot", "hold", state.round, self.seat, policy.id) >= policy.chance:
                continue
            return f"{policy.why or policy.id} (because {describe(policy.when)})"
        return None

    def chance(self, base: float) -> float:
        """A policy's chance, scaled by the persona's eagerness (0.5: as is)."""
        eagerness = self.persona.lever_eagerness if self.persona else 0.5
        return min(1.0, base * eagerness / 0.5)

    def toward(self, finder: Finder, choices: Choices, current: Text, method: str) -> Plan | None:
        """No text wins everyone: change up to `max_changes` free terms to
        close the others' gap, keeping the text worth what the bot asks."""
        free = [i for i, opts in choices.items() if len(opts) > 1]
        space = finder.judged_space(choices)
        picked = over_rows(self, finder, space, free, current) if space is not None else None
        if picked is None:
            picked = over_texts(self, finder, choices, free, current)
        if not picked[0]:
            return None
        text = picked[1]
        deal = finder.deal(text)
        own = self.own(finder, text)
        refusing = [s for s in deal.refusing if s != self.seat]
        why = (
            f"no text on the agenda wins every signatory now ({method}, {finder.judged} texts judged); "
            f"{self.seat} moves the text toward {', '.join(refusing) or 'agreement'} while keeping it "
            f"{describe_value(self.parts(finder, text), own.value, finder.scenario)} (it asks {own.reservation:g})"
        )
        if refusing:
            why += "; still refusing: " + "; ".join(f"{s} ({', '.join(deal.verdicts[s].reasons)})" for s in refusing)
        return self._plan(current, deal, own, why + ".")

    def _plan(self, current: Text, deal: Deal, own: Verdict, why: str) -> Plan | None:
        changes = {i: o for i, o in deal.terms.items() if current.get(i) != o}
        if not changes:
            return None
        return Plan(changes, deal, own, why)

    def own(self, finder: Finder, text: Text) -> Verdict:
        """The bot's own verdict, signatory or not, with its private mood."""
        known = finder.known_verdict(self.seat, text)
        if known is not None:
            return known
        deal = finder.deal(text)
        if self.seat in deal.verdicts:
            return deal.verdicts[self.seat]
        return finder.ctx.judge(self.seat).verdict(text, finder.authors(text), offset=finder.offset(self.seat))

    def parts(self, finder: Finder, text: Text) -> list[tuple[str, str, float]]:
        """The parts of the text's value to this bot (for its reasons), from
        its judge's tables (`rules.valuation.value_of` gives the same)."""
        return finder.ctx.judge(self.seat).core.parts(finder.ctx, text, finder.authors(text))

    # ---- levers and messages ---------------------------------------------

    def lever(self, game: Game) -> UseLever | None:
        """The first lever whose policy applies and whose draw comes up."""
        scenario, state = game.scenario, game.state
        policies = scenario.seat(self.seat).profile.levers
        if not policies:
            return None
        # Every test below is pure, so the cheapest go first; the first
        # policy that passes them all is the one pulled, as before.
        available: set[str] | None = None
        refusals: tuple[int, set[str]] | None = None  # the last round voted and who refused in it
        for policy in policies:
            if policy.after_refusal_by:
                if refusals is None:
                    refusals = last_refusals(state)
                if refusals[0] < state.round - 1 or not refusals[1].intersection(policy.after_refusal_by):
                    continue
            if draw(state.seed, "bot", "lever", state.round, self.seat, policy.lever) >= self.chance(policy.chance):
                continue
            if available is None:
                available = set(game.legal(self.seat).levers)
            if policy.lever not in available:
                continue
            if policy.when is not None and not holds(policy.when, scenario, state):
                continue
            because = [policy.why or scenario.lever(policy.lever).title]
            if policy.when is not None:
                because.append(f"because {describe(policy.when)}")
            if refusals is not None and policy.after_refusal_by:
                because.append(f"after {', '.join(sorted(refusals[1].intersection(policy.after_refusal_by)))} refused")
            return make(
                UseLever, {"kind": "lever", "seat": self.seat, "lever": policy.lever, "why": "; ".join(because)}
            )
        return None

    def message(self, game: Table, plan: Plan | None) -> Message | None:
        """One short public statement of the bot's position, if it changed."""
        scenario, state = game.scenario, game.state
        name = scenario.seat(self.seat).name
        if plan is not None:
            terms = ", ".join(term_words(scenario, i, o) for i, o in plan.changes.items())
            verdict = plan.own
        else:
            terms = ""
            table = state.table_terms()
            if not table:
                return None
            verdict = self.own(self.finder(game), table)
        if verdict.blocks:
            titles = [blocking_title(scenario, self.seat, r) for r in verdict.blocks]
            stand = "we will not sign while " + "; ".join(titles)
        elif verdict.accept:
            stand = "we can sign this text"
        else:
            stand = "this text is not enough for us yet"
        text = f"{name}: " + (f"we propose {terms}; {stand}." if terms else f"{stand[0].upper()}{stand[1:]}.")
        last = next((m for m in reversed(state.messages) if m.seat == self.seat), None)
        if last is not None and last.text == text:
            return None
        return make(Message, {"kind": "message", "seat": self.seat, "to": "all", "text": text[:300]})


def last_refusals(state: GameState) -> tuple[int, set[str]]:
    """The last round anyone voted in (0: none yet) and who refused in it.
    Votes are logged in the order cast, so their rounds never go down: that
    round's votes are the log's last ones, read from its end (not the whole
    game's votes at every turn)."""
    last: int | None = None
    refusing: set[str] = set()
    for v in reversed(state.votes):
        if last is None:
            last = v.round
        elif v.round != last:
            break
        if v.response == "reject":
            refusing.add(v.seat)
    return last or 0, refusing


def changed(current: Text, text: Text) -> int:
    return sum(1 for i, o in text.items() if current.get(i) != o)


def tabled_by_people(state: GameState, seat: str) -> bool:
    """Has a seat played by people (not a bot) tabled terms this round?"""
    return any(
        t.round == state.round and t.by != seat and not players.is_bot(state.seats.get(t.by, "bot"))
        for t in state.table.values()
    )
