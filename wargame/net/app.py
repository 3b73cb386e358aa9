"""`wargame join`: a team's (or the facilitator's) screens for a hosted game.

The team screens are the hot seat's own: `SeatScreen` for a turn,
`VoteScreen` for a vote, `ResolutionScreen` for a round's result, handed a
`NetExercise` instead of an `Exercise`. Two screens are the client's own,
built from the same widgets and views: `WaitScreen` (another seat is moving:
the table, the world, the seat's brief and messages, read-only) and
`ConsoleScreen` (the facilitator: the whole log, who is connected, injects,
notes, pauses, ending a silent team's turn, revoking a code). What a screen
can show is what the host sent, and the host sends a seat only what it may
see (`privacy`).
"""

from __future__ import annotations

import os
import secrets
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message as TextualMessage
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from wargame.engine.game import Game
from wargame.errors import RefusedAction, WargameError
from wargame.model.actions import EndTurn, Facilitate, FireInject, Note, Pause, Respond, Resume
from wargame.model.events import Event, TurnEnded
from wargame.net.client import RemoteClient
from wargame.net.remote import NetExercise, ThreadedClient
from wargame.tui.base import Advance, GameScreen
from wargame.tui.messages import MessagesPanel
from wargame.tui.prose import Prose
from wargame.tui.results import end_report, outcome_lines
from wargame.tui.views import (
    brief,
    describe,
    esc,
    indicators_view,
    phase_title,
    score_view,
    seat_name,
    table_view,
)

TUI_CSS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tui", "app.tcss")


def device_id(path: str) -> str:
    """This device's id, kept in a file (a join code works on one device)."""
    try:
        with open(path, encoding="utf-8") as fh:
            value = fh.read().strip()
        if 8 <= len(value) <= 64:
            return value
    except OSError:
        pass
    value = secrets.token_hex(8)
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(value + "\n")
    except OSError:
        pass  # a device that cannot keep its id gets a new one each time
    return value


class AskScreen(ModalScreen[str | None]):
    """One line of text from the person (a code, a note, a reason)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="ask.cancel", tooltip="Close without an answer"),
    ]

    def __init__(self, title: str, placeholder: str = "", password: bool = False) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.placeholder = placeholder
        self.password = password

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(placeholder=self.placeholder, password=self.password, id="answer")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())


class PickScreen(ModalScreen[str | None]):
    """Choose one of a list (an inject, a seat)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel", tooltip="Close without choosing"),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box wide"):
            yield Static(self.title_text, classes="dialog-title")
            yield OptionList(*[Option(esc(label), id=key) for key, label in self.choices], id="choices")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class ConnectingScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("[b]wargame[/] · joining a hosted game", classes="bar")
        yield Prose("Connecting to the host ...", id="connecting-text")


