"""The models: frozen, closed to unknown fields, and exact through JSON."""

from __future__ import annotations

import json
import typing
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from wargame.model import actions as a
from wargame.model import conditions as c
from wargame.model import events as e
from wargame.model.scenario import Scenario
from wargame.model.state import GameState, TableTerm


def _members(union: Any) -> list[type[BaseModel]]:
    """The classes of an `Annotated[Union[...], Field(discriminator=...)]`,
    with the members of a nested one (the facilitator's commands)."""
    inner = typing.get_args(union)[0]
    out: list[type[BaseModel]] = []
    for member in typing.get_args(inner):
        out += _members(member) if typing.get_origin(member) is typing.Annotated else [member]
    return out


def _kind(model: type[BaseModel]) -> str:
    return str(typing.get_args(model.model_fields["kind"].annotation)[0])


# One sample of every event kind, with the optional fields filled in, so a
# round trip has something to lose.
EVENT_SAMPLES: dict[str, dict[str, Any]] = {
    "game_started": {
        "scenario": "ukraine-2025",
        "seed": 7,
        "lens": "restraint",
        "sequence": "ceasefire_first",
        "max_rounds": 12,
        "deadline_round": 4,
        "seats": {"us": "human", "russia": "bot:hardliner"},
    },
    "round_started": {"round": 3, "phase": "framework"},
    "proposed": {"seat": "us", "terms": {"ceasefire": "thirty_day", "dmz": "none"}, "why": "a test"},
    "lever_used": {"seat": "us", "lever": "pause_aid", "deltas": {"us_commitment": -5.0}, "why": "pressure"},
    "message_sent": {"seat": "russia", "to": "us", "text": "No NATO troops.", "issue": "foreign_forces"},
    "turn_ended": {"seat": "europe", "why": "done"},
    "voting_opened": {"signatories": ["russia", "ukraine"], "terms": {"ceasefire": "thirty_day"}},
    "vote_cast": {
        "seat": "russia",
        "response": "reject",
        "reasons": ["redline.western_troops_in_ukraine"],
        "crossed": [],
        "why": "no",
    },
    "agreement_signed": {"phase": "ceasefire", "round": 2, "terms": {"ceasefire": "thirty_day"}},
    "rule_fired": {
        "rule": "attrition.clock",
        "rule_kind": "event",
        "outcome": "crossed",
        "seat": "russia",
        "title": "The clock",
        "explanation": "Time costs.",
        "sources": ["src-001"],
        "deltas": {"momentum": 1.5},
        "standing": {"russia": -2.0},
        "set_flags": ["a"],
        "clear_flags": ["b"],
        "phase_trigger": "breakdown",
        "rolls": [0.123456],
    },
    "inject_fired": {
        "inject": "oval_office_blowup",
        "title": "A blow-up",
        "text": "Words are exchanged.",
        "to": "ukraine",
        "sources": ["src-000"],
        "deltas": {"us_commitment": -10.0},
        "set_terms": {"ceasefire": "none"},
        "set_flags": ["x"],
        "clear_flags": ["y"],
        "reason": "scheduled",
        "queued_round": 2,
    },
    "phase_changed": {
        "from": "ceasefire",
        "to": "framework",
        "trigger": "sign",
        "reason": "signed",
        "table": {"foreign_forces": "none"},
    },
    "agreement_voided": {"phase": "ceasefire", "reason": "it broke down"},
    "facilitator": {
        "command": "set_indicator",
        "reason": "tune",
        "indicator": "momentum",
        "value": 12.5,
        "phase": None,
    },
    "durability_assessed": {"value": 42.5, "parts": {"ceasefire agreement": 30.0, "rule.x": 12.5}},
    "round_ended": {"round": 3, "indicators": {"momentum": 28.0}, "streaks": {"attrition.clock": 3}},
    "game_ended": {"status": "peace", "reason": "a treaty"},
    "seat_handed_over": {"seat": "us", "player": "bot:hardliner", "reason": "the team left"},
    "inject_queued": {"inject": "oval_office_blowup", "round": 3, "reason": "r"},
    "inject_unqueued": {"inject": "oval_office_blowup", "round": 3, "reason": "r"},
}

ACTION_SAMPLES: dict[str, dict[str, Any]] = {
    "propose": {"seat": "us", "terms": {"ceasefire": "thirty_day"}, "why": "w"},
    "lever": {"seat": "us", "lever": "pause_aid", "why": "w"},
    "message": {"seat": "us", "to": "russia", "text": "hello", "issue": "dmz"},
    "end_turn": {"seat": "us", "why": "w"},
    "respond": {"seat": "us", "response": "accept", "reasons": ["r"], "why": "w"},
    "inject": {"inject": "oval_office_blowup", "reason": "r"},
    "facilitator": {"command": "force_phase", "reason": "r", "phase": "treaty"},
    "hand_over": {"seat": "us", "player": "bot", "reason": "r"},
    "queue_inject": {"inject": "oval_office_blowup", "round": 3, "reason": "r"},
    "unqueue_inject": {"inject": "oval_office_blowup", "round": 3, "reason": "r"},
}


