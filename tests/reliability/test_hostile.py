"""The probe's hostile inputs, as regression tests: each is an error naming
the file (and line and column where there is one), exit code 2, no
traceback, and within a second."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT, SCENARIO
from tests.reliability.hostile import bodies, deck_bomb, deep, rechained, scenario_bomb
from wargame.cli import main

V1 = Path(ROOT, "tests", "data", "v1-save.jsonl")


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, float]:
    """Run `wargame ARGV`: its exit code, stderr and seconds (stdout stays in `capsys.last_out`)."""
    t0 = time.perf_counter()
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    took = time.perf_counter() - t0
    captured = capsys.readouterr()
    capsys.last_out = captured.out  # type: ignore[attr-defined]
    assert "Traceback" not in captured.err
    return code, captured.err, took


def refused(argv: list[str], capsys: pytest.CaptureFixture[str], says: str, where: str | None = None) -> str:
    code, err, took = cli(argv, capsys)
    assert code == 2, err
    assert says in err, err
    if where is not None:
        assert where in err, err
    assert took < 1.0, f"{took:.2f} s"
    return err


# ---- YAML files ----------------------------------------------------------------------------------

FILES: dict[str, tuple[Callable[[], bytes], str, str]] = {
    # name: (content, what the message says, where it points)
    "scenario-alias-bomb": (lambda: scenario_bomb().encode(), "once its aliases (*name) are expanded", ":"),
    "deck-alias-bomb": (lambda: deck_bomb().encode(), "once its aliases (*name) are expanded", ":"),
    "deep-250": (lambda: deep(250).encode(), "nested more than", ":2:"),
    "deep-999": (lambda: deep(999).encode(), "nested more than", ":2:"),
    "recursive": (lambda: b"id: r\nloop: &a [*a]\n", "contains itself", ":2:"),
    "latin-1": (lambda: "id: x\ntitle: café\n".encode("latin-1"), "not UTF-8", ":2:11:"),
    "utf-16": (lambda: "id: x\n".encode("utf-16"), "UTF-16", ":1:1:"),
    "binary": (lambda: bytes(range(256)) * 4, "not UTF-8", ":"),
    "empty": (lambda: b"", "empty file", ""),
    "blank": (lambda: b"\n\n  \n", "empty file", ""),
    "huge": (lambda: b"# " + b"x" * (5 * 2**20) + b"\nid: x\n", "larger than 4 MB", ""),
    "bad-inject-id": (lambda: b"injects:\n  - {id: Bad ID!, title: t, text: x}\n", "lower_snake_case", ":2:"),
    "unknown-source": (
        lambda: b"injects:\n  - {id: ok_id, title: t, text: x, sources: [src-999]}\n",
        "unknown source key 'src-999'",
        ":2:",
    ),
    "nan": (
        lambda: b"injects:\n  - {id: n, title: t, text: x, effects: [{indicators: {momentum: .nan}}]}\n",
        "must be a finite number",
        ":2:",
    ),
    "inf": (lambda: b"injects:\n  - {id: n, title: t, text: x, trigger: {chance: .inf}}\n", "finite number", ":2:"),
}


@pytest.mark.parametrize("name", list(FILES))
def test_validate_refuses_a_hostile_file(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, says, where = FILES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content())
    refused(["validate", str(path)], capsys, says, f"{path}{where}")


def test_a_wide_file_without_anchors_is_refused_where_it_passes_the_bound(tmp_path: Path) -> None:
    """No anchor, so the cheap count decides it is too big; the full check then
    says where. (Not timed: composing 200,001 values alone takes about a second
    here, the size check comes after.)"""
    from wargame.content.yamlfile import YamlDoc
    from wargame.errors import ContentError

    with pytest.raises(ContentError, match="holds more than 200,000 values") as caught:
        YamlDoc("wide.yaml", "id: w\nmany: [" + "1," * 200_001 + "]\n")
    assert str(caught.value.problems[0][0]).startswith("wide.yaml:2:")


def test_devices_and_folders_are_not_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused(["validate", "/dev/zero"], capsys, "not a regular file")
    refused(["validate", str(tmp_path)], capsys, "a folder")
    inc = tmp_path / "inc.yaml"
    inc.write_text("id: x\ninclude: [/dev/zero]\n")
    refused(["validate", str(inc)], capsys, "included file '/dev/zero': not a regular file", f"{inc}:2:")
    refused(["verify", "/dev/zero"], capsys, "not a save file")
    refused(["run", "/dev/zero"], capsys, "not a regular file")


def test_a_scenario_with_a_long_leading_comment_is_checked_as_a_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long.yaml"
    path.write_text("# " + "a" * 5000 + "\n" + Path(MINI).read_text())
    code, err, _ = cli(["validate", str(path)], capsys)
    assert code == 0, err
    assert "ok (scenario mini:" in capsys.last_out  # type: ignore[attr-defined]


def test_a_save_whose_embedded_scenario_is_a_bomb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = bodies(V1)
    header = json.loads(lines[0])
    header["scenario"]["texts"][header["scenario"]["main"]] = scenario_bomb()
    lines[0] = json.dumps(header, sort_keys=True)
    path = tmp_path / "bomb.jsonl"
    rechained(path, lines)
    for command in (["verify"], ["report"], ["resume"]):
        refused([*command, str(path)], capsys, "once its aliases (*name) are expanded")


# ---- moves files and options ---------------------------------------------------------------------

MOVES = {
    "empty-say": ("rounds:\n  - moves: [{seat: us, say: ''}]\n", "say", ":2:"),
    "empty-propose": ("rounds:\n  - moves: [{seat: us, propose: {}}]\n", "propose", ":2:"),
    "unknown-inject": ("rounds:\n  - injects: [no_such_inject]\n", "unknown inject 'no_such_inject'", ":2:"),
    "too-many-moves": (
        "rounds:\n  - moves:\n" + "      - {seat: us, say: hi}\n" * 401,
        "at most 400",
        ":",
    ),
    "utf-16": ("rounds: []\n", "UTF-16", ":1:1:"),
}


@pytest.mark.parametrize("name", list(MOVES))
def test_run_refuses_a_bad_moves_file(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, says, where = MOVES[name]
    path = tmp_path / "moves.yaml"
    path.write_bytes(text.encode("utf-16") if name == "utf-16" else text.encode())
    save = tmp_path / "game.jsonl"
    refused(["run", SCENARIO, "--moves", str(path), "--save", str(save)], capsys, says, f"{path}{where}")
    assert not save.exists(), "a moves file refused before play leaves no save"


NON_SIGNATORY = (
    "rounds:\n  - moves:\n      - {seat: us, propose: {ceasefire: thirty_day}}\n"
    "      - {seat: europe, respond: accept}\n      - {seat: russia, respond: accept}\n"
    "      - {seat: us, respond: accept}\n      - {seat: ukraine, respond: accept}\n"
)


def test_a_respond_from_a_non_signatory_is_named_in_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not silent, and not a refusal either: one moves file may serve several
    sequences, and the public acceptance cases give votes to every seat."""
    path = tmp_path / "moves.yaml"
    path.write_text(NON_SIGNATORY)
    code, err, _ = cli(["run", SCENARIO, "--moves", str(path), "--save", str(tmp_path / "g.jsonl")], capsys)
    assert code == 0, err
    assert f"warning: {path}:4:" in err and "europe does not sign this round's text" in err


