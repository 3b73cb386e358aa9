"""`wargame rules` and `wargame explain`: the rulebook in words."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT
from wargame.errors import UnknownId
from wargame.model.scenario import Scenario
from wargame.review.rulebook import WIDTH, explain, rules_table, suggest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wargame", *args], capture_output=True, text=True, cwd=ROOT)


def test_explain_the_wedge_with_its_source_and_numbers_resolved() -> None:
    proc = _run("explain", "wedge.eu_troops_without_us_backstop")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("wedge.eu_troops_without_us_backstop: European troops without a US backstop")
    assert "src-002: The Right U.S. Strategy for Russia-Ukraine Negotiations" in out
    assert "wedge" in out and "Washington" in out
    assert "transatlantic_cohesion -15, escalation_risk +10" in out
    assert "with a chance of 15% each round" in out
    assert "russia's reservation +5" in out
    assert "$" not in out.replace("$300bn", ""), "every $parameter is resolved"


def test_explain_resolves_products_and_shows_other_lenses(scenario: Scenario) -> None:
    text = explain(scenario, "attrition.clock")
    assert "russia_casualties_k +21" in text, "1.5k a day times 14 days"
    assert "Parameters (lens restraint):" in text and "economy_decay=1" in text
    assert "Under the leverage lens: casualties_per_day=1.5, economy_decay=2" in text
    leverage = explain(scenario, "attrition.clock", lens="leverage")
    assert "russia_economy -2" in leverage and "Parameters (lens leverage):" in leverage


def test_explain_wraps_every_rule_cleanly(scenario: Scenario) -> None:
    for rule in scenario.rules:
        text = explain(scenario, rule.id)
        assert all(len(line) <= WIDTH for line in text.splitlines()), rule.id
        assert "$" not in text.replace("$300bn", ""), rule.id
        paragraph = text.split("\n\n")[1]
        assert " ".join(paragraph.split()) == " ".join(rule.explanation.split()), rule.id


def test_explain_a_red_line_says_who_rejects_and_what_crossing_costs(scenario: Scenario) -> None:
    text = " ".join(explain(scenario, "redline.nato_membership").split())
    assert "Kind: red line of russia" in text
    assert "a russia bot rejects such a text" in text
    assert "deal_durability -15; standing: russia -15" in text
    assert "deal_durability -8; standing: russia -8" in text
    assert "none of:" in text, "the Norway conditions are set out as a list"


def test_explain_an_unknown_rule_exits_2_with_a_did_you_mean() -> None:
    proc = _run("explain", "wedge.eu_troops")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "unknown rule 'wedge.eu_troops'; did you mean 'wedge.eu_troops_without_us_backstop'?" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("wedge.eu_troops", "wedge.eu_troops_without_us_backstop"),
        ("attrition.clok", "attrition.clock"),
        ("neutrality_for_eu_path", "framework.neutrality_for_eu_path"),
        ("redline.nato", "redline.nato_membership"),
        ("Attrition.Clock", "attrition.clock"),
    ],
)
def test_suggest_names_the_rule_a_typo_meant(scenario: Scenario, typed: str, meant: str) -> None:
    assert suggest(typed, [r.id for r in scenario.rules]) == meant


def test_explain_an_unknown_rule_without_a_near_match_still_points_to_the_list(scenario: Scenario) -> None:
    with pytest.raises(UnknownId) as exc:
        explain(scenario, "zzz")
    assert "did you mean" not in str(exc.value) and "wargame rules" in str(exc.value)


def test_rules_lists_every_rule_with_kind_title_and_sources(scenario: Scenario) -> None:
    proc = _run("rules")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["id", "kind", "title", "sources"]
    assert len(lines) == 2 + len(scenario.rules)
    assert proc.stdout == rules_table(scenario) + "\n"
    row = next(line for line in lines if line.startswith("redline.us_troops "))
    assert "red_line" in row and "No American troops in Ukraine" in row and row.endswith("src-001, src-004")
