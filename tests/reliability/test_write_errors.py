"""Write errors are messages, never crashes, and lose nothing acknowledged.

A full disk is the real one where it can be: `/dev/full` put under the save's
file descriptor answers every write with ENOSPC, as a full disk does.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI, ROOT, end_turns, play_round
from wargame.cli import main
from wargame.content.loader import ScenarioTexts
from wargame.engine.game import Setup
from wargame.model.actions import Note
from wargame.model.scenario import Scenario
from wargame.session.runner import start_session
from wargame.store import writer as writer_module
from wargame.store.savefile import load_save
from wargame.store.writer import SaveWriter, rescue


class FullDisk:
    """Put /dev/full under a writer's file (every write: ENOSPC), and take it away."""

    def __init__(self, writer: SaveWriter) -> None:
        self.fd = writer._fd
        self.saved = os.dup(self.fd)
        full = os.open("/dev/full", os.O_WRONLY)
        os.dup2(full, self.fd)
        os.close(full)

    def free(self) -> None:
        os.dup2(self.saved, self.fd)
        os.close(self.saved)


def _session(bundle: tuple[Scenario, ScenarioTexts], path: Path):  # type: ignore[no-untyped-def]
    scenario, texts = bundle
    return start_session(scenario, texts, Setup(seed=2), str(path), created="2026-01-01T10:00")


def test_a_full_disk_during_play_keeps_the_game_and_says_so(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path
) -> None:
    path = tmp_path / "game.jsonl"
    session = _session(mini_bundle, path)
    writer = session.writer
    assert writer is not None
    heard: list[str | None] = []
    writer.on_problem = heard.append
    disk = FullDisk(writer)
    play_round(session.game, {"guns": "silent"}, "reject")  # the game goes on
    session.game.submit(Note(kind="facilitator", command="note", reason="written while the disk was full"))
    assert writer.problem is not None and "No space left on device" in writer.problem
    assert writer.unsaved > 10
    assert len(heard) == 1 and "No space left on device" in str(heard[0]), "told once, when it started"
    disk.free()
    end_turns(session.game)  # the next write takes everything waiting
    assert writer.unsaved == 0 and writer.problem is None and heard[-1] is None
    writer.close()
    assert load_save(str(path)).events == session.game.events


def test_a_half_written_line_is_cut_off_before_the_retry(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "game.jsonl"
    session = _session(mini_bundle, path)
    writer = session.writer
    assert writer is not None
    real = writer_module._write_all
    calls = {"n": 0}

    def half_then_full(fd: int, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writer_module, "_write_all", half_then_full)
    end_turns(session.game)
    assert writer.unsaved > 0
    monkeypatch.setattr(writer_module, "_write_all", real)
    assert writer.retry()
    writer.close()
    loaded = load_save(str(path))
    assert loaded.warnings == [] and loaded.events == session.game.events


def test_close_never_raises_and_the_rescue_saves_everything(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    os.makedirs(tmp_path / "home")
    path = tmp_path / "game.jsonl"
    session = _session(mini_bundle, path)
    assert session.writer is not None
    FullDisk(session.writer)  # never freed: the disk stays full
    play_round(session.game, {"guns": "silent"}, "accept")
    session.writer.close()
    message = rescue(session.writer)
    assert message is not None and "nothing lost" in message
    rescued = session.writer.path
    assert rescued.startswith(str(tmp_path / "home")) and rescued in message
    assert load_save(rescued).events == session.game.events


def test_run_on_a_full_disk_exits_2_with_the_rescued_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    os.makedirs(tmp_path / "home")
    save = str(tmp_path / "run.jsonl")
    real = writer_module._write_all
    written = {"n": 0}

    def full_after_some(fd: int, data: bytes) -> None:
        """The disk under the save fills up after 20 lines (the home folder does not)."""
        if os.readlink(f"/proc/self/fd/{fd}") == save:
            written["n"] += 1
            if written["n"] > 20:
                raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(writer_module, "_write_all", full_after_some)
    code = main(["run", MINI, "--rounds", "3", "--save", save, "--json"])
    err = capsys.readouterr().err
    assert code == 2
    assert "No space left on device" in err and "nothing lost" in err
    rescued = next((tmp_path / "home").glob("rescued-run*.jsonl"))
    assert len(load_save(str(rescued)).events) > 20


@pytest.mark.parametrize(
    "target, says",
    [
        ("{tmp}", "is a folder"),
        ("{tmp}/no/such/folder/r.md", "does not exist"),
        ("/proc/report.md", "cannot write"),
        ("/dev/null", "not a regular file"),
    ],
)
def test_report_o_targets_are_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, says: str
) -> None:
    out = target.format(tmp=tmp_path)
    code = main(["report", os.path.join(ROOT, "tests", "data", "v1-save.jsonl"), "-o", out])
    err = capsys.readouterr().err
    assert code == 2 and says in err and "Traceback" not in err
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_a_full_disk_under_report_o_leaves_no_temp_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "report.md"
    code = main(["report", os.path.join(ROOT, "tests", "data", "v1-save.jsonl"), "-o", str(out)])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == 2 and "No space left on device" in err and "nothing was written" in err
    assert list(tmp_path.iterdir()) == []


def test_deck_import_o_to_a_folder_is_refused_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "deck.csv"
    csv.write_text("id,title,text\nfirst,A first,Some text\n")
    code = main(["deck", "import", str(csv), "-o", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "is a folder" in err


# ---- one writer per save -------------------------------------------------------------------------

HOLD = """
import sys
from wargame.store.savefile import load_save
from wargame.store.writer import SaveWriter
w = SaveWriter.reopen(sys.argv[1], load_save(sys.argv[1]))
print("holding", flush=True)
sys.stdin.read()
w.close()
"""


def test_a_second_writer_is_refused_naming_the_holder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from wargame.store.lock import SaveLocked
    from wargame.tui.app import WargameApp

    def no_app(self: object) -> None:
        raise AssertionError("the game opened: the save was not locked")

    monkeypatch.setattr(WargameApp, "run", no_app)
    path = tmp_path / "game.jsonl"
    path.write_bytes(Path(ROOT, "tests", "data", "v1-save.jsonl").read_bytes())
    # the v1 game is over: reopen it all the same (a writer needs no game to go on)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(SaveLocked, match=f"pid {holder.pid} "):
            SaveWriter.reopen(str(path), load_save(str(path)))
        code = main(["resume", str(path)])
        err = capsys.readouterr().err
        assert code == 2
        assert f"pid {holder.pid}" in err and "open in another wargame" in err and "wargame replay" in err
        # read-only opening still works while it is held
        assert main(["verify", str(path)]) == 0
        assert main(["report", str(path)]) == 0
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
    assert not Path(f"{path}.lock").exists(), "the holder's note goes with it"
    loaded = load_save(str(path))
    SaveWriter.reopen(str(path), loaded).close()  # free again


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    path.write_bytes(Path(ROOT, "tests", "data", "v1-save.jsonl").read_bytes())
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    holder.kill()
    holder.wait(timeout=10)
    assert Path(f"{path}.lock").exists(), "kill -9 leaves the note behind"
    SaveWriter.reopen(str(path), load_save(str(path))).close()  # but not the lock
