"""The Game, the one door: what it accepts, what it refuses and why, who signs,
and that the same seed and moves always give the same game."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.conftest import end_turns, play_round, vote_all
from wargame.content.loader import ScenarioTexts
from wargame.engine.fold import fold
from wargame.engine.game import Game, Setup
from wargame.errors import GameOver, LeverRefused, NotYourTurn, OffAgenda, RefusedAction, UnknownId
from wargame.model import events as e
from wargame.model.actions import (
    Action,
    EndTurn,
    FireInject,
    ForcePhase,
    Message,
    Note,
    Pause,
    Propose,
    Respond,
    Resume,
    SetIndicator,
    UseLever,
)
from wargame.model.scenario import Scenario
from wargame.rules.rng import draw, generator
from wargame.session.runner import RunOptions, run
from wargame.session.summary import summary

CEASEFIRE = {"ceasefire": "thirty_day", "dmz": "international_monitoring"}


def new_game(scenario: Scenario, **setup: object) -> Game:
    return Game.start(scenario, Setup(seed=5, **setup))  # type: ignore[arg-type]


def end(game: Game, seat: str) -> None:
    game.submit(EndTurn(kind="end_turn", seat=seat))


def to_voting(game: Game, terms: dict[str, str]) -> None:
    """The first seat tables `terms`; everyone ends the turn; the vote opens."""
    seat = game.to_act()
    assert seat is not None
    game.submit(Propose(kind="propose", seat=seat, terms=terms))
    end_turns(game)
    assert game.state.step == "voting"


# ---- every typed refusal, and that it changes nothing -------------------------------------

Prepare = Callable[[Game], None]


def _nothing(game: Game) -> None:
    pass


def _us_pulled_a_lever(game: Game) -> None:
    game.submit(UseLever(kind="lever", seat="us", lever="pause_aid"))


def _voting_on_a_ceasefire(game: Game) -> None:
    to_voting(game, CEASEFIRE)


def _russia_voted(game: Game) -> None:
    to_voting(game, CEASEFIRE)
    game.submit(Respond(kind="respond", seat="russia", response="reject"))


def _expired(game: Game) -> None:
    game.submit(ForcePhase(kind="facilitator", command="force_phase", phase="expired", reason="time is up"))


def _paused(game: Game) -> None:
    game.submit(Pause(kind="facilitator", command="pause", reason="a break"))


REFUSALS: list[tuple[str, Prepare, Action, type[RefusedAction], str]] = [
    (
        "off-agenda issue",
        _nothing,
        Propose(kind="propose", seat="us", terms={"territory": "de_facto_control"}),
        OffAgenda,
        "territory is not on the agenda of the ceasefire talks",
    ),
    (
        "off-agenda issue among good ones",
        _nothing,
        Propose(kind="propose", seat="us", terms={"ceasefire": "thirty_day", "sanctions": "phased_relief"}),
        OffAgenda,
        "sanctions is not on the agenda",
    ),
    (
        "unknown issue",
        _nothing,
        Propose(kind="propose", seat="us", terms={"ceasfire": "thirty_day"}),
        UnknownId,
        "unknown issue 'ceasfire'",
    ),
    (
        "unknown option",
        _nothing,
        Propose(kind="propose", seat="us", terms={"ceasefire": "thirty_days"}),
        UnknownId,
        "unknown option 'thirty_days' for ceasefire",
    ),
    (
        "unknown seat",
        _nothing,
        EndTurn(kind="end_turn", seat="usa"),
        UnknownId,
        "unknown seat 'usa'",
    ),
    (
        "unknown lever",
        _nothing,
        UseLever(kind="lever", seat="us", lever="pause_aids"),
        UnknownId,
        "unknown lever 'pause_aids'",
    ),
    (
        "message to an unknown seat",
        _nothing,
        Message(kind="message", seat="us", to="kremlin", text="hello"),
        UnknownId,
        "unknown seat 'kremlin'",
    ),
    (
        "message about an unknown issue",
        _nothing,
        Message(kind="message", seat="us", text="hello", issue="nukes"),
        UnknownId,
        "unknown issue 'nukes'",
    ),
    (
        "unknown inject",
        _nothing,
        FireInject(kind="inject", inject="alien_landing"),
        UnknownId,
        "unknown inject 'alien_landing'",
    ),
    (
        "another seat's lever",
        _nothing,
        UseLever(kind="lever", seat="us", lever="offensive"),
        LeverRefused,
        "offensive is russia's lever, not us's",
    ),
    (
        "a second lever in one round",
        _us_pulled_a_lever,
        UseLever(kind="lever", seat="us", lever="sign_minerals_deal"),
        LeverRefused,
        "already pulled a lever this round",
    ),
    (
        "acting out of turn",
        _nothing,
        Propose(kind="propose", seat="russia", terms={"ceasefire": "none"}),
        NotYourTurn,
        "it is not russia's turn: it is us's turn",
    ),
    (
        "ending another seat's turn",
        _nothing,
        EndTurn(kind="end_turn", seat="europe"),
        NotYourTurn,
        "it is not europe's turn",
    ),
    (
        "voting during the turns",
        _nothing,
        Respond(kind="respond", seat="us", response="accept"),
        NotYourTurn,
        "there is no vote now",
    ),
    (
        "voting when not a signatory",
        _voting_on_a_ceasefire,
        Respond(kind="respond", seat="us", response="accept"),
        NotYourTurn,
        "us does not sign this text",
    ),
    (
        "voting twice",
        _russia_voted,
        Respond(kind="respond", seat="russia", response="accept"),
        NotYourTurn,
        "russia has already voted",
    ),
    (
        "proposing during the vote",
        _voting_on_a_ceasefire,
        Propose(kind="propose", seat="russia", terms={"ceasefire": "none"}),
        NotYourTurn,
        "voting on the text",
    ),
    (
        "a turn after the end",
        _expired,
        EndTurn(kind="end_turn", seat="us"),
        GameOver,
        "the game is over (expired)",
    ),
    (
        "a vote after the end",
        _expired,
        Respond(kind="respond", seat="russia", response="accept"),
        GameOver,
        "the game is over",
    ),
    (
        "a facilitator's setting after the end",
        _expired,
        SetIndicator(kind="facilitator", command="set_indicator", indicator="momentum", value=5),
        GameOver,
        "the game is over",
    ),
    (
        "acting while paused",
        _paused,
        EndTurn(kind="end_turn", seat="us"),
        RefusedAction,
        "paused",
    ),
    (
        "an unknown indicator",
        _nothing,
        SetIndicator(kind="facilitator", command="set_indicator", indicator="momentom", value=5),
        UnknownId,
        "unknown indicator 'momentom'",
    ),
    (
        "forcing the phase during the vote",
        _voting_on_a_ceasefire,
        ForcePhase(kind="facilitator", command="force_phase", phase="treaty", reason="hurry"),
        RefusedAction,
        "the signatories are voting",
    ),
]


def test_a_facilitator_command_carries_exactly_its_fields() -> None:
    """Each command is its own type: an indicator setting without a value, or
    a field another command takes, is refused before the game sees it."""
    from pydantic import ValidationError

    from wargame.model.actions import ACTION

    with pytest.raises(ValidationError, match="value"):
        ACTION.validate_python({"kind": "facilitator", "command": "set_indicator", "indicator": "momentum"})
    with pytest.raises(ValidationError, match="phase"):
        ACTION.validate_python({"kind": "facilitator", "command": "pause", "phase": "treaty"})
    veto = ACTION.validate_python({"kind": "facilitator", "command": "veto_phase", "reason": "r"})
    assert type(veto).__name__ == "VetoPhase"


@pytest.mark.parametrize("prepare, action, error, message", [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_a_refused_action_says_why_and_changes_nothing(
    scenario: Scenario, prepare: Prepare, action: Action, error: type[RefusedAction], message: str
) -> None:
    game = new_game(scenario)
    prepare(game)
    heard: list[e.Event] = []
    game.subscribe(heard.append)
    before = game.state.model_copy(deep=True)
    count = len(game.events)
    with pytest.raises(error) as info:
        game.submit(action)
    assert message in str(info.value)
    assert game.state == before
    assert len(game.events) == count
    assert heard == []
    assert fold(scenario, game.events) == game.state


def test_the_error_types_are_distinct_causes() -> None:
    for cls in (NotYourTurn, OffAgenda, UnknownId, LeverRefused, GameOver):
        assert issubclass(cls, RefusedAction)
    assert len({NotYourTurn, OffAgenda, UnknownId, LeverRefused, GameOver}) == 5


def test_off_agenda_names_where_the_issue_belongs(scenario: Scenario) -> None:
    game = new_game(scenario)
    with pytest.raises(OffAgenda) as info:
        game.submit(Propose(kind="propose", seat="us", terms={"territory": "de_facto_control"}))
    assert "it is on: framework, treaty" in str(info.value)
    assert "the agenda now is: ceasefire, dmz, foreign_forces" in str(info.value)


def test_a_lever_of_its_own_is_fine_and_one_a_round(scenario: Scenario) -> None:
    game = new_game(scenario)
    assert {v.id for v in game.levers("us")} >= {"pause_aid", "resume_aid"}
    start = game.state.indicators["us_commitment"]
    [event] = game.submit(UseLever(kind="lever", seat="us", lever="pause_aid"))
    assert isinstance(event, e.LeverUsed) and event.deltas == {"us_commitment": -5.0}
    assert game.state.indicators["us_commitment"] == start - 5
    assert game.levers("us") == []
    end_turns(game)
    assert game.state.round == 2
    assert game.levers("us"), "a new round, a new lever"


def test_an_inject_is_fired_once_unless_repeatable(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    game.submit(FireInject(kind="inject", inject="walkout"))
    with pytest.raises(RefusedAction, match="not repeatable"):
        game.submit(FireInject(kind="inject", inject="walkout"))
    game.submit(FireInject(kind="inject", inject="violation"))
    game.submit(FireInject(kind="inject", inject="violation"))
    assert [i for _, i in game.state.injects] == ["walkout", "violation", "violation"]


def test_an_inject_puts_terms_on_the_table_for_the_facilitator(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    game.submit(FireInject(kind="inject", inject="proposal_from_outside"))
    assert game.state.table["monitors"].option == "neutral"
    assert game.state.table["monitors"].by == "facilitator"


def test_an_inject_that_changes_the_text_waits_for_the_vote(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    to_voting(game, {"guns": "silent"})
    for inject in ("proposal_from_outside", "summit"):
        before = game.state.model_copy(deep=True)
        with pytest.raises(RefusedAction, match="voting"):
            game.submit(FireInject(kind="inject", inject=inject))
        assert game.state == before
    game.submit(FireInject(kind="inject", inject="violation"))  # changes no text: fine


def test_an_inject_that_breaks_the_truce_waits_for_the_vote(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    play_round(game, {"guns": "silent"})
    assert game.state.status == "frame"
    to_voting(game, {"border": "new_line"})
    with pytest.raises(RefusedAction, match="voting"):
        game.submit(FireInject(kind="inject", inject="shelling"))
    vote_all(game, "reject")
    game.submit(FireInject(kind="inject", inject="shelling"))
    assert game.state.status == "truce"
    assert "truce" not in game.state.agreements


def test_a_phase_change_mid_vote_never_signs_an_empty_text(mini: Scenario) -> None:
    """A facilitator forcing the phase while the signatories vote would leave
    them voting on the new phase's (empty) text; it is refused instead."""
    game = Game.start(mini, Setup(seed=1))
    to_voting(game, {"guns": "silent"})
    with pytest.raises(RefusedAction):
        game.submit(ForcePhase(kind="facilitator", command="force_phase", phase="deal", reason="hurry"))
    vote_all(game)
    assert game.state.status == "frame"
    assert game.state.agreements["truce"].terms == {"guns": "silent"}


