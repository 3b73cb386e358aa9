"""The round's result, for everyone: votes, rules fired, indicators, phase."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from wargame.tui.base import GameScreen
from wargame.tui.prose import Prose
from wargame.tui.results import round_report
from wargame.tui.views import esc, phase_title


class ResolutionScreen(GameScreen):
    """What the round's end did, and why: shown to the whole table."""

    TITLE_TEXT = "Round result"
    GUIDE = """[b]The round's result[/]

Shown to everyone. Each vote with the rules behind a refusal (a team's own
reason stays private until the debrief), every rule that fired with its explanation and the sources it
comes from, the indicators with their change (▲ up, ▼ down), and a banner
when the talks move (a phase signed, a collapse, time running out).

Scroll with the arrows or Page Up/Down; Enter carries on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "carry_on", "Continue", id="result.continue", tooltip="On to the next round"),
    ]

    def compose(self) -> ComposeResult:
        ex = self.exercise
        number = self.step.round
        banner, text = round_report(ex.game, number)
        phase = phase_title(ex.scenario, ex.game.state.status)
        yield Static(
            f"[b]Round {number}: the result[/] · now: {esc(phase)} · [dim]↑↓ PgUp PgDn scroll[/]", classes="bar"
        )
        if banner:
            yield Static(f"[b]{esc(banner)}[/]", id="banner")
        with VerticalScroll(id="result-box"):
            yield Prose(text, id="result-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#result-box", VerticalScroll).focus()

    def action_carry_on(self) -> None:
        self.exercise.shown_round = max(self.exercise.shown_round, self.step.round)
        self.done()
