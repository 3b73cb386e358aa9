"""Several tables, one debrief: N games of one scenario side by side.

A seminar runs the same scenario at several tables at once (or a control and
a treatment lens); `wargame compare A B C ...` shows where they converged and
where they diverged: the deal in force, term by term; when each phase was
reached; which rules fired at how many tables; each seat's score at every
table, and, with `--baseline N`, the bots' spread beside it. Everything in
words (the scenario's labels), as the instructor will read it out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from wargame.model import events as e
from wargame.review import words
from wargame.review.baseline import Baseline
from wargame.review.outcome import Outcome, outcome
from wargame.review.teams import spread
from wargame.review.timeline import Timeline
from wargame.store.savefile import LoadedSave

NOT_REACHED = "not reached"


@dataclass
class Table:
    """One game: its name (the save's file name), its fold and outcome."""

    name: str
    loaded: LoadedSave
    timeline: Timeline
    outcome: Outcome


@dataclass
class Line:
    """A row of the comparison: what, the value at each table, and whether they agree."""

    what: str
    values: list[str]
    note: str = ""

    @property
    def same(self) -> bool:
        return len(set(self.values)) <= 1


@dataclass
class Comparison:
    tables: list[Table]
    sections: dict[str, list[Line]] = field(default_factory=dict)
    """Section title -> its rows, in order."""
    converged: list[str] = field(default_factory=list)
    diverged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "tables": [{"name": t.name, "save": t.loaded.path, "seal": t.loaded.head} for t in self.tables],
            "sections": {
                title: [{"what": ln.what, "values": ln.values, "same": ln.same, "note": ln.note} for ln in rows]
                for title, rows in self.sections.items()
            },
            "converged": self.converged,
            "diverged": self.diverged,
            "warnings": self.warnings,
        }


def _names(saves: list[LoadedSave]) -> list[str]:
    out: list[str] = []
    for k, loaded in enumerate(saves):
        base = os.path.splitext(os.path.basename(loaded.path))[0]
        out.append(base if base not in out else f"{base} ({k + 1})")
    return out


def compare_tables(saves: list[LoadedSave], baseline: Baseline | None = None) -> Comparison:
    tables = []
    for name, loaded in zip(_names(saves), saves):
        tl = Timeline.of(loaded)
        tables.append(Table(name, loaded, tl, outcome(tl)))
    c = Comparison(tables)
    sc = tables[0].timeline.scenario
    ids = {t.timeline.scenario.id for t in tables}
    if len(ids) > 1:
        c.warnings.append(f"these are games of different scenarios ({', '.join(sorted(ids))}): compare with care")
    c.sections["The game"] = [
        Line("lens", [t.timeline.final.lens or "none" for t in tables]),
        Line("sequence", [t.timeline.final.sequence for t in tables]),
        Line("outcome", [words.phase(sc, t.outcome.status) for t in tables]),
        Line("rounds played", [str(t.outcome.rounds) for t in tables]),
    ]
    c.sections["The deal in force, term by term"] = _deal(tables)
    c.sections["Phase timing (round the agreement was first signed)"] = _phases(tables)
    c.sections["Rules fired (rounds in which each fired)"] = _rules(tables)
    c.sections["Scores against the brief"] = _scores(tables, baseline)
    for title in ("The deal in force, term by term", "Phase timing (round the agreement was first signed)"):
        for ln in c.sections[title]:
            (c.converged if ln.same else c.diverged).append(f"{ln.what}: " + (ln.values[0] if ln.same else "differs"))
    return c


def _deal(tables: list[Table]) -> list[Line]:
    sc = tables[0].timeline.scenario
    deals = [t.timeline.final.agreed_terms() for t in tables]
    rows = []
    for issue in sc.issues:
        if not any(issue.id in d for d in deals):
            continue
        values = [words.option(sc, issue.id, d[issue.id]) if issue.id in d else "(not settled)" for d in deals]
        rows.append(Line(issue.title, values))
    if not rows:
        rows.append(Line("nothing signed", ["-" for _ in tables]))
    return rows


def _phases(tables: list[Table]) -> list[Line]:
    sc = tables[0].timeline.scenario
    rows = []
    for phase in sc.phases:
        values = []
        for t in tables:
            rnd = t.outcome.reached.get(phase.id)
            voided = rnd is not None and t.outcome.agreements.get(phase.id) is None
            values.append(NOT_REACHED if rnd is None else f"round {rnd}" + (" (voided)" if voided else ""))
        rows.append(Line(words.agreement(sc, phase.id), values))
    return rows


