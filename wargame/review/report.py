"""The class report: `wargame report SAVE --format md|html|csv [-o FILE]`.

One self-contained document for the after-action review: the outcome and the
agreements, each seat's score against its brief (and over time, with what
moved it), the indicators over time, the timeline round by round, every vote
with its reasons, every rule that fired with its explanation and its sources
(key and title, from the scenario's `sources`), the injects and the
facilitator's notes, and the save's head hash as its seal. The CSV is one row
per seat, for a gradebook.

A report is a record to grade by, and is never made from events that cannot
be trusted: of a damaged or forged save, only the events before the damage
are reported, the report says so at its top, and the command exits 2. The
report is made in the debrief view (every private message revealed) unless a
narrower view is asked for. User text (messages, names, notes) is made inert
in the Markdown (`md_text`) and CSV cells cannot run as formulas.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from wargame.model import events as e
from wargame.model.scenario import Scenario
from wargame.review.baseline import sentences
from wargame.review.charts import sparkline
from wargame.review.describe import DEBRIEF, details, line, rule_title, source_title, view_name, visible
from wargame.review.reportdata import SKIP, ReportData
from wargame.review.reportdata import build as build  # the report is built from its data
from wargame.review.words import in_words
from wargame.store.files import spreadsheet_safe

MOVED = 1.0
"""A score change (points) worth explaining in the report."""

# ---- rows shared by every format ---------------------------------------


def facts(data: ReportData) -> list[tuple[str, str]]:
    hdr, st = data.loaded.header, data.timeline.final
    sc = hdr.get("scenario", {})
    players = ", ".join(f"{s}: {who}" for s, who in (hdr.get("seats") or st.seats).items())
    out = [
        ("Scenario", f"{data.scenario.title} ({data.scenario.id})"),
        ("Lens", str(st.lens or sc.get("lens") or "none")),
        ("Sequence", st.sequence),
        ("Seed", str(st.seed)),
        ("Seats", players),
        ("Played", str(hdr.get("created", "?"))),
        ("Outcome", f"{data.outcome.status} after {data.outcome.rounds} rounds ({data.outcome.events} events)"),
        ("View", view_name(data.scenario, data.view)),
    ]
    if data.parent is not None:
        out.append(("Branch", data.parent.message))
    return out


def seal(data: ReportData) -> str:
    return (
        f"hash chain verified over {len(data.loaded.events)} events; head hash {data.loaded.head}. "
        "Compare it with the seal shown at the end of the game: a different hash means a different game."
    )


def agreement_rows(data: ReportData) -> list[tuple[str, str, str, str]]:
    """(phase, state, round, terms in words)."""
    rows = []
    for phase in data.scenario.phases:
        a = data.outcome.agreements.get(phase.id)
        signed = [h for h in data.outcome.history if h.phase == phase.id]
        if a is not None:
            rows.append((phase.id, "in force", str(a.round), terms_words(data.scenario, a.terms)))
        elif signed:
            rows.append((phase.id, "voided", str(signed[-1].round), terms_words(data.scenario, signed[-1].terms)))
        else:
            rows.append((phase.id, "not reached", "", ""))
    return rows


def terms_words(scenario: Scenario, terms: dict[str, str]) -> str:
    out = []
    for issue_id, opt in terms.items():
        if scenario.has("issue", issue_id):
            issue = scenario.issue(issue_id)
            label = next((o.label for o in issue.options if o.id == opt), opt)
            out.append(f"{issue.title}: {label}")
        else:
            out.append(f"{issue_id}: {opt}")
    return "; ".join(out)


def vote_rows(data: ReportData) -> list[dict[str, Any]]:
    tl, sc = data.timeline, data.scenario
    votes = iter(tl.final.votes)
    rows = []
    for i, ev in enumerate(tl.events):
        if not isinstance(ev, e.VoteCast):
            continue
        vote = next(votes)
        rows.append(
            {
                "round": tl.round_of[i],
                "phase": vote.phase,
                "seat": ev.seat,
                "response": ev.response,
                "reasons": [(r, rule_title(sc, r)) for r in ev.reasons],
                "crossed": [(r, rule_title(sc, r)) for r in ev.crossed],
                "why": ev.why if data.view in (DEBRIEF, ev.seat) else "",
            }
        )
    return rows


def rule_rows(data: ReportData) -> list[dict[str, Any]]:
    tl, sc = data.timeline, data.scenario
    rows = []
    for i, ev in enumerate(tl.events):
        if not isinstance(ev, e.RuleFired):
            continue
        effects = [f"{k} {v:+g}" for k, v in ev.deltas.items()]
        effects += [f"{k} standing {v:+g}" for k, v in ev.standing.items()]
        if ev.phase_trigger:
            effects.append(f"talks: {ev.phase_trigger}")
        rows.append(
            {
                "round": tl.round_of[i],
                "rule": ev.rule,
                "title": ev.title,
                "outcome": ev.outcome,
                "seat": ev.seat or "",
                "explanation": ev.explanation,
                "sources": [(k, source_title(sc, k)) for k in ev.sources],
                "effects": ", ".join(effects),
            }
        )
    return rows


def inject_rows(data: ReportData) -> list[dict[str, Any]]:
    """Injects and the facilitator's actions and notes, in order."""
    tl = data.timeline
    rows = []
    for i, ev in enumerate(tl.events):
        if isinstance(ev, e.InjectFired | e.FacilitatorActed) and visible(ev, data.view):
            if isinstance(ev, e.InjectFired):
                what = f"inject {ev.inject}" + ("" if ev.to == "all" else f" (to {ev.to})")
                text = f"{ev.title}: {ev.text}"
                srcs = [(k, source_title(data.scenario, k)) for k in ev.sources]
            else:
                what = "facilitator's note" if ev.command == "note" else f"facilitator: {ev.command}"
                text = line(ev, data.view)[1] if ev.command != "note" else ev.reason
                srcs = []
            rows.append({"round": tl.round_of[i], "what": what, "text": text, "sources": srcs})
    return rows


