"""The facilitator's console: a screen of its own, over the seats' screens.

The facilitator sees everything here (every seat's brief, every message
including private ones, the timeline with its notes) and steers the game:
fire an inject now or queue it for a round, set an indicator, pause and
resume, force or veto a phase change, write notes for the debrief. Each of
these goes through `Game.submit` (see `wargame.session.facilitation`), so it
is saved with its reason and shows in the review; a refused one shows as a
notification and changes nothing.

The console is a separate screen pushed by the app (`ConsoleScreen(session)`).
Closing it pops it and clears its notifications, so nothing of it is left on
a seat's screen. Keyboard first: every action has a key in the footer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, RichLog, Static, TabbedContent, TabPane

from wargame.errors import WargameError
from wargame.model import events as e
from wargame.tui.console_form import ANNOUNCE, ConsoleForm, FormField, FormSpec, as_number, as_whole, shortened
from wargame.tui.views import seat_name, seat_title

if TYPE_CHECKING:
    from wargame.model.scenario import InjectTrigger
    from wargame.session.facilitation import Facilitator
    from wargame.session.runner import Session


GUIDE = """\
The facilitator's console. The seats cannot see it; close it (Esc or F2)
before handing the keyboard back.

Injects tab: pick an inject with the arrow keys, then f to fire it now or q to
queue it for the start of a later round (u takes it off the queue). i sets an
indicator, p pauses or resumes the seats, o forces the talks to a phase (for
example to resume collapsed talks), v vetoes the last phase change, n writes
a note on the timeline for the debrief. Every action is saved with its reason
and shows in the review; one the game refuses shows as a red notification.

