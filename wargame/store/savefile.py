"""The save file: JSON lines, append-only, hash-chained, checked on every read.

Line 1 is a header: the format and its version, the scenario (id, lens, the
SHA-256 of its text, and the text itself, so a save replays even if the
scenario file changes later), the seed, the seats and who plays them, the
creation time. Every further line is one event: `seq`, the `event`, and
`hash` = SHA-256 over the previous line's hash and this event's bytes exactly
as stored (`store.writer`). The first event chains from the SHA-256 of the
header line.

Reading (`load_save`) checks three things and names the line at fault:
the shape (each line parsed by one `TypeAdapter.validate_json`), the chain
(the stored bytes, so a model gaining a defaulted field breaks nothing), and
the game itself: the events are replayed against the embedded scenario, and
an event the rules could not have made (an unknown seat, a lever out of turn,
a vote nobody called) is refused, since anyone can recompute a chain.

Endings a person or an editor may leave are read: CRLF, blank lines, and an
intact last line without its newline (repaired on resume). A torn last line
(a crash mid-write) is dropped with a warning. A damaged save can still be
opened up to its last good line for replay and report (`damaged_ok=True`),
clearly marked, never to resume.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from wargame.content.loader import ScenarioTexts, build
from wargame.engine.fold import apply
from wargame.engine.recover import Forged, check_events
from wargame.errors import SaveError, WargameError
from wargame.model.events import EVENT, Event
from wargame.model.scenario import Scenario
from wargame.model.state import GameState
from wargame.store.writer import SaveWriter, chain

__all__ = ["FORMAT", "VERSION", "LoadedSave", "SaveWriter", "chain", "load_save", "make_header"]

FORMAT = "wargame-save"
VERSION = 1
"""The save format's version. A later format that cannot be read as this one
gets a new number and a migration here; an unknown number is refused by name."""

MAX_SAVE_BYTES = 512 * 1024 * 1024
"""A save larger than this is refused before it is read (a class game is a few MB)."""


class _Line(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    seq: int
    event: Event
    hash: str


def line_adapter(event: Any = Event) -> TypeAdapter[_Line]:
    """The parser of one event line (a test builds one with a changed event model)."""
    model = _Line if event is Event else type("_Line", (_Line,), {"__annotations__": {"event": event}})
    return TypeAdapter(model)


LINE = line_adapter()
"""Every event line is parsed by this, once: `LINE.validate_json(line)` (but see `_EVENT`)."""
_LINE = LINE

_HASH_KEY = b', "hash": "'
_EVENT = EVENT.validator.validate_json
"""The fast path's reader. A line `{"seq": N, "event": BODY, "hash": "H"}`
exactly as the writer writes it (N the next number, H the next hash of the
chain) is the JSON object `LINE` reads exactly when BODY is a valid event,
and reading BODY alone gives the same event, without the line's model
around it (`tests/test_save_fast_read.py`: edited and damaged saves read the
same either way)."""

_RECORD = re.compile(rb'\{"seq": \d+, "event": (.*), "hash": "[0-9a-f]{64}"\}')
"""The line as the writer writes it; group 1 is the event's stored bytes."""

_START = re.compile(rb'\{"seq": \d+, "event": ')
_END = re.compile(rb', "hash": "[0-9a-f]{64}"\}')
_END_SIZE = len(b', "hash": "') + 64 + len(b'"}')
"""`_RECORD` in two anchored pieces (its tail has a fixed size), which finds
the same event bytes without `.*` backtracking over every line."""


def make_header(
    texts: ScenarioTexts,
    scenario: Scenario,
    seed: int,
    lens: str | None,
    sequence: str,
    seats: dict[str, str],
    created: str,
    parent: dict[str, Any] | None = None,
) -> dict[str, Any]:
    header: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "scenario": {
            "id": scenario.id,
            "lens": lens,
            "sequence": sequence,
            "sha256": texts.sha256(),
            "main": texts.main,
            "texts": texts.texts,
        },
        "seed": seed,
        "seats": seats,
        "created": created,
    }
    if parent:
        header["parent"] = parent
    return header


