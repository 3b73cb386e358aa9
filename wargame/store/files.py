"""Small file helpers shared by the commands that write files."""

from __future__ import annotations

import os


def unused_path(folder: str, stem: str, suffix: str = ".jsonl") -> str:
    """`folder/stem.suffix`, or `stem-2`, `stem-3`... if taken: a save is never overwritten."""
    path = os.path.join(folder, f"{stem}{suffix}")
    n = 1
    while os.path.exists(path):
        n += 1
        path = os.path.join(folder, f"{stem}-{n}{suffix}")
    return path


def write_atomically(path: str, text: str) -> None:
    """Write a whole file or nothing: a temp file beside it, then a rename."""
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)