# ---- the flow of a round -------------------------------------------------------------------------


def test_seats_act_in_the_scenario_turn_order(scenario: Scenario) -> None:
    game = new_game(scenario)
    seen = []
    while game.state.round == 1:
        seat = game.to_act()
        assert seat is not None
        seen.append(seat)
        end(game, seat)
    assert seen == scenario.turn_order


def test_an_empty_table_means_no_vote(scenario: Scenario) -> None:
    game = new_game(scenario)
    end_turns(game)
    assert game.state.round == 2
    assert not any(isinstance(ev, e.VotingOpened) for ev in game.events)
    kinds = [ev.kind for ev in game.events]
    assert kinds.index("round_ended") < kinds.index("round_started", 2)


def test_propose_sets_the_listed_terms_and_keeps_the_rest(scenario: Scenario) -> None:
    game = new_game(scenario)
    game.submit(Propose(kind="propose", seat="us", terms=CEASEFIRE))
    end(game, "us")
    game.submit(Propose(kind="propose", seat="russia", terms={"ceasefire": "linked_to_framework"}))
    assert game.state.table_terms() == {"ceasefire": "linked_to_framework", "dmz": "international_monitoring"}
    assert game.state.table["ceasefire"].by == "russia"
    assert game.state.table["dmz"].by == "us"