@pytest.mark.parametrize("rounds", ["0", "-1", "two"])
def test_rounds_must_be_at_least_one(rounds: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused(["run", MINI, "--rounds", rounds, "--save", str(tmp_path / "g.jsonl")], capsys, "--rounds")
    assert not (tmp_path / "g.jsonl").exists()


def test_save_to_a_folder_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused(["run", MINI, "--save", str(tmp_path)], capsys, "is a folder")


def test_branch_at_a_negative_event(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused(["branch", str(V1), "--event", "-5"], capsys, "--event")


# ---- forged saves with a recomputed chain --------------------------------------------------------


def _forge(tmp_path: Path, edit: Callable[[list[dict]], None]) -> Path:  # type: ignore[type-arg]
    lines = bodies(V1)
    events = [json.loads(b) for b in lines[1:]]
    edit(events)
    path = tmp_path / "forged.jsonl"
    rechained(path, [lines[0], *(json.dumps(ev) for ev in events)])
    return path


def _first(events: list[dict], kind: str) -> dict:  # type: ignore[type-arg]
    return next(ev for ev in events if ev["kind"] == kind)


FORGERIES: dict[str, tuple[Callable[[list[dict]], None], str]] = {  # type: ignore[type-arg]
    "unknown seat": (lambda evs: _first(evs, "message_sent").update(seat="nobody"), "unknown seat 'nobody'"),
    "unknown lever": (lambda evs: _first(evs, "lever_used").update(lever="nuke"), "unknown lever 'nuke'"),
    "lever out of turn": (lambda evs: _first(evs, "lever_used").update(seat="b", lever="b_push"), "not b's turn"),
    "unknown lens": (lambda evs: evs[0].update(lens="nonsense"), "unknown lens 'nonsense'"),
    "unknown player": (lambda evs: evs[0]["seats"].update(a="robot"), "played by 'robot'"),
    "invented rule": (
        lambda evs: evs.insert(
            3,
            {"kind": "rule_fired", "rule": "x", "rule_kind": "event", "title": "t", "explanation": "e", "sources": []},
        ),
        "`rule_fired` event follows from an action or the rules",
    ),
    "vote nobody called": (
        lambda evs: evs.insert(3, {"kind": "vote_cast", "seat": "a", "response": "accept"}),
        "there is no vote now",
    ),
    "phase jump": (
        lambda evs: evs.insert(3, {"kind": "phase_changed", "from": "truce", "to": "deal", "trigger": "sign"}),
        "`phase_changed` event follows",
    ),
    "changed dice": (
        lambda evs: _first(evs, "round_ended").update(indicators={"tension": 1, "durability": 0}),
        "differs in indicators",
    ),
    "nan value": (
        lambda evs: next(ev for ev in evs if ev.get("command") == "set_indicator").update(value=float("nan")),
        "finite number",
    ),
}


@pytest.mark.parametrize("name", list(FORGERIES))
def test_a_forged_save_is_refused_by_every_command(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from wargame.tui.app import WargameApp
    from wargame.tui.replay import ReplayApp

    edit, says = FORGERIES[name]
    path = _forge(tmp_path, edit)
    err = refused(["verify", str(path)], capsys, says)
    assert f"{path}:" in err
    assert "the save was edited" in err or "not a valid event" in err
    monkeypatch.setattr(WargameApp, "run", lambda self: pytest.fail("resume opened a forged save"))
    shown: list[ReplayApp] = []
    monkeypatch.setattr(ReplayApp, "run", lambda self: shown.append(self))
    for argv in (
        ["report", str(path)],
        ["resume", str(path)],
        ["branch", str(path), "--at", "2"],
        ["compare", str(path), str(V1)],
        ["deals", str(path)],
        ["replay", str(path)],
    ):
        code, err, took = cli(argv, capsys)
        assert code == 2, (argv, err)
        assert took < 1.0
    assert shown, "replay opens what is before the damage (or says what is wrong)"


def test_a_damaged_save_reports_up_to_the_damage_marked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _forge(tmp_path, FORGERIES["vote nobody called"][0])
    out = tmp_path / "r.md"
    code, err, _ = cli(["report", str(path), "-o", str(out)], capsys)
    assert code == 2 and "warning:" in err
    text = out.read_text()
    assert text.startswith("> **DAMAGED SAVE:") and "3 events before it" in text


def test_two_differing_hashes_never_print_the_same_prefix() -> None:
    from wargame.store.savefile import _differing

    a, b = "0123456789abcdef0123" + "a" * 44, "0123456789abcdef0123" + "b" * 44
    x, y = _differing(a, b)
    assert x != y and len(x) == 21
    assert _differing("a" * 64, "b" * 64) == ("a" * 12, "b" * 12)


def test_a_save_with_crlf_and_trailing_blank_lines_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(V1.read_bytes().replace(b"\n", b"\r\n") + b"\r\n\n  \n")
    code, err, _ = cli(["verify", str(path)], capsys)
    assert code == 0, err
    shutil.copy(path, tmp_path / "again.jsonl")
    from wargame.store.savefile import load_save
    from wargame.store.writer import SaveWriter

    loaded = load_save(str(path))
    SaveWriter.reopen(str(path), loaded).close()  # trims the blank lines
    assert load_save(str(path)).events == loaded.events
    assert not path.read_bytes().endswith(b"\n\n")
    assert os.path.getsize(path) < os.path.getsize(tmp_path / "again.jsonl")
