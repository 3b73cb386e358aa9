"""Saves that outlive the code: a version-1 save, committed, must verify,
replay, report and resume in every later version; a model that gains a
defaulted field breaks no existing save; unknown versions are refused by name.

`tests/data/v1-save.jsonl` is a whole short game (mini scenario with the
reliability deck, to peace in four rounds: a lever, a proposal, a private
message, a scheduled inject and a fired one that pulls a lever, a note, a set
indicator, rejected and accepted votes), written by the code as it was before
events carried a `cause`. Never regenerate it: it stands for the saves that
classes already have.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Annotated, Any, Union, get_args

import pytest
from pydantic import Field

from tests.conftest import ROOT
from wargame.cli import main
from wargame.engine.game import Game
from wargame.errors import SaveError
from wargame.model import events as e
from wargame.store import savefile
from wargame.store.savefile import load_save

V1 = os.path.join(ROOT, "tests", "data", "v1-save.jsonl")


def test_the_v1_save_verifies(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", V1]) == 0
    out = capsys.readouterr().out
    assert "ok: 57 events" in out and "status peace after round 4" in out


def test_the_v1_save_replays_to_its_end() -> None:
    loaded = load_save(V1)
    state = loaded.replay()
    assert state.status == "peace" and state.round == 4
    assert sorted(state.agreements) == ["deal", "frame", "truce"]
    assert [i for _, i in state.injects] == ["a_pushed", "round_two_push"]
    assert len(state.notes) == 1


def test_the_v1_save_reports(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    assert main(["report", V1, "-o", str(out)]) == 0
    text = out.read_text()
    assert "peace after 4 rounds (57 events)" in text
    assert "60aeb92326dccd5c5052e45fc9c05d9a5bc8a9da906e033d84b899c5c6d9a94c" in text


def test_the_v1_save_resumes_and_plays_on(tmp_path: Path) -> None:
    path = tmp_path / "v1.jsonl"
    shutil.copy(V1, path)
    loaded = load_save(str(path))
    game = Game(loaded.scenario(), loaded.events)
    assert game.finish_interrupted() == []
    assert game.over


def _event_union_with(replaced: type[Any], by: type[Any]) -> Any:
    union = get_args(e.Event)[0]
    members = tuple(by if m is replaced else m for m in get_args(union))
    return Annotated[Union[members], Field(discriminator="kind")]  # noqa: UP007


def test_a_model_that_gains_a_defaulted_field_breaks_no_save(monkeypatch: pytest.MonkeyPatch) -> None:
    """A later version adds `mood` to `TurnEnded`: saves written before still
    verify, since the chain is over the bytes as stored, not the re-serialized
    model (which now differs: the old way of hashing would break at line 6)."""

    class TurnEnded(e.TurnEnded):
        mood: str = "calm"

    monkeypatch.setattr(e, "TurnEnded", TurnEnded)  # the engine makes the new model too
    monkeypatch.setattr(savefile, "LINE", savefile.line_adapter(_event_union_with(e.TurnEnded.__mro__[1], TurnEnded)))
    loaded = load_save(V1)
    ended = [ev for ev in loaded.events if ev.kind == "turn_ended"]
    assert ended and all(isinstance(ev, TurnEnded) and ev.mood == "calm" for ev in ended)
    # the re-serialized model is no longer the stored text: hashing it would break
    stored = Path(V1).read_text().splitlines()
    first = next(i for i, ev in enumerate(loaded.events) if ev.kind == "turn_ended")
    assert e.dump_event(loaded.events[first]) not in stored[first + 1]
    assert loaded.replay().status == "peace"


@pytest.mark.parametrize(
    "version, says",
    [
        (2, "format version 2 is not supported; this wargame reads version 1 (the save was written by a newer"),
        (0, "format version 0 is not supported; this wargame reads version 1 and has no converter"),
        ("1", "format version '1' is not supported"),
    ],
)
def test_a_save_of_another_version_is_refused_by_name(tmp_path: Path, version: object, says: str) -> None:
    lines = Path(V1).read_text().splitlines(keepends=True)
    header = json.loads(lines[0])
    header["version"] = version
    path = tmp_path / "other.jsonl"
    path.write_text(json.dumps(header, sort_keys=True) + "\n" + "".join(lines[1:]))
    with pytest.raises(SaveError, match=r":1:1: save ") as info:
        load_save(str(path))
    assert says in str(info.value)
