"""The class report: every fired rule with its sources, votes with reasons,
injects and notes, charts, scores, the seal; CSV one row per seat; a tampered
or unknown save refused with its line."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.review.conftest import Recorded
from wargame.cli import main
from wargame.model import events as e
from wargame.review.html import html
from wargame.review.report import CSV_COLUMNS, build, csv_text, markdown
from wargame.store.savefile import load_save


def _fired(path: str) -> list[e.RuleFired]:
    return [ev for ev in load_save(path).events if isinstance(ev, e.RuleFired)]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_fired_rule_appears_with_its_sources(recorded: list[Recorded], fmt: str) -> None:
    for game in recorded:
        data = build(load_save(game.path))
        text = markdown(data) if fmt == "md" else html(data)
        scenario = data.scenario
        fired = _fired(game.path)
        assert fired
        for ev in fired:
            assert ev.rule in text
            for key in ev.sources:
                title = scenario.sources[key]
                assert key in text
                assert (title if fmt == "md" else title.replace('"', "&quot;").replace("'", "&#x27;")) in text
        # as many rule entries as rules fired
        assert text.count("Round ") >= len(fired)


def test_markdown_has_every_section_and_the_seal(long_game: Recorded) -> None:
    loaded = load_save(long_game.path)
    text = markdown(build(loaded))
    for heading in (
        "## Agreements",
        "## Scores",
        "### Over time",
        "## Indicators",
        "## Votes",
        "## Rules that fired",
        "## Injects and facilitator notes",
        "## Timeline",
        "## Sources",
    ):
        assert heading in text
    assert loaded.head in text
    rejects = [ev for ev in loaded.events if isinstance(ev, e.VoteCast) and ev.reasons]
    assert rejects and all(r in text for ev in rejects for r in ev.reasons)


def test_html_is_self_contained_with_svg_charts(long_game: Recorded) -> None:
    data = build(load_save(long_game.path))
    page = html(data)
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == len(data.scenario.indicators) + 1  # each indicator, and the scores
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page
    assert data.loaded.head in page


def test_csv_has_one_row_per_seat(long_game: Recorded) -> None:
    data = build(load_save(long_game.path))
    rows = list(csv.DictReader(io.StringIO(csv_text(data))))
    assert [r["seat"] for r in rows] == data.scenario.seat_ids
    assert list(rows[0]) == CSV_COLUMNS
    for r in rows:
        assert float(r["score"]) == data.outcome.scores[r["seat"]].total
        assert r["seal"] == data.loaded.head
        assert r["score_by_round"].startswith("r0:")


def test_debrief_reveals_and_public_hides_private_messages(debrief_save: str) -> None:
    loaded = load_save(debrief_save)
    debrief = markdown(build(loaded))
    public = markdown(build(loaded, view="public"))
    us = markdown(build(loaded, view="us"))
    ukraine = markdown(build(loaded, view="ukraine"))
    secret = "Would you sign an EU path for Ukraine?"
    note = "Watch whether the US tells Kyiv."
    assert secret in debrief and note in debrief and "A message through a back channel" in debrief
    assert secret not in public and note not in public and "(a private message)" in public
    assert secret in us and "A message through a back channel" in us and note not in us
    assert secret not in ukraine and "A message through a back channel" not in ukraine
    assert "We want a ceasefire this round." in public


def test_injects_and_notes_section(debrief_save: str) -> None:
    text = markdown(build(load_save(debrief_save)))
    section = text.split("## Injects and facilitator notes")[1].split("## Timeline")[0]
    assert "inject kremlin_back_channel (to us)" in section
    assert "facilitator's note: Watch whether the US tells Kyiv." in section


def test_cli_report_formats(long_game: Recorded, tmp_path, capsys) -> None:
    for fmt in ("md", "html", "csv"):
        out = str(tmp_path / f"r.{fmt}")
        assert main(["report", long_game.path, "-o", out]) == 0
        text = Path(out).read_text(encoding="utf-8")
        assert load_save(long_game.path).head in text
    assert main(["report", long_game.path, "--format", "csv"]) == 0
    assert capsys.readouterr().out.count("\n") == 5


def _tamper(src: str, dst: str, line_no: int) -> None:
    lines = Path(src).read_text(encoding="utf-8").splitlines(keepends=True)
    record = json.loads(lines[line_no - 1])
    record["event"]["seat"] = "ukraine" if record["event"].get("seat") != "ukraine" else "us"
    lines[line_no - 1] = json.dumps(record) + "\n"
    Path(dst).write_text("".join(lines), encoding="utf-8")


def test_tampered_save_is_refused_with_its_line(long_game: Recorded, tmp_path, capsys) -> None:
    events = load_save(long_game.path).events
    k = next(i for i, ev in enumerate(events) if isinstance(ev, e.VoteCast))
    bad = str(tmp_path / "bad.jsonl")
    _tamper(long_game.path, bad, k + 2)
    for fmt in ("md", "html", "csv"):
        assert main(["report", bad, "--format", fmt]) == 2
        err = capsys.readouterr().err
        assert re.search(rf"bad.jsonl:{k + 2}:1: the hash chain breaks here", err), err


def test_unknown_format_version_is_refused(long_game: Recorded, tmp_path, capsys) -> None:
    lines = Path(long_game.path).read_text(encoding="utf-8").splitlines(keepends=True)
    header = json.loads(lines[0])
    header["version"] = 99
    old = str(tmp_path / "v99.jsonl")
    Path(old).write_text(json.dumps(header) + "\n" + "".join(lines[1:]), encoding="utf-8")
    for argv in (["report", old], ["branch", old, "--at", "1"], ["compare", old, long_game.path]):
        assert main(argv) == 2
        assert "save format version 99 is not supported; this wargame reads version 1" in capsys.readouterr().err
