"""Research export: a whole class's games as tidy tables, with a codebook.

`wargame export SAVE... --format csv -o DIR` writes one CSV per table, one row
per observation (tidy data: a variable per column, an observation per row),
every row keyed by `game` (the save's name) so an analyst can load many games
at once and join the tables:

    games.csv       one row per game: scenario, lens, sequence, seed, outcome, seal
    events.csv      one row per event, in order, with its line in words
    votes.csv       one row per vote
    rules.csv       one row per rule fired (or red line crossed)
    messages.csv    one row per message the view may see
    injects.csv     one row per inject the view may see
    indicators.csv  one row per indicator per round (round 0: the start)
    gradebook.csv   one row per seat per round: the score, its parts, the standing
    codebook.csv    what every column of every table means

The view filters what is private: `public` (the default) holds no private
message, no inject sent to one seat, no vote reason, no reasoning behind a
move, no brief and no facilitator's note; a seat's view adds what that seat
saw; `debrief` holds everything. Text cells that a spreadsheet would run as a
formula (`=`, `+`, `-`, `@`, tab, CR first) are prefixed with `'`.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wargame.model import events as e
from wargame.review.describe import DEBRIEF, PUBLIC, line, shows_why, visible
from wargame.review.outcome import ScoreStep, outcome, score_history
from wargame.review.timeline import Timeline
from wargame.store.savefile import LoadedSave

Row = dict[str, Any]

CODEBOOK: dict[str, dict[str, tuple[str, str]]] = {
    "games": {
        "game": ("text", "the save's file name without .jsonl; the key of every table"),
        "save": ("text", "the save file's path as given"),
        "seal": ("text", "the save's head hash: the same seal means the same game"),
        "scenario": ("text", "the scenario id"),
        "lens": ("text", "the reading of the war the game was played under (empty: none)"),
        "sequence": ("text", "the order of the phases"),
        "seed": ("integer", "the seed of the game's dice"),
        "created": ("text", "when the game was started (ISO 8601, local time of the machine)"),
        "status": ("text", "where the game ended: a phase id, peace, collapse or expired"),
        "rounds": ("integer", "rounds finished"),
        "events": ("integer", "events in the save"),
        "players": ("text", "seat:who for every seat (human, script, bot:persona), separated by ;"),
        "first_signed": ("text", "phase:round of each agreement's first signature, separated by ;"),
        "view": ("text", "the view these tables were written in (public, a seat id, or debrief)"),
    },
    "events": {
        "game": ("text", "see games.csv"),
        "seq": ("integer", "the event's position in the save, from 1"),
        "round": ("integer", "the round it belongs to (0: the setup)"),
        "phase": ("text", "the phase machine's state after the event"),
        "kind": ("text", "the event's kind (proposed, vote_cast, rule_fired, ...)"),
        "seat": ("text", "the seat that acted, if any"),
        "hidden": ("boolean", "1 if the view may not see the event's content (only the fact that it happened)"),
        "text": ("text", "the event in one line, as the review shows it in this view"),
    },
    "votes": {
        "game": ("text", "see games.csv"),
        "seq": ("integer", "see events.csv"),
        "round": ("integer", "the round of the vote"),
        "phase": ("text", "the talks voted in"),
        "seat": ("text", "the seat voting"),
        "response": ("text", "accept or reject"),
        "reasons": ("text", "rule ids the seat gave for its vote, separated by ; (debrief or that seat's view only)"),
        "crossed": ("text", "its own red lines the seat accepted crossing, separated by ;"),
        "why": ("text", "the reasoning recorded with the vote (debrief or that seat's view only)"),
    },
    "rules": {
        "game": ("text", "see games.csv"),
        "seq": ("integer", "see events.csv"),
        "round": ("integer", "the round the rule fired in"),
        "rule": ("text", "the rule's id"),
        "title": ("text", "the rule's title"),
        "rule_kind": ("text", "red_line, event or modifier"),
        "outcome": ("text", "fired, or crossed (a red line accepted by its own seat)"),
        "seat": ("text", "whose red line, for a red line"),
        "deltas": ("json", "indicator -> change"),
        "standing": ("json", "seat -> change of its standing"),
        "phase_trigger": ("text", "what it did to the talks (collapse, breakdown), if anything"),
        "sources": ("text", "source keys, separated by ;"),
    },
    "messages": {
        "game": ("text", "see games.csv"),
        "seq": ("integer", "see events.csv"),
        "round": ("integer", "the round it was sent in"),
        "sender": ("text", "the seat sending"),
        "to": ("text", "a seat id, or all (public)"),
        "issue": ("text", "the issue it is about, if the sender said"),
        "text": ("text", "what it says"),
    },
    "injects": {
        "game": ("text", "see games.csv"),
        "seq": ("integer", "see events.csv"),
        "round": ("integer", "the round it fired in"),
        "inject": ("text", "the inject's id"),
        "title": ("text", "its title"),
        "to": ("text", "all, or the seat it was sent to"),
        "deltas": ("json", "indicator -> change"),
        "set_terms": ("json", "issue -> option it put on the table"),
        "reason": ("text", "the facilitator's reason for firing it (debrief only)"),
    },
    "indicators": {
        "game": ("text", "see games.csv"),
        "round": ("integer", "0: the start; n: the end of round n"),
        "indicator": ("text", "the indicator's id"),
        "name": ("text", "its name"),
        "value": ("number", "its value"),
    },
    "gradebook": {
        "game": ("text", "see games.csv"),
        "seat": ("text", "the seat's id"),
        "seat_name": ("text", "the seat's name"),
        "played_by": ("text", "human, script or bot:persona"),
        "round": ("integer", "0: the start; n: the end of round n"),
        "score": ("number", "the seat's score against its brief (0-100) at that point"),
        "change": ("number", "the change since the previous row"),
        "signed_terms": ("number", "points from the agreements in force"),
        "kept_off": ("number", "points for red lines refused and kept out of the signed deal"),
        "indicators": ("number", "points from the indicators the brief cares about"),
        "standing": ("number", "points from the seat's standing at home (what crossing red lines cost)"),
        "other": ("number", "points from any other part of the score"),
    },
}
"""Table -> column -> (type, meaning): the codebook, and the columns' order."""