def round_blocks(data: ReportData) -> list[tuple[int, str, list[tuple[str, str, list[str]]]]]:
    """(round, phase, [(tag, line, details)]) for each round (round 0: the setup)."""
    tl = data.timeline
    blocks: list[tuple[int, str, list[tuple[str, str, list[str]]]]] = [(0, "setup", [])]
    for ev in tl.events:
        if isinstance(ev, e.RoundStarted):
            blocks.append((ev.round, ev.phase, []))
            continue
        if isinstance(ev, SKIP):
            continue
        tag, text = line(ev, data.view)
        more = details(data.scenario, ev, data.view) if isinstance(ev, e.VoteCast | e.InjectFired) else []
        blocks[-1][2].append((tag, text, more))
    return blocks


def indicator_rows(data: ReportData) -> list[dict[str, Any]]:
    series = data.timeline.indicator_series()
    rows = []
    for ind in data.scenario.indicators:
        pts = series.get(ind.id, [])
        values = [v for _, v in pts]
        hi = ind.max if ind.max is not None else (max(values) if values else ind.min)
        bounded = ind.max is not None
        rows.append(
            {
                "id": ind.id,
                "name": ind.name,
                "points": pts,
                "range": (ind.min, hi) if bounded else None,
                "start": values[0] if values else None,
                "end": values[-1] if values else None,
                "min": min(values) if values else None,
                "max": max(values) if values else None,
                "spark": sparkline(values, ind.min, hi, width=60),
            }
        )
    return rows


def phase_markers(data: ReportData) -> list[tuple[float, str]]:
    out = []
    for i in data.timeline.phase_changes:
        ev = data.timeline.events[i]
        assert isinstance(ev, e.PhaseChanged)
        out.append((float(data.timeline.round_of[i]), f"round {data.timeline.round_of[i]}: {ev.from_} -> {ev.to}"))
    return out


def baseline_lines(data: ReportData) -> list[str]:
    if data.baseline is None:
        return ["No baseline in this report: add `--baseline 20` to compare with 20 bot-only games."]
    return sentences(data.scenario, data.outcome, data.baseline)


# ---- Markdown ------------------------------------------------------------


_UNSAFE = re.compile(r"[&<>\[\]]|(?i:\b(?:javascript|vbscript|data|file):)")
_CODE_SPAN = re.compile(r"(`[^`\n]*`)")


def md_text(text: str) -> str:
    """User text made inert in Markdown: no HTML (`<script>`, `<img onerror>`),
    no links (`[x](javascript:...)`, `<javascript:...>`), no link schemes. Uses
    character references, which Markdown shows as the characters but never
    reads as structure."""

    def ref(m: re.Match[str]) -> str:
        s = m.group(0)
        return f"{s[:-1]}&#58;" if s.endswith(":") else f"&#{ord(s)};"

    return _UNSAFE.sub(ref, text)


