"""Exports that cannot be weaponized: a message, a note or a name can hold
HTML, a `javascript:` link or a spreadsheet formula; the Markdown report
renders none of them and the CSV gradebook and imported decks run none."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from tests.conftest import end_turns
from wargame.cli import main
from wargame.content.loader import ScenarioTexts, build
from wargame.engine.game import Setup
from wargame.model.actions import Message, Note
from wargame.model.scenario import Scenario
from wargame.review.report import build as report
from wargame.review.report import csv_text, markdown, md_text
from wargame.session.runner import start_session
from wargame.store.savefile import load_save

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[click me](javascript:alert(3))",
    "<javascript:alert(4)>",
    "[ref]\n\n[ref]: javascript:alert(5)",
    "\\<script>alert(6)</script>",
    "&lt;script&gt;",
]
FORMULA = "=cmd|' /C calc'!A0"


def _hostile_game(bundle: tuple[Scenario, ScenarioTexts], path: Path) -> str:
    _, texts = bundle
    main_text = texts.texts[texts.main].replace("name: Seat A", f'name: "{FORMULA}"')
    hostile = ScenarioTexts(main=texts.main, texts={**texts.texts, texts.main: main_text})
    scenario = build(hostile)
    session = start_session(scenario, hostile, Setup(seed=1, seats={"a": "human"}), str(path))
    game = session.game
    for text in PAYLOADS:
        game.submit(Message(kind="message", seat="a", to="all", text=text))
    game.submit(Note(kind="facilitator", command="note", reason="<b onmouseover=alert(7)>note</b> @SUM(1)"))
    end_turns(game)
    assert session.writer is not None
    session.writer.close()
    return str(path)


def test_the_markdown_report_renders_no_html_and_no_link(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path
) -> None:
    data = report(load_save(_hostile_game(mini_bundle, tmp_path / "g.jsonl")))
    html = MarkdownIt("commonmark", {"html": True, "linkify": False}).render(markdown(data))
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<b " not in lowered
    assert "href" not in lowered, "no link of any kind"
    assert "alert(1)" in html, "the text itself is still shown"


def test_md_text_keeps_plain_text_plain() -> None:
    assert md_text("A ceasefire, 30 days (src-001) - and more: 5% *now*") == (
        "A ceasefire, 30 days (src-001) - and more: 5% *now*"
    )
    assert md_text("<a>") == "&#60;a&#62;"
    assert md_text("JavaScript:x") == "JavaScript&#58;x"


def test_the_gradebook_runs_no_formula(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    data = report(load_save(_hostile_game(mini_bundle, tmp_path / "g.jsonl")))
    rows = list(csv.DictReader(io.StringIO(csv_text(data))))
    names = [r["seat_name"] for r in rows]
    assert f"'{FORMULA}" in names
    for row in rows:
        for cell in row.values():
            if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell.startswith("-") and not _number(cell)):
                raise AssertionError(f"a cell a spreadsheet would run: {cell!r}")


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_deck_import_neutralises_formulas(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "deck.csv"
    path.write_text(
        "id,title,text\n"
        f'first,"{FORMULA}","+HYPERLINK(""http://x"")"\n'
        "second,@SUM(A1),-2+3 is a formula\n"
        "third,A plain title,-5\n",
        encoding="utf-8",
    )
    out = tmp_path / "deck.yaml"
    assert main(["deck", "import", str(path), "-o", str(out)]) == 0, capsys.readouterr().err
    injects = yaml.safe_load(out.read_text())["injects"]
    assert injects[0]["title"] == f"'{FORMULA}" and injects[0]["text"].startswith("'+HYPERLINK")
    assert injects[1]["title"] == "'@SUM(A1)" and injects[1]["text"] == "'-2+3 is a formula"
    assert injects[2]["title"] == "A plain title" and injects[2]["text"] == "-5"


def test_a_repeated_csv_column_is_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "deck.csv"
    path.write_text("id,title,text,title\nfirst,One,Text,Two\n", encoding="utf-8")
    assert main(["deck", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:1:1:" in err and "column 4 ('title') repeats column 2" in err
