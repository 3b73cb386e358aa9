"""Inject decks from a spreadsheet: `wargame deck import FILE.csv`.

Facilitators keep their master events list in a spreadsheet. Saved as CSV,
with a header row, it becomes a deck (YAML) that `wargame validate` accepts.
Columns (names are matched loosely: case, spaces and underscores do not
matter; `inject id`, `id` and `inject` are the same column):

    round     empty: fired by hand; a number: fired at the start of that round
    id        the inject's id, lower_snake_case, unique
    title     one line
    text      the briefing the seats read
    to        (also `target seat`, `seat`) a seat id, or empty / `all`
    effects   items separated by `;`:
                momentum+5, escalation_risk-3     indicator deltas
                flag:NAME / clear_flag:NAME       set or clear a flag
                term:ISSUE=OPTION                 put a term on the table
                lever:LEVER                       pull a lever for its seat
                phase:PHASE                       force the talks to a phase or end
                                                  state (`phase:breakdown` breaks a
                                                  ceasefire down)
    sources   optional: source keys, separated by `;`, `,` or spaces
    chance    optional: a probability (0..1) drawn at each round start
    repeatable  optional: yes / no

Every bad row is reported with its line in the CSV (`deck.csv:7: ...`), all at
once; ids are checked against the scenario the deck is for.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from wargame.content.checks import unknown
from wargame.errors import ContentError, Located
from wargame.model.scenario import Scenario
from wargame.model.state import TERMINAL
from wargame.store.files import spreadsheet_safe

COLUMNS: dict[str, tuple[str, ...]] = {
    "round": ("round", "at round", "at_round"),
    "id": ("id", "inject id", "inject", "inject_id"),
    "title": ("title",),
    "text": ("text", "briefing", "briefing text"),
    "to": ("to", "target seat", "target", "seat"),
    "effects": ("effects", "effect"),
    "sources": ("sources", "source"),
    "chance": ("chance", "probability"),
    "repeatable": ("repeatable", "repeat"),
}
REQUIRED = ("id", "title", "text")
_ID = re.compile(r"[a-z][a-z0-9_]*")
_DELTA = re.compile(r"([a-z][a-z0-9_]*)\s*([+-])\s*(\d+(?:\.\d+)?)")
_YES = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False, "": False}


def _norm(name: str) -> str:
    return re.sub(r"[\s_]+", " ", name.strip().lower())


@dataclass
class _Row:
    """One inject being read from a row, and the row's problems."""

    line: int
    inject: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        self.indicators = [i.id for i in scenario.indicators]
        self.issues = [i.id for i in scenario.issues]
        self.levers = [v.id for v in scenario.levers]
        self.phases = [*(p.id for p in scenario.phases), *TERMINAL]

    def row(self, line: int, cells: dict[str, str]) -> _Row:
        r = _Row(line)
        for col in REQUIRED:
            if not cells.get(col, "").strip():
                r.problems.append(f"{col}: missing (every row needs an id, a title and a text)")
        inject_id = cells.get("id", "").strip()
        if inject_id and not _ID.fullmatch(inject_id):
            r.problems.append(f"id: {inject_id!r} is not lower_snake_case (letters, digits and _)")
        r.inject["id"] = inject_id
        r.inject["title"] = _inert(cells.get("title", ""))
        sources = [x for x in re.split(r"[;,\s]+", cells.get("sources", "").strip()) if x]
        for src in sources:
            if self.s.sources and src not in self.s.sources:
                r.problems.append(f"sources: {unknown('source key', src, list(self.s.sources))}")
        if sources:
            r.inject["sources"] = sources
        to = cells.get("to", "").strip() or "all"
        if to != "all" and to not in self.s.seat_ids:
            r.problems.append(f"to: {unknown('seat', to, ['all', *self.s.seat_ids])}")
        if to != "all":
            r.inject["to"] = to
        r.inject["text"] = _inert(cells.get("text", ""))
        r.inject["trigger"] = self.trigger(r, cells)
        repeat = cells.get("repeatable", "").strip().lower()
        if repeat not in _YES:
            r.problems.append(f"repeatable: {repeat!r}: write yes or no")
        elif _YES[repeat]:
            r.inject["repeatable"] = True
        self.effects(r, cells.get("effects", ""))
        return r

    def trigger(self, r: _Row, cells: dict[str, str]) -> dict[str, Any]:
        trigger: dict[str, Any] = {}
        rnd = cells.get("round", "").strip()
        if rnd:
            if rnd.isdigit() and int(rnd) >= 1:
                trigger["at_round"] = int(rnd)
            else:
                r.problems.append(
                    f"round: {rnd!r} is not a round number (1, 2, ...); leave it empty for a manual inject"
                )
        chance = cells.get("chance", "").strip().rstrip("%")
        if chance:
            try:
                p = float(chance) / (100 if cells["chance"].strip().endswith("%") else 1)
            except ValueError:
                p = -1.0
            if 0 <= p <= 1:
                trigger["chance"] = p
            else:
                r.problems.append(f"chance: {cells['chance'].strip()!r} is not a probability (0..1, or a percentage)")
        return trigger or {"manual": True}

    def effects(self, r: _Row, text: str) -> None:
        deltas: dict[str, float] = {}
        block: dict[str, Any] = {}
        for raw in text.split(";"):
            item = raw.strip()
            if not item:
                continue
            key, sep, value = item.partition(":")
            key, value = key.strip().lower(), value.strip()
            m = _DELTA.fullmatch(item)
            if m:
                ind, sign, num = m.groups()
                if ind in self.indicators:
                    deltas[ind] = deltas.get(ind, 0.0) + float(num) * (1 if sign == "+" else -1)
                else:
                    r.problems.append(f"effects: {unknown('indicator', ind, self.indicators)}")
            elif sep and key in ("flag", "set_flag") and _ID.fullmatch(value):
                block.setdefault("set_flags", []).append(value)
            elif sep and key == "clear_flag" and _ID.fullmatch(value):
                block.setdefault("clear_flags", []).append(value)
            elif sep and key == "term":
                self.term(r, value)
            elif sep and key == "lever":
                if value in self.levers:
                    r.inject.setdefault("levers", []).append(value)
                else:
                    r.problems.append(f"effects: {unknown('lever', value, self.levers)}")
            elif sep and key == "phase":
                if value == "breakdown":
                    block["phase"] = "breakdown"
                elif value in self.phases:
                    r.inject["force_phase"] = value
                else:
                    r.problems.append(f"effects: {unknown('phase', value, [*self.phases, 'breakdown'])}")
            else:
                r.problems.append(
                    f"effects: cannot read {item!r}; write e.g. momentum+5, flag:NAME, clear_flag:NAME, "
                    "term:ISSUE=OPTION, lever:LEVER or phase:PHASE, separated by ;"
                )
        if deltas:
            block = {"indicators": {k: _num(v) for k, v in deltas.items()}, **block}
        if block:
            r.inject["effects"] = [block]

    def term(self, r: _Row, value: str) -> None:
        issue, eq, option = (x.strip() for x in value.partition("="))
        if not eq:
            r.problems.append(f"effects: term:{value} needs ISSUE=OPTION, e.g. term:ceasefire=thirty_day")
        elif issue not in self.issues:
            r.problems.append(f"effects: {unknown('issue', issue, self.issues)}")
        else:
            options = [o.id for o in self.s.issue(issue).options]
            if option in options:
                r.inject.setdefault("set_terms", {})[issue] = option
            else:
                r.problems.append(f"effects: {unknown(f'option of {issue}', option, options)}")


