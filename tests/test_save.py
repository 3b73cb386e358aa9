"""The save file: a header, then one hash-chained event a line; a torn last
line is dropped with a warning, any edit is refused with its line number."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import MINI, end_turns, play_round
from wargame.cli import main
from wargame.content.loader import ScenarioTexts, load_scenario
from wargame.engine.fold import fold
from wargame.engine.game import Game, Setup
from wargame.errors import SaveError
from wargame.model import events as e
from wargame.model.actions import FireInject
from wargame.model.scenario import Scenario
from wargame.session.runner import Session, start_session
from wargame.store.savefile import FORMAT, VERSION, SaveWriter, chain, load_save

SIGN = {"truce": {"guns": "silent"}, "frame": {"border": "new_line"}, "deal": {"money": "fund"}}


def saved_game(mini_bundle: tuple[Scenario, ScenarioTexts], path: Path, rounds: int = 3) -> Session:
    scenario, texts = mini_bundle
    session = start_session(scenario, texts, Setup(seed=9, seats={"c": "bot"}), str(path), created="2026-01-01T10:00")
    game = session.game
    script = [("truce", "reject"), ("truce", "accept"), ("frame", "reject"), ("frame", "accept")]
    for phase, response in script[:rounds]:
        play_round(game, SIGN[phase], response=response)  # type: ignore[arg-type]
    return session


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def write_lines(path: Path, text: list[str]) -> None:
    path.write_text("\n".join(text), encoding="utf-8")


def verify(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["verify", str(path)])
    out = capsys.readouterr()
    return code, out.out, out.err


# ---- writing and reading back ------------------------------------------------------------------


def test_round_trip_folds_to_the_live_state(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    session = saved_game(mini_bundle, path)
    loaded = load_save(str(path))
    assert loaded.warnings == []
    assert loaded.events == session.game.events
    assert loaded.head == session.writer.head if session.writer else False
    assert fold(loaded.scenario(), loaded.events) == session.game.state


def test_the_header_holds_everything_to_replay(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    header = json.loads(lines(path)[0])
    assert header["format"] == FORMAT and header["version"] == VERSION
    assert header["scenario"]["id"] == "mini"
    assert header["scenario"]["lens"] == "calm"
    assert header["scenario"]["sequence"] == "truce_first"
    assert header["scenario"]["texts"][MINI] == Path(MINI).read_text(encoding="utf-8")
    assert header["scenario"]["sha256"] == mini_bundle[1].sha256()
    assert header["seed"] == 9
    assert header["seats"] == {"a": "human", "b": "human", "c": "bot"}
    assert header["created"] == "2026-01-01T10:00"


def test_every_line_chains_from_the_one_before(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    text = lines(path)
    assert text[-1] == "", "every line ends with a newline"
    head = hashlib.sha256(text[0].encode()).hexdigest()
    for seq, line in enumerate(text[1:-1], start=1):
        record = json.loads(line)
        assert record["seq"] == seq
        event = e.EVENT.validate_python(record["event"])
        head = chain(head, e.dump_event(event))
        assert record["hash"] == head


def test_a_save_replays_when_the_scenario_file_is_gone(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path
) -> None:
    copy = tmp_path / "mini.yaml"
    shutil.copy(MINI, copy)
    scenario, texts = load_scenario(str(copy))
    path = tmp_path / "game.jsonl"
    session = start_session(scenario, texts, Setup(seed=1), str(path))
    play_round(session.game, SIGN["truce"])
    copy.unlink()
    loaded = load_save(str(path))
    assert fold(loaded.scenario(), loaded.events) == session.game.state


def test_a_save_is_never_overwritten(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path, rounds=1)
    before = path.read_bytes()
    with pytest.raises(SaveError, match="already exists"):
        start_session(*mini_bundle, Setup(seed=1), str(path))
    assert path.read_bytes() == before


def test_a_bad_setup_leaves_no_save_behind(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    with pytest.raises(Exception, match="unknown lens"):
        start_session(*mini_bundle, Setup(lens="stormy"), str(path))
    assert not path.exists()


# ---- resuming ----------------------------------------------------------------------------------


def resume(path: Path) -> tuple[Game, SaveWriter]:
    loaded = load_save(str(path))
    writer = SaveWriter.reopen(str(path), loaded)
    game = Game(loaded.scenario(), loaded.events)
    game.subscribe(writer.write)
    game.finish_interrupted()  # as `wargame resume` does
    return game, writer


def test_resume_a_save_and_play_on(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    session = saved_game(mini_bundle, path, rounds=1)
    assert session.writer is not None
    session.writer.close()
    game, writer = resume(path)
    assert game.state == session.game.state
    assert writer.head == session.writer.head
    play_round(game)  # the truce text is still on the table
    play_round(game, SIGN["frame"])
    writer.close()
    loaded = load_save(str(path))
    assert loaded.warnings == []
    assert loaded.events == game.events
    assert loaded.head == writer.head
    assert fold(loaded.scenario(), loaded.events) == game.state
    assert game.state.status == "deal"


def test_resuming_twice_keeps_one_chain(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    session = saved_game(mini_bundle, path, rounds=1)
    assert session.writer is not None
    session.writer.close()
    for _ in range(2):
        game, writer = resume(path)
        play_round(game, response="reject")
        writer.close()
    loaded = load_save(str(path))
    assert [ev.kind for ev in loaded.events].count("round_started") == 4


# ---- a torn last line ----------------------------------------------------------------------------


def test_a_line_cut_mid_write_is_dropped_with_a_warning(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path
) -> None:
    path = tmp_path / "game.jsonl"
    session = saved_game(mini_bundle, path)
    full = path.read_bytes()
    last_start = full.rstrip(b"\n").rfind(b"\n") + 1
    path.write_bytes(full[: last_start + 25])  # the last line cut after 25 bytes, no newline
    loaded = load_save(str(path))
    assert loaded.torn
    assert len(loaded.events) == len(session.game.events) - 1
    [warning] = loaded.warnings
    assert f":{len(session.game.events) + 1}:" in warning
    assert "incomplete" in warning
    assert fold(loaded.scenario(), loaded.events) == fold(mini_bundle[0], session.game.events[:-1])


def test_a_complete_line_without_its_newline_is_kept_and_repaired_on_resume(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path
) -> None:
    """Only the newline is missing (a facilitator's last note, say): the line
    is whole and chained, so it is kept, and resuming adds the newline."""
    path = tmp_path / "game.jsonl"
    session = saved_game(mini_bundle, path)
    assert session.writer is not None
    session.writer.close()
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    loaded = load_save(str(path))
    assert not loaded.torn and len(loaded.warnings) == 1 and "no line ending" in loaded.warnings[0]
    assert loaded.events == session.game.events
    game, writer = resume(path)
    end_turns(game)
    writer.close()
    again = load_save(str(path))
    assert again.warnings == [] and again.events == game.events


def test_a_torn_save_resumes_from_its_last_whole_line(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path
) -> None:
    path = tmp_path / "game.jsonl"
    session = saved_game(mini_bundle, path)
    assert session.writer is not None
    session.writer.close()
    full = path.read_bytes()
    path.write_bytes(full[:-10])
    game, writer = resume(path)
    game.submit(FireInject(kind="inject", inject="violation", reason="after the crash"))
    end_turns(game)
    writer.close()
    loaded = load_save(str(path))
    assert loaded.warnings == [] and not loaded.torn
    assert fold(loaded.scenario(), loaded.events) == game.state
    assert path.read_bytes().endswith(b"\n")


def test_verify_warns_about_a_torn_line_and_passes(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    path.write_bytes(path.read_bytes()[:-7])
    code, out, err = verify(path, capsys)
    assert code == 0
    assert "warning:" in err and "incomplete" in err


# ---- edited saves --------------------------------------------------------------------------------


def find_line(path: Path, needle: str) -> int:
    """The 1-based number of the first event line holding `needle`."""
    return next(i + 1 for i, line in enumerate(lines(path)) if i > 0 and needle in line)


def test_verify_a_good_save_prints_the_head_hash(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "game.jsonl"
    session = saved_game(mini_bundle, path)
    assert session.writer is not None
    code, out, err = verify(path, capsys)
    assert code == 0, err
    assert session.writer.head in out
    assert f"{len(session.game.events)} events" in out
    assert err == ""


def test_changing_one_digit_inside_an_event_is_caught_at_its_line(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    text = lines(path)
    n = find_line(path, '"kind":"round_ended"')
    assert '"tension":' in text[n - 1]
    before = text[n - 1]
    i = before.index('"tension":') + len('"tension":')
    digit = before[i]
    assert digit.isdigit()
    text[n - 1] = before[:i] + str((int(digit) + 1) % 10) + before[i + 1 :]
    write_lines(path, text)
    with pytest.raises(SaveError) as info:
        load_save(str(path))
    assert str(info.value).startswith(f"{path}:{n}:1: the hash chain breaks here")
    code, out, err = verify(path, capsys)
    assert code == 2
    assert f"{path}:{n}:" in err
    assert "Traceback" not in err and out == ""


def test_changing_a_word_inside_an_event_is_caught(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    n = find_line(path, '"response":"reject"')
    text = lines(path)
    text[n - 1] = text[n - 1].replace('"response":"reject"', '"response":"accept"')
    write_lines(path, text)
    with pytest.raises(SaveError, match=rf":{n}:1: the hash chain breaks here"):
        load_save(str(path))


def test_a_rehashed_line_still_breaks_the_next_one(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    """An editor who fixes the edited line's own hash breaks the next line's link."""
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    text = lines(path)
    n = find_line(path, '"kind":"proposed"')
    record = json.loads(text[n - 1])
    prev = json.loads(text[n - 2])["hash"]
    record["event"]["terms"] = {"guns": "firing"}
    event = e.EVENT.validate_python(record["event"])
    body = e.dump_event(event)
    text[n - 1] = f'{{"seq": {record["seq"]}, "event": {body}, "hash": "{chain(prev, body)}"}}'
    write_lines(path, text)
    with pytest.raises(SaveError, match=rf":{n + 1}:1: the hash chain breaks here"):
        load_save(str(path))


def test_a_deleted_line_breaks_the_chain(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    text = lines(path)
    del text[5]  # line 6
    write_lines(path, text)
    with pytest.raises(SaveError) as info:
        load_save(str(path))
    assert str(info.value).startswith(f"{path}:6:1: the hash chain breaks here")
    assert "a line was removed" in str(info.value)
    code, _, err = verify(path, capsys)
    assert code == 2 and f"{path}:6:" in err


def test_swapped_lines_break_the_chain(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    text = lines(path)
    text[3], text[4] = text[4], text[3]
    write_lines(path, text)
    with pytest.raises(SaveError, match=r":4:1: "):
        load_save(str(path))


def test_an_edited_header_breaks_the_first_link(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    text = lines(path)
    text[0] = text[0].replace('"seed": 9', '"seed": 8')
    write_lines(path, text)
    with pytest.raises(SaveError) as info:
        load_save(str(path))
    assert ":2:1: " in str(info.value) and "header (line 1)" in str(info.value)


def test_a_line_that_is_not_an_event(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    text = lines(path)
    text.insert(3, '{"seq": 3, "event": {"kind": "nonsense"}, "hash": "00"}')
    write_lines(path, text)
    with pytest.raises(SaveError, match=r":4:1: this line is not a valid event"):
        load_save(str(path))


def test_an_empty_line_in_the_middle_is_damage(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    text = lines(path)
    text.insert(3, "")
    write_lines(path, text)
    with pytest.raises(SaveError, match=r":4:1: "):
        load_save(str(path))


# ---- not a save ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, message",
    [
        ({"format": "chess-pgn", "version": 1}, "not a wargame save (format 'chess-pgn')"),
        ({"version": 1}, "not a wargame save"),
        (
            {"format": FORMAT, "version": 99},
            f"save format version 99 is not supported; this wargame reads version {VERSION}",
        ),
        ({"format": FORMAT}, "version None is not supported"),
    ],
)
def test_a_wrong_header_is_refused_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: dict[str, object], message: str
) -> None:
    path = tmp_path / "other.jsonl"
    path.write_text(json.dumps(header) + "\n")
    with pytest.raises(SaveError) as info:
        load_save(str(path))
    assert str(info.value).startswith(f"{path}:1:1: ")
    assert message in str(info.value)
    code, _, err = verify(path, capsys)
    assert code == 2 and message in err


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"\n", "empty file"),
        (b"hello, world\n", "the header is not JSON"),
        (b"\xff\xfe\x00\n", "the header is not JSON"),
        (b"[1, 2]\n", "not a wargame save"),
    ],
)
def test_not_a_save_at_all(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(content)
    with pytest.raises(SaveError, match=message):
        load_save(str(path))


def test_a_missing_save(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = verify(tmp_path / "none.jsonl", capsys)
    assert code == 2
    assert "cannot read the save" in err


def test_a_header_without_the_scenario_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"format": FORMAT, "version": VERSION}) + "\n")
    loaded = load_save(str(path))
    with pytest.raises(SaveError, match="does not hold the scenario"):
        loaded.scenario()
    code, _, err = verify(path, capsys)
    assert code == 2 and "Traceback" not in err


def test_a_save_whose_embedded_scenario_is_broken(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path, rounds=1)
    header = json.loads(lines(path)[0])
    header["scenario"]["texts"][MINI] = "id: [broken"
    path.write_text(json.dumps(header) + "\n")  # the header alone: no chain to break
    loaded = load_save(str(path))
    with pytest.raises(SaveError, match=r":1: the scenario embedded in the save does not load"):
        loaded.scenario()
    code, _, err = verify(path, capsys)
    assert code == 2 and "Traceback" not in err