_PARTS = {
    "signed terms": "signed_terms",
    "kept off the table": "kept_off",
    "indicators": "indicators",
    "standing": "standing",
}
"""A score part's name (`wargame.rules.scoring`) -> its gradebook column."""


def safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, defused with a leading `'`."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@dataclass
class Game:
    """One save, folded once, with the name its rows carry."""

    name: str
    loaded: LoadedSave
    timeline: Timeline


def games_of(saves: list[LoadedSave]) -> list[Game]:
    out: list[Game] = []
    seen: dict[str, int] = {}
    for loaded in saves:
        base = os.path.splitext(os.path.basename(loaded.path))[0]
        seen[base] = seen.get(base, 0) + 1
        name = base if seen[base] == 1 else f"{base}-{seen[base]}"
        out.append(Game(name, loaded, Timeline.of(loaded)))
    return out


def _js(value: dict[str, Any]) -> str:
    return json.dumps(value, sort_keys=True) if value else ""


def game_rows(g: Game, view: str) -> list[Row]:
    res = outcome(g.timeline)
    hdr, st = g.loaded.header, g.timeline.final
    players = hdr.get("seats") or st.seats
    return [
        {
            "game": g.name,
            "save": g.loaded.path,
            "seal": g.loaded.head,
            "scenario": g.timeline.scenario.id,
            "lens": st.lens or "",
            "sequence": st.sequence,
            "seed": st.seed,
            "created": hdr.get("created", ""),
            "status": res.status,
            "rounds": res.rounds,
            "events": res.events,
            "players": ";".join(f"{s}:{who}" for s, who in players.items()),
            "first_signed": ";".join(f"{p}:{r}" for p, r in res.reached.items()),
            "view": view,
        }
    ]


def event_rows(g: Game, view: str) -> list[Row]:
    tl = g.timeline
    rows = []
    state_phase = ""
    for i, ev in enumerate(tl.events):
        if isinstance(ev, e.RoundStarted):
            state_phase = ev.phase
        elif isinstance(ev, e.PhaseChanged):
            state_phase = ev.to
        elif isinstance(ev, e.GameEnded):
            state_phase = ev.status
        rows.append(
            {
                "game": g.name,
                "seq": i + 1,
                "round": tl.round_of[i],
                "phase": state_phase,
                "kind": ev.kind,
                "seat": getattr(ev, "seat", None) or "",
                "hidden": 0 if visible(ev, view) else 1,
                "text": _event_text(ev, view),
            }
        )
    return rows


def _event_text(ev: e.Event, view: str) -> str:
    """The event's line in this view; a vote's reasons only where its reasoning may be read."""
    if isinstance(ev, e.VoteCast) and not shows_why(ev, view):
        crossed = f", crossing its red lines {', '.join(ev.crossed)}" if ev.crossed else ""
        return f"{ev.seat} votes {ev.response}{crossed}"
    return line(ev, view)[1]


