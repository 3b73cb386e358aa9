"""How a bot's public statement names terms and the rules it will not cross
(in the scenario's words, never its ids)."""

from __future__ import annotations

from wargame.model.scenario import Scenario


def term_words(scenario: Scenario, issue: str, option: str) -> str:
    """A term as the scenario names it ("Ceasefire: a 30-day truce"), for a public statement."""
    spec = scenario.issue(issue)
    label = next((o.label for o in spec.options if o.id == option), option)
    return f"{spec.title}: {label}"


def blocking_title(scenario: Scenario, seat: str, reason: str) -> str:
    """A refusal's reason (a rule or a stance of the seat) in words."""
    if reason.startswith("stance."):
        sid = reason.split(".", 2)[2]
        stance = next(s for s in scenario.seat(seat).profile.stances if s.id == sid)
        return (stance.why or sid).rstrip(".")
    return scenario.rule(reason).title.lower()
