"""Discussion questions for the debrief, as scenario data.

A scenario's debrief file (`scenarios/<id>.debrief.yaml`, named in the
scenario's `include:`) gives each rule one or two questions, in the project's
own words, each with its sources. The review asks the questions of the rules
that fired (or that blocked a text) in the game being debriefed.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Question(BaseModel):
    """One question an instructor can put to the class when its rule fired."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    rule: str
    """The rule whose firing raises the question."""
    ask: str = Field(min_length=10)
    """The question, in the project's own words."""
    sources: list[str] = Field(min_length=1)
    """Source keys the question draws on."""
