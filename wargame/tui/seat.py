"""A seat's turn: its private view, and everything it can do this turn.

Tabs: the table (what changed since the seat last looked, the text, what is
signed), the term editor, the seat's levers, its messages, its brief, and the
world (indicators and its score). Every action goes through the exercise to
`Game.submit`; a refused action is shown as a notification, never a crash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from wargame.errors import RefusedAction
from wargame.model.actions import EndTurn, Message, Propose, UseLever
from wargame.tui.base import GameScreen
from wargame.tui.dialogs import ConfirmScreen, TextScreen
from wargame.tui.messages import PUBLIC, ComposeScreen, Draft, MessagesPanel
from wargame.tui.prose import Prose
from wargame.tui.terms import TermEditor
from wargame.tui.views import (
    brief,
    deltas_text,
    esc,
    if_signed,
    indicators_view,
    news,
    phase_title,
    pulls_this_round,
    score_view,
    seat_name,
    table_view,
)

if TYPE_CHECKING:
    from wargame.model.actions import Action
    from wargame.tui.exercise import Exercise, Step

TABS = ("table", "terms", "levers", "messages", "brief", "world")


def seat_bar(exercise: Exercise, seat: str, doing: str) -> str:
    """The line at the top of a seat's private screen."""
    from wargame.rules.scoring import score

    scenario, st = exercise.scenario, exercise.game.state
    total = score(scenario, st, seat).total
    return (
        f"[b]{esc(seat_name(scenario, seat).upper())}[/] · {doing} · round {st.round} of {st.max_rounds} · "
        f"{esc(phase_title(scenario, st.status))} · score {total:g}"
    )


