"""The replay and after-action review screen, and `ReplayApp` to run it alone.

`ReplayScreen(loaded_save)` shows a verified save: on the left the timeline
(a window of events around the cursor) and the current event in full; on the
right, tabs for the table text at that point (what changed highlighted), the
votes with their reasons, the rules that fired with their explanations and
sources, the messages, injects and notes, the indicators charted over the
rounds, the scores, and the briefs. The cursor steps event by event, by round
or by phase change. The view is public (what the table saw), one seat's, or
the debrief (everything revealed). `b` branches a what-if from the cursor.

The screen is handed a `LoadedSave` (attributes down); the hash chain was
verified by `load_save`. A save that does not verify never reaches it: the
app shows `SaveProblemScreen` with the line at fault instead.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from wargame.errors import WargameError
from wargame.review import panels
from wargame.review.describe import DEBRIEF, PUBLIC, views, visible
from wargame.review.outcome import ScoreStep, score_history
from wargame.review.timeline import Timeline
from wargame.store.savefile import LoadedSave
from wargame.tui.replay_parts import JumpScreen, TimelineView

TABS = ("table", "votes", "rules", "notes", "chart", "scores", "brief")


class SaveProblemScreen(Screen[None]):
    """A save that failed verification: what is wrong and where, and nothing else."""

    CSS_PATH = "replay.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "close", "Close", id="problem.close", tooltip="Close"),
    ]

    def __init__(self, problem: str) -> None:
        super().__init__()
        self.problem = problem

    def compose(self) -> ComposeResult:
        tampered = "hash chain breaks" in self.problem or "not a valid event" in self.problem
        head = "TAMPERED OR DAMAGED SAVE: the replay is refused" if tampered else "This save cannot be replayed"
        with Vertical(id="problem-box"):
            yield Static(head, id="problem-title")
            yield Static(self.problem, id="problem-text")
            yield Static(
                "The hash chain covers every line: a line edited after the game was saved breaks it from "
                "that line on. Keep the original save, or ask the facilitator for it; the seal (head hash) "
                "shown at the end of the game identifies it.",
                id="problem-help",
            )
        yield Footer()

    def action_close(self) -> None:
        _close(self)


class ReplayScreen(Screen[None]):
    """Step through a saved game for the after-action review."""

    CSS_PATH = "replay.tcss"
    TITLE_TEXT = "Replay and after-action review"
    GUIDE = """Step through a saved game. Left/right move one event, \\[ and ] one round, p and n to the
