"""The condition form shared by rules and injects.

A condition is a small structured YAML mapping with exactly one key, never code:

    all: [cond, ...]            every one holds
    any: [cond, ...]            at least one holds
    not: cond                   it does not hold
    at_least: {count: 2, of: [cond, ...]}
    term: {issue: foreign_forces, in: [european_peacekeepers], where: deal, by: russia}
    indicator: {id: momentum, above: 10}          (above, below, at_least, at_most)
    phase: [ceasefire]          the talks are in one of these phases
    round: {at_least: 3}        (at_least, at_most)
    deadline_passed: true       the scenario's deadline round is behind us
    agreement: [framework]      these agreements are signed and in force
    lever: {id: pause_aid, used: this_round}      (this_round, ever, in_effect, never)
    lens: [leverage]
    flag: incident_european_troops                a flag set by an inject or a rule
    streak: {rule: russia.maximalist_stance, at_least: 3}
    in_force: {agreement: ceasefire, rounds_at_least: 3}   signed that many
                                rounds ago or more, counting the round of signing
    reopened: true              the agreement signed this round changes a term
                                that an earlier agreement in force (not a
                                ceasefire) had settled

Each class carries the text that `wargame explain` prints for it.

`Condition` is a discriminated union: code that reads conditions dispatches
with `match` and ends with `typing.assert_never`, so adding a form is one class
here plus one `case` in each dispatcher, which mypy names
(`rules.conditions`, `content.checks`, `bots.judge`, `bots.memo`, `parts` below).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union, assert_never

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator


class _Form(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False)


class AllOf(_Form):
    all: list[Condition] = Field(min_length=1)


class AnyOf(_Form):
    any: list[Condition] = Field(min_length=1)


class NotCond(_Form):
    not_: Condition = Field(alias="not")


class AtLeastSpec(_Form):
    count: int = Field(ge=1)
    of: list[Condition] = Field(min_length=1)


class AtLeast(_Form):
    at_least: AtLeastSpec


Where = Literal["deal", "table", "agreed"]


class TermSpec(_Form):
    issue: str
    in_: list[str] = Field(alias="in", min_length=1)
    where: Where = "deal"
    """`table`: the text being negotiated; `agreed`: signed agreements in force;
    `deal`: both, the table overriding what was agreed."""
    by: str | None = None
    """Only a term that this seat put on the table (reads the table)."""


class TermCond(_Form):
    term: TermSpec


class IndicatorSpec(_Form):
    id: str
    above: float | None = None
    below: float | None = None
    at_least: float | None = None
    at_most: float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> IndicatorSpec:
        if all(v is None for v in (self.above, self.below, self.at_least, self.at_most)):
            raise ValueError("give a bound: above, below, at_least or at_most")
        return self


class IndicatorCond(_Form):
    indicator: IndicatorSpec


class PhaseCond(_Form):
    phase: list[str] = Field(min_length=1)


class RoundSpec(_Form):
    at_least: int | None = None
    at_most: int | None = None


class RoundCond(_Form):
    round: RoundSpec


class DeadlineCond(_Form):
    deadline_passed: bool


class AgreementCond(_Form):
    agreement: list[str] = Field(min_length=1)


class LeverSpec(_Form):
    id: str
    used: Literal["this_round", "ever", "in_effect", "never"] = "this_round"


class LeverCond(_Form):
    lever: LeverSpec


class LensCond(_Form):
    lens: list[str] = Field(min_length=1)


class FlagCond(_Form):
    flag: str


class StreakSpec(_Form):
    rule: str
    at_least: int = Field(ge=1)


class StreakCond(_Form):
    streak: StreakSpec


class ReopenedCond(_Form):
    reopened: bool


class InForceSpec(_Form):
    agreement: str
    rounds_at_least: int = Field(ge=1)


class InForceCond(_Form):
    in_force: InForceSpec


_TAG_OF: dict[type[BaseModel], str] = {
    AllOf: "all",
    AnyOf: "any",
    NotCond: "not",
    AtLeast: "at_least",
    TermCond: "term",
    IndicatorCond: "indicator",
    PhaseCond: "phase",
    RoundCond: "round",
    DeadlineCond: "deadline_passed",
    AgreementCond: "agreement",
    LeverCond: "lever",
    LensCond: "lens",
    FlagCond: "flag",
    StreakCond: "streak",
    ReopenedCond: "reopened",
    InForceCond: "in_force",
}
CONDITION_KEYS = tuple(_TAG_OF.values())


def _which(value: Any) -> str | None:
    """Pick the condition kind from its single key, so errors name the right form."""
    if isinstance(value, dict):
        if len(value) == 1:
            key = next(iter(value))
            return key if key in CONDITION_KEYS else None
        return None
    if isinstance(value, BaseModel):
        return _TAG_OF.get(type(value))
    return None


Condition = Annotated[
    Union[
        Annotated[AllOf, Tag("all")],
        Annotated[AnyOf, Tag("any")],
        Annotated[NotCond, Tag("not")],
        Annotated[AtLeast, Tag("at_least")],
        Annotated[TermCond, Tag("term")],
        Annotated[IndicatorCond, Tag("indicator")],
        Annotated[PhaseCond, Tag("phase")],
        Annotated[RoundCond, Tag("round")],
        Annotated[DeadlineCond, Tag("deadline_passed")],
        Annotated[AgreementCond, Tag("agreement")],
        Annotated[LeverCond, Tag("lever")],
        Annotated[LensCond, Tag("lens")],
        Annotated[FlagCond, Tag("flag")],
        Annotated[StreakCond, Tag("streak")],
        Annotated[ReopenedCond, Tag("reopened")],
        Annotated[InForceCond, Tag("in_force")],
    ],
    Discriminator(
        _which,
        custom_error_type="condition_form",
        custom_error_message=("a condition is a mapping with exactly one of: " + ", ".join(CONDITION_KEYS)),
    ),
]

for _model in (AllOf, AnyOf, NotCond, AtLeastSpec, AtLeast):
    _model.model_rebuild()

Group = AllOf | AnyOf | NotCond | AtLeast
"""The forms made of other conditions."""

Path = tuple[str | int, ...]


def parts(cond: Condition) -> list[tuple[Path, Condition]]:
    """The conditions directly inside a group, each with its path below the
    group (as in the YAML, for error locations); a test has none."""
    match cond:
        case AllOf():
            return [(("all", i), x) for i, x in enumerate(cond.all)]
        case AnyOf():
            return [(("any", i), x) for i, x in enumerate(cond.any)]
        case NotCond():
            return [(("not",), cond.not_)]
        case AtLeast():
            return [(("at_least", "of", i), x) for i, x in enumerate(cond.at_least.of)]
        case (
            TermCond()
            | IndicatorCond()
            | PhaseCond()
            | RoundCond()
            | DeadlineCond()
            | AgreementCond()
            | LeverCond()
            | LensCond()
            | FlagCond()
            | StreakCond()
            | ReopenedCond()
            | InForceCond()
        ):
            return []
        case _:
            assert_never(cond)
