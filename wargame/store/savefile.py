"""The save file: JSON lines, append-only, hash-chained.

Line 1 is a header: the format and its version, the scenario (id, lens, the
SHA-256 of its text, and the text itself, so a save replays even if the
scenario file changes later), the seed, the seats and who plays them, the
creation time. Every further line is one event: `seq`, the `event`, and
`hash` = SHA-256 over the previous line's hash and this event's canonical
JSON. The first event chains from the SHA-256 of the header line.

Each line is written with append + flush + fsync, so a crash loses nothing
that was submitted. On load, a torn last line (a crash mid-write) is dropped
with a warning; an edited line breaks the chain and is refused with its line
number. Anyone can recompute a chain, so the head hash is shown to the
facilitator as the game's seal.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import IO, Any

from pydantic import ValidationError

from wargame.content.loader import ScenarioTexts, build
from wargame.engine.fold import apply
from wargame.errors import SaveError, WargameError
from wargame.model.events import EVENT, Event, dump_event
from wargame.model.scenario import Scenario
from wargame.model.state import GameState

FORMAT = "wargame-save"
VERSION = 1


def chain(prev: str, event_json: str) -> str:
    return hashlib.sha256((prev + event_json).encode()).hexdigest()


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


class SaveWriter:
    """Appends events to a save, one durable line each."""

    def __init__(self, path: str, fh: IO[str], head: str, seq: int) -> None:
        self.path = path
        self._fh = fh
        self.head = head
        """The hash of the last line written: the game's seal."""
        self.seq = seq

    @classmethod
    def create(cls, path: str, header: dict[str, Any]) -> SaveWriter:
        line = json.dumps(header, sort_keys=True, ensure_ascii=False)
        try:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            fh = open(path, "x", encoding="utf-8")  # never overwrite a save  # noqa: SIM115
        except FileExistsError:
            raise SaveError(
                f"{path}: a save already exists there; saves are never overwritten, give another path"
            ) from None
        except OSError as exc:
            raise SaveError(f"{path}: cannot create the save: {exc.strerror or exc}") from None
        _durable(fh, line)
        _fsync_dir(path)
        return cls(path, fh, hashlib.sha256(line.encode()).hexdigest(), 0)

    @classmethod
    def reopen(cls, path: str, loaded: LoadedSave) -> SaveWriter:
        """Append to an existing save (to resume it); drops a torn last line first."""
        if loaded.torn:
            with open(path, "r+", encoding="utf-8") as fh:
                fh.truncate(loaded.good_bytes)
                fh.flush()
                os.fsync(fh.fileno())
        fh = open(path, "a", encoding="utf-8")  # noqa: SIM115
        return cls(path, fh, loaded.head, len(loaded.events))

    def write(self, event: Event) -> None:
        body = dump_event(event)
        self.seq += 1
        self.head = chain(self.head, body)
        line = f'{{"seq": {self.seq}, "event": {body}, "hash": "{self.head}"}}'
        _durable(self._fh, line)

    def close(self) -> None:
        self._fh.close()


def _durable(fh: IO[str], line: str) -> None:
    fh.write(line + "\n")
    fh.flush()
    os.fsync(fh.fileno())


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class LoadedSave:
    path: str
    header: dict[str, Any]
    events: list[Event]
    head: str
    warnings: list[str] = field(default_factory=list)
    torn: bool = False
    good_bytes: int = 0
    root: str = ""
    """The hash the chain starts from: the SHA-256 of the header line."""
    hashes: list[str] = field(default_factory=list)
    """The chain's hash after each event: `hashes[i]` seals `events[: i + 1]`."""

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
        """Fold the events into the state they lead to, naming the line of an
        event the scenario cannot take (a save whose chain was recomputed
        after an edit that makes no sense)."""
        scenario = self.scenario()
        state = GameState()
        for i, event in enumerate(self.events):
            try:
                apply(scenario, state, event)
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                raise SaveError(
                    f"{self.path}:{i + 2}:1: this event does not fit the game ({type(exc).__name__}: {exc}); "
                    "the save was edited"
                ) from None
        return state

    def scenario(self) -> Scenario:
        """The scenario as it was when the game was played (embedded in the save)."""
        try:
            return build(self.texts())
        except WargameError as exc:
            raise SaveError(f"{self.path}:1: the scenario embedded in the save does not load: {exc}") from None


def load_save(path: str) -> LoadedSave:
    """Read and verify a save. Raises `SaveError` naming the line at fault."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise SaveError(f"{path}: cannot read the save: {exc.strerror}") from None
    lines = raw.split(b"\n")
    if not lines or not lines[0].strip():
        raise SaveError(f"{path}:1:1: empty file; a save starts with its header line")
    try:
        header = json.loads(lines[0])
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SaveError(f"{path}:1:1: the header is not JSON ({exc}); is this a wargame save?") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise SaveError(
            f"{path}:1:1: not a wargame save (format {header.get('format') if isinstance(header, dict) else None!r})"
        )
    if header.get("version") != VERSION:
        raise SaveError(
            f"{path}:1:1: save format version {header.get('version')} is not supported; "
            f"this wargame reads version {VERSION}"
        )
    head = root = hashlib.sha256(lines[0]).hexdigest()
    hashes: list[str] = []
    events: list[Event] = []
    warnings: list[str] = []
    good = len(lines[0]) + 1
    torn = False
    body = lines[1:]
    # a file ends with "\n": the last split part is empty
    if body and body[-1] == b"":
        body = body[:-1]
    elif body:
        torn = True  # no final newline: the last line was cut mid-write
    for i, line in enumerate(body):
        lineno = i + 2
        if torn and i == len(body) - 1:
            # written without its newline: the game stopped mid-write
            warnings.append(f"{path}:{lineno}: the last line is incomplete (the game stopped mid-write); dropped it")
            break
        try:
            record = json.loads(line)
            event = EVENT.validate_python(record["event"])
            event_json = dump_event(event)
            stored = record["hash"]
            seq = record["seq"]
        except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError, ValidationError) as exc:
            raise SaveError(
                f"{path}:{lineno}:1: this line is not a valid event ({_short(exc)}); the save was edited or damaged"
            ) from None
        expect = chain(head, event_json)
        if stored != expect or seq != len(events) + 1:
            what = "this event was changed after it was saved"
            if not events:
                what = "this event or the header (line 1) was changed after it was saved"
            elif seq != len(events) + 1:
                what = f"expected event {len(events) + 1} here, found {seq}: a line was removed, added or changed"
            raise SaveError(
                f"{path}:{lineno}:1: the hash chain breaks here: {what} "
                f"(expected hash {expect[:12]}..., found {str(stored)[:12]}...)"
            )
        head = expect
        hashes.append(head)
        events.append(event)
        good += len(line) + 1
    return LoadedSave(
        path=path,
        header=header,
        events=events,
        head=head,
        warnings=warnings,
        torn=torn,
        good_bytes=good,
        root=root,
        hashes=hashes,
    )


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]