def test_every_event_kind_has_a_sample() -> None:
    assert {_kind(m) for m in _members(e.Event)} == set(EVENT_SAMPLES)


def test_every_action_kind_has_a_sample() -> None:
    assert {_kind(m) for m in _members(a.Action)} == set(ACTION_SAMPLES)


@pytest.mark.parametrize("kind", sorted(EVENT_SAMPLES))
def test_event_round_trips_through_json(kind: str) -> None:
    event = e.EVENT.validate_python({"kind": kind, **EVENT_SAMPLES[kind]})
    assert event.kind == kind
    text = e.dump_event(event)
    again = e.EVENT.validate_json(text)
    assert again == event
    assert type(again) is type(event)
    assert e.dump_event(again) == text, "the canonical JSON must be stable (the hash chain depends on it)"


def test_phase_changed_writes_its_from_field_as_from() -> None:
    event = e.EVENT.validate_python({"kind": "phase_changed", **EVENT_SAMPLES["phase_changed"]})
    assert isinstance(event, e.PhaseChanged)
    assert event.from_ == "ceasefire"
    assert json.loads(e.dump_event(event))["from"] == "ceasefire"


@pytest.mark.parametrize("kind", sorted(ACTION_SAMPLES))
def test_action_round_trips_through_json(kind: str) -> None:
    action = a.ACTION.validate_python({"kind": kind, **ACTION_SAMPLES[kind]})
    assert action.kind == kind
    again = a.ACTION.validate_json(action.model_dump_json())
    assert again == action
    assert type(again) is type(action)


def test_the_event_tag_is_required_in_the_schema() -> None:
    schema = TypeAdapter(e.Event).json_schema()
    for name, definition in schema["$defs"].items():
        if "kind" in definition.get("properties", {}):
            assert "kind" in definition.get("required", []), f"{name}: the kind tag must be required"


def test_an_event_without_its_tag_is_refused() -> None:
    with pytest.raises(ValidationError):
        e.EVENT.validate_python({"round": 1, "phase": "ceasefire"})


def test_an_event_with_an_unknown_tag_is_refused() -> None:
    with pytest.raises(ValidationError):
        e.EVENT.validate_python({"kind": "round_begun", "round": 1, "phase": "ceasefire"})


@pytest.mark.parametrize("kind", sorted(EVENT_SAMPLES))
def test_event_refuses_an_unknown_field(kind: str) -> None:
    with pytest.raises(ValidationError) as info:
        e.EVENT.validate_python({"kind": kind, **EVENT_SAMPLES[kind], "surprise": 1})
    assert any(err["type"] == "extra_forbidden" for err in info.value.errors())


@pytest.mark.parametrize("kind", sorted(ACTION_SAMPLES))
def test_action_refuses_an_unknown_field(kind: str) -> None:
    with pytest.raises(ValidationError) as info:
        a.ACTION.validate_python({"kind": kind, **ACTION_SAMPLES[kind], "seet": "us"})
    assert any(err["type"] == "extra_forbidden" for err in info.value.errors())


@pytest.mark.parametrize("kind", sorted(EVENT_SAMPLES))
def test_event_is_frozen(kind: str) -> None:
    event = e.EVENT.validate_python({"kind": kind, **EVENT_SAMPLES[kind]})
    with pytest.raises(ValidationError):
        event.kind = "other"  # type: ignore[misc,assignment]


@pytest.mark.parametrize("kind", sorted(ACTION_SAMPLES))
def test_action_is_frozen(kind: str) -> None:
    action = a.ACTION.validate_python({"kind": kind, **ACTION_SAMPLES[kind]})
    with pytest.raises(ValidationError):
        action.kind = "other"  # type: ignore[misc,assignment]


def test_propose_needs_at_least_one_term() -> None:
    with pytest.raises(ValidationError):
        a.Propose(kind="propose", seat="us", terms={})


def test_respond_is_accept_or_reject() -> None:
    with pytest.raises(ValidationError):
        a.ACTION.validate_python({"kind": "respond", "seat": "us", "response": "maybe"})


def test_facilitator_command_is_one_of_the_known_commands() -> None:
    with pytest.raises(ValidationError):
        a.ACTION.validate_python({"kind": "facilitator", "command": "delete_game"})


def test_message_text_may_not_be_empty() -> None:
    with pytest.raises(ValidationError):
        a.Message(kind="message", seat="us", text="")


