"""The term editor: this phase's agenda, each issue's options, and a draft.

Left, the issues on the agenda with what the table says; right, the options
of the highlighted issue, and under them the highlighted option's description,
its sources and whom it commits. Enter on an option puts it in the draft; the
seat screen proposes the draft as one proposal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from wargame.tui.prose import Prose
from wargame.tui.views import esc, if_signed, option_label, seat_name

if TYPE_CHECKING:
    from wargame.engine.game import Game
    from wargame.model.scenario import Issue


class TermEditor(Widget):
    """Edit a draft of terms on this phase's agenda."""

    def __init__(self, game: Game, seat: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.game = game
        self.seat = seat
        self.draft: dict[str, str] = {}
        """Issue -> option, the changes not proposed yet."""

    @property
    def agenda(self) -> list[Issue]:
        return self.game.agenda()

    def compose(self) -> ComposeResult:
        yield Prose(id="draft-line")
        with Horizontal(id="editor"):
            yield OptionList(id="issues")
            with Vertical(id="options-box"):
                yield OptionList(id="options")
                with VerticalScroll(id="option-detail-box"):
                    yield Prose(id="option-detail")

    def on_mount(self) -> None:
        self.query_one("#issues", OptionList).border_title = "This phase's agenda"
        self.refresh_lists()

    # ---- showing ----------------------------------------------------------------

    def refresh_lists(self) -> None:
        issues = self.query_one("#issues", OptionList)
        keep = issues.highlighted
        issues.clear_options()
        table = self.game.state.table_terms()
        for issue in self.agenda:
            now = table.get(issue.id)
            value = option_label(self.game.scenario, issue.id, now) if now else "—"
            if issue.id in self.draft:
                value = f"[b]→ {esc(option_label(self.game.scenario, issue.id, self.draft[issue.id]))}[/]"
            else:
                value = f"[dim]{esc(value)}[/]"
            issues.add_option(Option(f"{esc(issue.title)}\n  {value}", id=issue.id))
        if self.agenda:
            issues.highlighted = min(keep or 0, len(self.agenda) - 1)
        else:
            self.query_one("#option-detail", Prose).update("[i]Nothing is on the agenda now.[/]")
        self.show_options()
        self.show_draft()

    def current_issue(self) -> Issue | None:
        issues = self.query_one("#issues", OptionList)
        if issues.highlighted is None or not self.agenda:
            return None
        return self.agenda[min(issues.highlighted, len(self.agenda) - 1)]

    def show_options(self) -> None:
        issue = self.current_issue()
        options = self.query_one("#options", OptionList)
        options.clear_options()
        if issue is None:
            return
        options.border_title = issue.title
        on_table = self.game.state.table_terms().get(issue.id)
        drafted = self.draft.get(issue.id)
        for option in issue.options:
            mark = "◆" if option.id == drafted else ("●" if option.id == on_table else " ")
            options.add_option(Option(f"{mark} {esc(option.label)}", id=option.id))
        chosen = drafted or on_table
        index = next((i for i, o in enumerate(issue.options) if o.id == chosen), 0)
        options.highlighted = index
        self.show_detail()

    def show_detail(self) -> None:
        issue = self.current_issue()
        options = self.query_one("#options", OptionList)
        detail = self.query_one("#option-detail", Prose)
        if issue is None or options.highlighted is None:
            detail.update("")
            return
        option = issue.options[min(options.highlighted, len(issue.options) - 1)]
        scenario = self.game.scenario
        commits = (
            option.commits
            if option.commits is not None
            else (issue.commits if option.id != issue.options[0].id else [])
        )
        lines = [f"[b]{esc(option.label)}[/]", esc(option.description or issue.description or "")]
        sources = option.sources or issue.sources
        if sources:
            lines.append(f"[dim]Sources: {esc(', '.join(sources))}[/]")
        if commits:
            lines.append(f"[dim]Commits (must sign): {esc(', '.join(seat_name(scenario, s) for s in commits))}[/]")
        lines.append("[dim]● on the table   ◆ your draft   Enter: put in the draft[/]")
        detail.update("\n".join(line for line in lines if line))

    def show_draft(self) -> None:
        line = self.query_one("#draft-line", Prose)
        scenario = self.game.scenario
        if not self.draft:
            line.update("[dim]Your draft is empty: choose an issue, then an option (Enter), then p to propose.[/]")
            return
        changes = ", ".join(
            f"{esc(scenario.issue(i).title)} → {esc(option_label(scenario, i, o))}" for i, o in self.draft.items()
        )
        preview = if_signed(self.game, self.seat, {**self.game.state.table_terms(), **self.draft})
        who = ", ".join(
            seat_name(scenario, s) for s in self.game.signatories({**self.game.state.table_terms(), **self.draft})
        )
        line.update(f"[b]Draft:[/] {changes}  [dim](p propose, x clear)[/]\n[dim]Must sign: {esc(who)}[/]\n{preview}")

    # ---- choosing -----------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#issues")
    def _issue_highlighted(self) -> None:
        self.show_options()

    @on(OptionList.OptionSelected, "#issues")
    def _issue_chosen(self) -> None:
        self.query_one("#options", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#options")
    def _option_highlighted(self) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#options")
    def _option_chosen(self, event: OptionList.OptionSelected) -> None:
        issue = self.current_issue()
        if issue is None or event.option.id is None:
            return
        self.choose(issue.id, event.option.id)
        self.query_one("#issues", OptionList).focus()

    def choose(self, issue_id: str, option_id: str) -> None:
        """Put an option in the draft (choosing what the table says takes it out)."""
        if self.game.state.table_terms().get(issue_id) == option_id:
            self.draft.pop(issue_id, None)
        else:
            self.draft[issue_id] = option_id
        self.refresh_lists()

    def clear(self) -> None:
        self.draft.clear()
        self.refresh_lists()

    def focus_issues(self) -> None:
        self.query_one("#issues", OptionList).focus()