@dataclass
class LoadedSave:
    path: str
    header: dict[str, Any]
    events: list[Event]
    head: str
    warnings: list[str] = field(default_factory=list)
    torn: bool = False
    """The last line was cut mid-write and dropped."""
    good_bytes: int = 0
    """The file's size up to the end of its last good line and its newline (if it had one)."""
    terminated: bool = True
    """Did the last good line end with a newline? (resume adds a missing one)"""
    size: int = 0
    """The file's size when read (resume refuses a save that changed since)."""
    root: str = ""
    """The hash the chain starts from: the SHA-256 of the header line."""
    hashes: list[str] = field(default_factory=list)
    """The chain's hash after each event: `hashes[i]` seals `events[: i + 1]`."""
    damage: str | None = None
    """Why the events stop early: the save is damaged past them (read-only)."""
    _scenario: Scenario | None = None
    _state: GameState | None = None
    """The state the verify folded the events to, until `replay` hands it out."""

    def head_at(self, count: int) -> str:
        """The head hash after the first `count` events (a branch point's seal)."""
        if not 0 <= count <= len(self.events):
            raise ValueError(f"a save of {len(self.events)} events has no point after {count} events")
        return self.hashes[count - 1] if count else self.root

    def texts(self) -> ScenarioTexts:
        try:
            sc = self.header["scenario"]
            return ScenarioTexts(main=str(sc["main"]), texts={str(k): str(v) for k, v in sc["texts"].items()})
        except (KeyError, TypeError, AttributeError):
            raise SaveError(f"{self.path}:1:1: the header does not hold the scenario's text; was it edited?") from None

    def replay(self) -> GameState:
        """Fold the events into the state they lead to (the first call takes
        the state the check on reading already folded: a save is folded once)."""
        if self._state is not None and self._state.events == len(self.events):
            state, self._state = self._state, None
            return state
        scenario = self.scenario()
        state = GameState()
        for i, event in enumerate(self.events):
            try:
                apply(scenario, state, event)
            except (KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
                raise SaveError(
                    f"{self.path}:{i + 2}:1: this event does not fit the game ({type(exc).__name__}: {exc}); "
                    "the save was edited"
                ) from None
        return state

    def scenario(self) -> Scenario:
        """The scenario as it was when the game was played (embedded in the save)."""
        if self._scenario is None:
            try:
                self._scenario = build(self.texts())
            except WargameError as exc:
                raise SaveError(f"{self.path}:1: the scenario embedded in the save does not load: {exc}") from None
        return self._scenario


def load_save(path: str, damaged_ok: bool = False) -> LoadedSave:
    """Read and verify a save (shape, chain, and the game's rules).

    Raises `SaveError` naming the line at fault; with `damaged_ok`, a save
    damaged past some line is returned up to that line, with `damage` saying
    why (for replay and report, never to resume).

    The cyclic garbage collector is paused while reading: the load makes
    hundreds of thousands of objects that all stay alive, and each collection
    would walk every one made so far (loading 100k events cost 1.5x as much
    with it on). What was cyclic garbage is collected after, as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(path, damaged_ok)
    finally:
        if was_enabled:
            gc.enable()


def _load(path: str, damaged_ok: bool) -> LoadedSave:
    raw = _read(path)
    lines = raw.split(b"\n")
    header_line = lines[0].removesuffix(b"\r")
    if not header_line.strip():
        raise SaveError(f"{path}:1:1: empty file; a save starts with its header line")
    header = _header(path, header_line)
    head = root = hashlib.sha256(header_line).hexdigest()
    loaded = LoadedSave(path=path, header=header, events=[], head=head, root=root, size=len(raw))
    events, hashes = loaded.events, loaded.hashes  # filled in place: the loop's hot path
    good_end = len(lines[0])
    """Where the last good line (the header, at first) ends, before its newline."""
    offset = len(lines[0]) + 1
    last = len(lines) - 1
    content = last  # the last line with something on it (blank lines at the end are no damage)
    while content > 0 and not lines[content].strip():
        content -= 1
    fast = LINE is _LINE  # a test may read with another event model: then every line the full way
    sha256, read_event, hash_key, end_size = hashlib.sha256, _EVENT, _HASH_KEY, _END_SIZE
    head_bytes = head.encode()
    for i in range(1, content + 1):
        line = lines[i]
        start, offset = offset, offset + len(line) + 1
        text = line.removesuffix(b"\r")
        if fast:
            # A line as the writer writes it, whose hash and number are the
            # next in the chain and whose event is valid, is read here; any
            # other line is read below, which says what is wrong with it.
            opening = b'{"seq": %d, "event": ' % (len(events) + 1)  # the next number, as the writer writes it
            cut = len(text) - end_size
            if text.startswith(opening) and len(opening) <= cut:
                body = text[len(opening) : cut]
                expect = sha256(head_bytes + body).hexdigest()
                expect_bytes = expect.encode()
                if text[cut:] == hash_key + expect_bytes + b'"}':
                    try:
                        event = read_event(body)
                    except (ValidationError, RecursionError):
                        event = None
                    if event is not None:
                        head, head_bytes = expect, expect_bytes
                        hashes.append(expect)
                        events.append(event)
                        good_end = start + len(line)
                        if i == last:
                            loaded.warnings.append(
                                f"{path}:{i + 1}: the last line had no line ending; kept it (resume adds one)"
                            )
                        continue
        if not text.strip():
            problem = f"{path}:{i + 1}:1: an empty line inside the save; the save was edited or damaged"
            if damaged_ok:
                loaded.damage = problem
                break
            raise SaveError(problem)
        try:
            try:
                body, record = _parse(path, i + 1, text)
            except SaveError:
                if i == last:  # no newline after it: cut off when the game stopped mid-write
                    loaded.torn = True
                    loaded.warnings.append(
                        f"{path}:{i + 1}: the last line is incomplete (the game stopped mid-write); dropped it"
                    )
                    break
                raise
            expect = chain(head, body)
            if record.hash != expect or record.seq != len(events) + 1:
                raise SaveError(f"{path}:{i + 1}:1: the hash chain breaks here: {_chain_break(loaded, record, expect)}")
        except SaveError as exc:
            if damaged_ok:
                loaded.damage = str(exc)
                break
            raise
        head = expect
        head_bytes = head.encode()
        hashes.append(expect)
        events.append(record.event)
        good_end = start + len(line)
        if i == last:
            loaded.warnings.append(f"{path}:{i + 1}: the last line had no line ending; kept it (resume adds one)")
    loaded.head = head
    loaded.terminated = good_end < len(raw)
    loaded.good_bytes = good_end + loaded.terminated
    _check_game(loaded, damaged_ok)
    return loaded


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise SaveError(f"{path}: not a save file (a folder, device or pipe); give the path of a .jsonl save")
            if info.st_size > MAX_SAVE_BYTES:
                raise SaveError(
                    f"{path}: {info.st_size / 2**20:.0f} MB is too large for a save "
                    f"(at most {MAX_SAVE_BYTES // 2**20} MB); is this a wargame save?"
                )
            # read what fstat saw (asking for the cap would allocate the whole cap
            # up front: a 512 MB peak for a 4 MB save), then anything written since
            data = fh.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += fh.read(MAX_SAVE_BYTES + 1 - len(data))
            return data
    except IsADirectoryError:
        raise SaveError(f"{path}: is a folder; give the path of a .jsonl save") from None
    except FileNotFoundError:
        raise SaveError(f"{path}: cannot read the save: no such file") from None
    except OSError as exc:
        raise SaveError(f"{path}: cannot read the save: {exc.strerror or exc}") from None


def _header(path: str, line: bytes) -> dict[str, Any]:
    try:
        header = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        raise SaveError(f"{path}:1:1: the header is not JSON ({_short(exc)}); is this a wargame save?") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        found = header.get("format") if isinstance(header, dict) else None
        raise SaveError(f"{path}:1:1: not a wargame save (format {found!r}); a wargame save's is {FORMAT!r}")
    version = header.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise SaveError(
            f"{path}:1:1: save format version {version} is not supported; this wargame reads version {VERSION} "
            "(the save was written by a newer wargame: update wargame to open it)"
        )
    if version != VERSION or isinstance(version, bool):
        raise SaveError(
            f"{path}:1:1: save format version {version!r} is not supported; this wargame reads version {VERSION} "
            "and has no converter for that one"
        )
    return header


def _parse(path: str, lineno: int, text: bytes) -> tuple[bytes, _Line]:
    try:
        record = LINE.validate_json(text)
    except ValidationError as exc:
        raise SaveError(
            f"{path}:{lineno}:1: this line is not a valid event ({_pydantic(exc)}); the save was edited or damaged"
        ) from None
    except RecursionError:
        raise SaveError(f"{path}:{lineno}:1: this line is nested too deeply to be an event") from None
    start = _START.match(text)
    cut = len(text) - _END_SIZE
    if start is not None and start.end() <= cut and _END.fullmatch(text, cut) is not None:
        return text[start.end() : cut], record
    match = _RECORD.fullmatch(text)  # they agree on every line (a line holds no newline); this one defines it
    if match is None:
        raise SaveError(
            f'{path}:{lineno}:1: this line is not written as the game writes one ({{"seq": N, "event": ..., '
            '"hash": ...}} on one line); the save was edited'
        )
    return match.group(1), record


def _chain_break(loaded: LoadedSave, record: _Line, expect: str) -> str:
    n = len(loaded.events)
    if record.seq != n + 1:
        return f"expected event {n + 1} here, found {record.seq}: a line was removed, added or changed"
    what = "this event or the header (line 1) was changed" if not n else "this event was changed"
    a, b = _differing(expect, record.hash)
    return f"{what} after it was saved (expected hash {a}..., found {b}...)"


def _differing(a: str, b: str, least: int = 12) -> tuple[str, str]:
    """Prefixes of two hashes long enough to tell them apart (at least `least` characters)."""
    same = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    n = max(least, same + 1)
    return a[:n], b[:n]


def _check_game(loaded: LoadedSave, damaged_ok: bool) -> None:
    """Refuse (or, `damaged_ok`, cut at) the first event the rules could not have made."""
    if not loaded.events:
        return
    scenario = loaded.scenario()
    try:
        loaded._state = check_events(scenario, loaded.events)
    except Forged as exc:
        # the line of the event: its index among the events, skipping blank lines
        message = f"{loaded.path}:{_line_of(loaded, exc.index)}:1: {exc.reason}; the save was edited"
        if not damaged_ok:
            raise SaveError(message) from None
        loaded.damage = message
        del loaded.events[exc.index :]
        del loaded.hashes[exc.index :]
        loaded.head = loaded.hashes[-1] if loaded.hashes else loaded.root


def _line_of(loaded: LoadedSave, index: int) -> int:
    """The line number of the event at `index` (blank lines are counted, not read)."""
    try:
        with open(loaded.path, "rb") as fh:
            n = 0
            for lineno, line in enumerate(fh, start=1):
                if lineno > 1 and line.strip():
                    if n == index:
                        return lineno
                    n += 1
    except OSError:
        pass
    return index + 2


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


def _pydantic(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}"[:200] if where else str(err["msg"])[:200]