previous or next phase change, Home/End to the ends, g to go to a round, an event (#120) or a phase.
d reveals everything (the debrief: private messages, briefs, the reasoning behind each move);
v shows the game as one seat saw it. Both ask for the facilitator's PIN if the game has one, and
stay sealed while a game played by people is not over. Keys 1-7 switch the tabs on the right.
t lists the turning points (the moments that changed the game); Enter goes to one.
b branches a what-if from here: a new save with this game's events up to this point."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "right,l", "step(1)", "Step", key_display="→", priority=True, id="replay.next", tooltip="The next event"
        ),
        Binding(
            "left,h", "step(-1)", "Back", key_display="←", priority=True, id="replay.prev", tooltip="The previous event"
        ),
        Binding(
            "right_square_bracket,pagedown",
            "round(1)",
            "Round",
            key_display="]",
            priority=True,
            id="replay.next_round",
            tooltip="Next round",
        ),
        Binding(
            "left_square_bracket,pageup",
            "round(-1)",
            "Round back",
            key_display="[",
            show=False,
            priority=True,
            id="replay.prev_round",
            tooltip="Previous round",
        ),
        Binding("n", "phase(1)", "Phase", id="replay.next_phase", tooltip="The next phase change"),
        Binding(
            "p", "phase(-1)", "Phase back", show=False, id="replay.prev_phase", tooltip="The previous phase change"
        ),
        Binding("home", "ends(0)", "Start", show=False, priority=True, id="replay.start", tooltip="The first event"),
        Binding("end", "ends(1)", "End", show=False, priority=True, id="replay.end", tooltip="The last event"),
        Binding("g", "jump", "Go to", id="replay.jump", tooltip="Go to a round, an event or a phase"),
        Binding(
            "t",
            "turning",
            "Turning points",
            show=False,
            id="replay.turning",
            tooltip="The moments that changed the game",
        ),
        Binding("d", "debrief", "Debrief", id="replay.debrief", tooltip="Reveal everything / back to the public view"),
        Binding("v", "seat_view", "Seat view", id="replay.seat", tooltip="See the game as one seat saw it"),
        Binding("b", "branch", "Branch", id="replay.branch", tooltip="Branch a what-if from here (a new save)"),
        Binding(
            "B", "baseline", "Baseline", show=False, id="replay.baseline", tooltip="Play bot-only games as a baseline"
        ),
        Binding("q,escape", "close", "Close", id="replay.close", tooltip="Close the replay"),
        *[
            Binding(
                str(k + 1), f"tab('{tab}')", tab.title(), show=False, id=f"replay.tab_{tab}", tooltip=f"The {tab} tab"
            )
            for k, tab in enumerate(TABS)
        ],
    ]

    cursor: reactive[int] = reactive(0, init=False)
    """The index of the event shown."""
    view: reactive[str] = reactive(PUBLIC, init=False)
    """public, debrief, or a seat id."""

    class Branched(Message):
        """A what-if branch was written (the app may offer to play it)."""

        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    def __init__(
        self, loaded: LoadedSave, view: str = PUBLIC, timeline: Timeline | None = None, unlocked: bool = False
    ) -> None:
        super().__init__()
        self.loaded = loaded
        self.timeline = timeline if timeline is not None else Timeline.of(loaded)
        from wargame.tui.pin import PinGate, debrief_lock

        over = self.timeline.state_after(len(self.timeline.events)).over
        self.sealed_by = None if unlocked else debrief_lock(loaded.header, over, _has_pin(loaded.header))
        """Why the debrief and the seat views are sealed ("pin", a sentence), or None."""
        self.pin_gate = PinGate()
        if self.sealed_by is not None:
            view = PUBLIC
        self.indices: list[int] = []
        self.history: dict[str, list[ScoreStep]] | None = None
        """Each seat's score over the game, computed the first time the Scores tab opens."""
        self._history_started = False
        self.baseline: list[str] | None = None
        """The game against bot-only games, in sentences (after B)."""
        self.set_reactive(ReplayScreen.view, view if view in views(self.timeline.scenario) else PUBLIC)
        self._visible()
        self.set_reactive(ReplayScreen.cursor, self.indices[0])

    # ---- layout ---------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._seal_text(), id="seal")
        yield Static(id="position")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield TimelineView(self.timeline, id="timeline")
                yield Static(id="detail")
            with TabbedContent(id="tabs", initial="tab-table"):
                for tab in TABS:
                    with TabPane(tab.title(), id=f"tab-{tab}"), VerticalScroll():
                        yield Static(id=f"panel-{tab}")
        yield Footer()

    def _seal_text(self) -> Text:
        text = Text()
        name = os.path.basename(self.loaded.path)
        text.append(f" {name} ", style="bold reverse")
        text.append(" ✓ hash chain verified", style="bold green")
        text.append(f" ({len(self.loaded.events)} events) · seal {self.loaded.head[:16]}…", style="")
        parent = self.loaded.header.get("parent")
        if isinstance(parent, dict):
            text.append(
                f" · branch of {os.path.basename(str(parent.get('save')))} at event {parent.get('events')}",
                style="bold cyan",
            )
        for warning in self.loaded.warnings:
            text.append(f"\n ⚠ {warning}", style="bold yellow")
        return text

    def on_mount(self) -> None:
        # Drawn once the layout has its sizes: the first event is on screen at
        # once, not after the first key press.
        self._first = True
        self.call_after_refresh(self._render_all)

    # ---- what is visible --------------------------------------------------

    def _visible(self) -> None:
        view = self.view
        events = self.timeline.events
        self.indices = [i for i, ev in enumerate(events) if visible(ev, view)]

    def _pos(self) -> int:
        """The cursor's place among the visible events (the nearest at or before it)."""
        k = bisect.bisect_right(self.indices, self.cursor) - 1
        return max(0, k)

    # ---- reacting ---------------------------------------------------------

    def watch_cursor(self) -> None:
        self._render_all()

    def watch_view(self) -> None:
        self._visible()
        self.cursor = self.indices[self._pos()]
        self._render_all()

    def _render_all(self) -> None:
        """Redraw what shows the cursor: the position, the timeline, the event,
        and the active tab (the others are drawn when they are opened)."""
        if not self.is_mounted:
            return
        tl, i, view = self.timeline, self.cursor, self.view
        first, self._first = getattr(self, "_first", False), False
        self.query_one("#position", Static).update(panels.status_line(tl, i, view), layout=first)
        self.query_one(TimelineView).show(self.indices, self._pos(), view)
        self.query_one("#detail", Static).update(panels.event_detail(tl, i, view), layout=first)
        self._render_tab(self.query_one(TabbedContent).active.removeprefix("tab-"))

    def _render_tab(self, tab: str) -> None:
        tl, i, view = self.timeline, self.cursor, self.view
        after = tl.state_after(i + 1)
        if tab == "table":
            content = panels.table_panel(tl, tl.state_after(i), tl.state_after(i + 1))
        elif tab == "votes":
            content = panels.votes_panel(tl, i + 1, view)
        elif tab == "rules":
            content = panels.rules_panel(tl, i + 1)
        elif tab == "notes":
            content = panels.notes_panel(tl, i + 1, view)
        elif tab == "chart":
            content = panels.chart_panel(tl, self._chart_round(i))
        elif tab == "scores":
            if not self._history_started:
                self._history_started = True
                self._load_history()
            content = panels.scores_panel(tl, after, self.history, self.baseline)
        else:
            content = panels.brief_panel(tl.scenario, view)
        self.query_one(f"#panel-{tab}", Static).update(content)

    @on(TabbedContent.TabActivated)
    def _tab_opened(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id:
            self._render_tab(event.pane.id.removeprefix("tab-"))

    def _chart_round(self, index: int) -> int:
        """The rounds finished by this point (the chart dims the rest)."""
        return bisect.bisect_right(self.timeline.round_ends, index)

    @work(thread=True, exclusive=True, group="history")
    def _load_history(self) -> None:
        """Scores over the whole game, off the UI thread (a long game takes a moment)."""
        timeline = Timeline(self.timeline.scenario, self.timeline.events)  # its own cache: thread-safe
        history = score_history(timeline, max_points=200)
        self.app.call_from_thread(self._history_ready, history)

    def _history_ready(self, history: dict[str, list[ScoreStep]]) -> None:
        self.history = history
        self._render_all()

    def action_baseline(self) -> None:
        if self.baseline is not None:
            return
        self.baseline = ["Playing bot-only games..."]
        self.action_tab("scores")
        self._render_tab("scores")
        self._play_baseline()

    @work(thread=True, exclusive=True, group="baseline")
    def _play_baseline(self, games: int = 20) -> None:
        from wargame.review.baseline import bot_baseline, sentences
        from wargame.review.outcome import outcome

        sc = self.loaded.header.get("scenario", {})
        timeline = Timeline(self.timeline.scenario, self.timeline.events)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._baseline_ready, [f"Playing bot-only games: {done} of {total}..."])

        base = bot_baseline(timeline.scenario, sc.get("lens"), sc.get("sequence"), games, progress=progress, jobs=1)
        self.app.call_from_thread(self._baseline_ready, sentences(timeline.scenario, outcome(timeline), base))

    def _baseline_ready(self, lines: list[str]) -> None:
        self.baseline = lines
        if self.query_one(TabbedContent).active == "tab-scores":
            self._render_tab("scores")

    # ---- moving -------------------------------------------------------------

    def _go(self, index: int | None) -> None:
        if index is None:
            self.app.bell()
            return
        index = max(0, min(len(self.timeline.events) - 1, index))
        if not visible(self.timeline.events[index], self.view):
            k = max(0, bisect.bisect_right(self.indices, index) - 1)
            index = self.indices[k]
        self.cursor = index

    def action_step(self, delta: int) -> None:
        k = self._pos() + delta
        if 0 <= k < len(self.indices):
            self.cursor = self.indices[k]
        else:
            self.app.bell()

    def action_round(self, delta: int) -> None:
        tl = self.timeline
        self._go(tl.next_round_start(self.cursor) if delta > 0 else tl.prev_round_start(self.cursor))

    def action_phase(self, delta: int) -> None:
        tl = self.timeline
        self._go(tl.next_phase_change(self.cursor) if delta > 0 else tl.prev_phase_change(self.cursor))

    def action_ends(self, last: int) -> None:
        self.cursor = self.indices[-1] if last else self.indices[0]

    def action_jump(self) -> None:
        self.app.push_screen(JumpScreen(), self.jump_to)

    def action_turning(self) -> None:
        from wargame.tui.turning import TurningPointsScreen

        self.app.push_screen(TurningPointsScreen(self.timeline, self.view), self._turn_to)

    def _turn_to(self, index: int | None) -> None:
        if index is not None:
            self._go(index)

    def jump_to(self, where: str | None) -> None:
        """Go to `3` (round 3), `#120` (event 120) or `treaty` (the first change to that phase)."""
        if not where:
            return
        tl = self.timeline
        event = where[1:] if where[:1] in "#eE" and where[1:].isdigit() else None
        try:
            if event is not None:
                self._go(int(event) - 1)
                return
            if where.isdigit():
                self._go(tl.round_span(int(where)).start)
                return
        except WargameError as exc:
            self.notify(str(exc), severity="warning")
            return
        for i in tl.phase_changes:
            ev = tl.events[i]
            if getattr(ev, "to", None) == where:
                self._go(i)
                return
        self.notify(f"no round, event or phase {where!r} in this game", severity="warning")

    def unsealed(self, then: Callable[[], None]) -> None:
        """Run `then` (a view beyond the public one) once the debrief is open:
        at once, after the facilitator's PIN, or never (with the reason)."""
        if self.sealed_by is None:
            then()
            return
        if self.sealed_by != "pin":
            self.notify(self.sealed_by, title="The debrief is sealed", severity="warning", timeout=8)
            return
        from wargame.tui.dialogs import PinScreen
        from wargame.tui.exercise import HOUSE_RULES_KEY, HouseRules

        rules = HouseRules.from_dict(self.loaded.header.get(HOUSE_RULES_KEY))

        def answered(ok: bool | None) -> None:
            if ok:
                self.sealed_by = None
                then()

        purpose = "The debrief and the seat views show every private message, brief and reason."
        self.app.push_screen(PinScreen(rules.pin_ok, self.pin_gate, purpose), answered)

    def action_debrief(self) -> None:
        if self.view == DEBRIEF:
            self.view = PUBLIC
            self.notify("Public view", timeout=2)
            return

        def reveal() -> None:
            self.view = DEBRIEF
            self.notify("Debrief: everything revealed", timeout=2)

        self.unsealed(reveal)

    def action_seat_view(self) -> None:
        order = [PUBLIC, *self.timeline.scenario.seat_ids]
        after = order[(order.index(self.view) + 1) % len(order)] if self.view in order else order[1]
        if after == PUBLIC:
            self.view = PUBLIC
            return

        def show() -> None:
            self.view = after

        self.unsealed(show)

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{tab}"

    def action_branch(self) -> None:
        from wargame.review.branch import branch, branch_path, safe_point

        try:
            point = safe_point(self.timeline, self.cursor + 1)
            path = branch_path(self.loaded.path, point)
            session = branch(self.loaded, point, path)
        except (WargameError, OSError) as exc:
            self.notify(str(exc), title="Cannot branch here", severity="error", timeout=8)
            return
        if session.writer is not None:
            session.writer.close()
        self.notify(
            f"What-if branch after event {point.count} (round {point.round}):\n{path}\n"
            "Resume it to play on; compare at the end with `wargame compare`.",
            title="Branched",
            timeout=10,
        )
        self.post_message(self.Branched(path))

    def action_close(self) -> None:
        _close(self)


