"""The bundled decks: they validate, the default deck is drawn from the sources
(cited, in the project's own words) and forces nothing on a game, and the
scenario includes it."""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, SCENARIO
from wargame.content.loader import load_addendum, load_scenario
from wargame.model.scenario import Scenario

FACILITATOR = os.path.join(ROOT, "facilitator")
DEFAULT_DECK = os.path.join(FACILITATOR, "ukraine-2025-deck.yaml")
EXAMPLE_DECK = os.path.join(FACILITATOR, "example-deck.yaml")
SOURCES = os.path.join(ROOT, "..", "shared", "sources")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wargame", *args], capture_output=True, text=True, cwd=ROOT)


def test_wargame_validate_passes_for_every_bundled_deck() -> None:
    decks = sorted(glob.glob(os.path.join("facilitator", "*.yaml"), root_dir=ROOT))
    assert "facilitator/ukraine-2025-deck.yaml" in decks and "facilitator/example-deck.yaml" in decks
    proc = _cli("validate", *decks)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(": ok") == len(decks)


def test_the_scenario_includes_the_default_deck(scenario: Scenario) -> None:
    deck = load_addendum(DEFAULT_DECK)
    assert {i.id for i in deck.injects} <= {i.id for i in scenario.injects}


REQUIRED = {
    "oval_office_blowup": ["pause_aid"],
    "us_russia_direct_talks": ["bilateral_talks_with_russia"],
    "winter_energy_strikes": [],
    "kursk_ground_lost": [],
    "north_korean_troops": [],
    "deadline_secondary_tariffs": [],
    "proxy_attack_mining_staff": [],
    "eu_sanctions_package": [],
    "congress_blocks_relief": [],
    "deep_drone_strike": [],
    "russian_mobilization_decree": [],
    "european_reassurance_force": [],
    "ceasefire_violation": [],
}


def test_the_default_deck_has_the_events_the_issue_asks_for(scenario: Scenario) -> None:
    deck = load_addendum(DEFAULT_DECK)
    ids = {i.id: i for i in deck.injects}
    assert len(ids) >= 12
    for inject_id, levers in REQUIRED.items():
        assert inject_id in ids, inject_id
        assert ids[inject_id].levers == levers
    for inject in deck.injects:
        assert inject.sources, f"{inject.id} cites no source"
        assert set(inject.sources) <= set(scenario.sources), inject.id
        assert inject.trigger.manual, f"{inject.id}: the default deck forces nothing on a game"
    assert "ceasefire_violation" in ids["ceasefire_violation"].effects[0].set_flags
    assert any(i.to != "all" for i in deck.injects), "one inject speaks to one seat only"
    assert any(i.set_terms for i in deck.injects) and any(i.force_phase for i in deck.injects)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


@pytest.mark.skipif(
    not os.path.isdir(SOURCES),
    reason="checks that no deck copies a source word for word; needs the analysis texts in ../shared/sources, "
    "which only the developers have beside a clone (nothing is wrong with your install)",
)
@pytest.mark.parametrize(
    "path",
    [
        DEFAULT_DECK,
        EXAMPLE_DECK,
        os.path.join(FACILITATOR, "README.md"),
        os.path.join(FACILITATOR, "example-events.csv"),
    ],
)
def test_no_sentence_is_pasted_from_the_sources(path: str) -> None:
    """No run of eight words in our texts appears in a source document."""
    n = 8
    grams: set[tuple[str, ...]] = set()
    for src in glob.glob(os.path.join(SOURCES, "*.txt")):
        with open(src, encoding="utf-8") as fh:
            words = _words(fh.read())
        grams |= {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
    with open(path, encoding="utf-8") as fh:
        ours = _words(fh.read())
    pasted = [" ".join(ours[i : i + n]) for i in range(len(ours) - n + 1) if tuple(ours[i : i + n]) in grams]
    assert not pasted, pasted[:3]


def test_the_example_deck_shows_every_trigger_kind() -> None:
    deck = load_addendum(EXAMPLE_DECK)
    triggers = [i.trigger for i in deck.injects]
    assert any(t.at_round for t in triggers)
    assert any(t.when for t in triggers)
    assert any(t.chance for t in triggers)
    assert any(t.manual for t in triggers)
    assert all(i.sources for i in deck.injects)


def test_the_default_deck_forces_nothing_on_a_bot_game(tmp_path: Path) -> None:
    proc = _cli("run", SCENARIO, "--json", "--seed", "4", "--rounds", "4", "--save", str(tmp_path / "g.jsonl"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["injects"] == []


def test_a_deck_validates_alone_against_the_bundled_scenario() -> None:
    proc = _cli("validate", "facilitator/example-deck.yaml")
    assert proc.returncode == 0, proc.stderr
    scenario, _ = load_scenario(SCENARIO, [EXAMPLE_DECK])
    assert scenario.has("inject", "envoy_shuttle") and scenario.has("inject", "oval_office_blowup")


def test_the_deck_files_keep_to_the_yaml_style() -> None:
    for path in (DEFAULT_DECK, EXAMPLE_DECK):
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        assert set(data) <= {"title", "description", "injects"}
