"""The bundled scenario and decks: found by id from any folder, as a wheel ships them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wargame.cli import main
from wargame.content import bundled


def test_a_bundled_scenario_is_named_by_its_id_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    save = tmp_path / "game.jsonl"
    assert main(["run", "ukraine-2025", "--rounds", "1", "--json", "--save", str(save)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["scenario"] == "ukraine-2025" and out["round"] >= 1
    assert main(["validate", "ukraine-2025"]) == 0
    assert "ok (scenario ukraine-2025" in capsys.readouterr().out


def test_a_path_wins_over_an_id_and_an_unknown_id_is_left_for_the_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ukraine-2025").write_text("not a scenario", encoding="utf-8")
    assert bundled.resolve("ukraine-2025") == "ukraine-2025"
    assert bundled.resolve("no-such-scenario") == "no-such-scenario"
    assert main(["rules", "no-such-scenario"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("no-such-scenario: ") and "file not found" in err


def test_every_bundled_scenario_and_deck_is_found_by_id() -> None:
    found = bundled.scenarios()
    assert found, "no bundled scenario"
    for scenario_id, path in found.items():
        assert Path(path).name.startswith(scenario_id) and bundled.is_scenario(path)
    assert bundled.default_scenario() == next(iter(found.values()))
    deck = bundled.resolve("ukraine-2025-deck", bundled.DECKS)
    assert Path(deck).is_file() and not bundled.is_scenario(deck)