class WaitScreen(GameScreen):
    """Another seat is moving: this seat reads the table, its brief, its messages."""

    GUIDE = """[b]Waiting for another seat[/]

Another delegation is taking its turn or voting. Your screen moves on by
itself when it is your turn or your vote, and shows each round's result.
Tabs (1 to 4): the table, the world and your score, your brief, your messages."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(str(i + 1), f"tab('{tab}')", tab.capitalize(), id=f"wait.tab.{tab}", show=False)
            for i, tab in enumerate(("table", "world", "brief", "messages"))
        ],
    ]

    def compose(self) -> ComposeResult:
        ex = self.exercise
        seat = ex.seat if isinstance(ex, NetExercise) else None
        yield Static(id="wait-bar", classes="bar")
        with TabbedContent(initial="table", id="tabs"):
            with TabPane("1 Table", id="table"), VerticalScroll():
                yield Prose(id="wait-table")
            with TabPane("2 World", id="world"), VerticalScroll():
                yield Prose(id="wait-world")
            with TabPane("3 Brief", id="brief"), VerticalScroll():
                yield Prose(brief(ex.scenario, seat) if seat else "", id="wait-brief")
            with TabPane("4 Messages", id="messages"):
                yield MessagesPanel(ex.game, seat or "", ex.last_seen(seat or ""), id="wait-messages")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def refresh_view(self) -> None:
        ex = self.exercise
        game, st = ex.game, ex.game.state
        seat = ex.seat if isinstance(ex, NetExercise) else None
        if game.over:
            doing = "the game is over"
            body = seat_end_report(game, seat) if seat else end_report(game)
        else:
            who = game.to_act()
            step = "'s vote" if st.step == "voting" else ""
            doing = f"waiting for {seat_name(ex.scenario, who)}{step}" if who else "waiting"
            if st.paused:
                doing = "the facilitator has paused the game"
            body = table_view(game, ex.last_seen(seat or ""))
        self.query_one("#wait-bar", Static).update(
            f"[b]{esc(seat_name(ex.scenario, seat).upper()) if seat else ''}[/] · {esc(doing)} · round {st.round} of "
            f"{st.max_rounds} · {esc(phase_title(ex.scenario, st.status))}"
        )
        self.query_one("#wait-table", Prose).update(body)
        world = indicators_view(game, 0) + ("\n\n" + score_view(game, seat) if seat else "")
        self.query_one("#wait-world", Prose).update(world)
        self.query_one(MessagesPanel).refresh_threads()


def seat_end_report(game: Game, seat: str) -> str:
    """The end for one seat: the outcome, what was signed, and its own score.

    Not the other seats' scores: they are reckoned from their briefs, which
    this seat's copy does not have; the debrief shows them all."""
    out = outcome_lines(game, rounds=False)
    out += [
        "",
        score_view(game, seat),
        "",
        "[dim]The debrief, with every seat's score and reasons, is the facilitator's.[/]",
    ]
    return "\n".join(out)


