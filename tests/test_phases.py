"""The phase machine: every path, on its own and through the Game.

The small scenario (tests/data/mini.yaml) has a truce (the ceasefire phase),
a framework and a final deal, in two sequences; its rules break the truce
down or collapse the talks only when a test fires the `violation` or
`walkout` inject, so each path is driven on purpose.
"""

from __future__ import annotations

import os

import pytest
from transitions import MachineError

from tests.conftest import ROOT, end_turns, play_round, vote_all
from wargame.engine.fold import fold
from wargame.engine.game import Game, Setup
from wargame.engine.phases import PhaseFlow, mermaid
from wargame.errors import GameOver, RefusedAction
from wargame.model import events as e
from wargame.model.actions import EndTurn, FireInject, ForcePhase, Propose, Respond, VetoPhase
from wargame.model.scenario import Scenario
from wargame.model.state import TERMINAL

SIGN = {"truce": {"guns": "silent"}, "frame": {"border": "new_line"}, "deal": {"money": "fund"}}
"""A text for each phase of the small scenario, on that phase's agenda."""


def phase_changes(game: Game) -> list[tuple[str, str, str]]:
    return [(ev.from_, ev.to, ev.trigger) for ev in game.events if isinstance(ev, e.PhaseChanged)]


def fire(game: Game, inject: str) -> None:
    game.submit(FireInject(kind="inject", inject=inject, reason="the test"))


def force(game: Game, phase: str, reason: str = "the facilitator decides") -> list[e.Event]:
    return game.submit(ForcePhase(kind="facilitator", command="force_phase", phase=phase, reason=reason))


def assert_replays(game: Game) -> None:
    assert fold(game.scenario, game.events) == game.state


# ---- the machine on its own --------------------------------------------------------


@pytest.mark.parametrize("sequence", [["truce", "frame", "deal"], ["frame", "truce", "deal"]])
def test_signing_every_phase_in_order_reaches_peace(sequence: list[str]) -> None:
    flow = PhaseFlow(sequence, "truce", sequence[0])
    in_force: set[str] = set()
    visited = [flow.state]
    while flow.state not in TERMINAL:
        in_force.add(flow.state)
        visited.append(flow.after_signing(in_force))
    assert visited == [*sequence, "peace"]


def test_signing_skips_a_phase_whose_agreement_is_in_force() -> None:
    flow = PhaseFlow(["truce", "frame", "deal"], "truce", "truce")
    assert flow.after_signing({"truce", "frame"}) == "deal"


@pytest.mark.parametrize("src", ["frame", "deal"])
def test_break_down_goes_back_to_the_ceasefire_talks(src: str) -> None:
    flow = PhaseFlow(["truce", "frame", "deal"], "truce", src)
    assert flow.can("break_down")
    assert flow.break_down() == "truce"


def test_the_ceasefire_talks_cannot_break_down() -> None:
    flow = PhaseFlow(["truce", "frame", "deal"], "truce", "truce")
    assert not flow.can("break_down")
    with pytest.raises(MachineError):
        flow.break_down()


def test_a_sequence_without_a_ceasefire_phase_never_breaks_down() -> None:
    flow = PhaseFlow(["frame", "deal"], None, "deal")
    assert not flow.can("break_down")


@pytest.mark.parametrize("src", ["truce", "frame", "deal"])
def test_collapse_then_resume_any_phase(src: str) -> None:
    flow = PhaseFlow(["truce", "frame", "deal"], "truce", src)
    assert flow.collapse() == "collapse"
    assert flow.resume(src) == src


@pytest.mark.parametrize("src", ["truce", "frame", "deal"])
def test_expire_from_every_phase(src: str) -> None:
    assert PhaseFlow(["truce", "frame", "deal"], "truce", src).expire() == "expired"


@pytest.mark.parametrize("end", TERMINAL)
def test_nothing_but_force_leaves_an_end_state(end: str) -> None:
    flow = PhaseFlow(["truce", "frame", "deal"], "truce", end)
    for trigger in ("collapse", "expire", "break_down"):
        assert not flow.can(trigger)
    with pytest.raises(MachineError):
        flow.collapse()
    with pytest.raises((MachineError, ValueError)):
        flow.after_signing(set())


