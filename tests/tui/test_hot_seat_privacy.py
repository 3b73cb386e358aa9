"""End to end: four teams at one keyboard, and no screen shows a seat what it must not see.

After every handoff, every turn, every vote and every round result, the text of
every widget on every screen in the stack (and the screen as drawn, and the
notifications) is searched for every secret of the game: each seat's brief,
each private message, each vote's reason, the facilitator's private briefing
to one seat, the facilitator's notes and the reasons the facilitator did not
announce. A secret may appear only on the screen of a seat allowed to read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.widgets import Input

from tests.tui.conftest import SIZE, MakeExercise, all_text, app_for, press, screen_name, settle
from wargame.session.facilitation import facilitator_for
from wargame.tui.messages import ComposeScreen


@dataclass
class Secret:
    text: str
    readers: frozenset[str] = field(default_factory=frozenset)
    """The seats that may see it (none: only the debrief)."""


def briefs(scenario: object) -> list[Secret]:
    from wargame.model.scenario import Scenario

    assert isinstance(scenario, Scenario)
    out = []
    for seat in scenario.seats:
        b = seat.brief
        for piece in (b.summary.split(".")[0][:40], b.objectives[0][:40], b.red_lines[-1][:40]):
            out.append(Secret(piece, frozenset({seat.id})))
    return out


def leaks(text: str, viewer: str | None, secrets: list[Secret]) -> list[str]:
    return [s.text for s in secrets if s.text in text and viewer not in s.readers]


async def test_no_screen_shows_another_seats_secrets(make_exercise: MakeExercise) -> None:
    ex = make_exercise(max_rounds=2)
    scenario = ex.scenario
    order = scenario.turn_order
    secrets = briefs(scenario)
    fac = facilitator_for(ex.game)
    fac.note("NOTE-only-for-the-debrief")
    fac.pause("REASON-team-russia-is-stalling")
    fac.resume("REASON-after-a-word-with-russia")
    fac.fire("kremlin_back_channel", "REASON-tempt-the-americans")
    back_channel = " ".join(scenario.inject("kremlin_back_channel").text.split())[:60]
    secrets += [
        Secret("NOTE-only-for-the-debrief"),
        Secret("REASON-team-russia-is-stalling"),
        Secret("REASON-after-a-word-with-russia"),
        Secret("REASON-tempt-the-americans"),
        Secret(back_channel, frozenset({"us"})),
    ]
    app = app_for(ex)
    checks = {"HandoffScreen": 0, "SeatScreen": 0, "VoteScreen": 0, "ResolutionScreen": 0, "EndScreen": 0}

    def check(viewer: str | None) -> None:
        name = screen_name(app)
        checks[name] = checks.get(name, 0) + 1
        found = leaks(all_text(app), viewer, secrets)
        assert not found, f"{name} for {viewer or 'everyone'} shows {found}"

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(200):
            name = screen_name(app)
            st = ex.game.state
            seat = getattr(app.screen, "seat", None)
            if name == "HandoffScreen":
                check(None)
                await press(pilot, "enter")
            elif name == "SeatScreen":
                assert seat is not None
                check(seat)
                await press(pilot, "5")  # the brief on screen: the seat's own secrets are there
                assert any(s.text in all_text(app) for s in secrets if s.readers == {seat})
                if st.round == 1 and seat == order[0]:
                    await press(pilot, "2", "enter", "down", "enter", "p")  # a text to vote on
                to = order[(order.index(seat) + 1) % len(order)]
                token = f"PRIVATE-{seat}-to-{to}-round-{st.round}"
                await press(pilot, "m")
                assert isinstance(app.screen, ComposeScreen)
                app.screen.choose(to)
                app.screen.query_one("#text", Input).value = token
                await press(pilot, "enter", "y")
                secrets.append(Secret(token, frozenset({seat, to})))
                check(seat)
                await press(pilot, "4")
                check(seat)
                await press(pilot, "e")
                if screen_name(app) == "ConfirmScreen":
                    await press(pilot, "y")
            elif name == "VoteScreen":
                assert seat is not None
                check(seat)
                token = f"WHY-{seat}-round-{st.round}"
                await press(pilot, "w")
                await pilot.press(*token)
                await press(pilot, "enter")
                secrets.append(Secret(token, frozenset({seat})))
                check(seat)
                await press(pilot, "a" if seat != order[1] else "r", "y")
                if screen_name(app) == "ConfirmScreen":  # signing across a red line asks again
                    await press(pilot, "y")
            elif name == "ResolutionScreen":
                check(None)
                await press(pilot, "enter")
            elif name == "EndScreen":
                check(None)
                break
            else:
                await settle(pilot)
                raise AssertionError(f"unexpected screen {name}")
        assert screen_name(app) == "EndScreen"
    assert ex.game.over
    # Every kind of screen was searched, many times.
    assert checks["HandoffScreen"] >= 8 and checks["SeatScreen"] >= 8 * 3
    assert checks["VoteScreen"] >= 2 and checks["ResolutionScreen"] == 2 and checks["EndScreen"] == 1
    # The secrets were real: the messages and reasons are in the save, for the debrief.
    saved = {getattr(ev, "text", "") for ev in ex.game.events} | {getattr(ev, "why", "") for ev in ex.game.events}
    assert any(s.startswith("PRIVATE-") for s in saved) and any(s.startswith("WHY-") for s in saved)
