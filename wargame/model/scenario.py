"""The scenario: everything a game is made of, as validated data.

Seats, issues and options, phases and their agendas, indicators, levers, lenses,
the rulebook and the injects all live in YAML (`scenarios/*.yaml`); these models
are its schema (`wargame schema` prints it as JSON Schema). The engine reads ids
from here and hard-codes none of them.
"""

from __future__ import annotations

import math
import re
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from wargame.model.conditions import Condition

_FACTOR = re.compile(r"[$@]\w+|[0-9.eE+-]+")
_TERMS = re.compile(r"\s+([+-])\s+")


def _number_text(text: str) -> str:
    """`$name`, `@indicator`, a literal, a product of them, or a sum of products
    (`$pull*$anchor - $pull*@momentum`, as `rules.engine.number` reads it), and
    finite (no `inf`, `nan`, `1e999`)."""
    pieces = _TERMS.split(text.strip())
    for term in pieces[0::2]:
        for factor in term.strip().removeprefix("-").split("*"):
            factor = factor.strip()
            if not _FACTOR.fullmatch(factor):
                raise ValueError(
                    f"{text!r} is not a number, a $parameter, an @indicator, or a sum of products of them"
                    " (like $cost*$days or $pull*$anchor - $pull*@momentum)"
                )
            if not factor.startswith(("$", "@")):
                try:
                    finite = math.isfinite(float(factor))
                except ValueError:
                    raise ValueError(f"{factor!r} in {text!r} is not a number") from None
                if not finite:
                    raise ValueError(f"{factor!r} in {text!r} is not a finite number")
    return text


Number = float | int | Annotated[str, AfterValidator(_number_text)]
"""A number, or `$name` naming a parameter of the rule (tunable, and lenses may
override it), or a product such as `$per_day*$days` (`days` is the scenario's
days per round)."""


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False)


class Brief(_Data):
    """What a seat's team reads on its own turn, and nobody else."""

    summary: str
    objectives: list[str] = []
    red_lines: list[str] = []
    can_trade: list[str] = []
    sources: list[str] = []


class Reservation(_Data):
    """How good a deal must be for the seat's bot to sign.

    `base` on the seat's value scale (-100..100); each indicator moves it by
    `coefficient x (value - start)`: a seat whose alternative to a deal
    improves as the war goes on asks for more.
    """

    base: float = 0
    indicators: dict[str, float] = {}
    per_round: float = 0
    """Concession over time: added each round (negative = the seat concedes).
    A persona's `concession_curve` bends it: the same total, made early or late."""
    noise: float = 0
    """How unsure the seat is of its own alternative: each game draws a shift in
    [-noise, +noise] from its seed, so that bot games differ as real ones do."""


class Stance(_Data):
    """A position from the seat's brief that is not a rule of the game: while
    `when` holds, the seat's bot refuses (`rejects`) or asks more or less
    (`reservation`), or values an option differently (`option_bonus`).

    Rulebook red lines bind every bot and cost a human who crosses them;
    stances are only how this seat's bot plays (Europe will not sign full
    sanctions relief while Russia holds Ukrainian land, src-002)."""

    id: str
    when: Condition
    """Read like a rule's condition, on the deal as it would stand."""
    rejects: bool = False
    reservation: float = 0
    option_bonus: dict[str, dict[str, float]] = {}
    why: str = ""
    """What the bot says when the stance moves it."""
    sources: list[str] = []


class LeverPolicy(_Data):
    """When a seat's bot pulls one of its levers: data, so that the sources,
    not code, say that the US pauses aid to push Kyiv (src-000)."""

    lever: str
    when: Condition | None = None
    """The lever is considered only while this holds."""
    after_refusal_by: list[str] = []
    """...and only if one of these seats rejected the last text put to a vote."""
    chance: float = Field(default=1.0, ge=0, le=1)
    """The chance of pulling it when it applies, scaled by the persona's
    `lever_eagerness` (0.5 leaves it as is)."""
    why: str = ""
    sources: list[str] = []


class DemandPolicy(_Data):
    """Terms a seat's bot tables as they are, without searching for a
    compromise, when `when` holds and a seeded draw comes up: an opening
    position, or one it insists on (Russia's June 2024 terms, src-002)."""

    id: str
    terms: dict[str, str] = Field(min_length=1)
    when: Condition | None = None
    chance: float = Field(default=1.0, ge=0, le=1)
    """Scaled by the persona's `lever_eagerness`, as for levers."""
    why: str = ""
    sources: list[str] = []