def _rules(tables: list[Table]) -> list[Line]:
    sc = tables[0].timeline.scenario
    counts: list[dict[str, int]] = []
    order: dict[str, int] = {}
    for t in tables:
        got: dict[str, int] = {}
        for ev in t.timeline.events:
            if isinstance(ev, e.RuleFired):
                key = ev.rule + (" (crossed)" if ev.outcome == "crossed" else "")
                got[key] = got.get(key, 0) + 1
                order.setdefault(key, len(order))
        counts.append(got)
    rows = []
    for key in sorted(order, key=lambda k: (-sum(1 for g in counts if k in g), order[k])):
        rule_id, _, crossed = key.partition(" (")
        label = words.rule(sc, rule_id) + (" (red line crossed)" if crossed else "")
        at = sum(1 for g in counts if key in g)
        rows.append(Line(label, [str(g.get(key, 0)) for g in counts], note=f"at {at} of {len(tables)} tables"))
    return rows


def _scores(tables: list[Table], baseline: Baseline | None) -> list[Line]:
    sc = tables[0].timeline.scenario
    rows = []
    for seat in sc.seats:
        values = [t.outcome.scores[seat.id].total if seat.id in t.outcome.scores else 0.0 for t in tables]
        note = ""
        if baseline is not None:
            got = baseline.scores.get(seat.id, [])
            sp = spread(got, 0.0)
            if sp is not None:
                beats = [spread(got, v) for v in values]
                where = ", ".join(f"{b.below:.0%}" for b in beats if b is not None)
                note = (
                    f"bots: median {sp.median:g}, middle half {sp.quartile1:g}-{sp.quartile3:g} "
                    f"over {sp.games} games; each table beats {where} of them"
                )
        rows.append(Line(seat.name, [f"{v:g}" for v in values], note=note))
    return rows


# ---- writing it ---------------------------------------------------------------


def comparison_text(c: Comparison) -> str:
    names = [t.name for t in c.tables]
    width = min(44, max([len(ln.what) for rows in c.sections.values() for ln in rows] + [10]) + 2)
    values = [v for rows in c.sections.values() for ln in rows for v in ln.values]
    col = max(12, min(30, max(len(x) for x in [*names, *values]) + 2))
    out = [f"{len(c.tables)} tables of {c.tables[0].timeline.scenario.title}"]
    out += [f"  {k + 1}. {t.name}: {t.loaded.path} (seal {t.loaded.head[:12]})" for k, t in enumerate(c.tables)]
    out += [f"warning: {w}" for w in c.warnings]
    for title, rows in c.sections.items():
        out += ["", title.upper(), "  " + " " * width + "".join(f"{n[: col - 1]:{col}}" for n in names)]
        for ln in rows:
            row = "".join(f"{v[: col - 1]:{col}}" for v in ln.values)
            out.append(f"{' ' if ln.same else '*'} {ln.what[: width - 1]:{width}}{row}{ln.note}")
    out += ["", "(* marks where the tables diverge)"]
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def comparison_markdown(c: Comparison) -> str:
    names = [t.name for t in c.tables]
    out = [f"# {len(c.tables)} tables of {c.tables[0].timeline.scenario.title}", ""]
    out += [f"- **{t.name}**: `{t.loaded.path}`, seal `{t.loaded.head[:16]}`" for t in c.tables]
    out += [f"- **Warning:** {w}" for w in c.warnings]
    for title, rows in c.sections.items():
        out += ["", f"## {title}", "", "| | " + " | ".join(names) + " | |", "|---" * (len(names) + 2) + "|"]
        for ln in rows:
            what = ln.what if ln.same else f"**{ln.what}** (differs)"
            out.append(f"| {_cell(what)} | " + " | ".join(_cell(v) for v in ln.values) + f" | {_cell(ln.note)} |")
    out += ["", "## Where the tables converged", ""] + [f"- {x}" for x in c.converged or ["nowhere"]]
    out += ["", "## Where they diverged", ""] + [f"- {x}" for x in c.diverged or ["nowhere"]]
    return "\n".join(out) + "\n"


def comparison_html(c: Comparison) -> str:
    from wargame.review.debrief import css, environment

    return environment().get_template("compare.html.j2").render(c=c, css=css())
