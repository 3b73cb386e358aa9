"""Who plays a seat, as a type: read from and written back to the save's text."""

from __future__ import annotations

import pytest

from wargame.model import players as p


@pytest.mark.parametrize(
    "text, expected",
    [("human", p.Human()), ("script", p.Script()), ("bot", p.Bot()), ("bot:hardliner", p.Bot("hardliner"))],
)
def test_a_player_round_trips_through_its_text(text: str, expected: p.Player) -> None:
    assert p.player(text) == expected
    assert str(expected) == text


@pytest.mark.parametrize("text", ["", "bot:", "robot", "Human", "bot hardliner", "script:us"])
def test_anything_else_is_refused_naming_the_forms(text: str) -> None:
    with pytest.raises(ValueError, match="human, script, bot or bot:<persona>"):
        p.player(text)


def test_bots_take_over_a_seat_keeping_a_bot_persona() -> None:
    assert [p.is_bot(t) for t in ("human", "script", "bot", "bot:conceder", "botanist")] == [
        False,
        False,
        True,
        True,
        False,
    ]
    assert p.as_bot("script") == "bot" and p.as_bot("bot:conceder") == "bot:conceder"
    assert p.persona_of("bot:conceder") == "conceder" and p.persona_of("bot") is None and p.persona_of("human") is None