class HoldPolicy(_Data):
    """When a seat's bot makes no proposal on its turn and answers the text
    with its vote and its levers instead: Washington does not bargain
    against an ultimatum, it keeps up the pressure (src-002)."""

    id: str
    when: Condition
    chance: float = Field(default=1.0, ge=0, le=1)
    why: str = ""
    sources: list[str] = []


class Goal(_Data):
    """One of a seat's objectives as the after-action review scores it: met
    when its condition holds on the signed agreements."""

    id: str
    text: str
    """The objective in words (it restates one of the brief's)."""
    when: Condition
    points: float = Field(gt=0)
    """Its weight among the seat's goals."""
    lenses: list[str] = []
    """Scored only under these lenses (none: under every lens)."""
    sources: list[str] = []


class Profile(_Data):
    """A seat's valuation of the term sheet, read by bots and by scoring."""

    weights: dict[str, float] = {}
    """Issue id -> how much the seat cares about it (0 = not at all)."""
    values: dict[str, dict[str, float]] = {}
    """Issue id -> option id -> value for the seat, from -10 (worst) to 10 (best)."""
    reservation: Reservation = Reservation()
    indicators: dict[str, float] = {}
    """Indicator id -> weight in the seat's score (positive: the seat wants it high)."""
    no_deal: dict[str, float] = {}
    """Issue id -> the value (-10..10) the seat expects on that issue if the
    deal leaves it unsettled. Defaults to its status quo option's value, or 0
    for an issue whose silence implies nothing (territory, alignment)."""
    stances: list[Stance] = []
    levers: list[LeverPolicy] = []
    """When the seat's bot pulls its levers, first that applies first."""
    demands: list[DemandPolicy] = []
    """Positions the seat's bot tables as they stand, first that applies first."""
    holds: list[HoldPolicy] = []
    goals: list[Goal] = []
    """The brief's objectives as the score reads them (see `rules.scoring`)."""
    """When the seat's bot leaves the text alone on its turn."""


class Persona(_Data):
    """A variant of a seat's bot: a hardliner, a pragmatist, a conceder."""

    id: str
    name: str
    description: str = ""
    reservation_shift: float = 0
    concession_per_round: float = 0
    lever_eagerness: float = 0.5
    """How readily the bot uses pressure: the chance of its lever and demand
    policies is scaled by this over 0.5."""
    concession_curve: float = 1.0
    """How the seat's concession is spread over the game: by round t it has
    made ((t-1)/(rounds-1))**curve of it. 1 is steady; above 1 concedes late
    (a hardliner), below 1 early (a conceder)."""
    opening: float = 0
    """How much the bot asks above its walk-away point at first (its opening
    demand, part of its reservation); given up over the game along the
    concession curve."""
    difficulty: Literal["easy", "normal", "hard"] | None = None
    """The solo-play difficulty this persona stands for, if any."""


class Seat(_Data):
    id: str
    name: str
    brief: Brief
    profile: Profile = Profile()
    personas: list[Persona] = []


class Option(_Data):
    id: str
    label: str
    description: str = ""
    sources: list[str] = []
    commits: list[str] | None = None
    """Seats this option commits, who must then sign (defaults to the issue's)."""


class Issue(_Data):
    id: str
    title: str
    description: str = ""
    agenda: list[str] = Field(min_length=1)
    """The phases in which this issue can be put on the table."""
    options: list[Option] = Field(min_length=2)
    """The first option is the status quo, the term editor's starting choice."""
    implied_when_silent: bool = True
    """If a text says nothing on this issue, does it mean the status quo option?
    (False for an issue whose status quo is an aspiration, not a fact.)"""
    commits: list[str] = []
    """Seats that any option other than the status quo commits."""
    sources: list[str] = []


class Phase(_Data):
    id: str
    title: str
    signatories: list[str] = Field(min_length=1)
    """Seats that sign every agreement of this phase."""
    ceasefire: bool = False
    """Is this the phase whose agreement stops the fighting? A breakdown of that
    agreement sends the talks back to it."""
    durability: float = 0
    """What this phase's agreement, while in force, adds to the deal's durability."""


class Indicator(_Data):
    id: str
    name: str
    start: float
    min: float = 0
    max: float | None = None
    description: str = ""
    sources: list[str] = []


class Lever(_Data):
    """A unilateral move, one a round per seat at most."""

    id: str
    seat: str
    title: str
    description: str = ""
    sources: list[str] = []
    indicators: dict[str, Number] = {}
    """Immediate indicator deltas when the lever is pulled."""
    ends: str | None = None
    """The lever this one switches off (`resume_aid` ends `pause_aid`)."""