def vote_rows(g: Game, view: str) -> list[Row]:
    tl = g.timeline
    rows = []
    phase = ""
    for i, ev in enumerate(tl.events):
        if isinstance(ev, e.RoundStarted):
            phase = ev.phase
        if not isinstance(ev, e.VoteCast):
            continue
        private_ok = shows_why(ev, view)
        rows.append(
            {
                "game": g.name,
                "seq": i + 1,
                "round": tl.round_of[i],
                "phase": phase,
                "seat": ev.seat,
                "response": ev.response,
                "reasons": ";".join(ev.reasons) if private_ok else "",
                "crossed": ";".join(ev.crossed),
                "why": ev.why if private_ok else "",
            }
        )
    return rows


def rule_rows(g: Game, view: str) -> list[Row]:
    tl = g.timeline
    return [
        {
            "game": g.name,
            "seq": i + 1,
            "round": tl.round_of[i],
            "rule": ev.rule,
            "title": ev.title,
            "rule_kind": ev.rule_kind,
            "outcome": ev.outcome,
            "seat": ev.seat or "",
            "deltas": _js(ev.deltas),
            "standing": _js(ev.standing),
            "phase_trigger": ev.phase_trigger or "",
            "sources": ";".join(ev.sources),
        }
        for i, ev in enumerate(tl.events)
        if isinstance(ev, e.RuleFired)
    ]


def message_rows(g: Game, view: str) -> list[Row]:
    tl = g.timeline
    return [
        {
            "game": g.name,
            "seq": i + 1,
            "round": tl.round_of[i],
            "sender": ev.seat,
            "to": ev.to,
            "issue": ev.issue or "",
            "text": ev.text,
        }
        for i, ev in enumerate(tl.events)
        if isinstance(ev, e.MessageSent) and visible(ev, view)
    ]


def inject_rows(g: Game, view: str) -> list[Row]:
    tl = g.timeline
    return [
        {
            "game": g.name,
            "seq": i + 1,
            "round": tl.round_of[i],
            "inject": ev.inject,
            "title": ev.title,
            "to": ev.to,
            "deltas": _js(ev.deltas),
            "set_terms": _js(ev.set_terms),
            "reason": ev.reason if view == DEBRIEF else "",
        }
        for i, ev in enumerate(tl.events)
        if isinstance(ev, e.InjectFired) and visible(ev, view)
    ]


def indicator_rows(g: Game, view: str) -> list[Row]:
    sc = g.timeline.scenario
    rows = []
    for ind_id, points in g.timeline.indicator_series().items():
        name = sc.indicator(ind_id).name if sc.has("indicator", ind_id) else ind_id
        rows += [{"game": g.name, "round": r, "indicator": ind_id, "name": name, "value": v} for r, v in points]
    return rows


def gradebook_rows(g: Game, view: str, history: dict[str, list[ScoreStep]] | None = None) -> list[Row]:
    """One row per seat per round, with every part of the score in its own column."""
    sc = g.timeline.scenario
    players = g.loaded.header.get("seats") or g.timeline.final.seats
    rows = []
    for seat, steps in (history if history is not None else score_history(g.timeline)).items():
        for step in steps:
            parts = {"signed_terms": 0.0, "kept_off": 0.0, "indicators": 0.0, "standing": 0.0, "other": 0.0}
            for part, pts, _ in step.parts:
                key = _PARTS.get(part, part)
                parts[key if key in parts else "other"] += pts
            rows.append(
                {
                    "game": g.name,
                    "seat": seat,
                    "seat_name": sc.seat(seat).name,
                    "played_by": players.get(seat, ""),
                    "round": step.round,
                    "score": step.total,
                    "change": step.change,
                    **{k: round(v, 1) for k, v in parts.items()},
                }
            )
    return rows


TABLES: dict[str, Callable[[Game, str], list[Row]]] = {
    "games": game_rows,
    "events": event_rows,
    "votes": vote_rows,
    "rules": rule_rows,
    "messages": message_rows,
    "injects": inject_rows,
    "indicators": indicator_rows,
    "gradebook": gradebook_rows,
}


def csv_of(table: str, rows: list[Row]) -> str:
    columns = list(CODEBOOK[table])
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe(row.get(k, "")) for k in columns})
    return buf.getvalue()


def codebook_csv(view: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["table", "column", "type", "meaning"])
    for table, columns in CODEBOOK.items():
        for column, (kind, meaning) in columns.items():
            writer.writerow([f"{table}.csv", column, kind, meaning])
    writer.writerow(["(all)", "(view)", "text", f"these tables were written in the {view} view"])
    return buf.getvalue()


def export_tables(saves: list[LoadedSave], view: str = PUBLIC) -> dict[str, str]:
    """File name -> CSV text, for every table and the codebook."""
    games = games_of(saves)
    out: dict[str, str] = {}
    for table, rows_of in TABLES.items():
        rows: list[Row] = []
        for g in games:
            rows += rows_of(g, view)
        out[f"{table}.csv"] = csv_of(table, rows)
    out["codebook.csv"] = codebook_csv(view)
    return out
