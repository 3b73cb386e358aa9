"""The command line: `python -m wargame`, the `run --json` contract, and that
a user's mistake is an exit code 2 and a located message, never a traceback."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SCENARIO
from wargame.cli import main
from wargame.model.scenario import Scenario
from wargame.model.state import TERMINAL
from wargame.store.savefile import load_save

SUMMARY_KEYS = {
    "scenario",
    "lens",
    "sequence",
    "seed",
    "status",
    "round",
    "agreements",
    "indicators",
    "votes",
    "rules_fired",
    "injects",
    "events",
    "save",
}
"""The keys of `wargame run --json`, as ../shared/DESIGN.md gives them."""


def python_m(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wargame", *args], capture_output=True, text=True, cwd=ROOT, timeout=60
    )


def test_python_m_wargame_works() -> None:
    proc = python_m("--help")
    assert proc.returncode == 0, proc.stderr
    for command in ("run", "validate", "schema", "verify", "diagram", "bench"):
        assert command in proc.stdout


def test_a_broken_scenario_exits_2_with_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ntitle: X\nseats: [\n")
    proc = python_m("validate", str(broken))
    assert proc.returncode == 2
    assert re.match(rf"{re.escape(str(broken))}:\d+:\d+: ", proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr


def test_no_command_prints_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "usage: wargame" in capsys.readouterr().out


def test_run_json_prints_every_key_of_the_summary(
    scenario: Scenario, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save = tmp_path / "game.jsonl"
    assert main(["run", SCENARIO, "--json", "--seed", "7", "--rounds", "2", "--save", str(save)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert set(summary) >= SUMMARY_KEYS, SUMMARY_KEYS - set(summary)
    assert summary["scenario"] == "ukraine-2025"
    assert summary["lens"] == "restraint" and summary["sequence"] == "ceasefire_first"
    assert summary["seed"] == 7
    assert summary["status"] in {*[p.id for p in scenario.phases], *TERMINAL}
    assert 1 <= summary["round"] <= 2
    assert set(summary["agreements"]) == {p.id for p in scenario.phases}
    for agreement in summary["agreements"].values():
        assert agreement is None or set(agreement) == {"round", "terms"}
    assert set(summary["indicators"]) == {i.id for i in scenario.indicators}
    for vote in summary["votes"]:
        assert {"round", "phase", "seat", "response", "reasons"} <= set(vote)
        assert vote["response"] in ("accept", "reject")
    for fired in summary["rules_fired"]:
        assert {"round", "rule"} <= set(fired) and scenario.has("rule", fired["rule"])
    for inject in summary["injects"]:
        assert {"round", "inject"} <= set(inject)
    assert summary["save"] == str(save)
    loaded = load_save(str(save))
    assert summary["events"] == len(loaded.events)


def test_run_with_the_options_from_the_command_line(
    scenario: Scenario, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save = tmp_path / "game.jsonl"
    args = ["run", SCENARIO, "--json", "--lens", "leverage", "--sequence", "framework_first", "--seed", "3"]
    assert main([*args, "--rounds", "1", "--save", str(save), "--personas", "russia=hardliner"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["lens"], summary["sequence"], summary["seed"]) == ("leverage", "framework_first", 3)
    header = load_save(str(save)).header
    assert header["seats"]["russia"] == "bot:hardliner"


def test_run_without_json_prints_a_transcript(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save = tmp_path / "game.jsonl"
    assert main(["run", SCENARIO, "--seed", "1", "--rounds", "1", "--save", str(save)]) == 0
    out = capsys.readouterr().out
    assert f"Saved to {save}" in out


def test_run_refuses_to_overwrite_a_save(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save = tmp_path / "game.jsonl"
    save.write_text("precious\n")
    assert main(["run", SCENARIO, "--rounds", "1", "--save", str(save)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert save.read_text() == "precious\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--personas", "russia"], "--personas takes SEAT=NAME"),
        (["--personas", "russia=dove"], "unknown persona 'dove' for russia"),
        (["--sequence", "treaty_first"], "unknown sequence 'treaty_first'"),
    ],
)
def test_run_refuses_bad_options_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    save = tmp_path / "game.jsonl"
    assert main(["run", SCENARIO, "--rounds", "1", "--save", str(save), *args]) == 2
    assert message in capsys.readouterr().err
    assert not save.exists()


def test_run_a_missing_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(tmp_path / "none.yaml"), "--save", str(tmp_path / "g.jsonl")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_run_then_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save = tmp_path / "game.jsonl"
    assert main(["run", SCENARIO, "--json", "--seed", "2", "--rounds", "1", "--save", str(save)]) == 0
    capsys.readouterr()
    assert main(["verify", str(save)]) == 0
    out = capsys.readouterr().out
    assert "hash chain intact" in out
    assert load_save(str(save)).head in out


def test_diagram_draws_both_sequences(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", SCENARIO]) == 0
    first = capsys.readouterr().out
    assert "stateDiagram" in first and "ceasefire --> framework" in first
    assert main(["diagram", SCENARIO, "--sequence", "framework_first"]) == 0
    assert "framework --> ceasefire" in capsys.readouterr().out
    assert main(["diagram", SCENARIO, "--sequence", "nope"]) == 2


def test_bundled_scenario_is_found_from_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["diagram"]) == 0
    assert "stateDiagram" in capsys.readouterr().out


def test_validate_a_copied_scenario_from_its_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mini.yaml"
    shutil.copy(Path(ROOT) / "tests" / "data" / "mini.yaml", target)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "mini.yaml"]) == 0
    assert "ok (scenario mini" in capsys.readouterr().out
