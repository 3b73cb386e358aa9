"""`wargame deals` on a scenario and on a save; `wargame run --personas`."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT, SCENARIO


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wargame", *args], capture_output=True, text=True, cwd=ROOT)


def test_deals_answers_for_the_bundled_scenario() -> None:
    proc = _run("deals", SCENARIO, "--sequence", "framework_first", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["method"] == "local search" and report["phase"] == "framework"
    assert "ms" in report


def test_deals_reads_a_save_at_a_round(tmp_path) -> None:  # type: ignore[no-untyped-def]
    save = tmp_path / "g.jsonl"
    proc = _run(
        "run", SCENARIO, "--rounds", "3", "--seed", "2", "--save", str(save), "--personas", "russia=hardliner", "--json"
    )
    assert proc.returncode == 0, proc.stderr
    header = json.loads(save.read_text().splitlines()[0])
    assert header["seats"]["russia"] == "bot:hardliner"
    proc = _run("deals", str(save), "--at", "2")
    assert proc.returncode == 0, proc.stderr
    assert "at round 2" in proc.stdout
    proc = _run("deals", str(save), "--at", "40")
    assert proc.returncode == 2 and "no round 40" in proc.stderr


def test_run_refuses_an_unknown_persona(tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = _run("run", SCENARIO, "--rounds", "1", "--save", str(tmp_path / "x.jsonl"), "--personas", "russia=dove")
    assert proc.returncode == 2 and "hardliner" in proc.stderr
