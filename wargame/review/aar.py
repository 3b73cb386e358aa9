"""The exercise planners' formats for a played game: an executed MSEL and an AAR/IP.

The **executed MSEL** lists the injects that fired, in the HSEEP columns, with
what the players did next (the actual player response, read from the record)
and, in the debrief view, the facilitator's reason for firing each one.

The **after-action report / improvement plan** follows the HSEEP shape: the
exercise overview; the objectives rated from the record on the P/S/M/U scale
(performed without challenges, with some, with major challenges, unable to be
performed); strengths; areas for improvement; and an improvement plan table
left blank for the instructor, one row per area. The objectives are the
scenario's own: reach each phase's agreement, and for each team, its brief.

How a rating is made (stated in the report, so nobody has to guess):

* a phase's agreement: P signed and in force; S signed, but only in the last
  third of the rounds; M signed and later voided; U never signed;
* a team's brief: from its score against the brief (0-100, 50 = no better or
  worse than the war going on): P 65 or more with no red line crossed; S 50 or
  more; M 35 or more, or any red line of its own crossed; U below 35.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from wargame.model import events as e
from wargame.review import words
from wargame.review.debrief import Debrief, css, debrief_of, environment
from wargame.review.describe import DEBRIEF, visible
from wargame.review.reportdata import ReportData
from wargame.review.teams import TeamReview

RATINGS = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}

MSEL_HEADER = [
    "MSEL #",
    "Round",
    "Time",
    "Event Synopsis",
    "Inject",
    "Responsible Controller",
    "Method",
    "Intended Player",
    "Expected Player Response",
    "Actual Player Response",
    "Objective/Capability",
    "Effects",
    "Why now (facilitator)",
    "Sources",
]


def executed_msel(data: ReportData) -> str:
    """The injects that fired, as an executed MSEL (CSV), in the report's view."""
    tl, sc = data.timeline, data.scenario
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(MSEL_HEADER)
    k = 0
    for i, ev in enumerate(tl.events):
        if not isinstance(ev, e.InjectFired) or not visible(ev, data.view):
            continue
        k += 1
        rnd = tl.round_of[i]
        scheduled = sc.has("inject", ev.inject) and not sc.inject(ev.inject).trigger.manual
        to = "All seats" if ev.to == "all" else words.seat(sc, ev.to)
        effects = [words.deltas(sc, ev.deltas)] if ev.deltas else []
        if ev.set_terms:
            effects.append("puts on the table: " + words.terms(sc, ev.set_terms))
        writer.writerow(
            [
                k,
                rnd,
                f"Day {(max(rnd, 1) - 1) * sc.days_per_round + 1}",
                _cell(ev.title),
                _cell(ev.text),
                "Scheduled in the scenario" if scheduled else "Facilitator",
                "Briefing read to the table" if ev.to == "all" else f"Private briefing to {to}",
                to,
                "",
                _cell(_response(data, i, ev.to)),
                "",
                _cell("; ".join(effects)),
                _cell(ev.reason if data.view == DEBRIEF else ""),
                "; ".join(ev.sources),
            ]
        )
    return buf.getvalue()


def _cell(text: str) -> str:
    """A cell a spreadsheet would run as a formula, defused (OWASP)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _response(data: ReportData, index: int, to: str) -> str:
    """What the players did in the rest of the round after the inject."""
    tl, sc = data.timeline, data.scenario
    rnd = tl.round_of[index]
    seats = None if to == "all" else {to}
    out: list[str] = []
    for j in range(index + 1, len(tl.events)):
        if tl.round_of[j] != rnd:
            break
        ev = tl.events[j]
        seat = getattr(ev, "seat", None)
        if seats is not None and seat not in seats:
            continue
        if isinstance(ev, e.Proposed):
            out.append(f"{words.seat(sc, ev.seat)} tabled {words.terms(sc, ev.terms)}")
        elif isinstance(ev, e.LeverUsed):
            out.append(f"{words.seat(sc, ev.seat)} pulled {words.lever(sc, ev.lever)}")
        elif isinstance(ev, e.VoteCast):
            out.append(f"{words.seat(sc, ev.seat)} voted {ev.response}")
        elif isinstance(ev, e.MessageSent) and visible(ev, data.view):
            out.append(f"{words.seat(sc, ev.seat)} wrote to {words.seat(sc, ev.to)}")
    return "; ".join(out) or "no move that round"


# ---- the AAR/IP ----------------------------------------------------------------


@dataclass
class Objective:
    title: str
    rating: str
    evidence: str
    detail: list[str] = field(default_factory=list)
    """For a team: its brief's objectives, as written."""

    @property
    def meaning(self) -> str:
        return RATINGS[self.rating]


@dataclass
class AfterAction:
    data: ReportData
    debrief: Debrief
    overview: list[tuple[str, str]]
    objectives: list[Objective]
    strengths: list[str]
    improvements: list[str]


def _phase_objectives(data: ReportData) -> list[Objective]:
    sc, res = data.scenario, data.outcome
    late = max(1, round(sc.max_rounds * 2 / 3))
    out = []
    for phase in sc.phases:
        name = words.agreement(sc, phase.id)
        rnd = res.reached.get(phase.id)
        if rnd is None:
            out.append(Objective(f"Reach the {name}", "U", "never signed"))
        elif res.agreements.get(phase.id) is None:
            out.append(Objective(f"Reach the {name}", "M", f"signed in round {rnd}, later voided"))
        elif rnd > late:
            out.append(Objective(f"Reach the {name}", "S", f"signed late, in round {rnd} of {sc.max_rounds}"))
        else:
            out.append(Objective(f"Reach the {name}", "P", f"signed in round {rnd} and in force at the end"))
    return out


