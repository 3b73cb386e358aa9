"""The exercise planners' formats: an MSEL round trip (export then import gives
the same deck), HSEEP/Conducttr columns mapped by header, the executed MSEL of
a game, and the AAR/IP with P/S/M/U ratings from the record."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.review.test_debrief import crossed_game
from wargame.cli import main
from wargame.content.loader import ScenarioTexts, load_addendum, load_scenario
from wargame.errors import ContentError
from wargame.model.scenario import Scenario
from wargame.review.aar import RATINGS, aar_html, aar_markdown, after_action, executed_msel
from wargame.review.report import build
from wargame.session.msel import is_msel, read_msel
from wargame.store.savefile import load_save

DECKS = ["facilitator/ukraine-2025-deck.yaml", "facilitator/example-deck.yaml"]


@pytest.fixture(scope="module")
def bare_scenario(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled scenario without its deck, so a deck can be imported beside it."""
    text = (Path(ROOT) / "scenarios" / "ukraine-2025.yaml").read_text()
    rules = Path(ROOT) / "scenarios" / "ukraine-2025.rules.yaml"
    text = text.replace(
        "include: [ukraine-2025.rules.yaml, ../facilitator/ukraine-2025-deck.yaml]", f"include: [{rules}]"
    )
    assert str(rules) in text
    path = tmp_path_factory.mktemp("bare") / "bare.yaml"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize("deck", DECKS)
def test_export_then_import_gives_the_same_deck(deck: str, bare_scenario: str, tmp_path: Path) -> None:
    sheet, back = tmp_path / "msel.csv", tmp_path / "back.yaml"
    assert main(["deck", "export", str(Path(ROOT) / deck), "-o", str(sheet), "--scenario", bare_scenario]) == 0
    header = next(csv.reader(io.StringIO(sheet.read_text())))
    assert header[:10] == [
        "MSEL #",
        "Time",
        "Inject ID",
        "Event Synopsis",
        "Inject",
        "Responsible Controller",
        "Method",
        "Intended Player",
        "Expected Player Response",
        "Objective/Capability",
    ]
    assert main(["deck", "import", str(sheet), "-o", str(back), "--scenario", bare_scenario]) == 0
    assert load_addendum(str(back)).injects == load_addendum(str(Path(ROOT) / deck)).injects


def test_an_edited_wording_in_the_sheet_wins_over_the_definition(bare_scenario: str, tmp_path: Path) -> None:
    sheet = tmp_path / "msel.csv"
    deck = str(Path(ROOT) / DECKS[0])
    assert main(["deck", "export", deck, "-o", str(sheet), "--scenario", bare_scenario]) == 0
    rows = list(csv.DictReader(io.StringIO(sheet.read_text())))
    conditional = next(r for r in rows if r["Definition (wargame)"])
    conditional["Event Synopsis"] = "A new title typed in the spreadsheet"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    scenario, _ = load_scenario(bare_scenario)
    injects, _ = read_msel("msel.csv", buf.getvalue(), scenario)
    got = next(i for i in injects if i["id"] == conditional["Inject ID"])
    assert got["title"] == "A new title typed in the spreadsheet"
    assert got["effects"]  # the conditional effects came from the definition


HSEEP = """\
MSEL #,Time,Event Synopsis,Inject,Responsible Controller,Method,Intended Player,Expected Player Response,Objective/Capability,Faction,Colour
1,Round 2,Shelling near the plant,"Shells land near the nuclear plant; the agency asks for a monitored zone.",Lead controller,Read aloud,All players,Table a monitored DMZ,Ceasefire mechanics,Blue,red
2,,A quiet word,"A message for the American delegation only.",Lead controller,Email,United States,,Alliance management,Blue,
"""


