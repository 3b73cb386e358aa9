"""Two games side by side: a save and its what-if branch (or any two games of a scenario).

`wargame compare A B` prints where they part (the branch point, or the length
of the events they share), then the outcome, the agreements, the indicators
and the scores of each, and the difference.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from wargame.review.describe import terms_text
from wargame.review.outcome import Outcome, outcome
from wargame.review.timeline import Timeline
from wargame.store.savefile import LoadedSave


@dataclass
class Side:
    loaded: LoadedSave
    timeline: Timeline
    outcome: Outcome


@dataclass
class Comparison:
    a: Side
    b: Side
    shared: int
    """How many first events the two games have in common."""
    relation: str
    """How they are related, in words."""
    rows: list[tuple[str, str, str, str]]
    """(section, what, A, B)."""


def _side(loaded: LoadedSave) -> Side:
    timeline = Timeline.of(loaded)
    return Side(loaded, timeline, outcome(timeline))


def _relation(a: LoadedSave, b: LoadedSave, shared: int) -> str:
    for child, parent, name in ((b, a, "B"), (a, b, "A")):
        p = child.header.get("parent")
        if isinstance(p, dict) and os.path.abspath(str(p.get("save", ""))) == os.path.abspath(parent.path):
            ok = parent.head_at(min(int(p.get("events", 0)), len(parent.events))) == p.get("head")
            check = "its head hash matches" if ok else "BUT the parent's hash at that point does not match"
            return f"{name} is a branch of the other from event {p.get('events')} (round {p.get('round')}); {check}"
    if shared:
        return f"the two games share their first {shared} events"
    return "the two games share no events"


def compare(a: LoadedSave, b: LoadedSave) -> Comparison:
    sa, sb = _side(a), _side(b)
    shared = 0
    for x, y in zip(a.events, b.events):
        if x != y:
            break
        shared += 1
    rows: list[tuple[str, str, str, str]] = []
    oa, ob = sa.outcome, sb.outcome
    rows.append(("game", "save", a.path, b.path))
    rows.append(("game", "seal", a.head[:16], b.head[:16]))
    rows.append(("outcome", "status", oa.status, ob.status))
    rows.append(("outcome", "rounds", str(oa.rounds), str(ob.rounds)))
    rows.append(("outcome", "events", str(oa.events), str(ob.events)))
    scenario = sa.timeline.scenario
    for phase in scenario.phases:
        ta, tb = oa.agreements.get(phase.id), ob.agreements.get(phase.id)
        ra, rb = oa.reached.get(phase.id), ob.reached.get(phase.id)
        rows.append(
            (
                "agreements",
                phase.id,
                f"round {ra}" + ("" if ta else " (voided)") if ra else "not reached",
                f"round {rb}" + ("" if tb else " (voided)") if rb else "not reached",
            )
        )
        terms_a = ta.terms if ta else {}
        terms_b = tb.terms if tb else {}
        for issue in sorted(set(terms_a) | set(terms_b)):
            va, vb = terms_a.get(issue, "-"), terms_b.get(issue, "-")
            if va != vb:
                rows.append(("agreements", f"  {phase.id}: {issue}", va, vb))
    for ind in scenario.indicators:
        va_, vb_ = oa.indicators.get(ind.id, 0.0), ob.indicators.get(ind.id, 0.0)
        rows.append(("indicators", ind.id, f"{va_:g}", f"{vb_:g}" + _diff(vb_ - va_)))
    for seat in scenario.seat_ids:
        va_, vb_ = oa.scores[seat].total, ob.scores[seat].total
        rows.append(("scores", seat, f"{va_:g}", f"{vb_:g}" + _diff(vb_ - va_)))
    return Comparison(sa, sb, shared, _relation(a, b, shared), rows)


def _diff(d: float) -> str:
    return f" ({d:+g})" if abs(d) > 1e-9 else ""


def comparison_text(c: Comparison) -> str:
    width = max(len(r[1]) for r in c.rows) + 2
    wa = min(48, max(len(r[2]) for r in c.rows) + 2)
    out = [f"A: {c.a.loaded.path}", f"B: {c.b.loaded.path}", f"Relation: {c.relation}", ""]
    section = ""
    for sec, what, va, vb in c.rows:
        if sec != section:
            out.append(f"{sec.upper()}")
            out.append(f"  {'':{width}}{'A':{wa}}B")
            section = sec
        marker = "*" if va.split(" (")[0] != vb.split(" (")[0] and sec != "game" else " "
        out.append(f"{marker} {what:{width}}{va:{wa}}{vb}")
    final_a = c.a.timeline.final.agreed_terms()
    final_b = c.b.timeline.final.agreed_terms()
    out += ["", f"Deal in force, A: {terms_text(final_a)}", f"Deal in force, B: {terms_text(final_b)}"]
    out.append("(* marks a difference)")
    return "\n".join(out)
