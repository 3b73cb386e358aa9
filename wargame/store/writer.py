"""Writing a save: one durable line an event, by one writer, never crashing the game.

Each line is appended with `os.write` + `fsync` on a file held under an
exclusive lock (`store.lock`) from creation or reopening until `close()`.
A line is `{"seq": N, "event": BODY, "hash": H}` with `H = SHA-256(previous
hash + BODY)`, BODY being the event's bytes exactly as stored: the reader
hashes what it reads, so no change to the models can break a chain.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from wargame.errors import SaveError
from wargame.model.events import Event, dump_event
from wargame.store.lock import lock, unlock

if TYPE_CHECKING:
    from wargame.store.savefile import LoadedSave


def chain(prev: str, event_json: str | bytes) -> str:
    """The hash of a line: over the previous line's hash and this event's stored bytes."""
    body = event_json.encode() if isinstance(event_json, str) else event_json
    return hashlib.sha256(prev.encode() + body).hexdigest()


class SaveWriter:
    """Appends events to a save, one durable line each, as its only writer.

    A write that fails (a full disk, a removed USB stick) never raises into
    the game: the line is kept in memory, half-written bytes are cut off,
    `problem` says what is wrong (and `on_problem` is called), and every later
    write, `retry()` or `close()` tries again, oldest line first.
    `save_elsewhere(path)` moves the whole save, with what waits in memory, to
    another place and goes on writing there.
    """

    def __init__(self, path: str, fd: int, head: str, seq: int, good: int) -> None:
        self.path = path
        self._fd = fd
        self.head = head
        """The hash of the last line made: the game's seal."""
        self.seq = seq
        self._good = good
        """The size of the file up to its last durable line."""
        self._pending: list[bytes] = []
        self.problem: str | None = None
        """Why the last write failed, while lines wait in memory; None when all is saved."""
        self.on_problem: Callable[[str | None], None] | None = None
        """Called with the problem when writing starts to fail, with None once all is saved."""

    @property
    def unsaved(self) -> int:
        """Events made but not yet on disk."""
        return len(self._pending)

    @classmethod
    def create(cls, path: str, header: dict[str, Any]) -> SaveWriter:
        line = json.dumps(header, sort_keys=True, ensure_ascii=False).encode()
        if os.path.isdir(path):
            raise SaveError(f"{path}: is a folder; give the save a file name (for example {path}/game.jsonl)")
        fd = _create(path)
        try:
            _write_all(fd, line + b"\n")
            os.fsync(fd)
        except OSError as exc:
            _abandon(fd, path)
            raise SaveError(f"{path}: cannot write the save: {exc.strerror or exc}") from None
        _fsync_dir(path)
        return cls(path, fd, hashlib.sha256(line).hexdigest(), 0, len(line) + 1)

    @classmethod
    def reopen(cls, path: str, loaded: LoadedSave) -> SaveWriter:
        """Append to an existing save (to resume it), as its only writer.

        Cuts a torn last line (and trailing blank lines) off, and gives an
        intact last line the newline a crash kept it from getting.
        """
        if loaded.damage is not None:
            raise SaveError(f"{loaded.damage}\n{path}: a damaged save opens read-only (replay, report), not to resume")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        except OSError as exc:
            raise SaveError(f"{path}: cannot open the save to continue it: {exc.strerror or exc}") from None
        try:
            lock(fd, path)
            size = os.fstat(fd).st_size
            if size != loaded.size:
                raise SaveError(f"{path}: the save changed since it was read (another process wrote it); open it again")
            good = loaded.good_bytes
            if size > good:
                os.ftruncate(fd, good)
            if not loaded.terminated:
                _write_all(fd, b"\n")
                good += 1
            os.fsync(fd)
        except SaveError:
            os.close(fd)
            raise
        except OSError as exc:
            unlock(fd, path)
            os.close(fd)
            raise SaveError(f"{path}: cannot repair the end of the save: {exc.strerror or exc}") from None
        return cls(path, fd, loaded.head, len(loaded.events), good)

    def write(self, event: Event) -> None:
        """Make the event's line and save it; never raises (see `problem`)."""
        body = dump_event(event)
        self.seq += 1
        self.head = chain(self.head, body)
        self._pending.append(f'{{"seq": {self.seq}, "event": {body}, "hash": "{self.head}"}}\n'.encode())
        self.retry()

    def retry(self) -> bool:
        """Write the lines waiting in memory; True when everything is saved."""
        had = self.problem
        while self._pending:
            if self._fd < 0:
                return False
            try:
                if os.fstat(self._fd).st_size > self._good:
                    os.ftruncate(self._fd, self._good)  # cut a half-written line off first
                _write_all(self._fd, self._pending[0])
                os.fsync(self._fd)
            except OSError as exc:
                self.problem = (
                    f"{self.path}: the game cannot be saved ({exc.strerror or exc}); "
                    f"{len(self._pending)} event(s) are kept in memory and written as soon as the disk takes them"
                )
                if self.on_problem is not None and had is None:
                    self.on_problem(self.problem)
                return False
            self._good += len(self._pending.pop(0))
        self.problem = None
        if had is not None and self.on_problem is not None:
            self.on_problem(None)
        return True

    def save_elsewhere(self, path: str) -> None:
        """Move the save, with every event still in memory, to `path`, and go on writing there."""
        try:
            with open(self.path, "rb") as fh:
                saved = fh.read(self._good)
        except OSError as exc:
            raise SaveError(f"{self.path}: cannot read the save to move it: {exc.strerror or exc}") from None
        if os.path.isdir(path):
            raise SaveError(f"{path}: is a folder; give the save a file name")
        text = saved + b"".join(self._pending)
        fd = _create(path)
        try:
            _write_all(fd, text)
            os.fsync(fd)
        except OSError as exc:
            _abandon(fd, path)
            raise SaveError(f"{path}: cannot write the save there either: {exc.strerror or exc}") from None
        _fsync_dir(path)
        old_fd, old_path = self._fd, self.path
        self.path, self._fd, self._good, self._pending, self.problem = path, fd, len(text), [], None
        if old_fd >= 0:
            unlock(old_fd, old_path)
            os.close(old_fd)
        if self.on_problem is not None:
            self.on_problem(None)

    def close(self) -> None:
        """Try once more to save what waits in memory, then release the save. Never raises."""
        if self._fd < 0:
            return
        self.retry()
        unlock(self._fd, self.path)
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = -1


