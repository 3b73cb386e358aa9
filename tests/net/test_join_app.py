"""The join client's screens, driven with the Pilot against a host on loopback."""

from __future__ import annotations

import asyncio

from textual.widgets import Static

from wargame.model.actions import Message
from wargame.net.app import ConsoleScreen, JoinApp, WaitScreen
from wargame.net.client import LocalClient
from wargame.tui.prose import Prose

from .conftest import HostApart


def screen_text(app: JoinApp) -> str:
    """The screen as drawn, and the text its widgets hold (hidden tabs too)."""
    parts: list[str] = []
    for widget in app.screen.walk_children():
        if isinstance(widget, Prose):
            parts.append(widget.plain_text)
        elif isinstance(widget, Static):
            parts.append(str(widget.render()))
    return "\n".join(parts)


async def wait_for(app: JoinApp, pilot, cls: type, seconds: float = 10) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.05)):
        await pilot.pause(0.05)
        if isinstance(app.screen, cls) and app.screen.is_mounted:
            await pilot.pause(0.2)  # its on_mount has drawn it
            return
    raise AssertionError(f"the screen is {type(app.screen).__name__}, not {cls.__name__}")


async def test_a_team_joins_plays_its_turn_and_waits_seeing_only_its_own(hosted_apart: HostApart) -> None:
    hosted = hosted_apart
    from wargame.tui.seat import SeatScreen

    secret = "SECRET-EU-TO-RU"
    europe_brief = hosted.game.scenario.seat("europe").brief.summary[:50]
    app = JoinApp(hosted.url, hosted.game.codes.current("us").code)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(app, pilot, SeatScreen)
        assert "UNITED STATES" in screen_text(app)
        await pilot.press("e")  # end the turn
        await wait_for(app, pilot, WaitScreen)
        assert "waiting for Russia" in screen_text(app)
        # another seat moves at the host: the screen follows by itself
        hosted.act("russia", Message(kind="message", seat="russia", to="all", text="public word"))
        hosted.act("russia", Message(kind="message", seat="russia", to="europe", text=secret))
        for _ in range(100):
            await pilot.pause(0.05)
            if app.exercise is not None and any(m.text == "public word" for m in app.exercise.game.state.messages):
                break
        assert app.exercise is not None
        texts = [m.text for m in app.exercise.game.state.messages]
        assert "public word" in texts and secret not in texts
        await pilot.press("3")
        assert europe_brief not in screen_text(app)
        assert hosted.game.scenario.seat("us").brief.summary[:50] in screen_text(app)
    app.exercise.close()


async def test_the_facilitator_console_sees_private_messages_and_can_skip_a_silent_team(
    hosted_apart: HostApart,
) -> None:
    hosted = hosted_apart
    app = JoinApp(hosted.url, hosted.game.codes.current("facilitator").code)
    hosted.act("us", Message(kind="message", seat="us", to="russia", text="PRIVATE-US-RU"))
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for(app, pilot, ConsoleScreen)
        assert "PRIVATE-US-RU" in screen_text(app)
        await pilot.press("s")  # the US is silent: end its turn
        for _ in range(100):
            await pilot.pause(0.05)
            if hosted.game.game.to_act() == "russia":
                break
        assert hosted.game.game.to_act() == "russia"
    assert app.exercise is not None
    app.exercise.close()


def test_the_hot_seats_in_process_client_filters_the_same_way(hosted_offline) -> None:  # type: ignore[no-untyped-def]
    game = hosted_offline
    us, russia = LocalClient(game, "us"), LocalClient(game, "russia")
    seen: list[int] = []
    russia.subscribe(lambda pairs: seen.extend(seq for seq, _ in pairs))
    ack = us.submit_now(Message(kind="message", seat="us", to="europe", text="only europe"))
    assert ack.ok
    refused = russia.submit_now(Message(kind="message", seat="us", to="all", text="as the US"))
    assert not refused.ok and "you cannot act for us" in refused.reason
    assert any(m.text == "only europe" for m in us.view.game.state.messages)
    assert not any(m.text == "only europe" for m in russia.view.game.state.messages)
    assert russia.view.scenario.seat("us").brief.summary == "(sealed)"


def test_a_screen_starts_from_the_game_as_it_stands_not_half_of_it(hosted_apart: HostApart) -> None:
    from wargame.net.client import RemoteClient
    from wargame.net.remote import NetExercise, ThreadedClient

    hosted = hosted_apart
    for i in range(20):
        hosted.act("us", Message(kind="message", seat="us", to="all", text=f"word {i}"))
    code = hosted.game.codes.current("russia").code
    welcome = hosted.host._welcome

    def slow_catch_up(client, last_seq):  # type: ignore[no-untyped-def]
        """The welcome at once, the catch-up a moment later (a slow network)."""
        push, first = client.push, []

        def later(text: str) -> None:
            if not first:
                first.append(text)
                push(text)
            else:
                asyncio.get_running_loop().call_later(0.2, push, text)

        client.push = later
        welcome(client, last_seq)
        client.push = push

    hosted.host._welcome = slow_catch_up  # type: ignore[method-assign]
    for _ in range(2):  # the screen's thread reads the copy the moment the client has joined
        threaded = ThreadedClient(RemoteClient(hosted.url, code, device="russia-device"))
        threaded.connect()
        exercise = NetExercise(threaded)
        assert len(exercise.game.events) == len(hosted.game.game.events)
        exercise.close()


async def test_a_seat_sees_the_end_with_its_own_score_only(hosted_apart: HostApart, moves) -> None:  # type: ignore[no-untyped-def]
    from wargame.session.runner import play_round

    hosted = hosted_apart
    session = hosted.game.session
    for i, mround in enumerate(moves.moves.rounds):  # the class plays to the end
        if not session.game.over:
            play_round(session, mround, moves, i)
    assert hosted.game.game.over
    app = JoinApp(hosted.url, hosted.game.codes.current("ukraine").code)
    async with app.run_test(size=(120, 50)) as pilot:
        await wait_for(app, pilot, WaitScreen)
        text = screen_text(app)
        assert "Outcome: " in text and "the game is over" in text
        assert "Your score:" in text
        assert "Scores against each brief" not in text  # the others' scores need their briefs
    assert app.exercise is not None
    app.exercise.close()
