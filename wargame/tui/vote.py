"""A signatory's vote on the text, in private, at the end of the round."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Static, TabbedContent, TabPane

from wargame.errors import RefusedAction
from wargame.model.actions import Respond
from wargame.rules.engine import red_lines
from wargame.tui.base import GameScreen
from wargame.tui.dialogs import ConfirmScreen
from wargame.tui.prose import Prose
from wargame.tui.seat import seat_bar
from wargame.tui.views import (
    brief,
    esc,
    if_signed,
    no_red_line_crossed,
    phase_title,
    score_view,
    seat_name,
    terms_lines,
)

if TYPE_CHECKING:
    from wargame.tui.exercise import Exercise, Step

KEYS = "[b]a[/] accept · [b]r[/] reject · [b]w[/] write why (private) · [b]b[/] brief · then [b]y[/] to confirm"
TYPING = "Typing your reason · [b]Enter[/] or [b]Escape[/] when done, then [b]a[/] accept or [b]r[/] reject"


class VoteScreen(GameScreen):
    """Accept or reject the text on the table."""

    TITLE_TEXT = "Your vote"
    GUIDE = """[b]Your vote[/]

Every seat that must sign votes on the text as it stands, one after the
other, in private. Votes are revealed together with the round's result.

[b]a[/] accepts, [b]r[/] rejects; a dialog then names the text and asks
you to confirm with [b]y[/] (Enter alone never votes). [b]w[/] writes why
first: your reason stays private until the debrief (no other seat sees it).
Enter or Escape leaves the Why field, and a or r votes.
If the text crosses one of your red lines you are warned: you may still sign,
but it costs your standing, and it weakens the deal.

If every signatory accepts, the agreement is signed and the talks move on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "vote('accept')", "Accept", id="vote.accept", tooltip="Sign the text"),
        Binding("r", "vote('reject')", "Reject", id="vote.reject", tooltip="Refuse the text"),
        Binding("w", "why", "Why", id="vote.why", tooltip="Write why (private until the debrief)"),
        Binding("b", "brief", "Brief", id="vote.brief", tooltip="Your brief and red lines (and back)"),
    ]

    def __init__(self, exercise: Exercise, step: Step | None = None) -> None:
        super().__init__(exercise, step)
        self.seat = self.step.seat or ""

    def compose(self) -> ComposeResult:
        ex, seat = self.exercise, self.seat
        game = ex.game
        scenario, st = game.scenario, game.state
        yield Static(seat_bar(ex, seat, "your vote"), id="seat-bar", classes="bar")
        with TabbedContent(initial="vote-text", id="vote-tabs"):
            with TabPane("The text", id="vote-text"), VerticalScroll(id="vote-scroll"):
                terms = st.table_terms()
                out = [f"[b]The text of the {esc(phase_title(scenario, st.status).lower())}[/]"]
                out += terms_lines(scenario, terms)
                signers = ", ".join(seat_name(scenario, s) for s in st.voters)
                out += ["", f"[dim]Signatories (all must accept): {esc(signers)}[/]"]
                out += ["", if_signed(game, seat, terms) or ""]
                crossed = red_lines(scenario, st, seat)
                if not crossed:
                    out.append(f"[b $success]{esc(no_red_line_crossed(scenario, seat))}[/]")
                out += ["", score_view(game, seat)]
                yield Prose("\n".join(out), id="vote-body")
            with TabPane("Your brief", id="vote-brief"), VerticalScroll():
                yield Prose(brief(scenario, seat))
        yield Static(KEYS, id="vote-keys")
        with Horizontal(id="vote-actions"):
            yield Input(placeholder="w: why (optional; private until the debrief)", id="why", compact=True)
            yield Button("Accept (a)", id="accept", variant="success", compact=True)
            yield Button("Reject (r)", id="reject", variant="error", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        # No button has the focus: Enter (pressed at every handoff) must not vote.
        for button in self.query(Button):
            button.can_focus = False
        self.query_one("#vote-scroll", VerticalScroll).focus()

    def action_why(self) -> None:
        self.query_one("#why", Input).focus()
        self.query_one("#vote-keys", Static).update(TYPING)

    @on(Input.Submitted, "#why")
    def _why_done(self) -> None:
        self.leave_why()

    def key_escape(self) -> None:
        if self.focused is self.query_one("#why", Input):
            self.leave_why()

    def leave_why(self) -> None:
        self.query_one("#vote-scroll", VerticalScroll).focus()
        self.query_one("#vote-keys", Static).update(KEYS)
        if self.query_one("#why", Input).value.strip():
            self.notify("Reason kept (private). Now a accepts, r rejects.", timeout=4)

    def action_brief(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "vote-brief" if tabs.active == "vote-text" else "vote-text"

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("accept", "reject"):
            self.action_vote(event.button.id)

    def action_vote(self, response: str) -> None:
        """Ask first, naming the text: a vote is never cast by one key."""
        ex = self.exercise
        scenario, st = ex.scenario, ex.game.state
        crossed = red_lines(scenario, st, self.seat)
        phase = esc(phase_title(scenario, st.status))
        text = f"[dim]{phase}, round {st.round}:[/]\n" + "\n".join(terms_lines(scenario, st.table_terms()))
        why = self.query_one("#why", Input).value.strip()
        said = f"\nYour reason (private until the debrief): [i]{esc(why)}[/]" if why else ""
        if response == "accept":
            question = "Sign across your red line?" if crossed else "Sign this text?"
            warn = "".join(f"\n[b $error]⚠ It crosses your red line:[/] {esc(r.title)}" for r in crossed)
            cost = "\nSigning costs your standing and weakens the deal." if crossed else ""
            yes = "Sign anyway" if crossed else "Sign"
        else:
            question, warn, cost, yes = "Reject this text?", "", "", "Reject"
        self.app.push_screen(
            ConfirmScreen(question, f"{text}{warn}{cost}{said}", yes=yes, no="Go back", careful=True),
            lambda sure: self._cast(response) if sure else None,
        )

    def _cast(self, response: str) -> None:
        why = self.query_one("#why", Input).value.strip()
        vote = Respond(kind="respond", seat=self.seat, response="accept" if response == "accept" else "reject", why=why)
        try:
            self.exercise.submit(vote)
        except RefusedAction as exc:
            self.notify(str(exc), title="Not allowed", severity="warning", timeout=8)
            return
        self.done()