def _create(path: str) -> int:
    """A new file, opened for appending and locked; never an existing one."""
    try:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
    except FileExistsError:
        raise SaveError(
            f"{path}: a save already exists there; saves are never overwritten, give another path"
        ) from None
    except OSError as exc:
        raise SaveError(f"{path}: cannot create the save: {exc.strerror or exc}") from None
    lock(fd, path)
    return fd


def _abandon(fd: int, path: str) -> None:
    unlock(fd, path)
    os.close(fd)
    with contextlib.suppress(OSError):
        os.remove(path)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rescue(writer: SaveWriter) -> str | None:
    """After the game: if events could not be written, save the whole game
    somewhere else (the home folder, else the temp folder) and say where.
    None when nothing was lost."""
    import tempfile

    from wargame.store.files import unused_path

    if not writer.unsaved:
        return None
    problem = writer.problem or f"{writer.path}: {writer.unsaved} event(s) were not saved"
    stem = f"rescued-{os.path.splitext(os.path.basename(writer.path))[0]}"
    for folder in (os.path.expanduser("~"), tempfile.gettempdir()):
        try:
            writer.save_elsewhere(unused_path(folder, stem))
        except SaveError:
            continue
        where = writer.path
        writer.close()
        return f"{problem}\nThe whole game, nothing lost, is saved to {where} instead; resume it from there."
    return f"{problem}\nIt could not be saved anywhere else either: free some disk space and play it again."
