"""Helpers for the Pilot tests of the Textual app.

`TEXTUAL_ANIMATIONS=none` is set before Textual is imported, so screens and
tabs switch at once and the tests do not wait on animations.
"""

from __future__ import annotations

import os

os.environ["TEXTUAL_ANIMATIONS"] = "none"

from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from textual.app import App  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.widget import Widget  # noqa: E402
from textual.widgets import Input, OptionList, Static  # noqa: E402

from wargame.content.loader import ScenarioTexts  # noqa: E402
from wargame.engine.game import Setup  # noqa: E402
from wargame.model.scenario import Scenario  # noqa: E402
from wargame.tui.app import Launch, WargameApp  # noqa: E402
from wargame.tui.exercise import Exercise, HouseRules, new_exercise  # noqa: E402
from wargame.tui.prose import Prose  # noqa: E402

SIZE = (80, 24)

MakeExercise = Callable[..., Exercise]


@pytest.fixture
def make_exercise(scenario: Scenario, texts: ScenarioTexts, tmp_path: Path) -> MakeExercise:
    """A new game saved under tmp_path: `make_exercise(seats={...}, rules=..., max_rounds=...)`."""
    count = 0

    def make(
        seats: dict[str, str] | None = None,
        rules: HouseRules | None = None,
        max_rounds: int | None = 3,
        seed: int = 7,
    ) -> Exercise:
        nonlocal count
        count += 1
        setup = Setup(seed=seed, max_rounds=max_rounds, seats=seats or {})
        return new_exercise(scenario, texts, setup, rules or HouseRules(), str(tmp_path / f"game-{count}.jsonl"))

    return make


def app_for(exercise: Exercise) -> WargameApp:
    return WargameApp(Launch(exercise=exercise))


def widget_text(widget: Widget) -> str:
    """What a widget shows, or holds ready to show (hidden tabs included)."""
    parts: list[str] = []
    if isinstance(widget, Prose):
        parts.append(widget.plain_text)
    elif isinstance(widget, Static):
        parts.append(str(widget.render()))
    if isinstance(widget, OptionList):
        parts += [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]
    if isinstance(widget, Input):
        parts.append(widget.value)
    label = getattr(widget, "label", None)
    if label is not None:
        parts.append(str(label))
    return "\n".join(parts)


def all_text(app: App[None]) -> str:
    """The text of every widget on every screen in the stack, and the screen as drawn."""
    parts: list[str] = []
    for screen in app.screen_stack:
        for widget in screen.walk_children(Widget, with_self=True):
            parts.append(widget_text(widget))
    parts.append(app.export_screenshot(simplify=True))
    parts.append(toasts(app))
    return "\n".join(parts)


def screen_name(app: App[None]) -> str:
    return type(app.screen).__name__


async def settle(pilot: Pilot[None]) -> None:
    """Let workers (the bots) finish and the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


def toasts(app: App[None]) -> str:
    """The notifications on show (titles and messages)."""
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)
