"""Inject decks as a master scenario events list (MSEL), both ways.

Exercise planners keep their injects in an MSEL: the HSEEP columns (time,
event synopsis, inject, responsible controller, method, intended player,
expected player response, objective or capability), to which Conducttr adds
faction, team and subject. `wargame deck import` reads such a sheet, mapping
each column by its header (case, spaces and punctuation do not matter) and
reporting the columns it does not use; `wargame deck export DECK -o FILE.csv`
writes one, and reading that file back gives the same deck.

A deck can say more than a spreadsheet row: effects that apply only when a
condition holds, notes, an inject fired when a condition starts to hold. Such
an inject is written with its full definition (the deck's YAML, on one line)
in the `Definition (wargame)` column; on import that definition is used, and
the sheet's own title, inject text, intended player and time win over it, so
a planner may still edit the wording in the spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import yaml

from wargame.content.checks import unknown
from wargame.errors import ContentError, Located
from wargame.model.scenario import Inject, Scenario
from wargame.session.decks import REQUIRED, _Reader

MSEL_COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("msel #", "msel no", "msel number", "event #", "event no", "event number", "no", "#", "serial"),
    "round": ("time", "scenario time", "round", "at round", "when", "game time"),
    "id": ("inject id", "id", "inject key", "wargame id"),
    "title": ("event synopsis", "synopsis", "subject", "title", "event title", "event"),
    "text": ("inject", "inject text", "inject description", "description", "message", "body", "text", "briefing"),
    "controller": ("responsible controller", "controller", "from", "sender"),
    "method": ("method", "delivery method", "mode", "channel", "means"),
    "to": ("intended player", "intended players", "player", "recipient", "recipients", "to", "team", "target seat"),
    "expected": ("expected player response", "expected player action", "expected action", "expected response"),
    "objective": ("objective/capability", "objective", "capability", "core capability", "objectives"),
    "faction": ("faction",),
    "effects": ("effects", "effect", "wargame effects"),
    "sources": ("sources", "source", "reference", "references"),
    "chance": ("chance", "probability"),
    "repeatable": ("repeatable", "repeat"),
    "definition": ("definition (wargame)", "definition", "wargame definition"),
    "notes": ("notes", "remarks", "comments", "status"),
}
"""Deck field (or MSEL column kept only for people) -> the headers that name it."""

NOT_KEPT = ("number", "controller", "method", "expected", "objective", "faction", "notes")
"""MSEL columns a deck has no field for: read, and reported as not kept."""

EXPORT_HEADER = [
    "MSEL #",
    "Time",
    "Inject ID",
    "Event Synopsis",
    "Inject",
    "Responsible Controller",
    "Method",
    "Intended Player",
    "Expected Player Response",
    "Objective/Capability",
    "Effects",
    "Sources",
    "Chance",
    "Repeatable",
    "Definition (wargame)",
]


def _norm(name: str) -> str:
    return re.sub(r"[\s_]+", " ", name.strip().lower().replace(".", "").replace(":", ""))


def map_header(header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index -> field, and the headers nothing matched."""
    columns: dict[int, str] = {}
    unknown_cols: list[str] = []
    taken: set[str] = set()
    for i, name in enumerate(header):
        field = next((f for f, names in MSEL_COLUMNS.items() if _norm(name) in names and f not in taken), None)
        if field is None:
            if name.strip():
                unknown_cols.append(name.strip())
            continue
        columns[i] = field
        taken.add(field)
    return columns, unknown_cols


def is_msel(header: list[str]) -> bool:
    """Does this header look like an MSEL (rather than the deck's own columns)?"""
    columns, _ = map_header(header)
    own = {"round", "id", "title", "text", "to", "effects", "sources", "chance", "repeatable"}
    return bool(set(columns.values()) - own) or "title" in columns.values() and "id" not in columns.values()


def _seat_of(scenario: Scenario, value: str) -> str | None:
    v = value.strip().lower()
    if v in ("", "all", "all seats", "all players", "everyone", "all teams"):
        return "all"
    for seat in scenario.seats:
        if v in (seat.id, seat.name.lower()):
            return seat.id
    return None


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return ("msel_" + s if not s[:1].isalpha() else s)[:40].rstrip("_")