def test_hseep_and_conducttr_columns_are_mapped_by_header(scenario: Scenario) -> None:
    header = next(csv.reader(io.StringIO(HSEEP)))
    assert is_msel(header)
    assert not is_msel(["round", "inject id", "title", "text", "target seat", "effects", "sources"])
    injects, notes = read_msel("plan.csv", HSEEP, scenario)
    assert [i["id"] for i in injects] == ["shelling_near_the_plant", "a_quiet_word"]
    assert injects[0]["trigger"] == {"at_round": 2} and "to" not in injects[0]
    assert injects[1]["to"] == "us" and injects[1]["trigger"] == {"manual": True}
    assert any("'Colour'" in n for n in notes)  # an unknown column, reported
    assert any("Responsible Controller" in n and "not kept" in n for n in notes)


def test_a_bad_msel_row_names_its_line(scenario: Scenario) -> None:
    bad = HSEEP.replace("Round 2", "Day 1 09:00").replace("United States", "Canada")
    with pytest.raises(ContentError) as err:
        read_msel("plan.csv", bad, scenario)
    text = str(err.value)
    assert "plan.csv:2:1: time: 'Day 1 09:00' is not a round" in text
    assert "plan.csv:3:1: intended player: unknown seat 'Canada'" in text


def test_deck_export_refuses_bad_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deck", "export", str(tmp_path / "none.yaml")]) == 2
    assert "no such deck file" in capsys.readouterr().err
    deck = str(Path(ROOT) / DECKS[1])
    assert main(["deck", "export", deck, "-o", str(tmp_path / "no" / "x.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_the_executed_msel_lists_the_injects_fired(debrief_save: str) -> None:
    loaded = load_save(debrief_save)
    rows = list(csv.DictReader(io.StringIO(executed_msel(build(loaded)))))
    assert len(rows) == 1 and rows[0]["Intended Player"] == "United States"
    assert rows[0]["Why now (facilitator)"] == "the facilitator's choice"
    assert rows[0]["Responsible Controller"] == "Facilitator"
    assert "United States" in rows[0]["Actual Player Response"]
    public = list(csv.DictReader(io.StringIO(executed_msel(build(loaded, view="public")))))
    assert public == []  # a private inject stays out of the public view


def test_the_aar_rates_objectives_from_the_record(scenario: Scenario, texts: ScenarioTexts, tmp_path: Path) -> None:
    path = str(tmp_path / "crossed.jsonl")
    crossed_game(scenario, texts, path)
    a = after_action(build(load_save(path)))
    by_title = {o.title: o for o in a.objectives}
    assert by_title["Reach the Framework agreement"].rating == "P"
    assert by_title["Reach the Treaty agreement"].rating == "U"
    ukraine = by_title["Ukraine: the objectives of its brief"]
    assert ukraine.rating in ("M", "U") and "crossed its own red line" in ukraine.evidence
    assert all(o.rating in RATINGS for o in a.objectives)
    assert any("No legal recognition of annexed land" in s for s in a.improvements)
    md = aar_markdown(a)
    for heading in ("## Exercise overview", "## Analysis of objectives", "## Strengths", "## Areas for improvement"):
        assert heading in md
    assert md.count("| | | | |") == len(a.improvements)  # the blank improvement plan
    page = aar_html(a)
    assert page.startswith("<!DOCTYPE html>") and 'class="plan"' in page


def test_the_aar_in_the_public_view_shows_no_brief(debrief_save: str, tmp_path: Path) -> None:
    loaded = load_save(debrief_save)
    md = aar_markdown(after_action(build(loaded, view="public")))
    scenario = build(loaded).scenario
    assert all(o not in md for s in scenario.seats for o in s.brief.objectives)
    assert main(["export", debrief_save, "--format", "aar", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "debrief.aar.md").exists() and (tmp_path / "debrief.aar.html").exists()
    # the debrief view of a game played by people that is not over stays sealed (issue 11)
    assert main(["export", debrief_save, "--format", "msel", "-o", str(tmp_path), "--view", "debrief"]) == 2
    assert not (tmp_path / "debrief.msel.csv").exists()
    assert main(["export", debrief_save, "--format", "msel", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "debrief.msel.csv").exists()