def test_resume_only_from_collapse() -> None:
    with pytest.raises(MachineError):
        PhaseFlow(["truce", "frame", "deal"], "truce", "expired").resume("truce")


def test_force_goes_anywhere_else() -> None:
    for src in ["truce", "frame", "deal", *TERMINAL]:
        for dest in ["truce", "frame", "deal", *TERMINAL]:
            if dest != src:
                assert PhaseFlow(["truce", "frame", "deal"], "truce", src).force(dest) == dest


def test_the_machine_has_no_auto_transitions() -> None:
    flow = PhaseFlow(["truce", "frame", "deal"], "truce", "truce")
    assert not hasattr(flow, "to_peace")


def test_the_docs_diagram_is_generated_from_the_machine(scenario: Scenario) -> None:
    with open(os.path.join(ROOT, "docs", "phase-machine.md"), encoding="utf-8") as fh:
        doc = fh.read()
    for name, sequence in scenario.sequences.items():
        drawn = mermaid(sequence, scenario.ceasefire_phase())
        assert "stateDiagram" in drawn
        assert drawn.strip() in doc, f"docs/phase-machine.md is stale for {name}: regenerate it with `wargame diagram`"


# ---- through the Game: signing ---------------------------------------------------------


@pytest.mark.parametrize(
    "sequence, order", [("truce_first", ["truce", "frame", "deal"]), ("frame_first", ["frame", "truce", "deal"])]
)
def test_both_sequences_reach_peace_when_every_phase_is_signed(mini: Scenario, sequence: str, order: list[str]) -> None:
    game = Game.start(mini, Setup(seed=1, sequence=sequence))
    for phase in order:
        assert game.state.status == phase
        play_round(game, SIGN[phase])
    assert game.state.status == "peace"
    assert game.over
    assert phase_changes(game) == [
        (order[0], order[1], "sign"),
        (order[1], order[2], "sign"),
        (order[2], "peace", "sign"),
    ]
    assert set(game.state.agreements) == set(order)
    assert isinstance(game.events[-1], e.GameEnded) and game.events[-1].status == "peace"
    assert_replays(game)


def test_a_new_phase_starts_from_the_agreed_terms_on_its_agenda(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    play_round(game, {"guns": "silent", "monitors": "neutral"})
    assert game.state.status == "frame"
    assert game.state.table_terms() == {}, "monitors is not on the framework agenda"
    play_round(game, SIGN["frame"])
    assert game.state.status == "deal"
    assert game.state.table_terms() == {"monitors": "neutral", "border": "new_line"}


def test_rejected_text_stays_on_the_table_and_the_phase_holds(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    play_round(game, SIGN["truce"], response="reject")
    assert game.state.status == "truce"
    assert game.state.round == 2
    assert game.state.table_terms() == SIGN["truce"]
    assert not game.state.agreements


def test_bundled_scenario_reaches_peace_in_both_sequences(scenario: Scenario) -> None:
    texts = {
        "ceasefire": {"ceasefire": "thirty_day", "dmz": "international_monitoring"},
        "framework": {"territory": "freeze_no_recognition", "alignment": "military_neutrality"},
        "treaty": {"frozen_assets": "reconstruction_fund"},
    }
    for sequence, order in scenario.sequences.items():
        game = Game.start(scenario, Setup(seed=3, sequence=sequence))
        for phase in order:
            assert game.state.status == phase, sequence
            play_round(game, texts[phase])
        assert game.state.status == "peace", sequence
        assert game.over
        assert_replays(game)


# ---- breakdown ------------------------------------------------------------------------


def test_a_breakdown_sends_the_talks_back_and_resigning_goes_on_to_the_framework(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1, sequence="truce_first"))
    play_round(game, SIGN["truce"])
    assert game.state.status == "frame"
    fire(game, "violation")
    play_round(game)
    assert game.state.status == "truce"
    assert "truce" not in game.state.agreements, "the broken agreement is void"
    assert [ev.phase for ev in game.events if isinstance(ev, e.AgreementVoided)] == ["truce"]
    assert phase_changes(game)[-1] == ("frame", "truce", "break_down")
    assert "violation" not in game.state.flags
    play_round(game, SIGN["truce"])
    assert game.state.status == "frame"
    assert_replays(game)


def test_a_breakdown_in_the_last_phase_resumes_there_after_resigning(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1, sequence="truce_first"))
    play_round(game, SIGN["truce"])
    play_round(game, SIGN["frame"])
    assert game.state.status == "deal"
    fire(game, "violation")
    play_round(game, response="reject")  # the deal's text starts from the agreed border
    assert game.state.status == "truce"
    assert set(game.state.agreements) == {"frame"}
    play_round(game, SIGN["truce"])
    assert game.state.status == "deal", "the framework is still in force: on to the deal"
    play_round(game, SIGN["deal"])
    assert game.state.status == "peace"
    assert_replays(game)