def test_messages_are_kept_with_their_addressee(scenario: Scenario) -> None:
    game = new_game(scenario)
    game.submit(Message(kind="message", seat="us", to="russia", text="Let us talk.", issue="ceasefire"))
    [note] = game.state.messages
    assert (note.seat, note.to, note.text, note.issue, note.round) == ("us", "russia", "Let us talk.", "ceasefire", 1)


def test_a_listener_hears_every_event_in_order(scenario: Scenario) -> None:
    heard: list[e.Event] = []
    game = Game.start(scenario, Setup(seed=2), heard.append)
    play_round(game, CEASEFIRE)
    assert heard == game.events


def test_start_refuses_an_unknown_lens_sequence_or_seat(scenario: Scenario) -> None:
    with pytest.raises(UnknownId, match="unknown lens 'levrage'"):
        Game.start(scenario, Setup(lens="levrage"))
    with pytest.raises(UnknownId, match="unknown sequence"):
        Game.start(scenario, Setup(sequence="treaty_first"))
    with pytest.raises(UnknownId, match="unknown seat 'china'"):
        Game.start(scenario, Setup(seats={"china": "human"}))


def test_a_lens_sets_the_starting_indicators(scenario: Scenario) -> None:
    for lens in scenario.lenses:
        game = Game.start(scenario, Setup(lens=lens.id))
        assert game.state.lens == lens.id
        for indicator, value in lens.indicators.items():
            assert game.state.indicators[indicator] == value


