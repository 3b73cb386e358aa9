"""A crash between the events of one action: resuming completes the action.

Every cut of a save inside a batch of events (an action and its
consequences) must resume to exactly the game that was being played.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.engine.game import Game
from wargame.errors import RefusedAction
from wargame.model import events as e
from wargame.session.runner import RunOptions, run
from wargame.store.savefile import SaveWriter, load_save


def _dumps(events: list[e.Event]) -> list[str]:
    return [e.dump_event(x) for x in events]


def test_every_cut_of_a_save_resumes_to_the_same_game(scenario, texts, tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    session = run(scenario, texts, RunOptions(seed=4, rounds=4, save=str(path)), None)
    full = session.game.events
    lines = path.read_text().splitlines(keepends=True)
    completed = 0
    for cut in range(2, len(lines) + 1):
        cut_path = tmp_path / f"cut{cut}.jsonl"
        cut_path.write_text("".join(lines[:cut]))
        loaded = load_save(str(cut_path))
        game = Game(loaded.scenario(), loaded.events)
        writer = SaveWriter.reopen(str(cut_path), loaded)
        game.subscribe(writer.write)
        tail = game.finish_interrupted()
        writer.close()
        completed += bool(tail)
        assert _dumps(game.events) == _dumps(full[: len(game.events)])
        assert _dumps(load_save(str(cut_path)).events) == _dumps(game.events), "the completion is saved"
        assert game.over or game.to_act() is not None, "a resumed game is never stuck"
    assert completed > 0


def test_a_complete_save_needs_nothing(scenario, texts, tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    session = run(scenario, texts, RunOptions(seed=2, rounds=2, save=str(path)), None)
    game = Game(scenario, session.game.events)
    assert game.finish_interrupted() == []


def test_a_tail_the_action_does_not_make_is_refused(scenario, texts, tmp_path: Path) -> None:
    session = run(scenario, texts, RunOptions(seed=2, rounds=1, save=str(tmp_path / "g.jsonl")), None)
    events = list(session.game.events)
    i = next(i for i, ev in enumerate(events) if isinstance(ev, e.VotingOpened))
    forged = events[i].model_copy(update={"signatories": ["us"]})
    game = Game(scenario, [*events[:i], forged])
    with pytest.raises(RefusedAction):
        game.finish_interrupted()
