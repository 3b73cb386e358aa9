"""Setting up a game: scenario, lens, sequence, who plays each seat, house rules."""

from __future__ import annotations

import dataclasses
import random
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Input, LoadingIndicator, Select, Static

from wargame.model import players
from wargame.tui.base import GameReady
from wargame.tui.exercise import PRESS_CHOICES, HouseRules
from wargame.tui.loading import facilitator_files, load, loaded, scenario_files
from wargame.tui.views import esc, phase_title

if TYPE_CHECKING:
    from wargame.content.loader import ScenarioTexts
    from wargame.engine.game import Setup
    from wargame.model.scenario import Scenario


def _row(label: str, *widgets: Widget) -> Horizontal:
    return Horizontal(Static(label, classes="form-label"), *widgets, classes="form-row")


class SetupScreen(Screen[None]):
    """The form for a new seminar game or a solo practice game."""

    TITLE_TEXT = "New game"
    GUIDE = """[b]Setting up a game[/]

[b]Scenario[/]: the crisis to negotiate. [b]Lens[/]: the reading of the war
(the sources disagree on who holds the stronger hand). [b]Sequence[/]: the
order of the phases (a ceasefire first, or a framework first).

[b]Seats[/]: each delegation is played by people (Human) or by a bot with a
persona (a hardliner asks more, a conceder less).
[b]Press[/]: which messages the seats may send, and in which phases.
[b]Rounds[/]: each round is two weeks of war; the game ends when the rounds
run out. [b]Deadline[/]: a round after which deadline rules bite (optional).
[b]Inject decks[/]: extra decks (YAML; `wargame deck import` turns a CSV into
one), file paths separated by spaces. [b]Opening moves[/]: a moves file whose
rounds are played first (its scripted seats from the file, the others by
bots), so a class can start mid-way; its seed, lens and sequence are used.
[b]Facilitator's PIN[/]: if set, F2 (the console) and the debrief ask for it.
[b]PIN for the class[/]: also for resuming, branching and every seat's view.

Move with Tab and shift+Tab; open a list with Enter; start with ctrl+s."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start the game", id="setup.start", tooltip="Start with these settings"),
        Binding("escape", "back", "Back", id="setup.back", tooltip="Back to the start menu"),
    ]

    def __init__(
        self, scenario_path: str, solo: bool = False, decks: tuple[str, ...] = (), moves: str | None = None
    ) -> None:
        super().__init__()
        self.scenario_path = scenario_path
        self.solo = solo
        self.decks = decks
        """Inject decks to fill in (from `wargame play --deck`)."""
        self.moves = moves
        """A prepared opening to fill in (from `wargame play --moves`)."""
        self.scenario: Scenario | None = None
        self.texts: ScenarioTexts | None = None
        self.problem = ""
        found = loaded(scenario_path)
        if found is not None:
            self.scenario, self.texts = found

    # ---- building the form ----------------------------------------------

    def compose(self) -> ComposeResult:
        title = "Solo practice: you play one seat, bots play the others" if self.solo else "New seminar game"
        yield Static(f"[b]{title}[/]", classes="screen-title")
        sc = self.scenario
        if sc is None:
            if self.problem:
                yield Static(self.problem, classes="problem")
                yield self._scenario_select()
            else:
                yield Static(f"Loading the scenario {self.scenario_path} ...")
                yield LoadingIndicator()
            yield Footer()
            return
        with VerticalScroll(id="setup-form"):
            yield _row("Scenario", self._scenario_select())
            yield Static(f"[dim]{sc.title}[/]", classes="form-note")
            if sc.lenses:
                lenses = [(v.title, v.id) for v in sc.lenses]
                yield _row(
                    "Lens",
                    Select(
                        lenses, value=sc.default_lens or sc.lenses[0].id, allow_blank=False, id="lens", compact=True
                    ),
                )
            sequences = [
                (" → ".join(phase_title(sc, p).removesuffix(" talks") for p in steps), name)
                for name, steps in sc.sequences.items()
            ]
            yield _row(
                "Sequence", Select(sequences, value=sc.default_sequence, allow_blank=False, id="sequence", compact=True)
            )
            if self.solo:
                seats = [(s.name, s.id) for s in sc.seats]
                yield _row(
                    "Your seat",
                    Select(
                        seats,
                        value=sc.turn_order[-2] if len(sc.turn_order) > 1 else sc.seats[0].id,
                        allow_blank=False,
                        id="solo-seat",
                        compact=True,
                    ),
                )
                levels = [("Easy: bots concede readily", "easy"), ("Normal", "normal"), ("Hard: hardline bots", "hard")]
                yield _row("Bots", Select(levels, value="normal", allow_blank=False, id="difficulty", compact=True))
            else:
                for seat in sc.seats:
                    choices = [
                        ("Human", "human"),
                        *[(f"Bot: {p.name}", str(players.Bot(p.id))) for p in seat.personas],
                    ]
                    if not seat.personas:
                        choices.append(("Bot", "bot"))
                    yield _row(
                        seat.name.split(" (")[0],
                        Select(choices, value="human", allow_blank=False, id=f"seat-{seat.id}", compact=True),
                    )
            yield _row(
                "Press",
                Select(
                    list((v, k) for k, v in PRESS_CHOICES.items()),
                    value="full",
                    allow_blank=False,
                    id="press",
                    compact=True,
                ),
            )
            yield _row(
                "Messages in",
                *[
                    Checkbox(
                        f"{phase_title(sc, p.id).removesuffix(' talks')}: yes",
                        value=True,
                        id=f"press-{p.id}",
                        compact=True,
                    )
                    for p in sc.phases
                ],
            )
            yield _row("Max rounds", Input(str(sc.max_rounds), type="integer", id="max-rounds", compact=True))
            deadline = "" if sc.deadline_round is None else str(sc.deadline_round)
            yield _row(
                "Deadline round", Input(deadline, type="integer", placeholder="none", id="deadline", compact=True)
            )
            yield _row("Seed", Input(str(random.randint(1, 9999)), type="integer", id="seed", compact=True))
            hints = "yes: the deal finder may suggest deals" if self.solo else "no"
            yield _row("Hints", Checkbox(hints, value=self.solo, id="hints", compact=True))
            decks = facilitator_files("deck")
            yield _row(
                "Inject decks",
                Input(
                    " ".join(self.decks), placeholder="none: file paths, separated by spaces", id="decks", compact=True
                ),
            )
            if decks:
                yield Static(f"[dim]In facilitator/: {esc(' '.join(decks))}[/]", classes="form-note")
            if not self.solo:
                openings = facilitator_files("moves")
                yield _row(
                    "Opening moves",
                    Input(self.moves or "", placeholder="none: a moves file played first", id="moves", compact=True),
                )
                if openings:
                    yield Static(f"[dim]In facilitator/: {esc(' '.join(openings))}[/]", classes="form-note")
                yield _row("Facilitator PIN", Input(password=True, placeholder="none", id="pin", compact=True))
                yield _row(
                    "PIN for the class",
                    Checkbox(
                        "no: the PIN guards the console and the debrief", value=False, id="pin-required", compact=True
                    ),
                )
            yield Button("Start the game (ctrl+s)", id="start", variant="primary")
        yield Footer()

    def _scenario_select(self) -> Select[str]:
        files = scenario_files(self.scenario_path)
        return Select([(f, f) for f in files], value=self.scenario_path, allow_blank=False, id="scenario", compact=True)

    def on_mount(self) -> None:
        if self.scenario is None and not self.problem:
            self.load_scenario()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load_scenario(self) -> None:
        from wargame.errors import WargameError

        try:
            scenario, texts = load(self.scenario_path)
        except WargameError as exc:
            self.app.call_from_thread(self._loaded, None, None, str(exc))
            return
        self.app.call_from_thread(self._loaded, scenario, texts, "")

    def _loaded(self, scenario: Scenario | None, texts: ScenarioTexts | None, problem: str) -> None:
        self.scenario, self.texts, self.problem = scenario, texts, problem
        self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        await self.recompose()
        self.focus_next()

    @on(Select.Changed, "#scenario")
    async def _scenario_changed(self, event: Select.Changed) -> None:
        path = str(event.value)
        if path == self.scenario_path:
            return
        self.scenario_path, self.scenario, self.texts, self.problem = path, None, None, ""
        await self.recompose()
        self.load_scenario()

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        """Say yes or no in words: a tick alone is hard to read on a projector."""
        box = event.checkbox
        if box.id == "hints":
            box.label = "yes: the deal finder may suggest deals" if box.value else "no"
        elif box.id == "pin-required":
            box.label = (
                "yes: also resuming, branching and every view beyond the public one"
                if box.value
                else "no: the PIN guards the console and the debrief"
            )
        elif box.id and box.id.startswith("press-"):
            phase = box.id.removeprefix("press-")
            name = phase_title(self.scenario, phase).removesuffix(" talks") if self.scenario is not None else phase
            box.label = f"{name}: {'yes' if box.value else 'no'}"

    # ---- starting -----------------------------------------------------------

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self.action_start()

    def action_back(self) -> None:
        self.dismiss()

    def action_start(self) -> None:
        from wargame.errors import WargameError
        from wargame.tui.exercise import new_exercise

        sc, texts = self.scenario, self.texts
        if sc is None or texts is None:
            self.notify("The scenario is not loaded yet.", severity="warning")
            return
        try:
            decks = tuple(self.query_one("#decks", Input).value.replace(",", " ").split())
            if decks:
                sc, texts = load(self.scenario_path, decks)
            setup, rules = self._settings(sc)
            opening = None
            moves = self.query_one("#moves", Input).value.strip() if not self.solo else ""
            if moves:
                from wargame.session.moves import read_moves

                opening = read_moves(moves)
                mf = opening.moves
                # The opening was written for its own seed, lens and sequence.
                setup = dataclasses.replace(
                    setup,
                    seed=mf.seed if mf.seed is not None else setup.seed,
                    lens=mf.lens or setup.lens,
                    sequence=mf.sequence or setup.sequence,
                )
            exercise = new_exercise(sc, texts, setup, rules, opening=opening)
        except (ValueError, WargameError) as exc:
            self.notify(str(exc), title="Cannot start", severity="error", timeout=8)
            return
        self.app.post_message(GameReady(exercise))

    def _settings(self, sc: Scenario) -> tuple[Setup, HouseRules]:
        from wargame.engine.game import Setup

        def value(widget_id: str) -> str:
            return str(self.query_one(f"#{widget_id}", Select).value)

        def number(widget_id: str, what: str, required: bool) -> int | None:
            text = self.query_one(f"#{widget_id}", Input).value.strip()
            if not text:
                if required:
                    raise ValueError(f"{what}: a whole number, please")
                return None
            n = int(text)
            if n < 1:
                raise ValueError(f"{what}: at least 1, please (not {n})")
            return n

        rules = HouseRules(
            press=value("press"),
            press_phases=[p.id for p in sc.phases if self.query_one(f"#press-{p.id}", Checkbox).value],
            hints=self.query_one("#hints", Checkbox).value,
        )
        if self.solo:
            mine = value("solo-seat")
            level = value("difficulty")
            from wargame.bots.personas import solo_personas

            bots = solo_personas(sc, level, players=[mine])
            seats = {s: ("human" if s == mine else _bot(bots.get(s))) for s in sc.seat_ids}
            rules.solo_seat = mine
        else:
            seats = {s.id: value(f"seat-{s.id}") for s in sc.seats}
            rules.set_pin(self.query_one("#pin", Input).value)
            rules.pin_required = self.query_one("#pin-required", Checkbox).value
            if rules.pin_required and not rules.has_pin:
                raise ValueError("PIN for the class: set a Facilitator PIN first.")
        if all(players.is_bot(v) for v in seats.values()):
            raise ValueError("At least one seat must be played by people (set it to Human).")
        max_rounds = number("max-rounds", "Max rounds", True)
        deadline = number("deadline", "Deadline round", False)
        setup = Setup(
            seed=number("seed", "Seed", True) or 1,
            lens=value("lens") if sc.lenses else None,
            sequence=value("sequence"),
            max_rounds=max_rounds,
            deadline_round=deadline,
            seats=seats,
        )
        return setup, rules


def _bot(persona: str | None) -> str:
    return str(players.Bot(persona))
