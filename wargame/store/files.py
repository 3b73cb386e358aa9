"""Small file helpers shared by the commands that write files.

A target a person names (`report -o`, `deck import -o`) is checked before any
work is done, and written whole or not at all: a temp file beside it, fsync,
then a rename. A failure (a missing folder, a folder in its place, a
read-only or full disk) is a `WargameError` naming the file, and leaves no
temp file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile

from wargame.errors import WargameError


def unused_path(folder: str, stem: str, suffix: str = ".jsonl") -> str:
    """`folder/stem.suffix`, or `stem-2`, `stem-3`... if taken: a save is never overwritten."""
    path = os.path.join(folder, f"{stem}{suffix}")
    n = 1
    while os.path.exists(path):
        n += 1
        path = os.path.join(folder, f"{stem}-{n}{suffix}")
    return path


def check_target(path: str) -> None:
    """Refuse, before any work, a file that cannot be written where it is named."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise WargameError(f"{path}: is a folder; give a file name (for example {os.path.join(path, 'report.md')})")
    if os.path.exists(path) and not os.path.isfile(path):
        raise WargameError(f"{path}: not a regular file (a device or a pipe); give a file name")
    if not os.path.isdir(folder):
        raise WargameError(f"{path}: the folder {folder} does not exist; create it first or give another path")
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise WargameError(f"{path}: cannot write there (read-only); give another path")


def write_atomically(path: str, text: str) -> None:
    """Write a whole file or nothing: a temp file beside it, then a rename."""
    check_target(path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    except OSError as exc:
        raise WargameError(f"{path}: cannot write there ({exc.strerror or exc}); give another path") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise WargameError(f"{path}: cannot write the file ({exc.strerror or exc}); nothing was written") from None


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP's rule:
    text that starts with = + - @, a tab or a carriage return gets a leading
    `'`). Numbers, negative ones included, stay numbers."""
    if isinstance(cell, (int, float)) or not isinstance(cell, str):
        return cell
    if cell.startswith(_FORMULA_START):
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell
