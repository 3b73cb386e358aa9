"""What-if branches: a new save that names its parent, keeps the parent's
events up to the branch point (re-hashed) and plays on; and `compare`."""

from __future__ import annotations

import json
import os

import pytest

from tests.review.conftest import Recorded
from wargame.errors import WargameError
from wargame.model import events as e
from wargame.model.actions import EndTurn, Propose
from wargame.review.branch import branch, is_safe, play_on, point_for_round, safe_point
from wargame.review.compare import compare, comparison_text
from wargame.review.timeline import Timeline
from wargame.store.savefile import SaveWriter, load_save


def test_branch_header_names_parent_and_its_head_hash(long_game: Recorded, tmp_path) -> None:
    parent = load_save(long_game.path)
    tl = Timeline.of(parent)
    point = point_for_round(tl, 2)
    path = str(tmp_path / "branch.jsonl")
    session = branch(parent, point, path)
    assert session.writer is not None
    session.writer.close()
    child = load_save(path)
    p = child.header["parent"]
    assert p == {
        "save": os.path.abspath(long_game.path),
        "head": parent.head_at(point.count),
        "events": point.count,
        "round": 2,
    }
    assert child.events == parent.events[: point.count]
    # the same events, but a new chain: the header differs, so every hash does
    assert child.head != parent.head_at(point.count)
    assert child.header["scenario"] == parent.header["scenario"]
    assert child.header["seed"] == parent.header["seed"]


def test_round_branch_point_is_after_the_rounds_start(long_game: Recorded) -> None:
    tl = Timeline.of(load_save(long_game.path))
    point = point_for_round(tl, 3)
    start = tl.round_span(3).start
    assert point.count > start
    assert isinstance(tl.events[start], e.RoundStarted)
    state = tl.state_after(point.count)
    assert (state.round, state.step, state.turn) == (3, "turns", 0)
    with pytest.raises(WargameError, match="round 99 was not played"):
        point_for_round(tl, 99)


def test_event_branch_point_moves_back_out_of_an_adjudication(long_game: Recorded) -> None:
    tl = Timeline.of(load_save(long_game.path))
    ended = tl.round_ends[0]  # mid-adjudication: a round_ended is made with the last vote
    point = safe_point(tl, ended)
    assert point.count < ended and is_safe(tl, point.count)
    state = tl.state_after(point.count)
    assert state.step == "voting" and any(s not in state.round_votes for s in state.voters)
    # every point the replay could branch from is safe, and none after the game ended
    for count in range(0, len(tl.events) + 1):
        assert is_safe(tl, safe_point(tl, count).count)
    assert safe_point(tl, 1) == point_for_round(tl, 1)
    assert not is_safe(tl, len(tl.events))


def test_playing_on_a_branch_writes_a_save_that_verifies(long_game: Recorded, tmp_path) -> None:
    parent = load_save(long_game.path)
    point = point_for_round(Timeline.of(parent), 2)
    path = str(tmp_path / "b.jsonl")
    session = branch(parent, point, path, seats={"us": "script"})
    game = session.game
    assert game.to_act() == game.scenario.turn_order[0]
    seat = game.to_act()
    assert seat is not None
    table = game.state.table_terms()
    issue, option = next((i.id, o.id) for i in game.agenda() for o in i.options if table.get(i.id) != o.id)
    game.submit(Propose(kind="propose", seat=seat, terms={issue: option}, why="what if"))
    game.submit(EndTurn(kind="end_turn", seat=seat))
    play_on(session, None, 12)
    assert game.over
    assert session.writer is not None
    session.writer.close()
    child = load_save(path)
    assert child.events == game.events
    assert child.events[: point.count] == parent.events[: point.count]
    assert child.events[point.count :] != parent.events[point.count :]
    assert child.header["seats"]["us"] == "script"
    # resuming appends to the same chain
    writer = SaveWriter.reopen(path, child)
    writer.close()


def test_compare_a_game_and_its_branch(long_game: Recorded, tmp_path) -> None:
    parent = load_save(long_game.path)
    point = point_for_round(Timeline.of(parent), 2)
    path = str(tmp_path / "b.jsonl")
    session = branch(parent, point, path, seats={s: "bot:pragmatist" for s in parent.header["seats"]})
    play_on(session, None, 12)
    assert session.writer is not None
    session.writer.close()
    c = compare(parent, load_save(path))
    assert c.shared >= point.count
    assert "B is a branch of the other from event" in c.relation and "head hash matches" in c.relation
    sections = {r[0] for r in c.rows}
    assert sections == {"game", "outcome", "agreements", "indicators", "scores"}
    text = comparison_text(c)
    assert "OUTCOME" in text and "SCORES" in text and "russia" in text


def test_cli_branch_and_compare(long_game: Recorded, tmp_path, capsys) -> None:
    from wargame.cli import main

    new = str(tmp_path / "cli-branch.jsonl")
    assert (
        main(
            ["branch", long_game.path, "--at", "2", "--save", new, "--rounds", "12", "--personas", "russia=pragmatist"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert new in out and "played on" in out
    assert load_save(new).header["seats"]["russia"] == "bot:pragmatist"
    assert main(["compare", long_game.path, new, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["shared_events"] > 0 and data["rows"]
    assert main(["branch", long_game.path]) == 2
    assert "--at ROUND" in capsys.readouterr().err
