"""A save's lines read by the fast path (`store.savefile`: the writer's shape,
the next hash and number, a valid event) give what the full read gives: the
same events, hashes and warnings, and for any other line the same error,
found by the full read. Each case is read twice, the fast path on and off."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from wargame.benches.replay import write_big_save
from wargame.content.bundled import default_scenario
from wargame.errors import SaveError
from wargame.model.events import dump_event
from wargame.store import savefile


def _outcome(path: Path, damaged_ok: bool) -> object:
    try:
        loaded = savefile.load_save(str(path), damaged_ok=damaged_ok)
    except SaveError as exc:
        return ("refused", str(exc))
    return (
        [dump_event(ev) for ev in loaded.events],
        loaded.hashes,
        loaded.warnings,
        loaded.torn,
        loaded.damage,
        loaded.good_bytes,
        loaded.terminated,
    )


def _both(path: Path, monkeypatch: pytest.MonkeyPatch, damaged_ok: bool = False) -> tuple[object, object]:
    fast = _outcome(path, damaged_ok)
    with monkeypatch.context() as m:
        m.setattr(savefile, "LINE", savefile.line_adapter())  # another adapter: every line read the full way
        full = _outcome(path, damaged_ok)
    return fast, full


@pytest.fixture(scope="module")
def save_lines(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    path = tmp_path_factory.mktemp("fast") / "game.jsonl"
    write_big_save(str(path), 120, default_scenario())
    return path.read_bytes().split(b"\n")


EDITS = {
    "as written": lambda ls: ls,
    "leading zero in seq": lambda ls: [ls[0], ls[1].replace(b'{"seq": 1,', b'{"seq": 01,', 1), *ls[2:]],
    "hash in capitals": lambda ls: [*ls[:3], ls[3][:-66] + ls[3][-66:-2].upper() + b'"}', *ls[4:]],
    "a changed event": lambda ls: [*ls[:5], ls[5].replace(b'"seat": "', b'"seat": "x', 1), *ls[6:]],
    "keys reordered": lambda ls: [
        *ls[:2],
        ls[2].replace(b'{"seq": 2, "event": ', b'{"event": ', 1)[:-1] + b', "seq": 2}',
        *ls[3:],
    ],
    "CRLF endings": lambda ls: [line + b"\r" if line else line for line in ls],
    "a blank line inside": lambda ls: [*ls[:4], b"", *ls[4:]],
    "no newline at the end": lambda ls: ls[:-1],
    "torn last line": lambda ls: [*ls[:-2], ls[-2][:40]],
    "a line twice": lambda ls: [*ls[:6], ls[5], *ls[6:]],
    "a space before the hash": lambda ls: [*ls[:7], ls[7].replace(b', "hash": "', b',  "hash": "', 1), *ls[8:]],
    "the event is not an object": lambda ls: [
        *ls[:2],
        ls[2][: ls[2].index(b'"event": ') + 9] + b'7, "hash": "' + b"0" * 64 + b'"}',
        *ls[3:],
    ],
}


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edited_save_reads_the_same_fast_or_full(
    name: str, save_lines: list[bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "edited.jsonl"
    path.write_bytes(b"\n".join(EDITS[name](list(save_lines))))
    for damaged_ok in (False, True):
        fast, full = _both(path, monkeypatch, damaged_ok)
        assert fast == full


def test_randomly_damaged_lines_read_the_same_fast_or_full(
    save_lines: list[bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(5)
    path = tmp_path / "damaged.jsonl"
    for _ in range(60):
        lines = list(save_lines)
        k = rng.randrange(1, len(lines) - 1)
        line = bytearray(lines[k])
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(line))
            line[at : at + 1] = rng.choice([b"", b"0", b"a", b'"', b" ", b"\\", bytes([line[at] ^ 1])])
        lines[k] = bytes(line)
        path.write_bytes(b"\n".join(lines))
        fast, full = _both(path, monkeypatch, damaged_ok=True)
        assert fast == full