def _team_objective(tr: TeamReview) -> Objective:
    crossed = [r for r in tr.red_lines if r.status == "crossed"]
    if tr.score >= 65 and not crossed:
        rating = "P"
    elif tr.score >= 50 and not crossed:
        rating = "S"
    elif tr.score >= 35 or crossed:
        rating = "M"
    else:
        rating = "U"
    evidence = f"score {tr.score:g} of 100 against its brief"
    if crossed:
        evidence += "; crossed its own red line " + ", ".join(f"\u201c{r.title}\u201d" for r in crossed)
    if tr.spread_text:
        evidence += f"; {tr.spread_text}"
    return Objective(f"{tr.name}: the objectives of its brief", rating, evidence, list(tr.objectives))


def after_action(data: ReportData) -> AfterAction:
    d = debrief_of(data)
    sc, res, st = data.scenario, data.outcome, data.timeline.final
    players = data.loaded.header.get("seats") or st.seats
    overview = [
        ("Exercise", sc.title),
        ("Scope", " ".join(sc.description.split())),
        ("Played", str(data.loaded.header.get("created", "?"))),
        ("Reading of the war (lens)", st.lens or "none"),
        ("Order of the talks", " then ".join(words.phase(sc, p) for p in sc.sequences.get(st.sequence, []))),
        ("Participants", "; ".join(f"{words.seat(sc, s)} ({who})" for s, who in players.items())),
        ("Outcome", f"{words.phase(sc, res.status)} after {res.rounds} rounds ({res.rounds * sc.days_per_round} days)"),
        ("Record", f"{res.events} events; seal {data.loaded.head}"),
    ]
    objectives = _phase_objectives(data) + [_team_objective(tr) for tr in d.teams]
    strengths: list[str] = []
    improvements: list[str] = []
    for t in d.turning:
        where = f"(round {t.round})"
        if t.kind == "signed":
            strengths.append(f"{t.headline} {where}: {t.move}.")
        elif t.kind in ("crossed", "voided", "ended"):
            improvements.append(f"{t.headline} {where}: {t.move}.")
    for tr in d.teams:
        kept = [r.title for r in tr.red_lines if r.status == "kept off"]
        if kept:
            strengths.append(f"{tr.name} kept its red lines out of the deal: {'; '.join(kept)}.")
        if tr.score >= 65:
            strengths.append(f"{tr.name} came out well against its brief (score {tr.score:g}).")
        elif tr.score < 35:
            improvements.append(
                f"{tr.name} came out badly against its brief (score {tr.score:g}): what did it give up?"
            )
    improvements += [f"Red line crossed: {c}." for c in d.crossed if f"Red line crossed: {c}." not in improvements]
    for o in objectives[: len(sc.phases)]:
        if o.rating == "U":
            improvements.append(f"{o.title}: not achieved ({o.evidence}).")
    return AfterAction(
        data,
        d,
        overview,
        objectives,
        strengths or ["No strength stands out in the record."],
        improvements or ["No area for improvement stands out in the record."],
    )


def aar_markdown(a: AfterAction) -> str:
    out = [f"# After-action report / improvement plan: {a.data.scenario.title}", ""]
    out += ["## Exercise overview", ""] + [f"- **{k}:** {v}" for k, v in a.overview]
    out += ["", "## Analysis of objectives", "", "| Objective | Rating | From the record |", "|---|---|---|"]
    for o in a.objectives:
        out.append(f"| {_md(o.title)} | **{o.rating}** ({o.meaning}) | {_md(o.evidence)} |")
    out += ["", "Ratings: " + "; ".join(f"**{k}** {v}" for k, v in RATINGS.items()) + ". " + _how()]
    for o in a.objectives:
        if o.detail:
            out += ["", f"### {o.title}", ""] + [f"- {_md(x)}" for x in o.detail]
    out += ["", "## Strengths", ""] + [f"- {_md(s)}" for s in a.strengths]
    out += ["", "## Areas for improvement", ""] + [f"- {_md(s)}" for s in a.improvements]
    out += ["", "## Improvement plan", "", "To be completed by the instructor.", ""]
    out += ["| Area for improvement | Corrective action | Responsible | Start | Completion |", "|---|---|---|---|---|"]
    out += [f"| {_md(s)} | | | | |" for s in a.improvements]
    out += ["", f"Seal: `{a.data.loaded.head}`", ""]
    return "\n".join(out)


def _md(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "&lt;")


def _how() -> str:
    return (
        "A phase's agreement: P signed and in force; S signed only in the last third of the rounds; "
        "M signed and later voided; U never signed. A team's brief, from its score (0-100, 50 = no better "
        "or worse than the war going on): P 65 or more and no red line crossed; S 50 or more; "
        "M 35 or more, or a red line of its own crossed; U below 35."
    )


def aar_html(a: AfterAction) -> str:
    return environment().get_template("aar.html.j2").render(a=a, ratings=RATINGS, how=_how(), css=css())
