"""Hostile files for the regression tests: what the reliability probe fed the
loaders, made small and repeatable."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from wargame.store.writer import chain


def alias_bomb(levels: int = 12, width: int = 9) -> str:
    """A few hundred bytes of nested anchors that stand for width**levels conditions."""
    lines = ["a0: &a0 {flag: x}"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} {{all: [{', '.join([f'*a{i - 1}'] * width)}]}}")
    return "\n".join(lines) + "\n"


def scenario_bomb() -> str:
    return (
        "id: bomb\ntitle: t\n"
        + alias_bomb()
        + "rules:\n  - {id: r, title: t, kind: event, sources: [x], explanation: e, condition: *a11}\n"
    )


def deck_bomb() -> str:
    return "title: t\n" + alias_bomb() + "injects:\n  - {id: i, title: t, text: x, trigger: {when: *a11}}\n"


def deep(levels: int) -> str:
    return "id: deep\nvalue: " + "[" * levels + "]" * levels + "\n"


def rechained(path: Path, lines: list[str]) -> None:
    """Write event lines (JSON texts of the events, after line 1 the header)
    with a freshly computed chain: a forgery anyone can make."""
    header = lines[0]
    head = hashlib.sha256(header.encode()).hexdigest()
    out = [header]
    for seq, body in enumerate(lines[1:], start=1):
        head = chain(head, body)
        out.append(f'{{"seq": {seq}, "event": {body}, "hash": "{head}"}}')
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def bodies(save: Path) -> list[str]:
    """The header line, then each event's stored JSON text."""
    lines = save.read_text(encoding="utf-8").splitlines()
    return [lines[0], *(json.dumps(json.loads(line)["event"], separators=(",", ":")) for line in lines[1:])]