Tabs: 1 injects, 2 timeline, 3 all messages (private ones too), 4 all briefs.
"""


class ConsoleScreen(Screen[None]):
    """The facilitator's console over a session's game."""

    TITLE_TEXT: ClassVar[str] = "Facilitator's console"
    GUIDE: ClassVar[str] = GUIDE
    DEFAULT_CSS = """
    ConsoleScreen { layout: vertical; }
    ConsoleScreen #console-status { height: 1; background: $warning 30%; text-style: bold; padding: 0 1; }
    ConsoleScreen #console-body { height: 1fr; }
    ConsoleScreen #console-side { width: 34; border-right: solid $panel-lighten-2; }
    ConsoleScreen #console-indicators { height: auto; max-height: 14; }
    ConsoleScreen #console-queue { height: 1fr; padding: 0 1; color: $text-muted; }
    ConsoleScreen #console-tabs { width: 1fr; }
    ConsoleScreen #console-injects { height: 1fr; }
    ConsoleScreen #console-detail { height: 6; padding: 0 1; border-top: solid $panel-lighten-2; }
    ConsoleScreen .console-heading { text-style: bold; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "fire", "Fire", id="console.fire", tooltip="Fire the selected inject now"),
        Binding("q", "queue", "Queue", id="console.queue", tooltip="Queue the selected inject for a later round"),
        Binding(
            "u",
            "unqueue",
            "Unqueue",
            id="console.unqueue",
            tooltip="Take the selected inject off the queue",
            show=False,
        ),
        Binding("i", "indicator", "Indicator", id="console.indicator", tooltip="Set an indicator, with a reason"),
        Binding("p", "pause", "Pause", id="console.pause", tooltip="Pause or resume the seats"),
        Binding("o", "force", "Force", id="console.force", tooltip="Move the talks to a phase, with a reason"),
        Binding("v", "veto", "Veto", id="console.veto", tooltip="Undo the last phase change, with a reason"),
        Binding("n", "note", "Note", id="console.note", tooltip="Write a note on the timeline for the debrief"),
        Binding("1", "tab('injects')", "Injects", show=False, id="console.tab.injects"),
        Binding("2", "tab('timeline')", "Timeline", show=False, id="console.tab.timeline"),
        Binding("3", "tab('messages')", "Messages", show=False, id="console.tab.messages"),
        Binding("4", "tab('briefs')", "Briefs", show=False, id="console.tab.briefs"),
        Binding("escape,f2", "close", "Close", id="console.close", tooltip="Close the console, back to the seats"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        from wargame.session.facilitation import facilitator_for

        self.session = session
        self.game = session.game
        self.facilitator: Facilitator = facilitator_for(session.game)

    # ---- layout -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="console-status", markup=False)
        with Horizontal(id="console-body"):
            with Vertical(id="console-side"):
                yield Static("Indicators", classes="console-heading")
                yield DataTable(id="console-indicators", cursor_type="none", show_header=False, zebra_stripes=True)
                yield Static(id="console-queue", markup=False)
            with TabbedContent(id="console-tabs", initial="injects"):
                with TabPane("Injects 1", id="injects"):
                    yield DataTable(id="console-injects", cursor_type="row", zebra_stripes=True)
                    yield Static(id="console-detail", markup=False)
                with TabPane("Timeline 2", id="timeline"):
                    yield RichLog(id="console-timeline", max_lines=2000, wrap=True, min_width=20)
                with TabPane("Messages 3", id="messages"):
                    yield RichLog(id="console-messages", max_lines=2000, wrap=True, min_width=20)
                with TabPane("Briefs 4", id="briefs"):
                    yield RichLog(id="console-briefs", max_lines=2000, wrap=True, min_width=20)
        yield Footer()

    def on_mount(self) -> None:
        watch_queue(self.app, self.facilitator)
        self.query_one("#console-indicators", DataTable).add_columns("indicator", "value")
        self.query_one("#console-injects", DataTable).add_columns("inject", "fires", "to", "status")
        self._briefs()
        self._fire_due()
        self.query_one("#console-injects", DataTable).focus()

    def on_screen_resume(self) -> None:
        self._fire_due()

    # ---- what the facilitator sees --------------------------------------------

    def refresh_view(self) -> None:
        from wargame.tui.views import phase_title, seat_name

        st, sc = self.game.state, self.game.scenario
        who = self.game.to_act()
        name = seat_name(sc, who) if who else ""
        step = {"turns": f"{name} to move", "voting": f"voting: {name} next"}.get(st.step, st.step)
        paused = "   PAUSED: the seats cannot act" if st.paused else ""
        lens = next((v.title for v in sc.lenses if v.id == st.lens), st.lens or "")
        self.query_one("#console-status", Static).update(
            f"FACILITATOR   round {st.round}/{st.max_rounds}   {phase_title(sc, st.status)}   {step}   "
            f"lens: {lens}{paused}"
        )
        table = self.query_one("#console-indicators", DataTable)
        table.clear()
        for ind in sc.indicators:
            table.add_row(shortened(ind.name, 22), f"{st.indicators.get(ind.id, ind.start):g}")
        self._injects()
        queue = self.facilitator.queue.entries
        lines = (
            ["Queued:"] + [f"  round {q.round}: {sc.inject(q.inject).title}" for q in queue]
            if queue
            else ["Nothing queued."]
        )
        self.query_one("#console-queue", Static).update("\n".join(lines))
        self._timeline()
        self._messages()
        for problem in self.facilitator.problems:
            self.notify(problem, severity="error", title="Queue", timeout=8)
        self.facilitator.problems.clear()

    def _injects(self) -> None:
        table = self.query_one("#console-injects", DataTable)
        row = table.cursor_row
        table.clear()
        st = self.game.state
        for inject in self.game.scenario.injects:
            fired = [r for r, i in st.injects if i == inject.id]
            queued = self.facilitator.queue.rounds_of(inject.id)
            status = ", ".join([*(f"fired R{r}" for r in fired), *(f"queued R{r}" for r in queued)])
            to = "everyone" if inject.to == "all" else seat_name(self.game.scenario, inject.to)
            table.add_row(shortened(inject.title, 30), _fires(inject.trigger), to, status, key=inject.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._detail()

    @on(DataTable.RowHighlighted, "#console-injects")
    def _highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        inject_id = self.selected()
        detail = self.query_one("#console-detail", Static)
        if inject_id is None:
            detail.update("No injects in this scenario.")
            return
        inject = self.game.scenario.inject(inject_id)
        sources = f" [{', '.join(inject.sources)}]" if inject.sources else ""
        detail.update(f"{inject.title}{sources}\n{' '.join(inject.text.split())}")

    def _timeline(self) -> None:
        from wargame.review.text import transcript

        log = self.query_one("#console-timeline", RichLog)
        log.clear()
        log.write("\n".join(transcript(self.game).splitlines()[-1500:]))

    def _messages(self) -> None:
        st = self.game.state
        log = self.query_one("#console-messages", RichLog)
        log.clear()
        sc = self.game.scenario
        items = [
            (m.round, f"R{m.round}  {seat_name(sc, m.seat)} -> {seat_title(sc, m.to)}: {m.text}") for m in st.messages
        ]
        items += [(n.round, f"R{n.round}  NOTE: {n.text}") for n in st.notes]
        items.sort(key=lambda x: x[0])
        log.write("\n".join(text for _, text in items[-1500:]) or "No messages yet.")

    def _briefs(self) -> None:
        log = self.query_one("#console-briefs", RichLog)
        for seat in self.game.scenario.seats:
            b = seat.brief
            parts = [f"== {seat.name} ({seat.id}) ==", b.summary.strip()]
            for heading, items in (
                ("Objectives", b.objectives),
                ("Red lines", b.red_lines),
                ("Can trade", b.can_trade),
            ):
                if items:
                    parts.append(heading + ":\n" + "\n".join(f"  - {x}" for x in items))
            log.write("\n".join(parts) + "\n")

    def selected(self) -> str | None:
        table = self.query_one("#console-injects", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    # ---- doing ------------------------------------------------------------------

    def _fire_due(self) -> None:
        """Fire what is queued for this round (or an earlier one), then redraw."""
        self._do(self.facilitator.fire_due, "")

    def _do(self, act: Callable[[], list[e.Event]], done: str) -> bool:
        """Run a facilitator action; a refusal becomes a notification."""
        try:
            act()
        except WargameError as exc:
            self.notify(str(exc), severity="error", title="Refused", timeout=6)
            self.refresh_view()
            return False
        except ValueError as exc:
            self.notify(f"not a number: {exc}", severity="error", title="Refused", timeout=6)
            return False
        if done:
            self.notify(done, timeout=3)
        self.refresh_view()
        return True

    def _form(self, spec: FormSpec, then: Callable[[dict[str, str]], object]) -> None:
        def answered(values: dict[str, str] | None) -> None:
            if values is not None:
                then(values)

        self.app.push_screen(ConsoleForm(spec), answered)

    def _need_inject(self) -> str | None:
        inject = self.selected()
        if inject is None:
            self.notify("Pick an inject first (tab 1).", severity="warning", timeout=3)
        return inject

    def action_fire(self) -> None:
        inject = self._need_inject()
        if inject is None:
            return
        spec = FormSpec(
            f"Fire now: {self.game.scenario.inject(inject).title}",
            [FormField("reason", "Why now (for the review)", placeholder="fired by the facilitator")],
            self.game.scenario.inject(inject).title,
        )
        self._form(spec, lambda v: self.fire(inject, v["reason"]))

    def fire(self, inject: str, reason: str = "") -> bool:
        title = self.game.scenario.inject(inject).title
        return self._do(lambda: self.facilitator.fire(inject, reason), f"Fired: {title}.")

    def action_queue(self) -> None:
        inject = self._need_inject()
        if inject is None:
            return
        st = self.game.state
        spec = FormSpec(
            f"Queue: {self.game.scenario.inject(inject).title}",
            [
                FormField("round", f"Round (this is round {st.round})", str(st.round + 1), required=True),
                FormField("reason", "Why (for the review)"),
            ],
            "It fires at the start of that round, before the seats move.",
        )
        self._form(spec, lambda v: self.queue(inject, v["round"], v["reason"]))

    def queue(self, inject: str, round_text: str, reason: str = "") -> bool:
        title = self.game.scenario.inject(inject).title
        return self._do(
            lambda: self.facilitator.queue_inject(inject, as_whole(round_text, "The round"), reason),
            f"Queued for round {round_text}: {title}.",
        )

    def action_unqueue(self) -> None:
        inject = self._need_inject()
        if inject is None:
            return
        rounds = self.facilitator.queue.rounds_of(inject)
        if not rounds:
            self.notify("It is not queued.", severity="warning", timeout=3)
            return
        title = self.game.scenario.inject(inject).title
        self._do(lambda: self.facilitator.cancel(inject, rounds[0]), f"Off the queue: {title}.")

    def action_indicator(self) -> None:
        st = self.game.state
        options = [
            (
                f"{i.name} ({st.indicators.get(i.id, i.start):g}; {i.min:g}..{'' if i.max is None else f'{i.max:g}'})",
                i.id,
            )
            for i in self.game.scenario.indicators
        ]
        spec = FormSpec(
            "Set an indicator",
            [
                FormField("indicator", "Indicator (value now; its range)", options=options, required=True),
                FormField("value", "New value (within the range)", required=True),
                FormField("reason", "Reason (for the review)", required=True),
                ANNOUNCE,
            ],
        )
        self._form(
            spec, lambda v: self.set_indicator(v["indicator"], v["value"], v["reason"], v.get("announce") == "yes")
        )

    def set_indicator(self, indicator: str, value: str, reason: str, announce: bool = False) -> bool:
        name = self.game.scenario.indicator(indicator).name if self.game.scenario.has("indicator", indicator) else ""
        return self._do(
            lambda: self.facilitator.set_indicator(indicator, as_number(value, name), reason, announce),
            f"{name} set to {value}.",
        )

    def action_pause(self) -> None:
        if self.game.state.paused:
            self._do(self.facilitator.resume, "Resumed: the seats can act again.")
        else:
            self._do(self.facilitator.pause, "Paused: the seats cannot act until you resume (p).")

    def action_force(self) -> None:
        from wargame.tui.views import phase_title

        sc = self.game.scenario
        options = [(phase_title(sc, p), p) for p in self.facilitator.phases()]
        spec = FormSpec(
            f"Force a phase change (now: {phase_title(sc, self.game.state.status)})",
            [
                FormField("phase", "Move the talks to", options=options, required=True),
                FormField("reason", "Reason (for the review)", required=True),
                ANNOUNCE,
            ],
            "For example, resume collapsed talks, or send them back to the ceasefire. Agreements of that "
            "phase and later ones are voided: talks sent back have not signed them.",
        )
        self._form(spec, lambda v: self.force(v["phase"], v["reason"], v.get("announce") == "yes"))

    def force(self, phase: str, reason: str, announce: bool = False) -> bool:
        from wargame.tui.views import phase_title

        return self._do(
            lambda: self.facilitator.force_phase(phase, reason, announce),
            f"The talks are now: {phase_title(self.game.scenario, phase)}.",
        )

    def action_veto(self) -> None:
        last = next((ev for ev in reversed(self.game.events) if isinstance(ev, e.PhaseChanged)), None)
        if last is None:
            self.notify("There is no phase change to veto.", severity="warning", timeout=3)
            return
        from wargame.tui.views import phase_title

        sc = self.game.scenario
        back, now = phase_title(sc, last.from_), phase_title(sc, last.to)
        voids = " What was signed to get there is voided." if last.trigger == "sign" else ""
        spec = FormSpec(
            f"Veto the change {back} -> {now}",
            [FormField("reason", "Reason (for the review)", required=True), ANNOUNCE],
            f"The talks go back to: {back}.{voids} ({last.reason})",
        )
        self._form(spec, lambda v: self.veto(v["reason"], v.get("announce") == "yes"))

    def veto(self, reason: str, announce: bool = False) -> bool:
        return self._do(lambda: self.facilitator.veto_phase(reason, announce), "Phase change vetoed.")

    def action_note(self) -> None:
        spec = FormSpec("A note on the timeline", [FormField("text", "Note (for the debrief)", required=True)])
        self._form(spec, lambda v: self.note(v["text"]))

    def note(self, text: str) -> bool:
        return self._do(lambda: self.facilitator.note(text), "Noted.")

    def action_tab(self, tab: str) -> None:
        self.query_one("#console-tabs", TabbedContent).active = tab

    def action_close(self) -> None:
        self.app.clear_notifications()
        self.dismiss()


def watch_queue(app: App[Any], fac: Facilitator) -> None:
    """Fire queued injects when their round starts, for as long as the app runs
    (set up when a game begins at the table, console open or not).

    The game's listener may run in a bots' worker thread, so it only asks the
    app (thread-safe `call_later`) to fire them; the app does so on its own
    thread once no worker is moving the game (while any screen in the stack
    says it is `busy`, it waits), and redraws the console if it is on screen.
    """

    def fire_when_idle() -> None:
        if any(getattr(screen, "busy", False) for screen in app.screen_stack):
            app.set_timer(0.25, fire_when_idle)
            return
        if not fac.fire_due():
            return
        from wargame.tui.base import GameScreen

        screen = app.screen
        if isinstance(screen, ConsoleScreen):
            screen.refresh_view()
        elif isinstance(screen, GameScreen):
            screen.game_changed()
        for problem in fac.problems:
            app.notify(problem, severity="error", title="Queued inject", timeout=8)
        fac.problems.clear()

    def due() -> None:
        app.call_later(fire_when_idle)

    fac.on_due = due


def _fires(trigger: InjectTrigger) -> str:
    """A trigger in a few characters: `by hand`, `R3`, `if...`, `30%`."""
    if trigger.manual:
        return "by hand"
    parts = [f"R{trigger.at_round}" if trigger.at_round is not None else ""]
    parts.append("if..." if trigger.when is not None else "")
    parts.append(f"{float(trigger.chance):.0%}" if isinstance(trigger.chance, int | float) else "")
    return " ".join(p for p in parts if p)
