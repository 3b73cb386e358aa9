"""`wargame deck import`: a spreadsheet's events list becomes a deck; bad rows
are reported by their line in the CSV, with exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.facilitator.helpers import pass_round, start, with_deck
from wargame.errors import ContentError
from wargame.model import events as e
from wargame.model.actions import FireInject
from wargame.model.scenario import Scenario
from wargame.session.decks import deck_yaml, read_csv

GOOD = """\
Round,Inject ID,Title,Text,Target seat,Effects,Sources
2,refugee_wave,A wave of refugees,"Millions are still abroad;
a new wave heads west.",,europe_resolve-3;escalation_risk+1.5,src-003
,quiet_word,A quiet word,Moscow warns Washington in private.,us,,src-004
,grid_down,The grid goes down,Blackouts everywhere.,all,ukraine_manpower-2; flag:grid_down,src-002
,talks_off,The talks are off,Everyone leaves.,,phase:collapse,src-004
,truce_breaks,The truce breaks,Shelling resumes.,,phase:breakdown;clear_flag:grid_down,src-000
,envoy_plan,The envoy's plan,A plan.,,term:ceasefire=thirty_day;lever:pause_aid,src-003
"""


def test_good_rows_become_a_deck_that_validates(scenario: Scenario) -> None:
    injects = read_csv("events.csv", GOOD, scenario)
    assert [i["id"] for i in injects] == [
        "refugee_wave",
        "quiet_word",
        "grid_down",
        "talks_off",
        "truce_breaks",
        "envoy_plan",
    ]
    wave, quiet, grid, talks, truce, plan = injects
    assert wave["trigger"] == {"at_round": 2}
    assert wave["text"] == "Millions are still abroad; a new wave heads west."
    assert wave["effects"] == [{"indicators": {"europe_resolve": -3, "escalation_risk": 1.5}}]
    assert quiet["trigger"] == {"manual": True} and quiet["to"] == "us" and quiet["sources"] == ["src-004"]
    assert "to" not in grid and grid["effects"] == [
        {"indicators": {"ukraine_manpower": -2}, "set_flags": ["grid_down"]}
    ]
    assert talks["force_phase"] == "collapse"
    assert truce["effects"] == [{"clear_flags": ["grid_down"], "phase": "breakdown"}]
    assert plan["set_terms"] == {"ceasefire": "thirty_day"} and plan["levers"] == ["pause_aid"]
    text = deck_yaml(injects, "From a spreadsheet", "events.csv")
    assert yaml.safe_load(text)["title"] == "From a spreadsheet"
    merged = with_deck(text, "events.yaml")
    game = start(merged)
    pass_round(game)
    assert (2, "refugee_wave") in game.state.injects
    events = game.submit(FireInject(kind="inject", inject="quiet_word"))
    assert isinstance(events[0], e.InjectFired) and events[0].to == "us"


BAD = """\
round,id,title,text,to,effects
1,fine_one,Fine,All good.,,momentum+1
x,bad_round,Bad round,Text.,,
,Bad Id,Bad id,Text.,,
,no_text,No text,,,
,wrong_seat,Wrong seat,"A text
over two lines.",china,
,bad_effects,Bad effects,Text.,,momentum*5;morale+3;term:territory=moon;lever:nuke;phase:armistice
,fine_one,Duplicate,Text.,,
,oval_office_blowup,Taken,Text.,,
,too_many,Too many,Text.,,,extra
"""


def test_bad_rows_are_reported_by_line(scenario: Scenario) -> None:
    with pytest.raises(ContentError) as err:
        read_csv("events.csv", BAD, scenario)
    by_line: dict[int, list[str]] = {}
    for where, msg in err.value.problems:
        assert where.file == "events.csv"
        by_line.setdefault(where.line, []).append(msg)
    assert sorted(by_line) == [3, 4, 5, 6, 8, 9, 10, 11]
    assert "round: 'x' is not a round number" in by_line[3][0]
    assert "not lower_snake_case" in by_line[4][0]
    assert "text: missing" in by_line[5][0]
    assert "unknown seat 'china'" in by_line[6][0]
    bad = " ".join(by_line[8])
    for part in (
        "cannot read 'momentum*5'",
        "unknown indicator 'morale'",
        "'moon'",
        "unknown lever 'nuke'",
        "armistice",
    ):
        assert part in bad
    assert "already used on line 2" in by_line[9][0]
    assert "already an inject of the scenario" in by_line[10][0]
    assert "7 cells for 6 columns" in by_line[11][0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("round,title,text\n", "lacks the column(s): id"),
        ("id,title,text,colour\nx,y,z,red\n", "unknown column 'colour'"),
        ("id,title,text\n", "no injects"),
    ],
)
def test_a_bad_header_or_an_empty_file(scenario: Scenario, text: str, message: str) -> None:
    with pytest.raises(ContentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_csv("events.csv", text, scenario)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wargame", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_import_writes_a_deck_that_validates(tmp_path: Path) -> None:
    csv_path = tmp_path / "events.csv"
    csv_path.write_text(GOOD)
    out = tmp_path / "events.yaml"
    proc = _cli("deck", "import", str(csv_path), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "6 injects" in proc.stderr
    assert _cli("validate", str(out)).returncode == 0
    again = _cli("deck", "import", str(csv_path), "-o", str(out))
    assert again.returncode == 2 and "--force" in again.stderr
    assert _cli("deck", "import", str(csv_path), "-o", str(out), "--force").returncode == 0
    printed = _cli("deck", "import", str(csv_path))
    assert printed.returncode == 0 and yaml.safe_load(printed.stdout)["injects"][0]["id"] == "refugee_wave"


def test_cli_import_reports_bad_rows_and_exits_2(tmp_path: Path) -> None:
    csv_path = tmp_path / "events.csv"
    csv_path.write_text(BAD)
    out = tmp_path / "events.yaml"
    proc = _cli("deck", "import", str(csv_path), "-o", str(out))
    assert proc.returncode == 2
    assert f"{csv_path}:3:" in proc.stderr and f"{csv_path}:11:" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists(), "nothing is written when a row is bad"


def test_the_example_csv_imports() -> None:
    proc = _cli("deck", "import", "facilitator/example-events.csv")
    assert proc.returncode == 0, proc.stderr
    assert len(yaml.safe_load(proc.stdout)["injects"]) >= 3
