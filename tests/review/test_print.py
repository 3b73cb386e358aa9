"""Print: team handouts (each with its own brief only), a one-page rules card,
a debrief sheet; and one rendered check in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.review.conftest import Recorded
from wargame.cli import main
from wargame.model.scenario import Scenario
from wargame.review.html import html
from wargame.review.report import build
from wargame.store.savefile import load_save

SEATS = ("us", "russia", "ukraine", "europe")


def test_all_handouts_each_with_its_own_brief_only(scenario: Scenario, tmp_path: Path) -> None:
    assert main(["print", "--all", "-o", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([*(f"handout-{s}.html" for s in SEATS), "rules-card.html", "debrief-sheet.html"])
    for seat in scenario.seats:
        page = (tmp_path / f"handout-{seat.id}.html").read_text()
        assert "@page" in page and "<script" not in page
        assert seat.brief.objectives[0].replace("'", "&#39;") in page
        for other in scenario.seats:
            if other.id != seat.id:
                assert other.brief.objectives[0].replace("'", "&#39;") not in page
        for issue in scenario.issues:  # the term sheet in words
            assert issue.title.replace("'", "&#39;") in page
            assert issue.options[1].label.replace("'", "&#39;") in page
        assert "_" not in re.sub(r"<[^>]+>", "", page.split("<body>")[1])  # no ids on the page


def test_one_seat_and_bad_requests(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["print", "--seat", "ukraine", "-o", str(tmp_path / "u")]) == 0
    assert sorted(p.name for p in (tmp_path / "u").iterdir()) == [
        "debrief-sheet.html",
        "handout-ukraine.html",
        "rules-card.html",
    ]
    assert main(["print", "--seat", "canada", "-o", str(tmp_path)]) == 2
    assert "unknown seat 'canada'" in capsys.readouterr().err
    assert main(["print", "-o", str(tmp_path)]) == 2
    assert "--seat SEAT" in capsys.readouterr().err
    (tmp_path / "file").write_text("x")
    assert main(["print", "--all", "-o", str(tmp_path / "file")]) == 2
    assert main(["print", str(tmp_path / "none.yaml"), "--all", "-o", str(tmp_path)]) == 2


def test_the_debrief_sheet_of_a_played_game(long_game: Recorded, tmp_path: Path) -> None:
    from wargame.review.turning import turning_points

    assert main(["print", "--seat", "us", "--save", long_game.path, "-o", str(tmp_path)]) == 0
    sheet = (tmp_path / "debrief-sheet.html").read_text()
    data = build(load_save(long_game.path))
    for tp in turning_points(data.timeline, data.history):
        assert f"Round {tp.round}:" in sheet
    blank = tmp_path / "blank"
    assert main(["print", "--seat", "us", "-o", str(blank)]) == 0
    assert "Note the three to seven moments" in (blank / "debrief-sheet.html").read_text()


def _chromium(args: list[str], timeout: float = 90) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser is not None
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tempfile.mkdtemp()}",
    ]
    subprocess.run([browser, *flags, *args], check=True, timeout=timeout, capture_output=True)


@pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("chromium-browser")),
    reason="headless Chromium is not installed (Debian: apt-get install chromium)",
)
def test_rendered_in_chromium_the_report_draws_and_the_rules_card_is_one_page(
    long_game: Recorded, tmp_path: Path
) -> None:
    report = tmp_path / "report.html"
    report.write_text(html(build(load_save(long_game.path))))
    png = tmp_path / "report.png"
    _chromium([f"--screenshot={png}", "--window-size=1200,2000", report.as_uri()])
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (1200, 2000)
    assert os.path.getsize(png) > 50_000  # a drawn page, not a blank one
    assert main(["print", "--seat", "us", "-o", str(tmp_path)]) == 0
    pdf = tmp_path / "card.pdf"
    _chromium(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", (tmp_path / "rules-card.html").as_uri()])
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())
    assert len(pages) == 1
