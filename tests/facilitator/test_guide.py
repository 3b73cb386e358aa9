"""The facilitator's guide works as written: every command in it is one the
CLI accepts, and the worked example runs and says what the guide says."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from wargame.cli import build_parser

GUIDE = os.path.join(ROOT, "facilitator", "README.md")


def _guide() -> str:
    with open(GUIDE, encoding="utf-8") as fh:
        return fh.read()


def _commands() -> list[str]:
    """The commands in the guide's code blocks (a `\\` continues a line)."""
    blocks = re.findall(r"^[ \t]*```[a-z]*\n(.*?)^[ \t]*```", _guide(), flags=re.S | re.M)
    commands = []
    for block in blocks:
        joined = re.sub(r"\\\n\s*", "", block)
        commands += [line.strip() for line in joined.splitlines() if line.strip().startswith("wargame ")]
    return commands


def test_the_guide_has_commands() -> None:
    assert len(_commands()) >= 8


@pytest.mark.parametrize("command", _commands())
def test_every_command_in_the_guide_parses(command: str) -> None:
    parsed = build_parser().parse_args(shlex.split(command)[1:])
    assert getattr(parsed, "fn", None) is not None, command


def test_every_command_named_in_the_text_exists() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")  # noqa: SLF001
    known = set(sub.choices or {})
    named = re.findall(r"`wargame ([a-z]+)", _guide())
    assert named and set(named) <= known, set(named) - known


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wargame", *args], capture_output=True, text=True, cwd=ROOT)


def test_the_worked_example_runs_as_written(tmp_path: Path) -> None:
    proc = _cli("validate", "facilitator/example-deck.yaml")
    assert proc.stdout.strip() == "facilitator/example-deck.yaml: ok (0 rules, 5 injects)"
    save = tmp_path / "example.jsonl"
    run = _cli(
        "run",
        "scenarios/ukraine-2025.yaml",
        "--deck",
        "facilitator/example-deck.yaml",
        "--moves",
        "facilitator/sessions/seminar-opening.yaml",
        "--rounds",
        "6",
        "--save",
        str(save),
    )
    assert run.returncode == 0, run.stderr
    rounds = re.split(r"\n== Round (\d+)", run.stdout)
    by_round = {int(rounds[i]): rounds[i + 1] for i in range(1, len(rounds) - 1, 2)}
    assert "INJECT oval_office_blowup" in by_round[1] and "us pulls the lever pause_aid" in by_round[1]
    assert "INJECT envoy_shuttle" in by_round[2] and "INJECT russian_inflation" in by_round[2]
    assert "INJECT kremlin_back_channel" in by_round[3]
    report = _cli("report", str(save))
    assert report.returncode == 0, report.stderr
    assert "Injects and facilitator notes" in report.stdout and "envoy_shuttle" in report.stdout
    out = tmp_path / "my-deck.yaml"
    assert _cli("deck", "import", "facilitator/example-events.csv", "-o", str(out)).returncode == 0
    assert _cli("validate", str(out)).returncode == 0