def test_framework_first_breakdown_and_resigning(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1, sequence="frame_first"))
    play_round(game, SIGN["frame"])
    play_round(game, SIGN["truce"])
    assert game.state.status == "deal"
    fire(game, "violation")
    play_round(game, response="reject")  # the deal's text starts from the agreed border
    assert game.state.status == "truce"
    play_round(game, SIGN["truce"])
    assert game.state.status == "deal"
    assert_replays(game)


def test_no_breakdown_without_a_ceasefire_in_force(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1, sequence="frame_first"))
    fire(game, "violation")
    play_round(game)
    assert game.state.status == "frame"
    assert not any(isinstance(ev, e.AgreementVoided) for ev in game.events)


def test_bundled_ceasefire_without_monitoring_can_break_down(scenario: Scenario) -> None:
    """The rulebook's violations rule (a chance each round) breaks an
    unmonitored ceasefire down for some seed; the talks go back to the
    ceasefire, and a monitored ceasefire then moves them on to the framework."""
    unmonitored = {"ceasefire": "thirty_day", "dmz": "none"}
    for seed in range(40):
        game = Game.start(scenario, Setup(seed=seed))
        play_round(game, unmonitored)
        assert game.state.status == "framework"
        while game.state.status == "framework" and not game.over:
            play_round(game)
        if game.state.status == "ceasefire":
            break
    else:
        pytest.fail("no seed in 0..39 broke an unmonitored ceasefire down")
    assert phase_changes(game)[-1] == ("framework", "ceasefire", "break_down")
    assert "ceasefire" not in game.state.agreements
    play_round(game, {"ceasefire": "thirty_day", "dmz": "international_monitoring"})
    assert game.state.status == "framework"
    assert_replays(game)


# ---- collapse and resume --------------------------------------------------------------------