def test_facilitator_sets_an_indicator_within_its_range(scenario: Scenario) -> None:
    """A value outside the indicator's range is refused with the range, never clamped silently."""
    game = new_game(scenario)
    ind = scenario.indicator("escalation_risk")
    for value in (1e6, -50):
        with pytest.raises(RefusedAction, match="out of range"):
            game.submit(SetIndicator(kind="facilitator", command="set_indicator", indicator=ind.id, value=value))
    game.submit(SetIndicator(kind="facilitator", command="set_indicator", indicator=ind.id, value=ind.min))
    assert game.state.indicators[ind.id] == ind.min


def test_pause_and_resume(scenario: Scenario) -> None:
    game = new_game(scenario)
    game.submit(Pause(kind="facilitator", command="pause", reason="a break"))
    assert game.state.paused
    game.submit(Resume(kind="facilitator", command="resume", reason="back"))
    assert not game.state.paused
    end(game, "us")


def test_a_note_is_allowed_after_the_end(scenario: Scenario) -> None:
    game = new_game(scenario)
    _expired(game)
    game.submit(Note(kind="facilitator", command="note", reason="discuss round 1"))
    assert game.state.notes[-1].text == "discuss round 1"


# ---- signatories: nothing about a seat without that seat ----------------------------------------


def test_ceasefire_signatories_are_russia_and_ukraine(scenario: Scenario) -> None:
    game = new_game(scenario)
    to_voting(game, CEASEFIRE)
    assert game.state.voters == ["russia", "ukraine"]
    opened = next(ev for ev in game.events if isinstance(ev, e.VotingOpened))
    assert opened.signatories == ["russia", "ukraine"]
    assert opened.terms == CEASEFIRE


def test_europe_must_sign_a_text_with_european_peacekeepers(scenario: Scenario) -> None:
    game = new_game(scenario)
    to_voting(game, {**CEASEFIRE, "foreign_forces": "european_peacekeepers"})
    assert "europe" in game.state.voters
    vote_all(game, "accept")
    assert game.state.status == "framework"
    assert [v.seat for v in game.state.votes] == ["russia", "ukraine", "europe"]