def _close(screen: Screen[None]) -> None:
    if isinstance(screen.app, ReplayApp) or len(screen.app.screen_stack) <= 1:
        screen.app.exit()
    else:
        screen.dismiss(None)


class ReplayApp(App[None]):
    """`wargame replay SAVE`: the review screen on its own."""

    TITLE = "wargame replay"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="replay.help", tooltip="What this screen is for, and its keys"),
    ]

    def action_help(self) -> None:
        from wargame.tui.dialogs import TextScreen, screen_help

        if not isinstance(self.screen, TextScreen):
            self.push_screen(screen_help(self, self.screen))

    def __init__(
        self, loaded: LoadedSave | None, problem: str | None = None, view: str = PUBLIC, unlocked: bool = False
    ) -> None:
        super().__init__()
        self.loaded = loaded
        self.problem = problem
        self.start_view = view
        self.unlocked = unlocked
        """The PIN was given on the command line's prompt: the debrief is open."""

    def on_mount(self) -> None:
        if self.loaded is None or self.problem is not None:
            self.push_screen(SaveProblemScreen(self.problem or "no save was given"))
        else:
            self.push_screen(ReplayScreen(self.loaded, view=self.start_view, unlocked=self.unlocked))


def _has_pin(header: dict[str, Any]) -> bool:
    """Does the save's house rules hold a facilitator's PIN?"""
    from wargame.tui.exercise import HOUSE_RULES_KEY, HouseRules

    return HouseRules.from_dict(header.get(HOUSE_RULES_KEY)).has_pin