def _inert(cell: str) -> str:
    """A cell's text on one line, never a spreadsheet formula: the deck may go
    back into a spreadsheet (OWASP's CSV-injection rule, as for the gradebook)."""
    return str(spreadsheet_safe(" ".join(cell.split())))


def _num(value: float) -> float | int:
    return int(value) if value == int(value) else value


def read_csv(path: str, text: str, scenario: Scenario) -> list[dict[str, Any]]:
    """The injects of a CSV events list; every bad row raises, with its line."""
    problems: list[tuple[Located, str]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ContentError([(Located(path, 1, 1), "the file is empty; it needs a header row")]) from None
    except csv.Error as exc:
        raise ContentError([(Located(path, 1, 1), f"not a CSV file: {exc}")]) from None
    columns: dict[int, str] = {}
    for i, name in enumerate(header):
        col = next((c for c, names in COLUMNS.items() if _norm(name) in names), None)
        if col is None and name.strip():
            problems.append(
                (Located(path, 1, 1), f"unknown column {name.strip()!r}; the columns are: {', '.join(COLUMNS)}")
            )
        elif col is not None:
            if col in columns.values():
                first = next(j for j, c in columns.items() if c == col)
                problems.append(
                    (
                        Located(path, 1, 1),
                        f"column {i + 1} ({name.strip()!r}) repeats column {first + 1} ({header[first].strip()!r}); "
                        "keep one of them",
                    )
                )
                continue
            columns[i] = col
    missing = [c for c in REQUIRED if c not in columns.values()]
    if missing:
        problems.append((Located(path, 1, 1), f"the header lacks the column(s): {', '.join(missing)}"))
        raise ContentError(problems)
    rows = _Reader(scenario)
    injects: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    existing = {i.id for i in scenario.injects}
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append((Located(path, line, 1), f"cannot read the row: {exc}"))
            break
        start, line = line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            problems.append((Located(path, start, 1), f"{len(cells)} cells for {len(header)} columns (a stray comma?)"))
            continue
        row = rows.row(start, {columns[i]: c for i, c in enumerate(cells) if i in columns})
        inject_id = row.inject["id"]
        if inject_id in seen:
            row.problems.append(f"id: {inject_id!r} is already used on line {seen[inject_id]}")
        elif inject_id in existing:
            row.problems.append(f"id: {inject_id!r} is already an inject of the scenario {scenario.id}")
        seen.setdefault(inject_id, start)
        problems += [(Located(path, start, 1), msg) for msg in row.problems]
        injects.append(row.inject)
    if problems:
        raise ContentError(problems)
    if not injects:
        raise ContentError([(Located(path, 2, 1), "no injects: the file has a header row but no rows")])
    return injects


def deck_yaml(injects: list[dict[str, Any]], title: str, origin: str) -> str:
    """The text of a deck file holding these injects."""
    head = (
        f"# An inject deck imported from {origin} by `wargame deck import`.\n"
        "# Check it with `wargame validate`; see facilitator/README.md for the format.\n\n"
    )
    body = yaml.safe_dump(
        {"title": title, "injects": injects}, sort_keys=False, allow_unicode=True, width=88, default_flow_style=None
    )
    return head + body
