"""One writer per save: an exclusive lock held while a game is open.

The lock is `fcntl.flock` on the save file itself, so the kernel drops it when
the process ends, however it ends: a lock can never be left stale by a crash.
Beside the save, `<save>.lock` names the holder (its pid, host and since when)
for the message a second process shows; it is only informative, and is
rewritten by the next holder and removed on close.

A second process that finds the save locked gets a `SaveLocked` error that
names the holder; it can still open the game read-only (replay, report).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket

from wargame.errors import SaveError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; the lock file alone speaks
    fcntl = None  # type: ignore[assignment]


class SaveLocked(SaveError):
    """The save is open for writing in another process (or window)."""


def holder_path(save: str) -> str:
    return f"{save}.lock"


def lock(fd: int, save: str) -> None:
    """Take the exclusive lock on an open save, or raise `SaveLocked`."""
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SaveLocked(
                f"{save}: this game is open in another wargame ({describe_holder(save)}); "
                "close it there first, or open it read-only with `wargame replay` or `wargame report`"
            ) from None
        except OSError:
            return  # a file system without locks (some network shares): go on unlocked
    try:
        with open(holder_path(save), "w", encoding="utf-8") as fh:
            json.dump(
                {
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "since": dt.datetime.now().isoformat(timespec="seconds"),
                },
                fh,
            )
    except OSError:
        pass  # the note is for messages only; the lock holds without it


def unlock(fd: int, save: str) -> None:
    """Release the lock (closing the file does too) and remove the holder's note."""
    with contextlib.suppress(OSError):
        os.remove(holder_path(save))
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


def describe_holder(save: str) -> str:
    """Who holds the lock, from its note: `pid 123 on host, since 10:02`."""
    try:
        with open(holder_path(save), encoding="utf-8") as fh:
            note = json.load(fh)
        return f"pid {int(note['pid'])} on {note.get('host', '?')}, since {note.get('since', '?')}"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"
