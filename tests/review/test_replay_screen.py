"""Pilot tests of the replay screen: stepping, jumping, the debrief and seat
views, branching from the screen, a tampered save; and a snapshot of the debrief."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Static, TabbedContent

from tests.review.conftest import Recorded
from wargame.errors import SaveError
from wargame.model import events as e
from wargame.review.describe import DEBRIEF, PUBLIC
from wargame.store.savefile import load_save
from wargame.tui.replay import ReplayApp, ReplayScreen, SaveProblemScreen

SIZE = (100, 30)
SECRET = "Would you sign an EU path for Ukraine?"


def _text(app: ReplayApp, selector: str) -> str:
    content = app.screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


def _screen(app: ReplayApp) -> ReplayScreen:
    assert isinstance(app.screen, ReplayScreen)
    return app.screen


async def test_step_forward_and_back(long_game: Recorded) -> None:
    app = ReplayApp(load_save(long_game.path))
    async with app.run_test(size=SIZE) as pilot:
        screen = _screen(app)
        assert screen.cursor == 0
        assert "✓ hash chain verified" in _text(app, "#seal")
        await pilot.press("right", "right", "right")
        assert screen.cursor == 3
        assert "Event 4/" in _text(app, "#position")
        await pilot.press("left")
        assert screen.cursor == 2
        await pilot.press("left", "left", "left")
        assert screen.cursor == 0  # stops at the first event
        await pilot.press("end")
        assert screen.cursor == len(long_game.session.game.events) - 1
        assert isinstance(long_game.session.game.events[screen.cursor], e.GameEnded)


async def test_jump_by_round_phase_and_go_to(long_game: Recorded) -> None:
    events = long_game.session.game.events
    starts = [i for i, ev in enumerate(events) if isinstance(ev, e.RoundStarted)]
    changes = [i for i, ev in enumerate(events) if isinstance(ev, e.PhaseChanged)]
    app = ReplayApp(load_save(long_game.path))
    async with app.run_test(size=SIZE) as pilot:
        screen = _screen(app)
        await pilot.press("right_square_bracket")
        assert screen.cursor == starts[0]
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.cursor == starts[2]
        assert "Round 3" in _text(app, "#detail")
        await pilot.press("left_square_bracket")
        assert screen.cursor == starts[1]
        await pilot.press("n")
        assert screen.cursor == changes[0]
        assert "PHASE" in _text(app, "#detail")
        await pilot.press("p")
        assert screen.cursor == changes[0] or screen.cursor < changes[0]
        await pilot.press("g")
        await pilot.press(*"4", "enter")
        await pilot.pause()
        assert screen.cursor == starts[3]
        await pilot.press("g", *"#10", "enter")
        await pilot.pause()
        assert screen.cursor == 9
        target = getattr(events[changes[-1]], "to", "")
        await pilot.press("g", *target, "enter")
        await pilot.pause()
        first = next(i for i in changes if getattr(events[i], "to", "") == target)
        assert screen.cursor == first
        await pilot.press("g", *"99", "enter")
        await pilot.pause()
        assert screen.cursor == first  # told, not moved


async def test_debrief_toggle_reveals_private_messages_and_briefs(debrief_save: str) -> None:
    loaded = load_save(debrief_save)
    secret_at = next(i for i, ev in enumerate(loaded.events) if isinstance(ev, e.MessageSent) and ev.text == SECRET)
    app = ReplayApp(loaded, unlocked=True)  # the facilitator's (the seal: tests/tui/test_sealed.py)
    async with app.run_test(size=SIZE) as pilot:
        screen = _screen(app)
        assert screen.view == PUBLIC
        assert secret_at not in screen.indices
        await pilot.press("end", "4")
        assert SECRET not in _text(app, "#panel-notes")
        assert "private messages hidden" in _text(app, "#panel-notes")
        await pilot.press("7")
        assert "brief is private" in _text(app, "#panel-brief")
        await pilot.press("4", "d")
        assert screen.view == DEBRIEF
        assert secret_at in screen.indices
        notes = _text(app, "#panel-notes")
        assert SECRET in notes and "Only with no NATO troops." in notes
        assert "facilitator's note: Watch whether the US tells Kyiv." in notes
        await pilot.press("7")
        brief = _text(app, "#panel-brief")
        assert all(loaded_seat in brief for loaded_seat in ("United States", "Russia", "Ukraine"))
        await pilot.press("g", *f"#{secret_at + 1}", "enter")
        await pilot.pause()
        assert screen.cursor == secret_at
        assert SECRET in _text(app, "#detail")
        await pilot.press("d")
        assert screen.view == PUBLIC
        assert screen.cursor < secret_at  # moved to the nearest event the table saw


async def test_seat_view_shows_what_one_seat_saw(debrief_save: str) -> None:
    loaded = load_save(debrief_save)
    app = ReplayApp(loaded, unlocked=True)  # the facilitator's (the seal: tests/tui/test_sealed.py)
    async with app.run_test(size=SIZE) as pilot:
        screen = _screen(app)
        await pilot.press("v")
        assert screen.view == "us"
        await pilot.press("end", "4")
        notes = _text(app, "#panel-notes")
        assert SECRET in notes and "A message through a back channel" in notes
        assert "Watch whether the US tells Kyiv." not in notes
        await pilot.press("7")
        assert "United States" in _text(app, "#panel-brief") and "Russia\n" not in _text(app, "#panel-brief")
        await pilot.press("4")
        assert "view: United States only" in _text(app, "#position")
        await pilot.press("v", "v")
        assert screen.view == "ukraine"
        notes = _text(app, "#panel-notes")
        assert SECRET not in notes and "back channel" not in notes
        assert "We want a ceasefire this round." in notes
        await pilot.press("v", "v")
        assert screen.view == PUBLIC


async def test_tabs_show_votes_rules_chart_scores(debrief_save: str) -> None:
    # the facilitator's replay: the seal is tested in tests/tui/test_sealed.py
    app = ReplayApp(load_save(debrief_save), view=DEBRIEF, unlocked=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end")
        await pilot.press("2")
        assert app.screen.query_one(TabbedContent).active == "tab-votes"
        votes = _text(app, "#panel-votes")
        assert "russia reject" in votes and "redline.western_troops_in_ukraine" in votes
        assert "why: russia decides" in votes
        await pilot.press("3")
        rules = _text(app, "#panel-rules")
        assert "wedge.eu_troops_without_us_backstop" in rules and "source src-002" in rules
        await pilot.press("5")
        chart = _text(app, "#panel-chart")
        assert "Transatlantic cohesion" in chart and "[45..60]" in chart
        await pilot.press("6")
        await app.workers.wait_for_complete()
        await pilot.pause()
        scores = _text(app, "#panel-scores")
        assert "United States:" in scores and "signed terms" in scores


async def test_table_highlights_what_the_event_changed(debrief_save: str) -> None:
    loaded = load_save(debrief_save)
    proposed = next(i for i, ev in enumerate(loaded.events) if isinstance(ev, e.Proposed))
    app = ReplayApp(loaded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", *f"#{proposed + 1}", "enter")
        await pilot.pause()
        content = app.screen.query_one("#panel-table", Static).content
        assert isinstance(content, Text)
        highlighted = [content.plain[s.start : s.end] for s in content.spans if "reverse" in str(s.style)]
        assert any("30-day" in h or "thirty" in h.lower() for h in highlighted), highlighted


async def test_branch_from_the_replay_screen(long_game: Recorded, tmp_path) -> None:
    src = tmp_path / "class.jsonl"
    src.write_bytes(Path(long_game.path).read_bytes())
    loaded = load_save(str(src))
    app = ReplayApp(loaded)
    branched: list[str] = []
    async with app.run_test(
        size=SIZE, message_hook=lambda m: branched.append(m.path) if isinstance(m, ReplayScreen.Branched) else None
    ) as pilot:
        await pilot.press("right_square_bracket", "right_square_bracket", "right", "right")
        await pilot.press("b")
        await pilot.pause()
    assert branched and os.path.exists(branched[0])
    child = load_save(branched[0])
    assert child.header["parent"]["save"] == str(src)
    assert child.events == loaded.events[: child.header["parent"]["events"]]


async def test_a_tampered_save_is_shown_as_such(long_game: Recorded, tmp_path) -> None:
    lines = Path(long_game.path).read_text(encoding="utf-8").splitlines(keepends=True)
    record = json.loads(lines[5])
    record["event"] = {**record["event"], "seat": "europe"} if "seat" in record["event"] else record["event"]
    record["seq"] = record["seq"] if "seat" in record["event"] else record["seq"] + 100
    lines[5] = json.dumps(record) + "\n"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(SaveError) as err:
        load_save(str(bad))
    app = ReplayApp(None, problem=str(err.value))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SaveProblemScreen)
        assert "TAMPERED" in _text(app, "#problem-title")
        assert "bad.jsonl:6:1" in _text(app, "#problem-text")
        await pilot.press("q")


def test_snapshot_of_the_debrief_view(debrief_save: str, snap_compare) -> None:
    """The debrief at the private reply, on the Notes tab. Accepted after looking at it.

    The seal is pinned: it hashes the embedded scenario, which changes with
    every edit of the YAML, and is tested elsewhere."""
    loaded = load_save(debrief_save)
    loaded.head = "5ea1" * 16
    reply = next(i for i, ev in enumerate(loaded.events) if isinstance(ev, e.MessageSent) and ev.seat == "russia")
    # the facilitator's replay: the seal is tested in tests/tui/test_sealed.py
    app = ReplayApp(loaded, view=DEBRIEF, unlocked=True)
    assert snap_compare(app, press=["g", *f"#{reply + 1}", "enter", "4"], terminal_size=SIZE)


async def test_an_unknown_format_version_is_refused_clearly(long_game: Recorded, tmp_path) -> None:
    lines = Path(long_game.path).read_text(encoding="utf-8").splitlines(keepends=True)
    header = json.loads(lines[0])
    header["version"] = 0
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps(header) + "\n" + "".join(lines[1:]), encoding="utf-8")
    with pytest.raises(SaveError) as err:
        load_save(str(old))
    app = ReplayApp(None, problem=str(err.value))
    async with app.run_test(size=SIZE):
        assert "cannot be replayed" in _text(app, "#problem-title")
        assert "save format version 0 is not supported; this wargame reads version 1" in _text(app, "#problem-text")


async def test_a_torn_last_line_is_dropped_and_said(long_game: Recorded, tmp_path) -> None:
    torn = tmp_path / "torn.jsonl"
    torn.write_bytes(Path(long_game.path).read_bytes()[:-30])
    loaded = load_save(str(torn))
    assert loaded.warnings
    app = ReplayApp(loaded)
    async with app.run_test(size=SIZE):
        seal = _text(app, "#seal")
        assert "✓ hash chain verified" in seal and "the last line is incomplete" in seal
