"""End-to-end: the headless run as the issue's 'done when' describes it."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT, SCENARIO
from tests.test_cli import SUMMARY_KEYS


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wargame", *args], capture_output=True, text=True, cwd=ROOT)


def test_validate_bundled_scenario_exits_0() -> None:
    proc = _run("validate", SCENARIO)
    assert proc.returncode == 0, proc.stderr
    assert "ok" in proc.stdout


def test_run_twice_gives_the_same_summary(tmp_path) -> None:
    out = []
    for i in range(2):
        proc = _run("run", SCENARIO, "--json", "--seed", "1", "--rounds", "3", "--save", str(tmp_path / f"g{i}.jsonl"))
        assert proc.returncode == 0, proc.stderr
        summary = json.loads(proc.stdout)
        summary.pop("save")
        out.append(summary)
    assert out[0] == out[1]
    assert set(out[0]) >= SUMMARY_KEYS - {"save"}
    # the header holds the creation time (and so the hashes differ); the events may not
    events = [
        [json.dumps(json.loads(line)["event"]) for line in (tmp_path / f"g{i}.jsonl").read_text().splitlines()[1:]]
        for i in range(2)
    ]
    assert events[0] == events[1], "the same seed and moves must give the same events, byte for byte"
