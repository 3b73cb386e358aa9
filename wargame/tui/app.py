"""The Textual app: the start menu, then one screen per step of the exercise.

App -> screens -> widgets. The app owns the exercise in progress and moves
between screens when a screen says its step is done (`Advance`, a message up).
Only Textual and the start menu are imported when the app opens; the engine,
the scenario and the game screens load when first needed, so the menu is on
screen fast.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from wargame.tui.base import Advance, GameReady, GameScreen
from wargame.tui.dialogs import PinScreen, QuitScreen, TextScreen, screen_help
from wargame.tui.pin import PinGate
from wargame.tui.start import NewGame, OpenSave, StartScreen

if TYPE_CHECKING:
    from wargame.store.savefile import LoadedSave
    from wargame.tui.exercise import Exercise, HouseRules, Step

PROJECTOR = Theme(
    name="projector",
    primary="#ffd700",
    secondary="#00e5ff",
    accent="#ffd700",
    warning="#ffae00",
    error="#ff5c5c",
    success="#5cff5c",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    boost="#262626",
    dark=True,
    text_alpha=1.0,
)
"""A high-contrast theme for a projector: white and bright colours on black."""


@dataclass
class Launch:
    """How the app opens: the menu, the setup of a new game, or a game already made."""

    mode: Literal["menu", "setup"] = "menu"
    scenario_path: str | None = None
    exercise: Exercise | None = None
    """A game to go straight into (solo practice, a resumed game)."""
    notes: tuple[str, ...] = ()
    """Warnings to show once the game is on screen (a torn save line, ...)."""
    projector: bool = False
    decks: tuple[str, ...] = ()
    """Extra inject decks for the setup form (`wargame play --deck`)."""
    moves: str | None = None
    """A prepared opening for the setup form (`wargame play --moves`)."""


class WargameApp(App[None]):
    """wargame at a shared terminal: seminar games, solo practice, resume, replay."""

    CSS_PATH = "app.tcss"
    TITLE = "wargame"
    SUB_TITLE = "a negotiation exercise"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="app.help", tooltip="What this screen is for, and its keys"),
        Binding(
            "f2",
            "facilitator",
            "Facilitator",
            id="app.facilitator",
            tooltip="The facilitator's console: injects, pauses, phase changes (may ask for a PIN)",
            show=False,
        ),
        Binding(
            "f3",
            "projector",
            "Projector",
            id="app.projector",
            tooltip="High-contrast, bold display for a projector",
            show=False,
        ),
        Binding(
            "ctrl+q", "quit", "Quit", id="app.quit", tooltip="Quit (asks first; every move is saved)", priority=True
        ),
    ]

    def __init__(self, launch: Launch | None = None) -> None:
        super().__init__()
        self.launch = launch or Launch()
        self.exercise: Exercise | None = None
        self.pin_gates: dict[str, PinGate] = {}
        """Wrong PIN tries per save, for as long as the app runs."""

    # ---- opening ------------------------------------------------------------

    def on_mount(self) -> None:
        self.register_theme(PROJECTOR)
        if self.launch.projector:
            self.action_projector()
        self.push_screen(StartScreen())
        if self.launch.exercise is not None:
            self.begin(self.launch.exercise, self.launch.notes)
            return
        path = self.scenario_path
        # Load the scenario once the menu is drawn, not before (it competes for the CPU).
        self.set_timer(0.3, lambda: self.preload(path))
        if self.launch.mode == "setup":
            self.post_message(NewGame(solo=False, scenario_path=path, decks=self.launch.decks, moves=self.launch.moves))

    @property
    def scenario_path(self) -> str:
        if self.launch.scenario_path:
            return self.launch.scenario_path
        from wargame.tui.loading import bundled_scenario

        return bundled_scenario()

    @work(thread=True, exit_on_error=False, group="preload")
    def preload(self, path: str) -> None:
        """Load the scenario in the background while the menu is up."""
        from wargame.errors import WargameError
        from wargame.tui.loading import load

        with contextlib.suppress(WargameError):  # reported when someone opens the setup
            load(path)

    # ---- the game's flow ----------------------------------------------------

    def begin(self, exercise: Exercise, notes: Iterable[str] = ()) -> None:
        """Play this exercise from where it stands."""
        if self.exercise is not None and self.exercise is not exercise:
            self.exercise.close()
        self.exercise = exercise
        if exercise.session.writer is not None:
            exercise.session.writer.on_problem = self._save_problem
        for note in notes:
            self.notify(note, severity="warning", timeout=8)
        self.watch_injects(exercise)
        self.advance()

    def _save_problem(self, problem: str | None) -> None:
        """The save's writer could not write (or can again): tell the
        facilitator, from whichever thread the event was made in."""
        if threading.get_ident() != self._thread_id:
            self.call_from_thread(self._save_problem, problem)
        elif problem is None:
            self.notify("The save is written again: nothing was lost.", title="Saved", timeout=6)
        else:
            self._tell_unsaved()

    def _tell_unsaved(self) -> None:
        writer = self.exercise.session.writer if self.exercise is not None else None
        if writer is not None and writer.problem is not None:
            self.notify(
                f"{writer.problem}. Play on: nothing is lost while this window stays open; free some disk space, "
                "or quit and the game is saved to your home folder.",
                title="The game is not being saved",
                severity="error",
                timeout=30,
            )

    def watch_injects(self, exercise: Exercise) -> None:
        """Queued injects fire at the start of their round, whether or not the
        console is open; one whose round has come fires now (after a resume)."""
        from wargame.session.facilitation import facilitator_for
        from wargame.tui.console import watch_queue

        fac = facilitator_for(exercise.game)
        watch_queue(self, fac)
        fac.fire_due()
        for problem in fac.problems:
            self.notify(problem, severity="error", title="Queued inject", timeout=8)
        fac.problems.clear()

    @on(Advance)
    def _advance(self, message: Advance) -> None:
        message.stop()
        self.advance(handed_off=message.handed_off)

    def advance(self, handed_off: bool = False) -> None:
        """Show the screen for whatever the exercise waits for now."""
        if self.exercise is None:
            return
        self.clear_notifications()
        self._tell_unsaved()
        step = self.exercise.next_step()
        self.show(self.screen_for(self.exercise, step, handed_off))

    def screen_for(self, exercise: Exercise, step: Step, handed_off: bool) -> GameScreen:
        if step.kind in ("turn", "vote") and not handed_off and not exercise.solo:
            from wargame.tui.handoff import HandoffScreen

            return HandoffScreen(exercise, step)
        if step.kind == "turn":
            from wargame.tui.seat import SeatScreen

            return SeatScreen(exercise, step)
        if step.kind == "vote":
            from wargame.tui.vote import VoteScreen

            return VoteScreen(exercise, step)
        if step.kind == "bots":
            from wargame.tui.bot_moves import BotMovesScreen

            return BotMovesScreen(exercise, step)
        if step.kind == "resolution":
            from wargame.tui.resolution import ResolutionScreen

            return ResolutionScreen(exercise, step)
        from wargame.tui.end import EndScreen

        return EndScreen(exercise, step)

    def show(self, screen: Screen[None]) -> None:
        """Replace the game screen on top (a seat's view never stays behind),
        or put the first one over the menu."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, (GameScreen, StartScreen)):
            self.pop_screen()
        if isinstance(self.screen, GameScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def back_to_menu(self) -> None:
        """Leave the game (it is saved) for the start menu."""
        if self.exercise is not None:
            self.exercise.close()
            self.exercise = None
        while len(self.screen_stack) > 1 and not isinstance(self.screen, StartScreen):
            self.pop_screen()

    # ---- messages from the menu ----------------------------------------------

    @on(NewGame)
    def _new_game(self, message: NewGame) -> None:
        from wargame.tui.new_game import SetupScreen

        self.push_screen(
            SetupScreen(
                message.scenario_path or self.scenario_path, solo=message.solo, decks=message.decks, moves=message.moves
            )
        )

    @on(GameReady)
    def _game_ready(self, message: GameReady) -> None:
        self.begin(message.exercise)

    @on(OpenSave)
    def _open_save(self, message: OpenSave) -> None:
        self.open_save(message.path, message.purpose)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def open_save(self, path: str, purpose: str) -> None:
        """Load a save off the UI thread, then resume or replay it."""
        from wargame.errors import SaveError, WargameError
        from wargame.store.savefile import load_save
        from wargame.tui.exercise import HOUSE_RULES_KEY, HouseRules, resume_exercise

        self.call_from_thread(self.notify, f"Opening {path} ...", timeout=2)
        try:
            loaded = load_save(path, damaged_ok=purpose == "replay")
            if purpose == "replay":
                if loaded.damage is not None:
                    if not loaded.events:
                        raise SaveError(loaded.damage)
                    # read-only, up to the damage, and marked as such
                    loaded.warnings.append(
                        f"DAMAGED: {loaded.damage}; the replay stops after event {len(loaded.events)}"
                    )
                self.call_from_thread(self.open_replay, loaded)
                return
            rules = HouseRules.from_dict(loaded.header.get(HOUSE_RULES_KEY))
            if rules.pin_required and rules.has_pin:
                self.call_from_thread(self.resume_with_pin, loaded, rules)
                return
            exercise = resume_exercise(loaded)
        except WargameError as exc:
            self.call_from_thread(self.notify, str(exc), title="Cannot open the save", severity="error", timeout=10)
            return
        self.call_from_thread(self.begin, exercise, loaded.warnings)

    def resume_with_pin(self, loaded: LoadedSave, rules: HouseRules) -> None:
        """The facilitator required the PIN for the whole class: resuming asks for it."""
        from wargame.errors import WargameError
        from wargame.tui.exercise import resume_exercise

        def answered(ok: bool | None) -> None:
            if not ok:
                return
            try:
                exercise = resume_exercise(loaded)
            except WargameError as exc:
                self.notify(str(exc), title="Cannot open the save", severity="error", timeout=10)
                return
            self.begin(exercise, loaded.warnings)

        gate = self.pin_gates.setdefault(loaded.path, PinGate())
        self.push_screen(PinScreen(rules.pin_ok, gate, "This class's games resume with the PIN."), answered)

    def open_replay(self, loaded: LoadedSave) -> None:
        from wargame.tui.replay import ReplayScreen  # imported when first used: a quicker start

        self.push_screen(ReplayScreen(loaded))

    # ---- keys everywhere -------------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, TextScreen):
            self.push_screen(screen_help(self, self.screen))

    def action_projector(self) -> None:
        on_now = self.theme == "projector"
        self.theme = "textual-dark" if on_now else "projector"
        self.set_class(not on_now, "-projector")
        self.notify("Projector mode " + ("off" if on_now else "on: also enlarge the terminal's font"), timeout=3)

    def action_facilitator(self) -> None:
        exercise = self.exercise
        if exercise is None:
            self.notify("The facilitator's console opens during a game.", timeout=4)
            return
        if getattr(self.screen, "busy", False):
            self.notify("Wait for the bots to finish their moves.", timeout=3)
            return
        self.with_pin(exercise, self.open_console, "The console shows every seat's secrets.")

    def with_pin(self, exercise: Exercise, then: Callable[[], object], purpose: str = "") -> None:
        """Run `then` at once if the game has no PIN, else once the PIN is given."""
        if not exercise.rules.has_pin:
            then()
            return

        def checked(ok: bool | None) -> None:
            if ok:
                then()

        self.push_screen(PinScreen(exercise.rules.pin_ok, exercise.pin_gate, purpose), checked)

    def open_console(self) -> None:
        if self.exercise is None:
            return
        from wargame.tui.console import ConsoleScreen  # imported when first used: a quicker start

        self.push_screen(ConsoleScreen(self.exercise.session))

    async def action_quit(self) -> None:
        if isinstance(self.screen, QuitScreen):
            self.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(QuitScreen(), answered)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """A palette for a shared terminal: this screen's game actions (the same
        as its keys, so a vote still asks first), help, projector, console, quit;
        no screenshots or themes."""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not isinstance(active.node, GameScreen) or not binding.description or not active.enabled:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            shown = binding.key_display or self.get_key_display(binding)
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip or binding.description} ({shown})",
                partial(self.run_action, binding.action, active.node),
            )
        yield SystemCommand("Help", "What this screen is for, and its keys (F1)", self.action_help)
        yield SystemCommand("Projector mode", "High contrast and bold, for a projector (F3)", self.action_projector)
        if self.exercise is not None:
            yield SystemCommand("Facilitator's console", "Injects, pauses, phase changes (F2)", self.action_facilitator)
        yield SystemCommand("Quit", "Quit wargame (asks first; every move is saved)", self.action_quit)

    def on_unmount(self) -> None:
        if self.exercise is not None:
            self.exercise.close()
