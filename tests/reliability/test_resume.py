"""Every complete save resumes, from every prefix a crash could leave.

Fuzzed games (legal and wild moves, every inject, every console command) are
played with the real save writer; each prefix of the events is resumed as
`wargame resume` does (`Game.finish_interrupted`), and must give the game
that was played, up to the end of the action the crash cut short. Before
events carried a typed cause, an inject that pulls a seat's lever out of turn
left a save that verified but could not resume (157 of 3,000 probe games).
"""

from __future__ import annotations

import os
import tempfile

from hypothesis import given, note
from hypothesis import strategies as st

from tests.reliability.conftest import FUZZ, FUZZ_FILES
from tests.reliability.fuzzgames import DataChooser, Played, play_saved, prefix_failures
from wargame.content.loader import ScenarioTexts
from wargame.engine.game import Game, Setup
from wargame.model import events as e
from wargame.model.actions import EndTurn, FireInject, Propose, UseLever
from wargame.model.scenario import Scenario
from wargame.store.savefile import load_save


def _play(data: st.DataObject, bundle: tuple[Scenario, ScenarioTexts], folder: str) -> Played:
    scenario, texts = bundle
    setup = Setup(
        seed=data.draw(st.integers(0, 2**16), label="seed"),
        sequence=data.draw(st.sampled_from(list(scenario.sequences)), label="sequence"),
        lens=data.draw(st.sampled_from([v.id for v in scenario.lenses]), label="lens"),
        max_rounds=4,
    )
    steps = data.draw(st.integers(1, 90), label="steps")
    return play_saved(DataChooser(data), scenario, texts, setup, steps, os.path.join(folder, "game.jsonl"))


@FUZZ
@given(data=st.data())
def test_every_prefix_of_a_fuzzed_game_resumes_to_the_game_played(
    fuzz_bundle: tuple[Scenario, ScenarioTexts], data: st.DataObject
) -> None:
    scenario, _ = fuzz_bundle
    with tempfile.TemporaryDirectory() as folder:
        played = _play(data, fuzz_bundle, folder)
        events = played.game.events
        note(f"{len(events)} events: {[ev.kind for ev in events]}")
        saved = load_save(played.path)
        assert saved.events == events, "the save holds the game played"
        full = [e.dump_event(ev) for ev in events]
        for keep in range(1, len(events) + 1):
            end = next(n for n in played.ends if n >= keep)
            game = Game(scenario, events[:keep])
            game.finish_interrupted()
            assert [e.dump_event(ev) for ev in game.events] == full[:end], f"resumed after {keep} events"
            assert game.state == Game(scenario, events[:end]).state


@FUZZ_FILES
@given(data=st.data())
def test_a_sample_of_cut_saves_resume_through_the_file(
    fuzz_bundle: tuple[Scenario, ScenarioTexts], data: st.DataObject
) -> None:
    """The same through the file: cut, load (with its checks), reopen, complete, reload."""
    with tempfile.TemporaryDirectory() as folder:
        played = _play(data, fuzz_bundle, folder)
        assert prefix_failures(played, folder, sample=data.draw(st.integers(0, 2**16), label="sample")) == []


def test_an_inject_pulling_a_lever_out_of_turn_resumes(fuzz_bundle: tuple[Scenario, ScenarioTexts]) -> None:
    """The probe's case: the facilitator fires an inject that pulls A's lever
    while it is B's turn, after A pulled its own; a save cut anywhere resumes."""
    scenario, _ = fuzz_bundle
    game = Game.start(scenario, Setup(seed=3, max_rounds=4))
    game.submit(UseLever(kind="lever", seat="a", lever="a_calm"))
    game.submit(Propose(kind="propose", seat="a", terms={"guns": "silent"}))
    game.submit(EndTurn(kind="end_turn", seat="a"))
    made = game.submit(FireInject(kind="inject", inject="a_pushed"))
    assert [ev.kind for ev in made] == ["inject_fired", "lever_used"]
    assert isinstance(made[1], e.LeverUsed) and made[1].cause == "inject"
    for keep in range(1, len(game.events) + 1):
        again = Game(scenario, game.events[:keep])
        again.finish_interrupted()
        assert again.events == game.events[: len(again.events)]
        assert len(again.events) >= keep


def test_a_save_written_before_causes_resumes_by_reading_why(fuzz_bundle: tuple[Scenario, ScenarioTexts]) -> None:
    """Saves from before the `cause` field: the lever an inject pulled says so in its `why`."""
    scenario, _ = fuzz_bundle
    game = Game.start(scenario, Setup(seed=3, max_rounds=4))
    game.submit(EndTurn(kind="end_turn", seat="a"))
    game.submit(FireInject(kind="inject", inject="a_pushed"))
    old = [e.EVENT.validate_python(ev.model_dump(by_alias=True, exclude={"cause"})) for ev in game.events]
    assert all(getattr(ev, "cause", None) is None for ev in old)
    again = Game(scenario, old)
    assert again.finish_interrupted() == []
