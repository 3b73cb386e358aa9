"""Personas: at least three a seat, chosen per seat, and they play differently."""

from __future__ import annotations

import pytest

from tests.bots.conftest import start
from wargame.bots.deals import Finder
from wargame.bots.personas import DIFFICULTIES, for_difficulty, persona, solo_personas
from wargame.errors import UnknownId
from wargame.model.scenario import Scenario
from wargame.session.simulate import Batch, run_batch, summarize


def test_every_seat_has_a_hardliner_a_pragmatist_and_a_conceder(scenario: Scenario) -> None:
    for seat in scenario.seats:
        assert {"hardliner", "pragmatist", "conceder"} <= {p.id for p in seat.personas}
        assert {for_difficulty(scenario, seat.id, d).id for d in DIFFICULTIES} == {  # type: ignore[union-attr]
            "conceder",
            "pragmatist",
            "hardliner",
        }


def test_a_hardliner_asks_more_than_a_pragmatist_who_asks_more_than_a_conceder(scenario: Scenario) -> None:
    state = start(scenario).state
    for seat in scenario.seat_ids:
        finder = Finder(scenario, state)
        asks = [
            finder.ctx.judge(seat).offset(persona(scenario, seat, name))
            for name in ("hardliner", "pragmatist", "conceder")
        ]
        assert asks[0] > asks[1] > asks[2], seat


def test_a_hardliner_russia_makes_peace_rarer_than_a_conceder(scenario: Scenario) -> None:
    def peace(name: str) -> float:
        batch = Batch(games=6, seed=3, lens="leverage", personas={"russia": name})
        return summarize(scenario, batch, run_batch(scenario, batch, jobs=1))["outcomes_pct"]["peace"]

    assert peace("hardliner") < peace("conceder")


def test_unknown_persona_is_refused_with_the_known_ones(scenario: Scenario) -> None:
    with pytest.raises(UnknownId, match="hardliner"):
        persona(scenario, "russia", "dove")


def test_solo_difficulty_picks_personas_for_the_other_seats(scenario: Scenario) -> None:
    hard = solo_personas(scenario, "hard", players=["ukraine"])
    assert "ukraine" not in hard and set(hard.values()) == {"hardliner"}
    assert set(solo_personas(scenario, "easy").values()) == {"conceder"}


def test_the_bundled_bot_profiles_name_only_known_ids(scenario: Scenario) -> None:
    from wargame.content.checks import check_profiles as check

    assert check(scenario) == []


def test_a_lever_policy_for_another_seats_lever_is_a_problem(scenario: Scenario) -> None:
    from wargame.content.checks import check_profiles as check
    from wargame.model.scenario import LeverPolicy

    us = scenario.seat("us")
    bad_profile = us.profile.model_copy(update={"levers": [LeverPolicy(lever="offensive")]})
    bad = scenario.model_copy(
        update={"seats": [s if s.id != "us" else s.model_copy(update={"profile": bad_profile}) for s in scenario.seats]}
    )
    problems = check(bad)
    assert problems and "offensive" in problems[0][1]


def test_a_plain_bot_plays_the_persona_tagged_normal(scenario: Scenario) -> None:
    from wargame.bots.personas import default_persona

    us = scenario.seat("us")
    assert (default_persona(us) or us.personas[0]).difficulty == "normal"
    flipped = us.model_copy(
        update={
            "personas": [
                p.model_copy(update={"difficulty": {"normal": "hard", "hard": "normal"}.get(p.difficulty or "")})
                for p in us.personas
            ]
        }
    )
    chosen = default_persona(flipped)
    assert chosen is not None and chosen.id == "hardliner", "the tag decides, not the persona's name"
