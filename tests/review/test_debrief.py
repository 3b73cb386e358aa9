"""The debrief that opens the report: turning points found from the record,
each team against its brief (labels, not ids), red lines crossed and by whom,
questions from what fired; the replay's turning-points list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.review.conftest import Recorded
from tests.review.helpers import CREATED
from wargame.content.loader import ScenarioTexts
from wargame.engine.game import Setup
from wargame.model import events as e
from wargame.model.actions import EndTurn, Propose, Respond
from wargame.model.scenario import Scenario
from wargame.review.debrief import debrief_of, markdown_section
from wargame.review.html import html
from wargame.review.report import build, markdown
from wargame.review.turning import FEWEST, MOST, turning_points
from wargame.session.runner import start_session
from wargame.store.savefile import load_save

IDS = re.compile(r"\b[a-z][a-z0-9_]*=[a-z][a-z0-9_]*\b")
"""An `issue=option` pair: what the debrief must never show."""


def crossed_game(scenario: Scenario, texts: ScenarioTexts, path: str) -> None:
    """Framework first; the US tables legal recognition of Crimea as Russian
    and every seat (all human) accepts: Ukraine crosses its own red line."""
    session = start_session(scenario, texts, Setup(seed=3, sequence="framework_first"), path, created=CREATED)
    game = session.game
    game.submit(
        Propose(kind="propose", seat="us", terms={"territory": "de_jure_crimea", "alignment": "military_neutrality"})
    )
    while game.state.step == "turns":
        seat = game.to_act()
        assert seat is not None
        game.submit(EndTurn(kind="end_turn", seat=seat))
    while game.state.step == "voting":
        seat = game.to_act()
        assert seat is not None
        game.submit(Respond(kind="respond", seat=seat, response="accept"))
    assert session.writer is not None
    session.writer.close()


@pytest.fixture(scope="module")
def crossed_save(scenario: Scenario, texts: ScenarioTexts, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("crossed") / "crossed.jsonl")
    crossed_game(scenario, texts, path)
    return path


def test_turning_points_are_few_in_order_and_in_words(recorded: list[Recorded]) -> None:
    for game in recorded:
        data = build(load_save(game.path))
        points = turning_points(data.timeline, data.history)
        assert FEWEST <= len(points) <= MOST
        assert [p.index for p in points] == sorted(p.index for p in points)
        for p in points:
            assert p.move and p.headline
            assert not IDS.search(" ".join([p.headline, p.move, *p.effects]))
            assert data.timeline.round_of[p.index] == p.round


def test_a_signed_agreement_is_a_turning_point_with_who_tabled_it(recorded: list[Recorded]) -> None:
    signed_games = [g for g in recorded if any(isinstance(ev, e.AgreementSigned) for ev in g.session.game.events)]
    assert signed_games
    data = build(load_save(signed_games[0].path))
    points = turning_points(data.timeline, data.history)
    signed = [p for p in points if p.kind == "signed"]
    assert signed
    assert "tabled the text" in signed[0].move and "accepted it" in signed[0].move
    assert any(x.startswith("agreed: ") for x in signed[0].effects)


def test_the_html_links_each_turning_point_into_the_timeline(long_game: Recorded) -> None:
    data = build(load_save(long_game.path))
    page = html(data)
    points = turning_points(data.timeline, data.history)
    assert page.index("Turning points") < page.index("<h2>Agreements</h2>")
    for p in points:
        assert f'href="#{p.anchor}"' in page
        assert f'id="{p.anchor}"' in page


def test_a_crossed_red_line_names_whose_it_is_and_who_crossed_it(crossed_save: str) -> None:
    data = build(load_save(crossed_save))
    d = debrief_of(data)
    ukraine = next(t for t in d.teams if t.seat == "ukraine")
    crossed = [r for r in ukraine.red_lines if r.status == "crossed"]
    assert [r.rule_id for r in crossed] == ["redline.legal_recognition_of_annexation"]
    assert "Ukraine accepted it on a text tabled by United States" in crossed[0].detail
    assert d.crossed and "No legal recognition of annexed land" in d.crossed[0]
    kinds = [p.kind for p in d.turning]
    assert "crossed" in kinds and "signed" in kinds
    # the standing cost is explained in words, not ids
    standing = [why for part, _, why in ukraine.parts if part == "standing"]
    assert standing and "No legal recognition of annexed land" in standing[0]
    text = "\n".join(markdown_section(d))
    assert not IDS.search(text)
    assert "redline." not in text


def test_questions_come_from_the_rules_that_acted(crossed_save: str, long_game: Recorded) -> None:
    d = debrief_of(build(load_save(crossed_save)))
    assert d.questions
    assert d.questions[0].rule_id == "redline.legal_recognition_of_annexation"  # a turning point's rule first
    assert all(q.ask.endswith("?") and q.sources for q in d.questions)
    long = build(load_save(long_game.path))
    acted = {ev.rule for ev in long.timeline.events if isinstance(ev, e.RuleFired)}
    acted |= {r for ev in long.timeline.events if isinstance(ev, e.VoteCast) for r in ev.reasons}
    asked = debrief_of(long).questions
    assert asked and {q.rule_id for q in asked} <= acted


def test_the_public_view_shows_no_brief_and_no_reasoning(debrief_save: str) -> None:
    loaded = load_save(debrief_save)
    public = build(loaded, view="public")
    text = markdown(public)
    scenario = public.scenario
    for seat in scenario.seats:
        assert seat.brief.summary not in text
        assert all(o not in text for o in seat.brief.objectives)
    assert "Watch whether the US tells Kyiv." not in text  # the facilitator's note
    assert "Would you sign an EU path for Ukraine?" not in text  # a private message
    debrief = markdown(build(loaded))
    assert scenario.seats[0].brief.summary in debrief
    us_only = markdown(build(loaded, view="us"))
    assert scenario.seat("us").brief.summary in us_only
    assert scenario.seat("russia").brief.summary not in us_only


def test_a_narrow_view_keeps_the_facilitators_reasons_and_vote_reasons_out(debrief_save: str) -> None:
    loaded = load_save(debrief_save)
    us = debrief_of(build(loaded, view="us"))
    text = "\n".join(markdown_section(us))
    assert "Inject (to United States only)" in text  # the US saw its own private inject...
    assert "the facilitator's choice" not in text  # ...but not why the facilitator fired it
    assert any(t.kind == "blocked" for t in debrief_of(build(loaded)).turning)
    assert all(t.kind != "blocked" for t in debrief_of(build(loaded, view="public")).turning)
    full = "\n".join(markdown_section(debrief_of(build(loaded))))
    assert "Why now (the facilitator): the facilitator's choice" in full


def test_the_markdown_opens_with_the_debrief(long_game: Recorded) -> None:
    text = markdown(build(load_save(long_game.path)))
    order = [
        text.index(h)
        for h in (
            "## Turning points",
            "## Each team against its brief",
            "## Questions for the debrief",
            "## Agreements",
        )
    ]
    assert order == sorted(order)


def test_a_baseline_puts_each_seat_among_the_bot_games(long_game: Recorded) -> None:
    from wargame.review.baseline import Baseline

    base = Baseline(games=4, how="four made-up games")
    base.scores = {s: [10.0, 30.0, 60.0, 90.0] for s in ("us", "russia", "ukraine", "europe")}
    data = build(load_save(long_game.path), baseline=base)
    d = debrief_of(data)
    for team in d.teams:
        assert team.spread is not None and team.spread.games == 4
        expected = sum(1 for v in (10, 30, 60, 90) if v < team.score) / 4
        assert team.spread.below == expected
        assert f"beats {expected:.0%}" in team.spread_text
    page = html(data)
    assert page.count('class="spread"') == 4


async def test_the_replay_lists_the_turning_points_and_jumps_to_one(long_game: Recorded) -> None:
    from wargame.tui.replay import ReplayApp, ReplayScreen
    from wargame.tui.turning import TurningPointsScreen

    app = ReplayApp(load_save(long_game.path), view="debrief")
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TurningPointsScreen)
        target = screen.points[1].index
        await pilot.press("down", "enter")
        await pilot.pause()
        replay = app.screen
        assert isinstance(replay, ReplayScreen)
        assert replay.cursor == target


def test_the_report_cli_writes_the_debrief(long_game: Recorded, tmp_path: Path) -> None:
    from wargame.cli import main

    out = tmp_path / "r.html"
    assert main(["report", long_game.path, "-o", str(out)]) == 0
    page = out.read_text()
    assert "Each team against its brief" in page and "@media print" in page
