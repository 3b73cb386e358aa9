"""A seat's messages: threads with unread counts, and writing a new one.

Threads: the public one (everyone, and the facilitator's news), one per other
seat (private, both ways), and the facilitator's private briefings to this
seat. Only what this seat may see is ever read from the game.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from wargame.model import events as e
from wargame.tui.dialogs import ConfirmScreen
from wargame.tui.prose import Prose
from wargame.tui.views import esc, issue_title, seat_name

if TYPE_CHECKING:
    from wargame.engine.game import Game

PUBLIC, FACILITATOR = "all", "facilitator"


@dataclass
class Post:
    index: int
    round: int
    sender: str
    thread: str
    text: str
    issue: str | None = None


def posts(game: Game, seat: str) -> list[Post]:
    """Every message this seat may read, with the thread it belongs to."""
    out: list[Post] = []
    rnd = 0
    for index, event in enumerate(game.events):
        if isinstance(event, e.RoundStarted):
            rnd = event.round
        elif isinstance(event, e.MessageSent):
            if event.to == "all":
                thread = PUBLIC
            elif event.seat == seat:
                thread = event.to
            elif event.to == seat:
                thread = event.seat
            else:
                continue
            out.append(Post(index, rnd, event.seat, thread, event.text, event.issue))
        elif isinstance(event, e.InjectFired) and event.to in ("all", seat):
            thread = PUBLIC if event.to == "all" else FACILITATOR
            out.append(Post(index, rnd, FACILITATOR, thread, f"{event.title}: {event.text}"))
    return out


class MessagesPanel(Widget):
    """Threads on the left, the highlighted thread on the right."""

    class Read(Message):
        """A thread with new messages was opened (the unread count changed)."""

    def __init__(self, game: Game, seat: str, since: int, id: str | None = None) -> None:
        super().__init__(id=id)
        self.game = game
        self.seat = seat
        self.since = since
        """Messages from this event on are new to the seat."""
        self.opened: set[str] = set()
        """Threads the seat has looked at (their messages are read)."""
        self.looking = False
        """Is the seat looking at this panel (its tab is open)?"""

    def threads(self) -> list[str]:
        others = [s for s in self.game.scenario.turn_order if s != self.seat]
        mine = posts(self.game, self.seat)
        extra = [FACILITATOR] if any(p.thread == FACILITATOR for p in mine) else []
        return [PUBLIC, *others, *extra]

    def unread(self, thread: str | None = None) -> int:
        return sum(
            1
            for p in posts(self.game, self.seat)
            if p.index >= self.since
            and p.sender != self.seat
            and p.thread not in self.opened
            and (thread is None or p.thread == thread)
        )

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OptionList(id="threads")
            with VerticalScroll(id="thread-box"):
                yield Prose(id="thread")

    def on_mount(self) -> None:
        self.refresh_threads()

    def _label(self, thread: str) -> str:
        name = "Public (everyone)" if thread == PUBLIC else seat_name(self.game.scenario, thread)
        if thread == FACILITATOR:
            name = "Facilitator (to you)"
        count = self.unread(thread)
        return f"{esc(name)} [b]({count} new)[/]" if count else esc(name)

    def refresh_threads(self) -> None:
        threads = self.query_one("#threads", OptionList)
        keep = threads.highlighted
        threads.clear_options()
        for thread in self.threads():
            threads.add_option(Option(self._label(thread), id=thread))
        threads.highlighted = keep or 0

    def current(self) -> str:
        threads = self.query_one("#threads", OptionList)
        names = self.threads()
        return names[min(threads.highlighted or 0, len(names) - 1)]

    @on(OptionList.OptionHighlighted, "#threads")
    def _highlighted(self) -> None:
        self.show_thread(self.current())

    def open_thread(self, thread: str) -> None:
        """Show this thread (after writing in it, say)."""
        self.refresh_threads()
        names = self.threads()
        if thread in names:
            self.query_one("#threads", OptionList).highlighted = names.index(thread)
        self.show_thread(thread)

    def look(self) -> None:
        """The seat opened the messages: show the first thread with news, and focus the list."""
        self.looking = True
        threads = self.query_one("#threads", OptionList)
        threads.focus()
        fresh = [t for t in self.threads() if self.unread(t)]
        if fresh and not self.unread(self.current()):
            self.open_thread(fresh[0])
        else:
            self.show_thread(self.current())

    def show_thread(self, thread: str) -> None:
        scenario = self.game.scenario
        mine = [p for p in posts(self.game, self.seat) if p.thread == thread]
        if thread == PUBLIC:
            head = "[b]Public[/]: everyone reads these"
        elif thread == FACILITATOR:
            head = "[b]The facilitator's briefings to you[/]"
        else:
            head = f"[b]Private, between you and {esc(seat_name(scenario, thread))}[/]"
        out = [head, ""]
        if not mine:
            out.append("[i]No messages yet. Press m to write one.[/]")
        for p in mine:
            who = "You" if p.sender == self.seat else seat_name(scenario, p.sender)
            tag = f" [reverse] {esc(issue_title(scenario, p.issue))} [/]" if p.issue else ""
            new = " [b]new[/]" if p.index >= self.since and p.sender != self.seat else ""
            out.append(f"[dim]round {p.round}[/] [b]{esc(who)}[/]{tag}{new}")
            out.append(f"  {esc(p.text)}")
        self.query_one("#thread", Prose).update("\n".join(out))
        self.query_one("#thread-box", VerticalScroll).scroll_end(animate=False)
        if self.looking and thread not in self.opened:
            had_unread = self.unread(thread) > 0
            self.opened.add(thread)
            if had_unread:
                self.refresh_threads()
                self.post_message(self.Read())


@dataclass
class Draft:
    """A message to send: to whom, about which issue, and what."""

    to: str
    text: str
    issue: str | None


class RecipientList(OptionList):
    """Who reads a message. The arrows stop at the ends (no wrap-around: a
    press too many must not jump from the last seat to "everyone")."""

    def action_cursor_down(self) -> None:
        if self.highlighted is None:
            self.highlighted = 0
        elif self.highlighted < self.option_count - 1:
            self.highlighted += 1

    def action_cursor_up(self) -> None:
        if self.highlighted is None:
            self.highlighted = 0
        elif self.highlighted > 0:
            self.highlighted -= 1


class ComposeScreen(ModalScreen[Draft | None]):
    """Write a message: to everyone or one seat, optionally tagged with an issue.

    The recipient is an explicit choice (none is picked for you, unless the
    message is written in a seat's thread or only one recipient is allowed),
    and sending asks first, saying in words whether it is private or public.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="compose.cancel", tooltip="Close without sending"),
        Binding("ctrl+s", "send", "Send", id="compose.send", tooltip="Send the message (asks first)"),
    ]

    def __init__(self, game: Game, seat: str, recipients: list[str], to: str | None = None) -> None:
        super().__init__(classes="dialog")
        self.game = game
        self.seat = seat
        self.recipients = recipients
        self.to: str | None = to if to in recipients else (recipients[0] if len(recipients) == 1 else None)
        """The chosen recipient (None: not chosen yet)."""

    def who(self, to: str) -> str:
        scenario = self.game.scenario
        return "Everyone (public)" if to == PUBLIC else f"{seat_name(scenario, to)} only (private)"

    def compose(self) -> ComposeResult:
        scenario = self.game.scenario
        issues = [(i.title, i.id) for i in scenario.issues]
        with Vertical(classes="dialog-box wide"):
            yield Static("Write a message [dim](Tab: who reads it, and the issue)[/]", classes="dialog-title")
            yield Input(placeholder="Your message, then Enter", id="text", max_length=500)
            with Horizontal(classes="form-row"):
                yield Static("To", classes="form-label")
                yield Static(self._to_text(), id="to-chosen")
            yield RecipientList(*[Option(esc(self.who(r)), id=r) for r in self.recipients], id="to")
            with Horizontal(classes="form-row"):
                yield Static("About", classes="form-label")
                yield Select(issues, prompt="(no particular issue)", id="issue", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Send (Enter)", id="send", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def _to_text(self) -> str:
        if self.to is None:
            return "[b $warning]not chosen yet[/]: pick below (arrows, then Enter)"
        return f"[b]{esc(self.who(self.to))}[/]"

    def on_mount(self) -> None:
        box = self.query_one("#to", RecipientList)
        box.highlighted = self.recipients.index(self.to) if self.to is not None else None
        self.query_one("#text", Input).focus()

    def choose(self, to: str) -> None:
        """Choose the recipient (Enter or a click in the list)."""
        if to not in self.recipients:
            return
        self.to = to
        self.query_one("#to-chosen", Static).update(self._to_text())
        self.query_one("#to", RecipientList).highlighted = self.recipients.index(to)

    @on(OptionList.OptionSelected, "#to")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.choose(event.option.id)
            self.query_one("#text", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_send(self) -> None:
        text = self.query_one("#text", Input).value.strip()
        if not text:
            self.notify("Write something first.", severity="warning", timeout=3)
            self.query_one("#text", Input).focus()
            return
        if self.to is None:
            self.notify("Choose who reads it first (arrows, then Enter).", severity="warning", timeout=4)
            self.query_one("#to", RecipientList).focus()
            return
        issue = self.query_one("#issue", Select).value
        draft = Draft(self.to, text, issue if isinstance(issue, str) else None)
        if draft.to == PUBLIC:
            question, detail = "Send to everyone?", "[b]Public:[/] every delegation reads it."
        else:
            name = esc(seat_name(self.game.scenario, draft.to))
            question, detail = f"Send to {name} only?", f"[b]Private:[/] only {name} reads it (and the debrief)."

        def sure(yes: bool | None) -> None:
            if yes:
                self.dismiss(draft)

        self.app.push_screen(
            ConfirmScreen(question, f"{detail}\n[i]{esc(text)}[/]", yes="Send", no="Go back", careful=True), sure
        )

    @on(Input.Submitted, "#text")
    def _submitted(self) -> None:
        self.action_send()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            self.action_send()
        else:
            self.action_cancel()