class Effect(_Data):
    """One block of a rule's (or inject's) effects, applied when the rule fires."""

    when: Condition | None = None
    """Only if this also holds."""
    repeat: Literal["on_entry", "each_round", "once"] | None = None
    """Overrides the rule's repeat for this block."""
    chance: Number | None = None
    """Probability (0..1) drawn from the game's seeded generator."""
    indicators: dict[str, Number] = {}
    standing: dict[str, Number] = {}
    """A seat's domestic standing, which counts in its score."""
    phase: Literal["collapse", "breakdown", "lapse"] | None = None
    """`collapse` ends the talks; `breakdown` (the ceasefire is broken) and
    `lapse` (it runs out) void the ceasefire and send the talks back to it."""
    set_flags: list[str] = []
    clear_flags: list[str] = []
    note: str = ""
    """A sentence added to the explanation when this block applies."""


class Modifiers(_Data):
    """Valuation changes that hold while a rule's condition holds; bots read them."""

    reservation: dict[str, Number] = {}
    """Seat -> shift of its reservation (negative: easier to please)."""
    issue_scale: dict[str, dict[str, Number]] = {}
    """Seat -> issue -> factor on the value of that issue (0.5: counts at half)."""
    option_bonus: dict[str, dict[str, dict[str, Number]]] = {}
    """Seat -> issue -> option -> value added."""
    durability: Number = 0
    """Added to the deal's durability while the rule's condition holds on the
    signed agreements alone (what is merely on the table does not count)."""
    durability_when: Condition | None = None
    """The durability contribution applies only if this also holds (on the
    signed agreements): `unless a guarantee compensates`."""


class Rule(_Data):
    id: str
    title: str
    kind: Literal["red_line", "event", "modifier"]
    sources: list[str] = Field(min_length=1)
    explanation: str
    """What a student reads when the rule fires, in the project's own words."""
    condition: Condition
    seat: str | None = None
    """For a red line: whose red line it is."""
    repeat: Literal["on_entry", "each_round", "once"] = "on_entry"
    """on_entry: fires when its condition starts to hold; each_round: every round
    it holds; once: the first time only."""
    bot_rejects: list[str] = []
    """Bot seats that reject any text while this holds, with this rule as reason."""
    effects: list[Effect] = []
    modifiers: Modifiers = Modifiers()
    params: dict[str, float] = {}
    """Tunable numbers, named as `$name` in effects; lenses may override them."""


class LensOverride(_Data):
    params: dict[str, float] = {}


class Lens(_Data):
    """A reading of the war (the sources disagree): starting values and rule
    parameters that differ."""

    id: str
    title: str
    description: str = ""
    sources: list[str] = []
    indicators: dict[str, float] = {}
    """Indicator id -> starting value."""
    rules: dict[str, LensOverride] = {}


class InjectTrigger(_Data):
    """When an inject fires by itself, at the start of a round.

    Either `manual: true` (only the facilitator fires it, from the console or a
    moves file), or any of `at_round`, `when` and `chance`, which must all hold:
    `at_round: 3` fires at the start of round 3; `when:` (the rulebook's
    condition form) at the first round start at which it holds; `chance: 0.25`
    draws from the game's seeded generator at each round start. Any inject can
    also be fired by hand, whatever its trigger.
    """

    manual: bool = False
    at_round: int | None = Field(default=None, ge=1)
    when: Condition | None = None
    chance: Number | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> InjectTrigger:
        auto = [k for k in ("at_round", "when", "chance") if getattr(self, k) is not None]
        if self.manual and auto:
            raise ValueError(
                f"a manual inject is fired only by the facilitator: drop `manual: true` or drop {', '.join(auto)}"
            )
        if not self.manual and not auto:
            raise ValueError("say when the inject fires: `manual: true`, or at_round, when or chance")
        if isinstance(self.chance, int | float) and not 0 <= self.chance <= 1:
            raise ValueError(f"chance {self.chance} is a probability: give a number from 0 to 1")
        return self


