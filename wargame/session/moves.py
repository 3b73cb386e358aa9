"""The moves file: a scripted session in YAML (see DESIGN.md).

seed: 7
lens: restraint
sequence: ceasefire_first
seats: {us: script, russia: bot}
rounds:
  - injects: [oval_office_blowup]
    moves:
      - {seat: us, propose: {ceasefire: thirty_day}}
      - {seat: europe, lever: transfer_frozen_assets}
      - {seat: russia, say: "No NATO troops.", to: us}
      - {seat: ukraine, respond: accept}
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from wargame.content.yamlfile import YamlDoc, parse, read_text
from wargame.errors import ContentError, Located
from wargame.model import players


class Move(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
    seat: str
    propose: dict[str, str] | None = Field(default=None, min_length=1)
    lever: str | None = None
    say: str | None = Field(default=None, min_length=1)
    to: str = "all"
    issue: str | None = None
    respond: Literal["accept", "reject"] | None = None
    why: str = ""

    @model_validator(mode="after")
    def _one(self) -> Move:
        given = [k for k in ("propose", "lever", "say", "respond") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"a move does exactly one of propose, lever, say, respond (this one: {given or 'none'})")
        return self


MAX_PER_ROUND = 400
"""The most moves (or injects) in one round of a moves file: a seminar round has a
few a seat; thousands would take minutes to play (each is saved with an fsync)."""


class MovesRound(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
    injects: list[str] = Field(default=[], max_length=MAX_PER_ROUND)
    moves: list[Move] = Field(default=[], max_length=MAX_PER_ROUND)


SeatMode = str
"""`script`, `bot`, or `bot:<persona>`."""


class MovesFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
    seed: int | None = None
    lens: str | None = None
    sequence: str | None = None
    seats: dict[str, SeatMode] = {}
    rounds: list[MovesRound] = Field(default_factory=list)


class LoadedMoves:
    """A moves file with its node tree, to point errors at the move at fault."""

    def __init__(self, path: str, text: str) -> None:
        self.doc = YamlDoc(path, text)
        self.moves = parse(self.doc, MovesFile)
        for seat, mode in self.moves.seats.items():
            try:
                who = players.player(mode)
            except ValueError:
                who = players.Human()
            if isinstance(who, players.Human):  # people play no seat of a scripted session
                raise ContentError(
                    [(self.doc.locate(["seats", seat]), f"seat mode {mode!r}: use script, bot or bot:<persona>")]
                )

    def where(self, round_index: int, move_index: int | None = None, key: str | None = None) -> Located:
        loc: list[object] = ["rounds", round_index]
        if move_index is not None:
            loc += ["moves", move_index]
            if key:
                loc.append(key)
        return self.doc.locate(loc)

    def where_inject(self, round_index: int, inject_index: int) -> Located:
        return self.doc.locate(["rounds", round_index, "injects", inject_index])


def read_moves(path: str) -> LoadedMoves:
    text = read_text(path, "moves file (YAML)")
    if not text.strip():
        raise ContentError([(Located(path), "empty file; a moves file has `rounds:` (see `wargame run --help`)")])
    return LoadedMoves(path, text)