def test_europe_does_not_sign_for_un_monitors(scenario: Scenario) -> None:
    game = new_game(scenario)
    assert game.signatories({"foreign_forces": "un_monitors"}) == ["russia", "ukraine"]
    assert game.signatories({"foreign_forces": "none"}) == ["russia", "ukraine"]
    assert game.signatories({"foreign_forces": "european_tripwire"}) == ["russia", "ukraine", "europe"]


def test_the_us_signs_framework_and_treaty(scenario: Scenario) -> None:
    game = new_game(scenario)
    play_round(game, CEASEFIRE)
    assert game.state.status == "framework"
    assert "us" in game.signatories({"territory": "freeze_no_recognition"})
    to_voting(game, {"territory": "freeze_no_recognition"})
    assert game.state.voters == ["us", "russia", "ukraine"]
    vote_all(game)
    assert game.state.status == "treaty"
    assert "us" in game.signatories({"frozen_assets": "frozen"})


def test_an_option_commits_the_seat_it_names(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    assert game.signatories({"monitors": "c_monitors"}) == ["a", "b", "c"]
    assert game.signatories({"monitors": "neutral"}) == ["a", "b"], "an option's own commits replace the issue's"
    assert game.signatories({"monitors": "none"}) == ["a", "b"], "the status quo commits nobody"


def test_one_rejection_means_no_agreement(scenario: Scenario) -> None:
    game = new_game(scenario)
    to_voting(game, CEASEFIRE)
    game.submit(Respond(kind="respond", seat="russia", response="accept"))
    game.submit(Respond(kind="respond", seat="ukraine", response="reject"))
    assert game.state.status == "ceasefire"
    assert not game.state.agreements
    assert game.state.round == 2


def test_a_rejection_names_the_red_lines_it_rests_on(scenario: Scenario) -> None:
    game = new_game(scenario)
    to_voting(game, {**CEASEFIRE, "foreign_forces": "european_peacekeepers"})
    game.submit(Respond(kind="respond", seat="russia", response="reject", reasons=["my own"]))
    vote = game.state.votes[-1]
    assert vote.reasons[0] == "my own"
    assert "redline.western_troops_in_ukraine" in vote.reasons


def test_a_human_may_accept_across_a_red_line_and_it_costs(scenario: Scenario) -> None:
    game = new_game(scenario)
    to_voting(game, {**CEASEFIRE, "foreign_forces": "european_peacekeepers"})
    game.submit(Respond(kind="respond", seat="russia", response="accept"))
    vote = game.state.votes[-1]
    assert vote.response == "accept"
    assert "redline.western_troops_in_ukraine" in vote.crossed
    crossed = [ev for ev in game.events if isinstance(ev, e.RuleFired) and ev.outcome == "crossed"]
    assert [ev.rule for ev in crossed] == ["redline.western_troops_in_ukraine"]
    assert crossed[0].seat == "russia"


def test_crossing_a_red_line_applies_its_effects(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    to_voting(game, {"guns": "silent", "monitors": "c_monitors"})
    assert game.state.voters == ["a", "b", "c"]
    game.submit(Respond(kind="respond", seat="a", response="accept"))
    game.submit(Respond(kind="respond", seat="b", response="accept"))
    assert game.state.votes[-1].crossed == ["mini.b_red_line"]
    assert game.state.standing["b"] == -5
    game.submit(Respond(kind="respond", seat="c", response="reject"))
    assert game.state.votes[-1].reasons == [], "a red line is only its own seat's reason"
    assert fold(mini, game.events) == game.state


# ---- determinism ------------------------------------------------------------------------------------


def scripted_game(scenario: Scenario, seed: int, sequence: str | None = None) -> Game:
    """A game driven by fixed actions only: propose, levers, messages, votes."""
    game = Game.start(scenario, Setup(seed=seed, sequence=sequence))
    for rnd in range(scenario.max_rounds):
        if game.over:
            break
        for seat in scenario.turn_order:
            levers = game.levers(seat)
            if levers:
                game.submit(UseLever(kind="lever", seat=seat, lever=levers[rnd % len(levers)].id))
            agenda = game.agenda()
            issue = agenda[(rnd + len(seat)) % len(agenda)]
            option = issue.options[(rnd * 3 + len(seat)) % len(issue.options)]
            game.submit(Propose(kind="propose", seat=seat, terms={issue.id: option.id}))
            game.submit(Message(kind="message", seat=seat, text=f"round {rnd} from {seat}"))
            end(game, seat)
        i = 0
        while game.state.step == "voting":
            voter = game.to_act()
            assert voter is not None
            game.submit(Respond(kind="respond", seat=voter, response="accept" if (rnd + i) % 3 else "reject"))
            i += 1
    return game


def event_lines(game: Game) -> list[str]:
    return [e.dump_event(ev) for ev in game.events]


@pytest.mark.parametrize("sequence", ["ceasefire_first", "framework_first"])
def test_same_seed_and_moves_give_the_same_events_byte_for_byte(scenario: Scenario, sequence: str) -> None:
    first = scripted_game(scenario, 11, sequence)
    second = scripted_game(scenario, 11, sequence)
    assert len(first.events) > 50
    assert event_lines(first) == event_lines(second)
    assert first.state == second.state
    assert json.dumps(summary(first, None), sort_keys=True) == json.dumps(summary(second, None), sort_keys=True)
    assert fold(scenario, first.events) == first.state


def test_the_seed_is_in_the_events(scenario: Scenario) -> None:
    game = scripted_game(scenario, 99)
    started = game.events[0]
    assert isinstance(started, e.GameStarted) and started.seed == 99
    assert fold(scenario, game.events).seed == 99


def test_dice_differ_between_seeds(mini: Scenario) -> None:
    """The small scenario's tension rule rolls a die each round."""
    rolls = []
    for seed in (1, 2, 3, 4):
        game = Game.start(mini, Setup(seed=seed, max_rounds=4))
        while not game.over:
            play_round(game)
        rolls.append([ev.rolls for ev in game.events if isinstance(ev, e.RuleFired)])
    assert len({json.dumps(r) for r in rolls}) > 1


def test_rng_draw_is_a_pure_function_of_seed_and_label() -> None:
    assert draw(7, 3, "rule.x", 0) == draw(7, 3, "rule.x", 0)
    assert draw(7, 3, "rule.x", 0) != draw(8, 3, "rule.x", 0)
    assert draw(7, 3, "rule.x", 0) != draw(7, 4, "rule.x", 0)
    values = [draw(1, i) for i in range(2000)]
    assert all(0 <= v < 1 for v in values)
    assert 0.45 < sum(values) / len(values) < 0.55
    assert generator(1, "bot").random() == generator(1, "bot").random()


def bot_game(scenario: Scenario, texts: ScenarioTexts, seed: int, lens: str, sequence: str) -> Game:
    options = RunOptions(seed=seed, lens=lens, sequence=sequence, rounds=scenario.max_rounds)
    return run(scenario, texts, options, None).game


@pytest.mark.parametrize(
    "seed, lens, sequence",
    [(0, "restraint", "ceasefire_first"), (1, "leverage", "framework_first"), (2, "leverage", "ceasefire_first")],
)
def test_bot_games_fold_back_to_their_state(
    bundled: tuple[Scenario, ScenarioTexts], seed: int, lens: str, sequence: str
) -> None:
    scenario, texts = bundled
    game = bot_game(scenario, texts, seed, lens, sequence)
    assert game.over or game.state.round >= scenario.max_rounds
    assert fold(scenario, game.events) == game.state
    reparsed = [e.EVENT.validate_json(line) for line in event_lines(game)]
    assert fold(scenario, reparsed) == game.state


def test_a_bot_game_is_deterministic(bundled: tuple[Scenario, ScenarioTexts]) -> None:
    scenario, texts = bundled
    first = bot_game(scenario, texts, 4, "restraint", "framework_first")
    second = bot_game(scenario, texts, 4, "restraint", "framework_first")
    assert event_lines(first) == event_lines(second)
    assert summary(first, None) == summary(second, None)


def test_a_hardline_bot_game_folds_back(bundled: tuple[Scenario, ScenarioTexts]) -> None:
    scenario, texts = bundled
    options = RunOptions(seed=3, rounds=6, personas={seat: "hardliner" for seat in scenario.seat_ids})
    game = run(scenario, texts, options, None).game
    assert all(mode == "bot:hardliner" for mode in game.state.seats.values())
    assert fold(scenario, game.events) == game.state