def _inert(doc: str) -> str:
    """The whole report made inert (its own Markdown uses no HTML, no links,
    no brackets): every line outside code spans, whose text is shown verbatim."""
    return "\n".join(
        "".join(part if i % 2 else md_text(part) for i, part in enumerate(_CODE_SPAN.split(line)))
        for line in doc.split("\n")
    )


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(head: list[str], rows: list[list[object]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def markdown(data: ReportData) -> str:
    sc = data.scenario
    out = [f"# After-action review: {sc.title}", ""]
    out += [f"- **{k}:** {v}" for k, v in facts(data)]
    out += ["", f"> **Seal:** {seal(data)}", ""]
    from wargame.review.debrief import debrief_of, markdown_section  # the debrief builds on this module

    out += markdown_section(debrief_of(data))
    out += ["## Agreements", ""]
    out += _table(["Phase", "State", "Round", "Terms"], [list(r) for r in agreement_rows(data)])
    out += ["", "## Scores", ""]
    rows: list[list[object]] = []
    for seat, s in data.outcome.scores.items():
        parts = "; ".join(f"{p} {v:+g} ({in_words(sc, why)})" for p, v, why in s.parts)
        rows.append([sc.seat(seat).name, s.total, parts])
    out += _table(["Seat", "Score", "What makes it up"], rows)
    out += ["", "### Over time", ""]
    for seat, steps in data.history.items():
        line_ = " ".join(f"r{st.round}:{st.total:g}" for st in steps)
        out.append(f"- **{sc.seat(seat).name}** `{sparkline([s.total for s in steps], 0, 100, 60)}` {line_}")
        for st in steps[1:]:
            if abs(st.change) >= MOVED and st.movers:
                out.append(f"  - round {st.round} ({st.change:+g}): {'; '.join(st.movers)}")
    out += ["", "### Against the bots", ""]
    out += [f"- {s}" for s in baseline_lines(data)]
    out += ["", "## Indicators", ""]
    ind_rows = [[r["name"], f"`{r['spark']}`", r["start"], r["min"], r["max"], r["end"]] for r in indicator_rows(data)]
    out += _table(["Indicator", "Over the rounds", "Start", "Min", "Max", "End"], ind_rows)
    out += ["", "## Votes", ""]
    out += _table(
        ["Round", "Phase", "Seat", "Vote", "Reasons", "Crossed", "Why"],
        [
            [
                v["round"],
                v["phase"],
                v["seat"],
                v["response"],
                "; ".join(f"{r} ({t})" for r, t in v["reasons"]),
                "; ".join(f"{r} ({t})" for r, t in v["crossed"]),
                v["why"],
            ]
            for v in vote_rows(data)
        ],
    )
    out += ["", "## Rules that fired", ""]
    for r in rule_rows(data):
        tag = "CROSSED " if r["outcome"] == "crossed" else ""
        who = f" ({r['seat']})" if r["seat"] else ""
        out.append(f"- **Round {r['round']}: {tag}`{r['rule']}`{who}: {r['title']}.** {r['explanation']}")
        if r["effects"]:
            out.append(f"  - Effects: {r['effects']}")
        out.append("  - Sources: " + "; ".join(f"{k}: {t}" for k, t in r["sources"]))
    out += ["", "## Injects and facilitator notes", ""]
    inj = inject_rows(data)
    out += [f"- Round {r['round']}, {r['what']}: {r['text']}" for r in inj] or ["- None."]
    out += ["", "## Timeline", ""]
    for rnd, phase, items in round_blocks(data):
        if not items and rnd == 0:
            continue
        out.append(f"### {'Setup' if rnd == 0 else f'Round {rnd}: {phase} talks'}")
        out.append("")
        for _tag, text, more in items:
            out.append(f"- {text}")
            out += [f"  - {m}" for m in more]
        out.append("")
    out += ["## Sources", ""]
    out += [f"- **{k}**: {t}" for k, t in sc.sources.items()]
    out += ["", f"Seal: `{data.loaded.head}`", ""]
    return _inert("\n".join(out))


# ---- CSV -----------------------------------------------------------------

CSV_COLUMNS = [
    "save",
    "seal",
    "scenario",
    "lens",
    "status",
    "rounds",
    "seat",
    "seat_name",
    "played_by",
    "score",
    "signed_terms",
    "indicators",
    "standing",
    "score_by_round",
]


def csv_text(data: ReportData) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    players = data.loaded.header.get("seats") or data.timeline.final.seats
    for seat, s in data.outcome.scores.items():
        parts = {p: v for p, v, _ in s.parts}
        row: list[object] = [
            data.loaded.path,
            data.loaded.head,
            data.scenario.id,
            data.timeline.final.lens or "",
            data.outcome.status,
            data.outcome.rounds,
            seat,
            data.scenario.seat(seat).name,
            players.get(seat, ""),
            s.total,
            parts.get("signed terms", 0.0),
            parts.get("indicators", 0.0),
            parts.get("standing", 0.0),
            " ".join(f"r{st.round}:{st.total:g}" for st in data.history.get(seat, [])),
        ]
        writer.writerow([spreadsheet_safe(c) for c in row])
    return buf.getvalue()
