"""Who plays a seat: people at the table, a moves file, or a bot with a persona.

In a save (its header and `GameStarted.seats`) and on the command line a
player is a short text: `human`, `script`, `bot` or `bot:<persona>`. In code it
is one of the types below, read with `player()` and written back with `str()`,
so no module parses the text itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Human:
    """People at the table (the hot seat, a solo player)."""

    def __str__(self) -> str:
        return "human"


@dataclass(frozen=True)
class Script:
    """The seat's moves come from a moves file."""

    def __str__(self) -> str:
        return "script"


@dataclass(frozen=True)
class Bot:
    """A bot plays the seat, as its persona (None: the seat's default persona)."""

    persona: str | None = None

    def __str__(self) -> str:
        return f"bot:{self.persona}" if self.persona else "bot"


Player = Human | Script | Bot

FORMS = "human, script, bot or bot:<persona>"
"""The texts a player can be written as, for error messages."""


def player(text: str) -> Player:
    """The player a text names; ValueError for anything else."""
    if text == "human":
        return Human()
    if text == "script":
        return Script()
    if text == "bot":
        return Bot()
    kind, sep, persona = text.partition(":")
    if kind == "bot" and sep and persona:
        return Bot(persona)
    raise ValueError(f"unknown player {text!r}: use {FORMS}")


def is_bot(text: str) -> bool:
    """Is the seat played by a bot? (A text that names no player is not.)"""
    try:
        return isinstance(player(text), Bot)
    except ValueError:
        return False


def persona_of(text: str) -> str | None:
    """The persona a bot player names (None for the default, or for people)."""
    try:
        who = player(text)
    except ValueError:
        return None
    return who.persona if isinstance(who, Bot) else None


def as_bot(text: str) -> str:
    """The player a seat becomes when bots take over: a bot keeps its persona."""
    return text if is_bot(text) else str(Bot())
