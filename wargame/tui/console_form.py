"""The console's small forms: fields, a spec, and the modal that asks for them.

A form is data (`FormSpec` of `FormField`s); `ConsoleForm` shows it and
returns the values typed, or None if cancelled. Kept apart from the console
screen so each stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from wargame.errors import WargameError


@dataclass
class FormField:
    """One field of a console form: free text, or a choice from `options`."""

    name: str
    label: str
    value: str = ""
    options: list[tuple[str, str]] | None = None
    """(label, value) pairs: the field is a choice."""
    placeholder: str = ""
    required: bool = False


@dataclass
class FormSpec:
    title: str
    fields: list[FormField] = field(default_factory=list)
    detail: str = ""


class ConsoleForm(ModalScreen[dict[str, str] | None]):
    """A small form: Enter confirms, Tab moves between fields, Escape cancels."""

    DEFAULT_CSS = """
    ConsoleForm { align: center middle; }
    ConsoleForm > VerticalScroll {
        width: 72; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    ConsoleForm .form-title { text-style: bold; margin-bottom: 1; }
    ConsoleForm .form-detail { color: $text-muted; margin-bottom: 1; }
    ConsoleForm .form-hint { color: $text-muted; margin-top: 1; }
    ConsoleForm Input, ConsoleForm Select { margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="console.form.cancel", tooltip="Close the form; nothing is done"),
        Binding("ctrl+s", "confirm", "Confirm", id="console.form.confirm", tooltip="Confirm the form"),
    ]

    def __init__(self, spec: FormSpec) -> None:
        super().__init__()
        self.spec = spec

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.spec.title, classes="form-title", markup=False)
            if self.spec.detail:
                yield Static(self.spec.detail, classes="form-detail", markup=False)
            for f in self.spec.fields:
                yield Label(f.label + (" (required)" if f.required else ""))
                if f.options is not None:
                    values = [v for _, v in f.options]
                    yield Select(
                        f.options,
                        value=f.value if f.value in values else Select.NULL,
                        allow_blank=f.value not in values,
                        id=f"field-{f.name}",
                    )
                else:
                    yield Input(value=f.value, placeholder=f.placeholder, id=f"field-{f.name}")
            yield Static("Enter or ctrl+s: confirm   Tab: next field   Esc: cancel", classes="form-hint")

    def on_mount(self) -> None:
        if self.spec.fields:
            self.query_one(f"#field-{self.spec.fields[0].name}").focus()

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in self.spec.fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, Select):
                out[f.name] = "" if widget.is_blank() else str(widget.value)
            elif isinstance(widget, Input):
                out[f.name] = widget.value.strip()
        return out

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        values = self.values()
        for f in self.spec.fields:
            if f.required and not values[f.name]:
                self.notify(f"{f.label}: required", severity="warning", timeout=3)
                self.query_one(f"#field-{f.name}").focus()
                return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


ANNOUNCE = FormField(
    "announce",
    "Tell the teams the reason?",
    "no",
    options=[("No: the reason is for the debrief only", "no"), ("Yes: the teams read it", "yes")],
)
"""Console reasons are the facilitator's unless announced."""


def shortened(text: str, width: int) -> str:
    """A name cut to fit a narrow column (the full text is in the detail below)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def as_number(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise WargameError(f"{what or 'The value'}: {text!r} is not a number") from None


def as_whole(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise WargameError(f"{what}: {text!r} is not a whole number") from None
