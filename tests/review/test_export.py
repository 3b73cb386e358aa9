"""Research export: tidy tables for a whole class's games, a codebook, a
gradebook one row per seat per round with the real standing, and privacy by
view (the public view holds nothing private)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.review.conftest import Recorded
from tests.review.helpers import CREATED
from tests.review.test_debrief import crossed_game
from wargame.cli import main
from wargame.content.loader import ScenarioTexts
from wargame.engine.game import Setup
from wargame.model import events as e
from wargame.model.actions import EndTurn, Message
from wargame.model.scenario import Scenario
from wargame.review.export import CODEBOOK, export_tables
from wargame.session.runner import start_session
from wargame.store.savefile import load_save

PRIVATE = ("Would you sign an EU path for Ukraine?", "Only with no NATO troops.", "Watch whether the US tells Kyiv.")
"""What the debrief game holds that only the debrief may show: two private
messages and a facilitator's note."""


def _rows(files: dict[str, str], name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[name])))


def test_every_table_is_tidy_and_in_the_codebook(recorded: list[Recorded]) -> None:
    saves = [load_save(g.path) for g in recorded]
    files = export_tables(saves, "debrief")
    assert set(files) == {f"{t}.csv" for t in CODEBOOK} | {"codebook.csv"}
    book = {(r["table"], r["column"]) for r in _rows(files, "codebook.csv")}
    for table in CODEBOOK:
        header = next(csv.reader(io.StringIO(files[f"{table}.csv"])))
        assert header == list(CODEBOOK[table])
        assert all((f"{table}.csv", col) in book for col in header)
    events = _rows(files, "events.csv")
    assert len(events) == sum(len(s.events) for s in saves)  # one row per event
    assert len(_rows(files, "games.csv")) == len(saves)
    fired = sum(1 for s in saves for ev in s.events if isinstance(ev, e.RuleFired))
    assert len(_rows(files, "rules.csv")) == fired
    votes = sum(1 for s in saves for ev in s.events if isinstance(ev, e.VoteCast))
    assert len(_rows(files, "votes.csv")) == votes
    assert {r["game"] for r in events} == {Path(g.path).stem for g in recorded}


def test_the_gradebook_is_one_row_per_seat_per_round(long_game: Recorded) -> None:
    loaded = load_save(long_game.path)
    files = export_tables([loaded])
    rows = _rows(files, "gradebook.csv")
    rounds = sum(1 for ev in loaded.events if isinstance(ev, e.RoundEnded))
    assert len(rows) == 4 * (rounds + 1)
    assert {(r["seat"], int(r["round"])) for r in rows} == {
        (s, k) for s in ("us", "russia", "ukraine", "europe") for k in range(rounds + 1)
    }
    for r in rows:  # the parts add up to the score (50 at the start), unless clamped to 0..100
        parts = sum(float(r[k]) for k in ("signed_terms", "kept_off", "indicators", "standing", "other"))
        assert abs(50 + parts - float(r["score"])) < 0.25 or float(r["score"]) in (0.0, 100.0)


def test_the_gradebook_carries_the_real_standing(scenario: Scenario, texts: ScenarioTexts, tmp_path: Path) -> None:
    path = str(tmp_path / "crossed.jsonl")
    crossed_game(scenario, texts, path)
    loaded = load_save(path)
    rows = _rows(export_tables([loaded]), "gradebook.csv")
    ukraine = [r for r in rows if r["seat"] == "ukraine"]
    standing = round(loaded.replay().standing["ukraine"], 1)
    assert standing < 0  # the cost of the red line it crossed
    assert float(ukraine[0]["standing"]) == 0.0
    assert float(ukraine[-1]["standing"]) == standing


@pytest.mark.parametrize("view", ["public", "europe"])
def test_a_narrow_view_holds_nothing_private(debrief_save: str, view: str) -> None:
    files = export_tables([load_save(debrief_save)], view)
    everything = "\n".join(files.values())
    for text in PRIVATE:
        assert text not in everything
    assert "the facilitator's choice" not in everything  # an inject's reason
    others = [s for s in ("us", "russia", "ukraine", "europe") if s != view]
    assert all(f"{s} decides" not in everything for s in others)  # the reasoning recorded with the votes
    assert all(r["reasons"] == "" for r in _rows(files, "votes.csv") if r["seat"] != view)
    assert "We want a ceasefire this round." in everything  # the public message stays


def test_the_debrief_view_holds_everything(debrief_save: str) -> None:
    files = export_tables([load_save(debrief_save)], "debrief")
    everything = "\n".join(files.values())
    for text in PRIVATE:
        assert text in everything
    assert any(r["reasons"] for r in _rows(files, "votes.csv"))
    us = export_tables([load_save(debrief_save)], "us")
    assert "Would you sign an EU path for Ukraine?" in us["messages.csv"]  # its own private message


def test_a_formula_in_a_message_is_defused(scenario: Scenario, texts: ScenarioTexts, tmp_path: Path) -> None:
    path = str(tmp_path / "formula.jsonl")
    session = start_session(scenario, texts, Setup(seed=1), path, created=CREATED)
    session.game.submit(Message(kind="message", seat="us", to="all", text='=HYPERLINK("http://x","y")'))
    session.game.submit(EndTurn(kind="end_turn", seat="us"))
    assert session.writer is not None
    session.writer.close()
    rows = _rows(export_tables([load_save(path)]), "messages.csv")
    assert rows[0]["text"] == '\'=HYPERLINK("http://x","y")'


def test_the_cli_writes_a_folder_and_refuses_bad_paths(
    recorded: list[Recorded], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "class"
    assert main(["export", *(g.path for g in recorded), "--format", "csv", "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([*(f"{t}.csv" for t in CODEBOOK), "codebook.csv"])
    assert main(["export", str(tmp_path / "missing.jsonl"), "-o", str(out)]) == 2
    assert "missing.jsonl" in capsys.readouterr().err
    assert main(["export", recorded[0].path, "-o", recorded[0].path]) == 2
    assert "is a file" in capsys.readouterr().err
    assert main(["export", recorded[0].path, "-o", str(out), "--view", "nobody"]) == 2
