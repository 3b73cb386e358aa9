"""The state's append-only logs: forks in O(1), each fork sees only its own items."""

from __future__ import annotations

from wargame.model.log import Log
from wargame.model.state import GameState, Note


def test_a_fork_does_not_see_what_the_original_appends_later() -> None:
    log = Log([1, 2])
    fork = log.fork()
    log.append(3)
    fork.append(4)
    assert list(log) == [1, 2, 3]
    assert list(fork) == [1, 2, 4]
    log.append(5)
    assert log == [1, 2, 3, 5] and fork == [1, 2, 4]


def test_an_equal_append_after_a_fork_shares_the_storage() -> None:
    log = Log(["a"])
    work = log.fork()
    work.append("b")
    log.append("b")  # the game folding what its adjudication made on the fork
    assert log._items is work._items
    assert log == work == ["a", "b"]


def test_indexing_slicing_and_reversing_stop_at_the_logs_own_length() -> None:
    log = Log([1, 2, 3])
    longer = log.fork()
    longer.append(4)
    assert len(log) == 3 and log[-1] == 3 and log[1:] == [2, 3]
    assert list(reversed(log)) == [3, 2, 1]
    try:
        log[3]
    except IndexError:
        pass
    else:
        raise AssertionError("read past the end of the log")


def test_a_state_with_logs_validates_dumps_and_compares_as_with_lists() -> None:
    note = Note(round=1, seat="us", to="all", text="hello")
    state = GameState(messages=[note], fired=[(1, "r")])
    assert isinstance(state.messages, Log)
    dumped = state.model_dump()
    assert dumped["messages"] == [note.model_dump()] and dumped["fired"] == [(1, "r")]
    assert GameState.model_validate_json(state.model_dump_json()) == state
    fork = state.fork()
    fork.messages.append(Note(round=2, seat="us", to="all", text="again"))
    fork.fired.append((2, "s"))
    assert len(state.messages) == 1 and state.fired_ids() == {"r"}
    assert fork.fired_ids() == {"r", "s"}
    assert state != fork and state == state.model_copy(deep=True)