def test_collapse_by_a_rule_ends_the_game_and_a_facilitator_resumes_it(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    play_round(game, SIGN["truce"])
    fire(game, "walkout")
    play_round(game)
    assert game.state.status == "collapse"
    assert game.over
    assert game.state.interrupted == "frame"
    collapsed_round = game.state.round
    with pytest.raises(GameOver):
        game.submit(EndTurn(kind="end_turn", seat="a"))

    events = force(game, "frame", "the delegations return")
    assert [ev.kind for ev in events] == ["facilitator", "phase_changed", "round_started"]
    assert phase_changes(game)[-1] == ("collapse", "frame", "force_phase")
    assert not game.over
    assert game.state.round == collapsed_round + 1
    assert game.to_act() == "a"
    play_round(game, SIGN["frame"])
    assert game.state.status == "deal", "play goes on from the resumed phase"
    assert "truce" in game.state.agreements, "a collapse voids nothing"
    assert_replays(game)


def test_facilitator_forces_a_collapse_mid_round(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    game.submit(EndTurn(kind="end_turn", seat="a"))
    events = force(game, "collapse", "the room empties")
    assert [ev.kind for ev in events] == ["facilitator", "phase_changed", "game_ended"]
    assert game.over and game.state.status == "collapse"
    assert game.state.interrupted == "truce"
    force(game, "truce", "back to work")
    assert game.state.status == "truce" and not game.over
    assert_replays(game)


def test_bundled_maximalist_stance_kept_three_rounds_collapses_the_talks(scenario: Scenario) -> None:
    game = Game.start(scenario, Setup(seed=1, sequence="framework_first"))
    game.submit(EndTurn(kind="end_turn", seat="us"))
    game.submit(
        Propose(
            kind="propose",
            seat="russia",
            terms={"territory": "cede_four_oblasts", "alignment": "nonaligned_demilitarized"},
        )
    )
    end_turns(game)
    vote_all(game, "reject")
    for _ in range(5):
        if game.over:
            break
        play_round(game, response="reject")
    assert game.state.status == "collapse"
    assert game.state.round == 3, "three rounds of maximalist demands"
    assert phase_changes(game)[-1] == ("framework", "collapse", "collapse")
    assert "russia.maximalist_stance" in [rule for _, rule in game.state.fired]
    force(game, "framework", "a new envoy")
    assert game.state.status == "framework" and game.state.round == 4 and not game.over
    play_round(game)
    assert game.state.status == "framework", "the table was cleared: no second collapse"
    assert_replays(game)


def test_resume_is_refused_when_no_round_is_left(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1, max_rounds=1))
    fire(game, "walkout")
    play_round(game)
    assert game.state.status == "collapse"
    with pytest.raises(RefusedAction, match="no round left"):
        force(game, "truce")


def test_force_phase_needs_a_reason_and_a_valid_phase(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    with pytest.raises(RefusedAction, match="reason"):
        game.submit(ForcePhase(kind="facilitator", command="force_phase", phase="frame"))
    with pytest.raises(RefusedAction, match="choose one of"):
        force(game, "nowhere")
    with pytest.raises(RefusedAction, match="choose one of"):
        force(game, "truce")  # where the talks already are


def test_force_phase_mid_turns_moves_the_talks_on(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    game.submit(Propose(kind="propose", seat="a", terms=SIGN["truce"]))
    force(game, "frame")
    assert game.state.status == "frame"
    assert game.state.table_terms() == {}, "the truce text does not carry into the framework"
    assert game.to_act() == "a", "the seat whose turn it was goes on"
    assert_replays(game)


def test_an_inject_can_force_a_phase(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    fire(game, "summit")
    assert game.state.status == "deal"
    assert phase_changes(game) == [("truce", "deal", "inject")]
    assert_replays(game)


def test_veto_undoes_the_last_phase_change(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    with pytest.raises(RefusedAction, match="no phase change to veto"):
        game.submit(VetoPhase(kind="facilitator", command="veto_phase", reason="no"))
    play_round(game, SIGN["truce"])
    assert game.state.status == "frame"
    game.submit(VetoPhase(kind="facilitator", command="veto_phase", reason="too early"))
    assert game.state.status == "truce"
    assert phase_changes(game)[-1] == ("frame", "truce", "veto_phase")
    assert_replays(game)


# ---- expiry ----------------------------------------------------------------------------------


def test_the_maximum_round_ends_in_expired(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1, max_rounds=3))
    play_round(game, SIGN["truce"])
    while not game.over:
        play_round(game, response="reject")
    assert game.state.status == "expired"
    assert game.state.round == 3
    assert phase_changes(game)[-1] == ("frame", "expired", "expire")
    ended = game.events[-1]
    assert isinstance(ended, e.GameEnded) and ended.status == "expired"
    assert sum(1 for ev in game.events if isinstance(ev, e.RoundEnded)) == 3
    assert_replays(game)


def test_signing_the_last_phase_in_the_last_round_is_peace_not_expiry(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1, max_rounds=3))
    for phase in ("truce", "frame", "deal"):
        play_round(game, SIGN[phase])
    assert game.state.status == "peace"


def test_the_scenario_maximum_applies_by_default(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1))
    while not game.over:
        play_round(game)
    assert game.state.status == "expired"
    assert game.state.round == mini.max_rounds


def test_a_vote_refused_once_expired(mini: Scenario) -> None:
    game = Game.start(mini, Setup(seed=1, max_rounds=1))
    play_round(game, SIGN["truce"], response="reject")
    assert game.state.status == "expired"
    with pytest.raises(GameOver):
        game.submit(Respond(kind="respond", seat="a", response="accept"))
