"""Finite numbers only: NaN and infinity are refused in content, actions,
events and the facilitator's console, before they can reach a save (which
would write them as `null` and then fail to verify, report or resume)."""

from __future__ import annotations

import math

import pytest
from pydantic import ValidationError

from wargame.content.loader import ScenarioTexts, build
from wargame.engine.game import Game, Setup
from wargame.errors import ContentError, RefusedAction
from wargame.model import events as e
from wargame.model.actions import ACTION
from wargame.model.scenario import Scenario
from wargame.session.facilitation import Facilitator

BAD = [math.nan, math.inf, -math.inf]


@pytest.mark.parametrize("value", BAD)
def test_the_console_refuses_a_value_that_is_not_finite(mini: Scenario, value: float) -> None:
    game = Game.start(mini, Setup(seed=1))
    count = len(game.events)
    with pytest.raises(RefusedAction, match="finite number"):
        Facilitator(game).set_indicator("tension", value, "typed by the facilitator")
    assert len(game.events) == count


@pytest.mark.parametrize("value", BAD)
def test_an_action_or_event_cannot_hold_one(value: float) -> None:
    with pytest.raises(ValidationError, match="finite number"):
        ACTION.validate_python({"kind": "facilitator", "command": "set_indicator", "indicator": "x", "value": value})
    with pytest.raises(ValidationError, match="finite number"):
        e.EVENT.validate_python({"kind": "lever_used", "seat": "a", "lever": "l", "deltas": {"x": value}})


@pytest.mark.parametrize(
    "old, new",
    [
        ("indicators: {tension: 5}}", "indicators: {tension: .nan}}"),
        ("{id: tension, name: Tension, start: 40,", "{id: tension, name: Tension, start: .inf,"),
        ("params: {rise: 1}", "params: {rise: -.inf}"),
        ("indicators: {tension: $rise}", "indicators: {tension: '$rise*1e999'}"),
    ],
)
def test_content_with_one_is_refused_at_its_line(
    mini_bundle: tuple[Scenario, ScenarioTexts], old: str, new: str
) -> None:
    _, texts = mini_bundle
    main = texts.texts[texts.main]
    assert old in main
    line = main[: main.index(old)].count("\n") + 1
    with pytest.raises(ContentError) as info:
        build(ScenarioTexts(main=texts.main, texts={texts.main: main.replace(old, new)}))
    message = str(info.value)
    assert "finite number" in message
    assert f"{texts.main}:{line}:" in message
