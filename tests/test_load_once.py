"""Opening a save folds it once: the check on reading folds the events as it
replays them, and `replay()` hands that state out instead of folding again.
These tests pin that the shortcut gives exactly the state a fresh fold gives,
and falls back to folding whenever the events are not the ones checked."""

from __future__ import annotations

import gc
import hashlib
import json
from pathlib import Path

import pytest

from tests.test_save import saved_game
from wargame.content.loader import ScenarioTexts
from wargame.engine.fold import fold
from wargame.errors import SaveError
from wargame.model.scenario import Scenario
from wargame.store.savefile import chain, load_save


def rechain(path: Path, edit: int, change: dict[str, object]) -> None:
    """Change event line `edit` (1-based line number) and recompute every hash,
    as a forger who knows the format would: the chain holds, the rules do not."""
    raw = path.read_bytes().split(b"\n")
    head = hashlib.sha256(raw[0]).hexdigest()
    out = [raw[0]]
    for n, line in enumerate(raw[1:], start=2):
        if not line:
            out.append(line)
            continue
        record = json.loads(line)
        if n == edit:
            record["event"].update(change)
        body = json.dumps(record["event"], ensure_ascii=False, separators=(",", ":"))
        head = chain(head, body)
        out.append(f'{{"seq": {record["seq"]}, "event": {body}, "hash": "{head}"}}'.encode())
    path.write_bytes(b"\n".join(out))


def test_the_state_of_a_load_is_the_fold(mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    session = saved_game(mini_bundle, path)
    loaded = load_save(str(path))
    first = loaded.replay()
    assert first == fold(loaded.scenario(), loaded.events) == session.game.state
    again = loaded.replay()  # handed out once: a second call folds afresh
    assert again == first and again is not first
    again.round += 1
    assert loaded.replay() == first  # and changing one changes no other


def test_events_changed_after_loading_are_folded_not_taken_from_the_check(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path
) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    loaded = load_save(str(path))
    del loaded.events[-3:]
    assert loaded.replay() == fold(loaded.scenario(), loaded.events)


def test_a_save_cut_at_a_forged_event_replays_to_the_events_kept(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path
) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, start=1) if '"kind":"turn_ended"' in text.replace(" ", ""))
    rechain(path, line, {"seat": "nobody"})
    with pytest.raises(SaveError, match=rf":{line}:1: "):
        load_save(str(path))
    loaded = load_save(str(path), damaged_ok=True)
    assert loaded.damage is not None and len(loaded.events) == line - 2
    assert loaded.replay() == fold(loaded.scenario(), loaded.events)


def test_the_garbage_collector_runs_again_after_a_load(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path
) -> None:
    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    assert gc.isenabled()
    load_save(str(path))
    assert gc.isenabled()
    (tmp_path / "bad.jsonl").write_text("not a save\n", encoding="utf-8")
    with pytest.raises(SaveError):
        load_save(str(tmp_path / "bad.jsonl"))
    assert gc.isenabled()
    gc.disable()  # a caller that paused it keeps it paused
    try:
        load_save(str(path))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_reading_a_small_save_does_not_reserve_the_size_cap(
    mini_bundle: tuple[Scenario, ScenarioTexts], tmp_path: Path
) -> None:
    """The reader asks for the bytes the file holds, not for the 512 MB cap
    (which Python allocates up front, then shrinks)."""
    import tracemalloc

    path = tmp_path / "game.jsonl"
    saved_game(mini_bundle, path)
    tracemalloc.start()
    try:
        load_save(str(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20, f"opening a {path.stat().st_size} B save peaked at {peak / 2**20:.0f} MB"