def read_msel(path: str, text: str, scenario: Scenario) -> tuple[list[dict[str, Any]], list[str]]:
    """The injects of an MSEL sheet, and notes on the columns it did not use.

    Every bad row raises `ContentError` with its line, all at once."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ContentError([(Located(path, 1, 1), "the file is empty; it needs a header row")]) from None
    except csv.Error as exc:
        raise ContentError([(Located(path, 1, 1), f"not a CSV file: {exc}")]) from None
    columns, unknown_cols = map_header(header)
    notes = [f"column {c!r} is not an MSEL column the deck reads; it was left out" for c in unknown_cols]
    kept_out = [header[i].strip() for i, f in columns.items() if f in NOT_KEPT]
    if kept_out:
        notes.append(f"read but not kept (a deck has no field for them): {', '.join(kept_out)}")
    fields = set(columns.values())
    missing = [c for c in ("title", "text") if c not in fields]
    if missing:
        names = {c: "/".join(MSEL_COLUMNS[c][:2]) for c in missing}
        raise ContentError([(Located(path, 1, 1), f"the header lacks: {', '.join(names.values())}")])
    rows = _Reader(scenario)
    problems: list[tuple[Located, str]] = []
    injects: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
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
        got = {columns[i]: c for i, c in enumerate(cells) if i in columns}
        inject, msgs = _row(rows, scenario, start, got)
        inject_id = str(inject.get("id", ""))
        if inject_id in seen:
            msgs.append(f"id: {inject_id!r} is already used on line {seen[inject_id]}")
        seen.setdefault(inject_id, start)
        problems += [(Located(path, start, 1), m) for m in msgs]
        injects.append(inject)
    if problems:
        raise ContentError(problems)
    if not injects:
        raise ContentError([(Located(path, 2, 1), "no injects: the file has a header row but no rows")])
    return injects, notes


def _row(rows: _Reader, scenario: Scenario, line: int, got: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    msgs: list[str] = []
    cells = {k: v for k, v in got.items() if k in ("title", "text", "effects", "sources", "chance", "repeatable")}
    cells["id"] = got.get("id", "").strip() or _slug(got.get("title", "") or f"msel {got.get('number', line)}")
    who = _seat_of(scenario, got.get("to", ""))
    if who is None:
        msgs.append(f"intended player: {unknown('seat', got.get('to', '').strip(), ['all', *scenario.seat_ids])}")
        who = "all"
    cells["to"] = who
    time = got.get("round", "").strip()
    m = re.fullmatch(r"(?:round|r)?\s*(\d+)", time.lower())
    if time and not m:
        msgs.append(
            f"time: {time!r} is not a round (write 3, R3 or Round 3; leave it empty for an inject fired by hand)"
        )
    cells["round"] = m.group(1) if m else ""
    definition = got.get("definition", "").strip()
    if definition:
        return _from_definition(cells, definition, msgs)
    row = rows.row(line, cells)
    return row.inject, msgs + row.problems


def _from_definition(cells: dict[str, str], definition: str, msgs: list[str]) -> tuple[dict[str, Any], list[str]]:
    """An inject from its full definition, with the sheet's wording on top."""
    try:
        data = yaml.safe_load(definition)
        inject = Inject.model_validate(data).model_dump(exclude_defaults=True, mode="json", by_alias=True)
    except (yaml.YAMLError, ValueError) as exc:
        msgs.append(f"definition (wargame): cannot read it: {' '.join(str(exc).split())[:300]}")
        return {"id": cells["id"]}, msgs
    for key in REQUIRED:
        if key != "id" and cells.get(key, "").strip():
            inject[key] = " ".join(cells[key].split())
    inject["id"] = cells["id"]
    if cells["to"] != "all":
        inject["to"] = cells["to"]
    else:
        inject.pop("to", None)
    trigger = dict(inject.get("trigger") or {"manual": True})
    if cells["round"]:
        trigger.pop("manual", None)
        trigger["at_round"] = int(cells["round"])
    elif "at_round" in trigger:
        trigger.pop("at_round")
        if not trigger:
            trigger = {"manual": True}
    inject["trigger"] = trigger
    return inject, msgs


# ---- writing -------------------------------------------------------------------


def simple_effects(inject: Inject) -> str | None:
    """The inject's effects in the sheet's language (`momentum+5; flag:X; term:I=O`),
    or None if it says more than that language can (conditions, notes, chances)."""
    if inject.trigger.when is not None or len(inject.effects) > 1:
        return None
    items: list[str] = []
    for block in inject.effects:
        if block.when is not None or block.chance is not None or block.note or block.phase == "collapse":
            return None
        for ind, value in block.indicators.items():
            if not isinstance(value, int | float):
                return None
            items.append(f"{ind}{value:+g}")
        items += [f"flag:{f}" for f in block.set_flags] + [f"clear_flag:{f}" for f in block.clear_flags]
        if block.phase == "breakdown":
            items.append("phase:breakdown")
    items += [f"term:{i}={o}" for i, o in inject.set_terms.items()]
    items += [f"lever:{lv}" for lv in inject.levers]
    if inject.force_phase:
        items.append(f"phase:{inject.force_phase}")
    return "; ".join(items)


def _definition(inject: Inject) -> str:
    data = inject.model_dump(exclude_defaults=True, mode="json", by_alias=True)
    return yaml.safe_dump(data, default_flow_style=True, width=10**6, allow_unicode=True, sort_keys=False).strip()


def msel_csv(injects: list[Inject], scenario: Scenario) -> str:
    """An MSEL sheet of these injects (HSEEP columns, and the deck's own)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EXPORT_HEADER)
    for k, inject in enumerate(injects, 1):
        effects = simple_effects(inject)
        to = "All seats" if inject.to == "all" else scenario.seat(inject.to).name
        trig = inject.trigger
        chance = "" if trig.chance is None or effects is None else f"{trig.chance}"
        writer.writerow(
            [
                k,
                f"Round {trig.at_round}" if trig.at_round is not None else "",
                inject.id,
                inject.title,
                inject.text,
                "Facilitator",
                "Briefing read to the table" if inject.to == "all" else f"Private briefing to {to}",
                to,
                "",
                "",
                effects if effects is not None else "(see the definition)",
                "; ".join(inject.sources),
                chance,
                "yes" if inject.repeatable and effects is not None else "",
                _definition(inject) if effects is None else "",
            ]
        )
    return buf.getvalue()