class SeatScreen(GameScreen):
    """One seat's turn, at the shared keyboard."""

    TITLE_TEXT = "Your turn"
    GUIDE = """[b]Your turn[/]

Only your delegation should be looking. The tabs (keys 1 to 6, or click):

[b]1 Table[/]: what happened since you last looked, the text on the table
(one text for everyone), what is already signed, who must sign.
[b]2 Terms[/]: the term editor. Only this phase's agenda is shown. Pick an
issue, press Enter, pick an option (its description and sources show
below), Enter again: it goes into your draft. [b]p[/] proposes the draft.
[b]3 Levers[/]: one unilateral move a round. Enter (or l) on a lever pulls it (asks first).
[b]4 Messages[/]: public and private threads, with new messages counted.
[b]m[/] writes one (the house rules may limit them).
[b]5 Brief[/]: your private brief, objectives and red lines.
[b]6 World[/]: the indicators, and your score against your brief.

When you are done, [b]e[/] ends your turn. At the end of the round every
signatory votes on the text; then the round's result is shown to all."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "propose", "Propose", id="seat.propose", tooltip="Put your draft terms on the table"),
        Binding("m", "message", "Message", id="seat.message", tooltip="Write a public or private message"),
        Binding("e", "end_turn", "End turn", id="seat.end", tooltip="You are done for this round"),
        Binding("h", "hint", "Hint", id="seat.hint", tooltip="What the deal finder suggests (if allowed)"),
        Binding("l", "lever", "Lever", id="seat.lever", tooltip="Your levers; again to pull the highlighted one"),
        Binding("x", "clear_draft", "Clear draft", id="seat.clear", tooltip="Forget the draft", show=False),
        *[
            # priority: a list with the focus (levers, threads) must not swallow the tab keys
            Binding(str(i + 1), f"tab('{tab}')", tab.capitalize(), id=f"seat.tab.{tab}", show=False, priority=True)
            for i, tab in enumerate(TABS)
        ],
    ]

    def __init__(self, exercise: Exercise, step: Step | None = None) -> None:
        super().__init__(exercise, step)
        self.seat = self.step.seat or ""
        self.since = exercise.last_seen(self.seat)

    # ---- building -----------------------------------------------------------

    def compose(self) -> ComposeResult:
        game, seat = self.exercise.game, self.seat
        yield Static(id="seat-bar", classes="bar")
        with TabbedContent(initial="table", id="tabs"):
            with TabPane("1 Table", id="table"), VerticalScroll():
                yield Prose(id="table-text")
            with TabPane("2 Terms", id="terms"):
                yield TermEditor(game, seat, id="editor-pane")
            with TabPane("3 Levers", id="levers"), Horizontal():
                yield OptionList(id="lever-list")
                with VerticalScroll(id="lever-detail-box"):
                    yield Prose(id="lever-detail")
            with TabPane("4 Messages", id="messages"):
                yield MessagesPanel(game, seat, self.since, id="messages-panel")
            with TabPane("5 Brief", id="brief"), VerticalScroll():
                yield Prose(brief(game.scenario, seat), id="brief-text")
            with TabPane("6 World", id="world"), VerticalScroll():
                yield Prose(id="world-text")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
        ex, seat = self.exercise, self.seat
        game = ex.game
        self.query_one("#seat-bar", Static).update(seat_bar(ex, seat, "your turn"))
        changes = news(game, seat, self.since)
        head = ["[b]Since you last looked[/]"] + (
            [f"  • {line}" for line in changes] if changes else ["  [i]nothing new[/]"]
        )
        unread = self.query_one(MessagesPanel).unread()
        if unread:
            head.append(f"  • [b]{unread} new message{'s' if unread > 1 else ''}[/] (4 Messages)")
        table = table_view(game, self.since)
        preview = if_signed(game, seat, game.state.table_terms())
        text = "\n".join([*head, "", table] + (["", preview] if preview else []))
        self.query_one("#table-text", Prose).update(text)
        self.query_one("#world-text", Prose).update(indicators_view(game, self.since) + "\n\n" + score_view(game, seat))
        self.query_one(TermEditor).refresh_lists()
        self.refresh_levers()
        self.query_one(MessagesPanel).refresh_threads()
        self.refresh_tab_labels()

    def refresh_tab_labels(self) -> None:
        unread = self.query_one(MessagesPanel).unread()
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("messages").label = f"4 Messages ({unread})" if unread else "4 Messages"
        draft = len(self.query_one(TermEditor).draft)
        tabs.get_tab("terms").label = f"2 Terms ({draft} in draft)" if draft else "2 Terms"

    def refresh_levers(self) -> None:
        game, seat = self.exercise.game, self.seat
        levers = [v for v in game.scenario.levers if v.seat == seat]
        available = {v.id for v in game.levers(seat)}
        pulled, injected = pulls_this_round(game, seat)
        box = self.query_one("#lever-list", OptionList)
        keep = box.highlighted
        box.clear_options()
        for lever in levers:
            if lever.id in pulled:
                mark = " [b](pulled)[/]"
            elif lever.id in injected:
                mark = " [dim](an inject pulled it; yours is still free)[/]" if available else " [dim](inject)[/]"
            else:
                mark = "" if lever.id in available else " [dim](not now)[/]"
            box.add_option(Option(f"{esc(lever.title)}{mark}", id=lever.id))
        if levers:
            box.highlighted = min(keep or 0, len(levers) - 1)
        self.show_lever()

    def show_lever(self) -> None:
        game = self.exercise.game
        box = self.query_one("#lever-list", OptionList)
        detail = self.query_one("#lever-detail", Prose)
        levers = [v for v in game.scenario.levers if v.seat == self.seat]
        if not levers:
            detail.update("[i]This seat has no levers.[/]")
            return
        lever = levers[min(box.highlighted or 0, len(levers) - 1)]
        deltas = {k: float(v) for k, v in lever.indicators.items() if isinstance(v, int | float)}
        effect = deltas_text(game.scenario, deltas)
        lines = [f"[b]{esc(lever.title)}[/]", esc(lever.description)]
        if effect:
            lines.append(f"Straight away: {effect}")
        if lever.sources:
            lines.append(f"[dim]Sources: {esc(', '.join(lever.sources))}[/]")
        used = game.levers(self.seat) == []
        lines.append(
            "[dim]One lever a round." + (" You have pulled yours this round.[/]" if used else " Enter: pull it.[/]")
        )
        detail.update("\n".join(line for line in lines if line))

    # ---- tabs -------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        # A focused list in the pane being left would pull its tab back: let go first.
        self.set_focus(None)
        self.query_one(TabbedContent).active = tab

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane.id
        if pane == "messages":
            self.query_one(MessagesPanel).look()
            self.refresh_tab_labels()
        elif pane == "terms":
            self.query_one(TermEditor).focus_issues()
        elif pane == "levers":
            self.query_one("#lever-list", OptionList).focus()

    @on(MessagesPanel.Read)
    def _read(self) -> None:
        self.refresh_tab_labels()

    @on(OptionList.OptionHighlighted, "#lever-list")
    def _lever_highlighted(self) -> None:
        self.show_lever()

    # ---- acting -------------------------------------------------------------------

    def submit(self, action: Action) -> bool:
        """Hand an action to the game; a refusal is shown, not raised."""
        try:
            self.exercise.submit(action)
        except RefusedAction as exc:
            self.notify(str(exc), title="Not allowed", severity="warning", timeout=8)
            return False
        self.seen_events = len(self.exercise.game.events)
        return True

    def action_propose(self) -> None:
        editor = self.query_one(TermEditor)
        if not editor.draft:
            self.notify("Your draft is empty: open 2 Terms, choose an issue and an option.", timeout=5)
            self.action_tab("terms")
            return
        if self.submit(Propose(kind="propose", seat=self.seat, terms=dict(editor.draft))):
            self.notify(f"Proposed: {len(editor.draft)} term(s) now on the table.", timeout=4)
            editor.draft.clear()
            self.refresh_view()

    def action_clear_draft(self) -> None:
        self.query_one(TermEditor).clear()
        self.refresh_tab_labels()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Hints off at this table: the key is shown dimmed (None), and pressing
        # it says why (`on_key`) instead of doing nothing.
        return None if action == "hint" and not self.exercise.rules.hints else True

    def on_key(self, event: events.Key) -> None:
        if event.key == "h" and not self.exercise.rules.hints:
            event.stop()
            self.notify("Hints are off at this table (the facilitator chose so in the setup).", timeout=4)

    def action_lever(self) -> None:
        """Open the levers; when they are open, pull the highlighted one."""
        tabs = self.query_one(TabbedContent)
        if tabs.active != "levers":
            tabs.active = "levers"
            return
        box = self.query_one("#lever-list", OptionList)
        option = box.highlighted_option
        if option is not None and option.id is not None:
            self.pull_lever(option.id)

    @on(OptionList.OptionSelected, "#lever-list")
    def _lever_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.pull_lever(event.option.id)

    def pull_lever(self, lever_id: str) -> None:
        """Pull a lever, once the seat has confirmed it."""
        lever = self.exercise.scenario.lever(lever_id)

        def answered(yes: bool | None) -> None:
            if yes and self.submit(UseLever(kind="lever", seat=self.seat, lever=lever_id)):
                self.notify(f"You pulled the lever: {lever.title}", timeout=4)
                self.refresh_view()

        self.app.push_screen(ConfirmScreen(f"Pull the lever: {lever.title}?", esc(lever.description)), answered)

    def action_message(self) -> None:
        ex = self.exercise
        phase = ex.game.state.status
        recipients = [PUBLIC, *[s for s in ex.scenario.turn_order if s != self.seat]]
        recipients = [r for r in recipients if ex.rules.message_refused(phase, r) is None]
        if not recipients:
            self.notify(ex.rules.message_refused(phase, PUBLIC) or "No messages now.", severity="warning", timeout=5)
            return
        panel = self.query_one(MessagesPanel)
        # In a seat's thread, that seat; anywhere else the writer chooses.
        to = panel.current() if self.query_one(TabbedContent).active == "messages" else None

        def sent(draft: Draft | None) -> None:
            if draft is None:
                return
            action = Message(kind="message", seat=self.seat, to=draft.to, text=draft.text, issue=draft.issue)
            if self.submit(action):
                who = "everyone" if draft.to == PUBLIC else seat_name(ex.scenario, draft.to)
                self.notify(f"Sent to {who}.", timeout=3)
                self.action_tab("messages")
                panel.open_thread(draft.to)

        self.app.push_screen(ComposeScreen(ex.game, self.seat, recipients, to), sent)

    def action_end_turn(self) -> None:
        draft = self.query_one(TermEditor).draft
        if draft:
            self.app.push_screen(
                ConfirmScreen(
                    "End your turn without proposing your draft?",
                    "Your draft is not on the table yet (p proposes it).",
                    yes="End turn",
                    no="Go back",
                ),
                lambda yes: self._end_turn() if yes else None,
            )
            return
        self._end_turn()

    def _end_turn(self) -> None:
        if self.submit(EndTurn(kind="end_turn", seat=self.seat)):
            self.done()

    def action_hint(self) -> None:
        self.notify("Asking the deal finder ...", timeout=2)
        self.find_hint()

    @work(thread=True, exclusive=True, exit_on_error=False, group="hint")
    def find_hint(self) -> None:
        from wargame.bots.deals import hint  # imported when first asked: a quicker start

        try:
            text = str(hint(self.exercise.game, self.seat))
        except Exception as exc:  # the deal finder is someone else's code: never crash the table
            text = f"The deal finder could not help this time ({exc.__class__.__name__}: {exc})."
        self.app.call_from_thread(self.app.push_screen, TextScreen("A hint from the deal finder", esc(text)))
