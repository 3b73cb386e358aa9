"""Discussion questions as scenario data: checked like the rest of the content
(`file:line:col`), found beside the scenario or in an included file; and the
labels that replace ids in the debrief."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, SCENARIO
from wargame.cli import main
from wargame.content.loader import load_scenario
from wargame.errors import ContentError
from wargame.model.scenario import Scenario
from wargame.review import words
from wargame.review.debrief import Debrief, html_section
from wargame.review.questions import debrief_path, questions_of, read_questions
from wargame.review.turning import TurningPoint

BUNDLED = str(Path(ROOT) / "scenarios" / "ukraine-2025.debrief.yaml")


def test_the_bundled_questions_are_valid_and_cover_the_rulebook(scenario: Scenario) -> None:
    book = read_questions(BUNDLED, scenario)
    asked = {q.rule for q in book}
    assert asked <= {r.id for r in scenario.rules}
    assert {r.id for r in scenario.rules if r.kind in ("red_line", "event")} <= asked
    assert len(asked) >= 36
    counts = {r: sum(1 for q in book if q.rule == r) for r in {q.rule for q in book}}
    assert set(counts.values()) <= {1, 2}
    assert all(q.ask.endswith("?") and q.sources for q in book)
    assert debrief_path(SCENARIO) == BUNDLED


BAD = """\
title: bad questions
questions:
  - rule: redline.us_troops
    ask: "Why did nobody ask the Americans first?"
    sources: [src-001]
  - rule: redline.us_troop
    ask: "A question about a rule that does not exist?"
    sources: [src-001]
  - rule: attrition.clock
    ask: "A question with a source the scenario does not list?"
    sources: [src-042]
  - rule: attrition.clock
    ask: "Not a question."
    sources: [src-001]
  - rule: attrition.clock
    ask: "A third question for one rule, one too many?"
    sources: [src-001]
"""


def test_a_bad_question_file_names_line_and_column(scenario: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "x.debrief.yaml"
    path.write_text(BAD)
    with pytest.raises(ContentError) as err:
        read_questions(str(path), scenario)
    text = str(err.value)
    assert f"{path}:6:11: unknown rule 'redline.us_troop'; did you mean 'redline.us_troops'?" in text
    assert f"{path}:11:15: unknown source key 'src-042'" in text
    assert f"{path}:13:10: a question ends with a question mark" in text
    assert f"{path}:15:11: rule 'attrition.clock' already has 2 questions" in text


def test_validate_checks_the_file_beside_the_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = Path(SCENARIO).read_text()
    rules = Path(ROOT) / "scenarios" / "ukraine-2025.rules.yaml"
    text = text.replace(
        "include: [ukraine-2025.rules.yaml, ../facilitator/ukraine-2025-deck.yaml]", f"include: [{rules}]"
    )
    scenario_file = tmp_path / "copy.yaml"
    scenario_file.write_text(text)
    assert main(["validate", str(scenario_file)]) == 0
    (tmp_path / "copy.debrief.yaml").write_text(BAD)
    assert main(["validate", str(scenario_file)]) == 2
    assert f"{tmp_path / 'copy.debrief.yaml'}:6:11: unknown rule" in capsys.readouterr().err
    assert main(["validate", SCENARIO]) == 0
    assert "47 discussion questions" in capsys.readouterr().out
    assert main(["validate", BUNDLED]) == 0  # the file on its own, against its scenario
    assert "ok (47 discussion questions)" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "copy.debrief.yaml")]) == 2


def test_questions_in_an_included_file_are_checked_and_found(tmp_path: Path) -> None:
    text = Path(SCENARIO).read_text()
    rules = Path(ROOT) / "scenarios" / "ukraine-2025.rules.yaml"
    extra = tmp_path / "mine.yaml"
    extra.write_text(BAD.split("  - rule: redline.us_troop\n")[0])
    text = text.replace(
        "include: [ukraine-2025.rules.yaml, ../facilitator/ukraine-2025-deck.yaml]", f"include: [{rules}, {extra}]"
    )
    scenario_file = tmp_path / "inc.yaml"
    scenario_file.write_text(text)
    scenario, texts = load_scenario(str(scenario_file))
    assert [q.ask for q in questions_of(scenario, texts)] == ["Why did nobody ask the Americans first?"]
    extra.write_text(BAD)
    with pytest.raises(ContentError) as err:
        load_scenario(str(scenario_file))
    assert f"{extra}:6:11: unknown rule 'redline.us_troop'" in str(err.value)


def test_ids_become_labels(scenario: Scenario) -> None:
    said = words.in_words(
        scenario, "good for us: ceasefire=thirty_day; escalation_risk +5, momentum -2; kept out: redline.us_troops"
    )
    assert said == (
        "good for United States: Ceasefire: 30-day ceasefire; Escalation risk +5, Battlefield momentum -2; "
        "kept out: \u201cNo American troops in Ukraine\u201d"
    )
    assert words.in_words(scenario, "the momentum shows us the way") == "the momentum shows us the way"
    assert words.agreement(scenario, "framework") == "Framework agreement"
    assert words.phase(scenario, "expired") == "time ran out"


def test_the_debrief_html_escapes_what_players_typed() -> None:
    tp = TurningPoint(
        index=3, round=1, phase="Ceasefire talks", kind="lever", headline="<script>alert(1)</script>", move="<b>x</b>"
    )
    page = html_section(Debrief(turning=[tp], teams=[], crossed=[], questions=[], questions_note=""))
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;x&lt;/b&gt;" in page
