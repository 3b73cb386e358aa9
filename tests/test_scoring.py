"""Scoring: each seat's score against its brief, and why (rules.md, last section).

Every game here is scripted seat by seat (tests.rules.helpers.Table), so the
bots do not change what is scored.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT, SCENARIO
from tests.rules.helpers import Table
from wargame.model.scenario import Scenario
from wargame.rules.scoring import Score, _goal_words, score, scores


def parts(s: Score) -> dict[str, tuple[float, str]]:
    return {p: (v, why) for p, v, why in s.parts}


def test_a_new_game_scores_every_seat_50_and_says_nothing_is_signed(scenario: Scenario) -> None:
    t = Table(scenario)
    for seat, s in scores(scenario, t.state).items():
        assert s.total == 50, seat
        assert parts(s)["signed terms"] == (0.0, "no agreement signed yet")
        assert parts(s)["indicators"][0] == 0


def test_a_score_moves_with_signed_terms_the_seat_values(scenario: Scenario) -> None:
    good = Table(scenario, sequence="framework_first")
    good.sign({"eu_membership": "russia_endorses_path"})
    bad = Table(scenario, sequence="framework_first")
    bad.sign({"eu_membership": "blocked"})
    g, b = parts(score(scenario, good.state, "ukraine")), parts(score(scenario, bad.state, "ukraine"))
    assert g["signed terms"][0] > 0 > b["signed terms"][0]
    assert "good for Ukraine: EU membership path: Russia endorses the EU path" in g["signed terms"][1]
    assert "bad: EU membership path: EU path blocked" in b["signed terms"][1]
    assert score(scenario, good.state, "ukraine").total > score(scenario, bad.state, "ukraine").total
    # the same text is worth the opposite to a seat that values it the other way
    assert (
        "good for Russia: EU membership path: EU path blocked"
        in parts(score(scenario, bad.state, "russia"))["signed terms"][1]
    )


def test_signed_terms_are_valued_with_the_rules_that_hold(scenario: Scenario) -> None:
    t = Table(scenario, sequence="framework_first")
    t.sign({"territory": "freeze_no_recognition"})
    _, why = parts(score(scenario, t.state, "ukraine"))["signed terms"]
    assert scenario.rule("territory.easiest_issue").title in why  # in words, not the rule's id


def test_a_score_moves_with_the_indicators_its_brief_cares_about(scenario: Scenario) -> None:
    t = Table(scenario)
    base = score(scenario, t.state, "russia")
    t.set("russia_economy", 35)  # Russia's brief weighs its economy (0.4)
    hurt = score(scenario, t.state, "russia")
    pts, why = parts(hurt)["indicators"]
    assert pts == pytest.approx(0.4 * -20, abs=0.05)
    assert f"{scenario.indicator('russia_economy').name} -20" in why
    assert hurt.total < base.total
    # Ukraine's brief does not weigh Russia's economy
    assert parts(score(scenario, t.state, "ukraine"))["indicators"][0] == 0


def test_the_indicators_part_is_capped_and_says_so(scenario: Scenario) -> None:
    t = Table(scenario)
    t.set("ukraine_manpower", 0)
    t.set("territory_occupied_pct", 60)
    pts, why = parts(score(scenario, t.state, "ukraine"))["indicators"]
    assert pts == -15 and "capped" in why


def test_a_crossed_red_line_costs_the_seat_its_standing(scenario: Scenario) -> None:
    crossed = Table(scenario)
    crossed.sign({"ceasefire": "linked_to_framework", "foreign_forces": "european_peacekeepers"})
    clean = Table(scenario)
    clean.sign({"ceasefire": "linked_to_framework", "foreign_forces": "un_monitors"})
    s = parts(score(scenario, crossed.state, "russia"))
    assert s["standing"] == (-12.0, "red lines crossed: No NATO-country troops in Ukraine")
    assert "standing" not in parts(score(scenario, clean.state, "russia"))
    assert score(scenario, crossed.state, "russia").total < score(scenario, clean.state, "russia").total


def test_a_red_line_refused_and_kept_out_counts_for_the_seat(scenario: Scenario) -> None:
    t = Table(scenario, sequence="framework_first")
    t.round(propose={"us": {"alignment": "nato_membership"}}, votes={"us": "accept", "ukraine": "accept"})
    pts, why = parts(score(scenario, t.state, "russia"))["kept off the table"]
    assert pts == 3 and why == "refused and kept out: No NATO membership for Ukraine"
    # signed after all (Russia gave in next round): no longer kept out
    t.round(votes="accept")
    assert "kept off the table" not in parts(score(scenario, t.state, "russia"))


def test_every_part_of_every_score_explains_itself(scenario: Scenario) -> None:
    t = Table(scenario, sequence="framework_first")
    t.round(propose={"us": {"territory": "de_jure_crimea"}})
    t.sign({"territory": "freeze_no_recognition", "security_guarantee": "coalition_with_russian_veto"})
    for seat, s in scores(scenario, t.state).items():
        assert 0 <= s.total <= 100
        assert {"signed terms", "indicators"} <= set(parts(s)), seat
        for part, _, why in s.parts:
            assert why.strip(), (seat, part)
        assert s.total == pytest.approx(max(0, min(100, 50 + sum(v for _, v, _ in s.parts))), abs=0.11)
    ukraine = parts(score(scenario, t.state, "ukraine"))
    assert scenario.rule("redline.russian_veto_over_guarantee").title in ukraine["standing"][1]
    assert scenario.rule("redline.legal_recognition_of_annexation").title in ukraine["kept off the table"][1]


def test_the_json_summary_has_scores_for_every_seat(tmp_path) -> None:
    moves = {
        "sequence": "framework_first",
        "seats": {"us": "script", "russia": "script", "ukraine": "script", "europe": "script"},
        "rounds": [
            {
                "moves": [
                    {
                        "seat": "us",
                        "propose": {"territory": "freeze_no_recognition", "alignment": "military_neutrality"},
                    },
                    # europe does not sign this text (a respond from it is an error)
                    *({"seat": s, "respond": "accept"} for s in ("us", "russia", "ukraine")),
                ]
            }
        ],
    }
    path = tmp_path / "moves.yaml"
    path.write_text(yaml.safe_dump(moves), encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "wargame",
            "run",
            SCENARIO,
            "--json",
            "--moves",
            str(path),
            "--save",
            str(tmp_path / "g.jsonl"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert set(summary["scores"]) == {"us", "russia", "ukraine", "europe"}
    for seat, s in summary["scores"].items():
        assert 0 <= s["total"] <= 100, seat
        assert all(set(p) == {"part", "points", "why"} for p in s["parts"])
        assert any(p["part"] == "signed terms" and "Territory: Freeze, no recognition" in p["why"] for p in s["parts"])


def test_objectives_lead_the_score_and_say_which_were_met(scenario: Scenario) -> None:
    """The brief's objectives (the profile's goals) lead the score (issue 10)."""
    met = Table(scenario, sequence="framework_first")
    met.sign({"eu_membership": "russia_endorses_path", "territory": "freeze_no_recognition"})
    missed = Table(scenario, sequence="framework_first")
    missed.sign({"eu_membership": "blocked", "territory": "de_jure_crimea"})
    g, b = parts(score(scenario, met.state, "ukraine")), parts(score(scenario, missed.state, "ukraine"))
    assert g["objectives"][0] > b["objectives"][0]
    assert "met: " in g["objectives"][1] and "eu_path" not in g["objectives"][1]
    assert words(scenario, "ukraine", "eu_path") in b["objectives"][1].split("missed:")[1]
    assert abs(g["objectives"][0]) <= 30 and abs(b["objectives"][0]) <= 30


def test_objectives_count_nothing_before_anything_is_signed(scenario: Scenario) -> None:
    t = Table(scenario)
    assert parts(score(scenario, t.state, "russia"))["objectives"][0] == 0
    assert "durability" not in parts(score(scenario, t.state, "russia"))


def test_a_lens_changes_a_seats_objectives(scenario: Scenario) -> None:
    """Under leverage Kyiv's brief refuses formal neutrality (src-002); under restraint it is not scored."""
    terms = {"alignment": "military_neutrality", "eu_membership": "russia_endorses_path"}
    lev = Table(scenario, sequence="framework_first", lens="leverage")
    lev.sign(terms)
    res = Table(scenario, sequence="framework_first", lens="restraint")
    res.sign(terms)
    assert (
        words(scenario, "ukraine", "no_formal_neutrality")
        in parts(score(scenario, lev.state, "ukraine"))["objectives"][1]
    )
    assert (
        words(scenario, "ukraine", "no_formal_neutrality")
        not in parts(score(scenario, res.state, "ukraine"))["objectives"][1]
    )


def test_durability_is_a_part_not_the_whole(scenario: Scenario) -> None:
    t = Table(scenario, sequence="framework_first")
    t.sign({"eu_membership": "russia_endorses_path"})
    pts, why = parts(score(scenario, t.state, "europe"))["durability"]
    assert 0 < pts <= 10 and scenario.indicator("deal_durability").name in why
    assert scenario.indicator("deal_durability").name not in parts(score(scenario, t.state, "europe"))["indicators"][1]


def words(scenario: Scenario, seat: str, goal: str) -> str:
    """A goal as the score names it: its text, without the source keys."""
    g = next(g for g in scenario.seat(seat).profile.goals if g.id == goal)
    return _goal_words(g)
