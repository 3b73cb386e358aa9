"""Several tables, one debrief: `wargame compare A B C ...`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.review.conftest import Recorded
from wargame.cli import main
from wargame.review.baseline import Baseline
from wargame.review.tables import NOT_REACHED, compare_tables
from wargame.store.savefile import load_save


def test_n_tables_side_by_side_term_by_term(recorded: list[Recorded]) -> None:
    saves = [load_save(g.path) for g in recorded]
    c = compare_tables(saves)
    assert [t.name for t in c.tables] == [Path(g.path).stem for g in recorded]
    for rows in c.sections.values():
        assert all(len(ln.values) == len(saves) for ln in rows)
    deal = c.sections["The deal in force, term by term"]
    scenario = c.tables[0].timeline.scenario
    for ln in deal:  # labels, never ids
        assert ln.what in {i.title for i in scenario.issues} or ln.what == "nothing signed"
        assert all("_" not in v for v in ln.values)
    timing = c.sections["Phase timing (round the agreement was first signed)"]
    for k, t in enumerate(c.tables):
        for ln, phase in zip(timing, scenario.phases):
            rnd = t.outcome.reached.get(phase.id)
            assert ln.values[k].startswith(f"round {rnd}") if rnd else ln.values[k] == NOT_REACHED
    scores = c.sections["Scores against the brief"]
    assert [ln.what for ln in scores] == [s.name for s in scenario.seats]
    assert scores[0].values == [f"{t.outcome.scores['us'].total:g}" for t in c.tables]


def test_what_differs_is_marked_and_what_agrees_is_not(recorded: list[Recorded]) -> None:
    same = load_save(recorded[0].path)
    c = compare_tables([same, same])
    assert all(ln.same for rows in c.sections.values() for ln in rows)
    assert not c.diverged
    c2 = compare_tables([load_save(g.path) for g in recorded])
    scores = c2.sections["Scores against the brief"]
    assert any(not ln.same for ln in scores)


def test_the_bots_spread_stands_beside_the_scores(recorded: list[Recorded]) -> None:
    base = Baseline(games=2, how="two made-up games")
    base.scores = {s: [0.0, 100.0] for s in ("us", "russia", "ukraine", "europe")}
    c = compare_tables([load_save(g.path) for g in recorded[:2]], base)
    for ln in c.sections["Scores against the brief"]:
        assert "bots: median 50" in ln.note and "each table beats 50%, 50%" in ln.note


def test_the_cli_compares_three_saves_in_every_format(
    recorded: list[Recorded], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [g.path for g in recorded[:3]]
    assert main(["compare", *paths]) == 0
    out = capsys.readouterr().out
    assert "3 tables of" in out and "THE DEAL IN FORCE, TERM BY TERM" in out
    assert main(["compare", *paths, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["tables"]) == 3 and "Scores against the brief" in data["sections"]
    page = tmp_path / "c.html"
    assert main(["compare", *paths, "-o", str(page)]) == 0
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and "differs" in html
    assert main(["compare", *paths, "--format", "md"]) == 0
    assert "## Phase timing" in capsys.readouterr().out
    assert main(["compare", paths[0]]) == 2
    assert "two saves or more" in capsys.readouterr().err
    assert main(["compare", paths[0], str(tmp_path / "nope.jsonl")]) == 2
    assert main(["compare", *paths, "-o", str(tmp_path / "no" / "such" / "c.html")]) == 2
