"""The debrief that opens the report: turning points, each team against its
brief, the red lines crossed, and the questions to ask.

`debrief_of(data)` gathers it from a report's data (one fold of the save);
`markdown_section` and `html_section` write it. The HTML is rendered by
jinja2 with autoescaping on, so a team's message or a facilitator's note can
never inject markup into the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from wargame.errors import ContentError
from wargame.model import events as e
from wargame.review import words
from wargame.review.describe import details, line
from wargame.review.questions import Asked, asked, questions_of
from wargame.review.reportdata import SKIP, ReportData
from wargame.review.teams import TeamReview, crossed_summary, team_reviews
from wargame.review.turning import TurningPoint, turning_points
from wargame.review.words import in_words


@dataclass
class Debrief:
    turning: list[TurningPoint]
    teams: list[TeamReview]
    crossed: list[str]
    questions: list[Asked]
    questions_note: str = ""
    """Why there are no questions, when there are none."""
    has_baseline: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def debrief_of(data: ReportData) -> Debrief:
    tl = data.timeline
    turning = turning_points(tl, data.history, data.view)
    note = ""
    try:
        book = questions_of(data.scenario, data.loaded.texts(), None)
    except ContentError as exc:
        book, note = [], f"The scenario's discussion questions do not load: {exc}"
    found = asked(tl, book, turning, view=data.view)
    if not found and not note:
        note = (
            "No discussion questions: the scenario has no debrief file for the rules that acted in this game."
            if not book
            else "None of the rules with discussion questions acted in this game."
        )
    return Debrief(
        turning=turning,
        teams=team_reviews(tl, data.outcome, data.view, data.baseline),
        crossed=crossed_summary(tl),
        questions=found,
        questions_note=note,
        has_baseline=data.baseline is not None,
    )


# ---- Markdown ---------------------------------------------------------------


def _md(text: str) -> str:
    """Plain text made safe for a Markdown list item or paragraph."""
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "&lt;")


def markdown_section(d: Debrief) -> list[str]:
    out = ["## Turning points", ""]
    for k, t in enumerate(d.turning, 1):
        out.append(f"{k}. **Round {t.round} ({_md(t.phase)}): {_md(t.headline)}.** (timeline: event {t.index})")
        out.append(f"   - The move: {_md(t.move)}.")
        if t.rule:
            out.append(f"   - {'What it says' if t.kind == 'inject' else 'The rule'}: {_md(t.rule)}")
        if t.why:
            out.append(f"   - Why now (the facilitator): {_md(t.why)}")
        if t.effects:
            out.append(f"   - What it did: {_md('; '.join(t.effects))}.")
        if t.scores:
            out.append(f"   - Scores that round: {_md(t.scores)}.")
        if t.sources:
            out.append(f"   - Sources: {_md('; '.join(t.sources))}")
    if not d.turning:
        out.append("Nothing happened yet that changed the game.")
    out += ["", "## Each team against its brief", ""]
    for tr in d.teams:
        out += [f"### {_md(tr.name)}: {tr.score:g} of 100", ""]
        if tr.brief_shown:
            out.append(f"*Brief:* {_md(tr.summary)}")
            out += ["", "**Objectives**", ""] + [f"- {_md(o)}" for o in tr.objectives]
            out += ["", "**Red lines (from the brief)**", ""] + [f"- {_md(r)}" for r in tr.brief_red_lines]
        else:
            out.append("*Its brief is private to its team; the debrief view shows it.*")
        out += ["", "**What the outcome gave it**", ""]
        out += [f"- {_md(t)} ({v})" for t, v in tr.got] or ["- Nothing signed is in force."]
        out += ["", "**Red lines in the rulebook**", ""]
        out += [f"- {_md(r.title)}: **{r.status}** ({_md(r.detail)})" for r in tr.red_lines] or ["- None."]
        out += ["", "**The score, part by part** (every seat starts at 50)", ""]
        out += [f"- {_md(p)} {v:+g}: {_md(why)}" for p, v, why in tr.parts]
        if tr.spread_text:
            out += ["", f"*Against the bots:* {_md(tr.spread_text)}"]
        out.append("")
    if not d.has_baseline:
        out += ["*No bot baseline in this report: `--baseline 20` adds each seat's spread over 20 bot-only games.*", ""]
    out += ["## Red lines crossed", ""]
    out += [f"- {_md(c)}" for c in d.crossed] or ["- None: no team accepted a text across its own red line."]
    out += ["", "## Questions for the debrief", ""]
    for k, q in enumerate(d.questions, 1):
        out.append(f"{k}. {_md(q.ask)}")
        out.append(f"   - Because {_md(q.because)}: *{_md(q.rule)}*. Sources: {_md('; '.join(q.sources))}")
    if not d.questions:
        out.append(_md(d.questions_note))
    out.append("")
    return out


# ---- HTML -------------------------------------------------------------------

_ENV: Environment | None = None


def environment() -> Environment:
    """The jinja2 environment of the review's templates (autoescape on)."""
    global _ENV
    if _ENV is None:
        _ENV = Environment(
            loader=PackageLoader("wargame.review", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _ENV


def strip(values: list[float], score: float, width: int = 320) -> dict[str, Any]:
    """Positions (0..width) for a small strip chart of bot scores and this game's."""

    def x(v: float) -> float:
        return round(10 + (width - 20) * max(0.0, min(100.0, v)) / 100, 1)

    return {"width": width, "dots": [x(v) for v in values], "you": x(score), "ticks": [(x(t), t) for t in (0, 50, 100)]}


def html_section(d: Debrief) -> str:
    return environment().get_template("debrief.html.j2").render(d=d, strip=strip)


def css() -> str:
    """The debrief's styles, with the print rules (A4 and Letter alike: margins, no fixed page size)."""
    return environment().get_template("debrief.css.j2").render()


_SEAT_AT = re.compile(r"^([a-z][a-z0-9_]*)(?= )|(?<=-> )([a-z][a-z0-9_]*)")


def _labelled(data: ReportData, text: str) -> str:
    """A timeline line with labels for ids: `us proposes ceasefire=thirty_day`
    -> `United States proposes Ceasefire: 30-day ceasefire`."""
    sc = data.scenario

    def seat(m: re.Match[str]) -> str:
        found = m.group(0)
        return sc.seat(found).name if sc.has("seat", found) else found

    head, sep, signers = text.partition("; signatories ")
    if sep:
        text = head + sep + ", ".join(words.seat(sc, x.strip()) for x in signers.split(","))
    return in_words(sc, _SEAT_AT.sub(seat, text))


def anchored_blocks(data: ReportData) -> list[tuple[int, str, list[tuple[int, str, str, list[str]]]]]:
    """The timeline round by round as the report shows it, each line with its
    event's index (the anchor the turning points and questions link to)."""
    tl = data.timeline
    blocks: list[tuple[int, str, list[tuple[int, str, str, list[str]]]]] = [(0, "setup", [])]
    for i, ev in enumerate(tl.events):
        if isinstance(ev, e.RoundStarted):
            blocks.append((ev.round, ev.phase, []))
            continue
        if isinstance(ev, SKIP):
            continue
        tag, text = line(ev, data.view)
        more = details(data.scenario, ev, data.view) if isinstance(ev, e.VoteCast | e.InjectFired) else []
        blocks[-1][2].append((i, tag, _labelled(data, text), more))
    return blocks