# ---- the scenario ---------------------------------------------------------


def test_scenario_is_frozen(scenario: Scenario) -> None:
    with pytest.raises(ValidationError):
        scenario.id = "other"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        scenario.seats[0].name = "other"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        scenario.issues[0].options[0].label = "other"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        scenario.rules[0].title = "other"  # type: ignore[misc]


def test_scenario_refuses_an_unknown_field(scenario: Scenario) -> None:
    data = scenario.model_dump(by_alias=True, exclude_unset=True)
    Scenario.model_validate(data)  # the dump itself is valid
    with pytest.raises(ValidationError) as info:
        Scenario.model_validate({**data, "max_round": 3})
    assert [err["loc"] for err in info.value.errors()] == [("max_round",)]
    seats = [dict(data["seats"][0], nmae="x"), *data["seats"][1:]]
    with pytest.raises(ValidationError) as info:
        Scenario.model_validate({**data, "seats": seats})
    assert [err["loc"] for err in info.value.errors()] == [("seats", 0, "nmae")]


def test_scenario_round_trips_through_json(scenario: Scenario) -> None:
    again = Scenario.model_validate_json(scenario.model_dump_json(by_alias=True))
    assert again == scenario


def test_scenario_lookups(scenario: Scenario) -> None:
    assert scenario.seat("us").name
    assert scenario.has("issue", "ceasefire")
    assert not scenario.has("issue", "ceasefires")
    assert scenario.ceasefire_phase() == "ceasefire"
    assert [i.id for i in scenario.agenda("ceasefire")] == ["ceasefire", "dmz", "foreign_forces"]


# ---- conditions -------------------------------------------------------------

CONDITION = TypeAdapter(c.Condition)


@pytest.mark.parametrize(
    "data, model",
    [
        ({"all": [{"flag": "x"}, {"lens": ["leverage"]}]}, c.AllOf),
        ({"any": [{"flag": "x"}]}, c.AnyOf),
        ({"not": {"flag": "x"}}, c.NotCond),
        ({"at_least": {"count": 1, "of": [{"flag": "x"}]}}, c.AtLeast),
        ({"term": {"issue": "dmz", "in": ["none"], "where": "agreed", "by": "us"}}, c.TermCond),
        ({"indicator": {"id": "momentum", "above": 10}}, c.IndicatorCond),
        ({"phase": ["ceasefire"]}, c.PhaseCond),
        ({"round": {"at_least": 3}}, c.RoundCond),
        ({"deadline_passed": True}, c.DeadlineCond),
        ({"agreement": ["framework"]}, c.AgreementCond),
        ({"lever": {"id": "pause_aid", "used": "ever"}}, c.LeverCond),
        ({"lens": ["restraint"]}, c.LensCond),
        ({"flag": "incident"}, c.FlagCond),
        ({"streak": {"rule": "r", "at_least": 3}}, c.StreakCond),
    ],
)
def test_condition_form_is_picked_by_its_key(data: dict[str, Any], model: type[BaseModel]) -> None:
    cond = CONDITION.validate_python(data)
    assert type(cond) is model
    assert CONDITION.validate_python(cond.model_dump(by_alias=True, exclude_defaults=True)) == cond


@pytest.mark.parametrize(
    "data",
    [
        {"flag": "x", "lens": ["restraint"]},  # two keys
        {"flags": "x"},  # no known key
        {"term": {"issue": "dmz", "in": ["none"], "were": "table"}},  # unknown field inside
        {"indicator": {"id": "momentum"}},  # no bound
        {"term": {"issue": "dmz", "in": []}},  # nothing to match
        "flag: x",  # not a mapping
    ],
)
def test_a_malformed_condition_is_refused(data: Any) -> None:
    with pytest.raises(ValidationError):
        CONDITION.validate_python(data)


def test_a_condition_with_two_keys_says_what_a_condition_is() -> None:
    with pytest.raises(ValidationError) as info:
        CONDITION.validate_python({"flag": "x", "lens": ["restraint"]})
    assert "exactly one of" in str(info.value)


# ---- the state ----------------------------------------------------------------


def test_state_fork_is_independent() -> None:
    state = GameState(
        indicators={"momentum": 1.0}, flags=["a"], table={"dmz": TableTerm(option="none", by="us", round=1)}
    )
    fork = state.fork()
    fork.indicators["momentum"] = 2.0
    fork.flags.append("b")
    fork.table["ceasefire"] = TableTerm(option="thirty_day", by="us", round=1)
    assert state.indicators == {"momentum": 1.0}
    assert state.flags == ["a"]
    assert list(state.table) == ["dmz"]


def test_state_refuses_an_unknown_field() -> None:
    with pytest.raises(ValidationError):
        GameState.model_validate({"statuss": "peace"})