class ConsoleScreen(GameScreen):
    """The facilitator's console for a hosted game (sees everything)."""

    GUIDE = """[b]The facilitator's console (hosted game)[/]

You see every event, private ones included. Keys: [b]i[/] fire an inject,
[b]q[/] queue one for a later round, [b]n[/] a note for the debrief, [b]p[/] pause
or resume, [b]s[/] end the turn (or vote no) for a team that has gone silent,
[b]k[/] revoke a team's join code and get a new one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "inject", "Inject", id="console.inject", tooltip="Fire an inject now"),
        Binding("q", "queue", "Queue", id="console.queue", tooltip="Queue an inject for the next round"),
        Binding("n", "note", "Note", id="console.note", tooltip="A note for the debrief (private)"),
        Binding("p", "pause", "Pause/resume", id="console.pause", tooltip="Pause or resume the game"),
        Binding("s", "skip", "Skip seat", id="console.skip", tooltip="End the turn of the seat that is silent"),
        Binding("k", "revoke", "Revoke code", id="console.revoke", tooltip="A new join code for a seat"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="console-bar", classes="bar")
        with VerticalScroll(id="result-box"):
            yield Prose(id="console-log")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    @property
    def net(self) -> NetExercise:
        assert isinstance(self.exercise, NetExercise)
        return self.exercise

    def refresh_view(self) -> None:
        ex = self.net
        game, st = ex.game, ex.game.state
        online = ", ".join(f"{r} {'●' if n else '○'}" for r, n in ex.presence.items()) or "?"
        who = game.to_act()
        state = "over: " + st.status if game.over else f"round {st.round}, {phase_title(ex.scenario, st.status)}"
        moving = f" · to move: {seat_name(ex.scenario, who)}" if who and not game.over else ""
        paused = " · [b]PAUSED[/]" if st.paused else ""
        self.query_one("#console-bar", Static).update(
            f"[b]FACILITATOR[/] · {esc(ex.game_id)} · {esc(state)}{esc(moving)}{paused} · {esc(online)}"
        )
        lines = [line for ev in game.events[-300:] if (line := _log_line(ex, ev)) is not None]
        self.query_one("#console-log", Prose).update("\n".join([*lines[-120:], *ex.status[-3:]]))
        self.query_one("#result-box", VerticalScroll).scroll_end(animate=False)

    def _do(self, action: FireInject | Facilitate | EndTurn | Respond) -> None:
        try:
            self.net.submit(action)
        except RefusedAction as exc:
            self.notify(str(exc), title="Not allowed", severity="warning", timeout=8)
        self.refresh_view()

    def _injects(self) -> list[tuple[str, str]]:
        return [(i.id, f"{i.title} ({i.id})") for i in self.net.scenario.injects]

    def action_inject(self) -> None:
        self.app.push_screen(
            PickScreen("Fire which inject?", self._injects()),
            lambda inject: self._do(FireInject(kind="inject", inject=inject)) if inject else None,
        )

    def action_queue(self) -> None:
        next_round = self.net.game.state.round + 1

        def chosen(inject: str | None) -> None:
            if inject:
                ack = self.net.queue_inject(inject, next_round, "")
                self.notify(ack.reason or f"Queued for round {next_round}.", timeout=5)
                self.refresh_view()

        self.app.push_screen(PickScreen(f"Queue which inject for round {next_round}?", self._injects()), chosen)

    def action_note(self) -> None:
        self.app.push_screen(
            AskScreen("A note for the debrief (no team sees it)"),
            lambda text: self._do(Note(kind="facilitator", command="note", reason=text)) if text else None,
        )

    def action_pause(self) -> None:
        if self.net.game.state.paused:
            self._do(Resume(kind="facilitator", command="resume", reason="resumed from the hosted console"))
        else:
            self._do(Pause(kind="facilitator", command="pause", reason="paused from the hosted console"))

    def action_skip(self) -> None:
        game = self.net.game
        seat = game.to_act()
        if seat is None:
            self.notify("Nobody is to move now.", timeout=4)
            return
        why = "ended by the facilitator (the team was silent)"
        if game.state.step == "voting":
            self._do(Respond(kind="respond", seat=seat, response="reject", why=why))
        else:
            self._do(EndTurn(kind="end_turn", seat=seat, why=why))

    def action_revoke(self) -> None:
        seats = [(s, seat_name(self.net.scenario, s)) for s in self.net.scenario.turn_order]

        def chosen(seat: str | None) -> None:
            if not seat:
                return
            try:
                code = self.net.revoke(seat)
            except WargameError as exc:
                self.notify(str(exc), severity="error", timeout=8)
                return
            self.notify(f"New code for {seat}: {code} (the old one no longer works)", timeout=30)

        self.app.push_screen(PickScreen("Revoke whose join code?", seats), chosen)


def _log_line(ex: NetExercise, event: Event) -> str | None:
    """A line of the facilitator's log: the review's words, and the turns too."""
    line = describe(ex.scenario, event)
    if line is None and isinstance(event, TurnEnded):
        why = f" ({event.why})" if event.why else ""
        line = f"[dim]{esc(seat_name(ex.scenario, event.seat))} ended its turn{esc(why)}[/]"
    return line


class HostNews(TextualMessage):
    """Events (or news of the connection) came from the host."""


class JoinApp(App[None]):
    """A seat's (or the facilitator's) screens for a game on a host."""

    CSS_PATH = TUI_CSS
    TITLE = "wargame"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q", "quit", "Quit", id="join.quit", tooltip="Leave (the game goes on at the host)", priority=True
        ),
    ]

    def __init__(self, url: str, code: str | None, pin: str = "", device: str | None = None) -> None:
        super().__init__()
        self.url = url
        self.code = code
        self.pin = pin
        self.device = device or secrets.token_hex(8)
        self.exercise: NetExercise | None = None
        self.problem: str | None = None

    def on_mount(self) -> None:
        self.push_screen(ConnectingScreen())
        if self.code:
            self.join(self.code)
        else:
            self.ask_code()

    def ask_code(self, why: str = "") -> None:
        title = (f"{why}\n\n" if why else "") + "Your join code (from the facilitator)"

        def answered(code: str | None) -> None:
            if code:
                self.join(code)
            else:
                self.exit()

        self.push_screen(AskScreen(title, "ABCD-EFGH"), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="join")
    def join(self, code: str) -> None:
        threaded = ThreadedClient(RemoteClient(self.url, code, device=self.device, pin=self.pin, retry_for=120))
        try:
            threaded.connect()
        except WargameError as exc:
            threaded.close()
            self.call_from_thread(self.ask_code, str(exc))
            return
        except Exception as exc:  # no host there: say so, in words
            threaded.close()
            self.call_from_thread(self.ask_code, f"Cannot reach the host at {self.url} ({exc.__class__.__name__}).")
            return
        self.call_from_thread(self.begin, NetExercise(threaded))

    def begin(self, exercise: NetExercise) -> None:
        # Never `call_from_thread` from the network thread: it waits for this
        # thread, which may itself be waiting for the host's answer. A posted
        # message waits for nobody (post_message is thread-safe).
        def notify() -> None:
            self.post_message(HostNews())

        exercise.threaded.notify = notify
        self.exercise = exercise
        self.sub_title = f"{exercise.game_id} · {exercise.role}"
        self.advance()

    @on(HostNews)
    def _host_news(self, message: HostNews) -> None:
        message.stop()
        self.changed()

    def changed(self) -> None:
        """Events came from the host: take them, then move on or redraw."""
        ex = self.exercise
        if ex is None:
            return
        shown = len(ex.status)
        if not ex.pump() and len(ex.status) == shown:
            return
        for text in ex.status[shown:]:
            self.notify(text, timeout=5)
        screen = self.screen
        if isinstance(screen, GameScreen):
            if isinstance(screen, ConsoleScreen | WaitScreen) and ex.next_step() == screen.step:
                screen.seen_events = len(ex.game.events)
                screen.refresh_view()
            elif not isinstance(screen, ConsoleScreen | WaitScreen):
                screen.on_screen_resume()  # its own rule: move on if the step changed
            else:
                self.advance()

    @on(Advance)
    def _advance(self, message: Advance) -> None:
        message.stop()
        self.advance()

    def advance(self) -> None:
        ex = self.exercise
        if ex is None:
            return
        ex.pump()
        step = ex.next_step()
        screen: GameScreen
        if ex.seat is None:
            screen = ConsoleScreen(ex, step)  # type: ignore[arg-type]
        elif step.kind == "turn":
            from wargame.tui.seat import SeatScreen

            screen = SeatScreen(ex, step)  # type: ignore[arg-type]
        elif step.kind == "vote":
            from wargame.tui.vote import VoteScreen

            screen = VoteScreen(ex, step)  # type: ignore[arg-type]
        elif step.kind == "resolution":
            from wargame.tui.resolution import ResolutionScreen

            screen = ResolutionScreen(ex, step)  # type: ignore[arg-type]
        else:
            screen = WaitScreen(ex, step)  # type: ignore[arg-type]
        if isinstance(self.screen, GameScreen):
            self.switch_screen(screen)
        else:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(screen)


def run_join(url: str, code: str | None, pin: str = "", device_file: str | None = None) -> int:
    if not url.startswith(("ws://", "wss://")):
        raise WargameError(
            f"{url}: a host's address starts with ws:// (or wss:// behind a TLS proxy), e.g. ws://127.0.0.1:8765"
        )
    device = device_id(device_file) if device_file else None
    app = JoinApp(url, code, pin, device)
    try:
        app.run()
    finally:
        if app.exercise is not None:
            app.exercise.close()  # the app's loop is gone: nothing waits on this thread now
    return 0