class Inject(_Data):
    """An event the facilitator fires (or schedules) to steer the exercise."""

    id: str
    title: str
    text: str
    """The briefing the seats read, in the project's own words."""
    sources: list[str] = []
    to: str = "all"
    """Who receives the briefing: `all` or a seat id."""
    trigger: InjectTrigger = InjectTrigger(manual=True)
    repeatable: bool = False
    """Can it fire more than once? (By default an inject fires once a game.)"""
    effects: list[Effect] = []
    """Indicator deltas, flags, a `phase: collapse | breakdown`, notes; each block
    may carry its own `when` and `chance`."""
    set_terms: dict[str, str] = {}
    """Issue -> option put on the table by the inject (only issues on the agenda
    of the talks it leaves the game in; the others are named in its briefing)."""
    levers: list[str] = []
    """Levers the inject pulls, each for the seat that owns it: the pull counts
    as that seat's lever for the round, and the rulebook reads it as usual."""
    force_phase: str | None = None
    """Move the talks to this phase (or end state) when the inject fires."""

    @field_validator("effects")
    @classmethod
    def _inject_effects(cls, effects: list[Effect]) -> list[Effect]:
        for i, block in enumerate(effects):
            if block.standing:
                raise ValueError(
                    f"effects[{i}]: an inject cannot change a seat's standing (only rules can); "
                    "use indicators, set_flags or a note"
                )
            if block.repeat is not None:
                raise ValueError(
                    f"effects[{i}]: `repeat` belongs to rules; an inject's blocks apply each time it fires "
                    "(make the inject `repeatable: true` instead)"
                )
        return effects


class Scenario(_Data):
    id: str
    title: str
    description: str = ""
    sources: dict[str, str] = {}
    """Source key -> title, so a player can look a citation up."""
    seats: list[Seat] = Field(min_length=2)
    turn_order: list[str]
    phases: list[Phase] = Field(min_length=1)
    sequences: dict[str, list[str]] = Field(min_length=1)
    default_sequence: str
    issues: list[Issue] = Field(min_length=1)
    indicators: list[Indicator] = Field(min_length=1)
    levers: list[Lever] = []
    lenses: list[Lens] = []
    default_lens: str | None = None
    days_per_round: int = Field(default=14, ge=1)
    max_rounds: int = Field(default=12, ge=1)
    deadline_round: int | None = None
    durability_indicator: str | None = None
    """The indicator that tracks how likely the signed deal is to hold: the
    phases' bases plus the rules' durability modifiers on the signed terms,
    plus every event's deltas to it."""
    rules: list[Rule] = []
    injects: list[Inject] = []
    include: list[str] = []
    """Other YAML files (rulebook, decks) whose `rules:` and `injects:` join this."""

    # Look-ups. cached_property writes to the instance dict directly, so it
    # works on a frozen model; a scenario never changes once loaded.

    @cached_property
    def seat_ids(self) -> list[str]:
        return [s.id for s in self.seats]

    def seat(self, seat_id: str) -> Seat:
        return self._seats[seat_id]

    @cached_property
    def _seats(self) -> dict[str, Seat]:
        return {s.id: s for s in self.seats}

    def issue(self, issue_id: str) -> Issue:
        return self._issues[issue_id]

    @cached_property
    def _issues(self) -> dict[str, Issue]:
        return {i.id: i for i in self.issues}

    def phase(self, phase_id: str) -> Phase:
        return self._phases[phase_id]

    @cached_property
    def _phases(self) -> dict[str, Phase]:
        return {p.id: p for p in self.phases}

    def lever(self, lever_id: str) -> Lever:
        return self._levers[lever_id]

    @cached_property
    def _levers(self) -> dict[str, Lever]:
        return {v.id: v for v in self.levers}

    def indicator(self, indicator_id: str) -> Indicator:
        return self._indicators[indicator_id]

    @cached_property
    def _indicators(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    def lens(self, lens_id: str) -> Lens:
        return self._lenses[lens_id]

    @cached_property
    def _lenses(self) -> dict[str, Lens]:
        return {v.id: v for v in self.lenses}

    def rule(self, rule_id: str) -> Rule:
        return self._rules[rule_id]

    @cached_property
    def _rules(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    def inject(self, inject_id: str) -> Inject:
        return self._injects[inject_id]

    @cached_property
    def _injects(self) -> dict[str, Inject]:
        return {i.id: i for i in self.injects}

    def has(self, kind: str, item_id: str) -> bool:
        """Does the scenario define `item_id` among its `kind` (seat, issue, ...)?"""
        return item_id in self._tables[kind]

    @cached_property
    def _tables(self) -> dict[str, dict[str, Any]]:
        return {
            "seat": self._seats,
            "issue": self._issues,
            "phase": self._phases,
            "lever": self._levers,
            "indicator": self._indicators,
            "lens": self._lenses,
            "rule": self._rules,
            "inject": self._injects,
        }

    def agenda(self, phase_id: str) -> list[Issue]:
        """The issues that can be put on the table in this phase."""
        return [i for i in self.issues if phase_id in i.agenda]

    def ceasefire_phase(self) -> str | None:
        return next((p.id for p in self.phases if p.ceasefire), None)
