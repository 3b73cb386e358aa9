"""The save's check takes a plain message or turn's end by a shortcut
(`recover.QUICK_TURNS`: fold it, or adjudicate from it, do not decide it again). Every case here is
checked twice, the shortcut on and off, and must end the same: the same
folded state for a sound game, the same refusal (event and reason) for an
edited one."""

from __future__ import annotations

import random

import pytest

from wargame.benches.engine import random_game
from wargame.engine import recover
from wargame.model import events as e
from wargame.model.scenario import Scenario


def _outcome(scenario: Scenario, events: list[e.Event]) -> object:
    try:
        return recover.check_events(scenario, events).model_dump()
    except recover.Forged as exc:
        return ("refused", str(exc))


def _both(scenario: Scenario, events: list[e.Event], monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    quick = _outcome(scenario, events)
    with monkeypatch.context() as m:
        m.setattr(recover, "QUICK_TURNS", False)
        full = _outcome(scenario, events)
    return quick, full


def _with(events: list[e.Event], index: int, **changes: object) -> list[e.Event]:
    return [*events[:index], events[index].model_copy(update=changes), *events[index + 1 :]]


def _first(events: list[e.Event], kind: type[e.Event], after: int = 0) -> int:
    return next(i for i, ev in enumerate(events) if i >= after and type(ev) is kind)


@pytest.fixture(scope="module")
def games(scenario: Scenario) -> list[list[e.Event]]:
    return [list(random_game(scenario, seed).events) for seed in range(4)]


def test_sound_games_fold_the_same(scenario: Scenario, games: list[list[e.Event]], monkeypatch) -> None:
    for events in games:
        quick, full = _both(scenario, events, monkeypatch)
        assert quick == full
        assert not isinstance(quick, tuple)


def _edits(events: list[e.Event], scenario: Scenario) -> dict[str, list[e.Event]]:
    msg = _first(events, e.MessageSent)
    turn = _first(events, e.TurnEnded)
    seats = scenario.seat_ids
    other = next(s for s in seats if s != events[turn].seat)  # type: ignore[attr-defined]
    opened = _first(events, e.VotingOpened) if any(type(ev) is e.VotingOpened for ev in events) else None
    sent = events[msg]
    edits = {
        "an empty message": _with(events, msg, text=""),
        "a message to an unknown seat": _with(events, msg, to="nobody"),
        "a message on an unknown issue": _with(events, msg, issue="no-such-issue"),
        "a message by a seat out of turn": _with(
            events,
            msg,
            seat=next(s for s in seats if s != sent.seat),  # type: ignore[attr-defined]
        ),
        "a message by an unknown seat": _with(events, msg, seat="nobody"),
        "a turn's end out of turn": _with(events, turn, seat=other),
        "a turn's end twice": [*events[: turn + 1], events[turn], *events[turn + 1 :]],
        "a turn's end missing": [*events[:turn], *events[turn + 1 :]],
        "a message after the end": [*events, sent],
        "a turn's end after the end": [*events, events[turn]],
    }
    if opened is not None:
        edits["a message while voting"] = [*events[: opened + 1], sent, *events[opened + 1 :]]
    return edits


def test_edited_games_are_refused_the_same(scenario: Scenario, games: list[list[e.Event]], monkeypatch) -> None:
    refused = 0
    for events in games:
        for name, edited in _edits(events, scenario).items():
            quick, full = _both(scenario, edited, monkeypatch)
            assert quick == full, name
            refused += isinstance(quick, tuple)
    assert refused >= 30  # (most edits are refused; the comparison above is the test)


def test_random_cuts_and_swaps_end_the_same(scenario: Scenario, games: list[list[e.Event]], monkeypatch) -> None:
    rng = random.Random(7)
    for _ in range(40):
        events = rng.choice(games)
        i, j = sorted(rng.sample(range(1, len(events)), 2))
        swapped = [*events[:i], events[j], *events[i + 1 : j], events[i], *events[j + 1 :]]
        quick, full = _both(scenario, swapped, monkeypatch)
        assert quick == full


def test_a_save_cut_inside_a_round_end_folds_what_it_holds(
    scenario: Scenario, games: list[list[e.Event]], monkeypatch
) -> None:
    """A crash in the middle of a round's adjudication leaves a save that ends
    inside the batch; the check adjudicates such a round in place, and must
    still return the fold of the saved events (not of the whole batch)."""
    from wargame.engine.fold import fold

    cuts = 0
    for events in games[:2]:
        closing = [i for i, ev in enumerate(events) if type(ev) is e.RoundEnded][:6]
        for end in closing:
            for cut in (end - 1, end, end + 1):  # inside the batch: a rule fired, the round ended, the next begun
                saved = events[:cut]
                quick, full = _both(scenario, saved, monkeypatch)
                assert quick == full == fold(scenario, saved).model_dump()
                cuts += 1
    assert cuts >= 12
