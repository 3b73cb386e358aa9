"""What the replay screen shows at a point of a game, as Rich text.

Pure functions from a timeline, a position and a view to `rich.text.Text`, so
the screen (`wargame.tui.replay`) only lays them out, and tests can read them.
Every panel is bounded (the last `limit` items) so a save of 10,000 events
steps as fast as one of 50.
"""

from __future__ import annotations

import bisect

from rich.text import Text

from wargame.model import events as e
from wargame.model.scenario import Scenario
from wargame.model.state import GameState
from wargame.review.charts import sparkline
from wargame.review.describe import DEBRIEF, PUBLIC, details, line, rule_title, source_title, view_name, visible
from wargame.review.outcome import ScoreStep
from wargame.review.timeline import Timeline
from wargame.rules.scoring import scores

TAG_STYLE = {
    "start": "bold",
    "round": "bold reverse",
    "propose": "cyan",
    "lever": "magenta",
    "message": "",
    "private": "italic #c58af9",
    "turn": "dim",
    "vote": "yellow",
    "signed": "bold green",
    "rule": "#6cb6ff",
    "crossed": "bold red",
    "inject": "bold #ffae00",
    "phase": "bold green",
    "voided": "bold red",
    "facilitator": "#ffae00",
    "durability": "dim",
    "indicators": "dim",
    "end": "bold reverse",
}


def _label(scenario: Scenario, issue: str, option: str) -> str:
    if scenario.has("issue", issue):
        return next((o.label for o in scenario.issue(issue).options if o.id == option), option)
    return option


def _title(scenario: Scenario, issue: str) -> str:
    return scenario.issue(issue).title if scenario.has("issue", issue) else issue


def timeline_window(timeline: Timeline, indices: list[int], pos: int, height: int, width: int, view: str) -> Text:
    """`height` lines of the timeline around `indices[pos]`, the cursor's line highlighted."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if not indices:
        return text
    height = max(1, height)
    first = max(0, min(pos - height // 3, len(indices) - height))
    for k in range(first, min(len(indices), first + height)):
        i = indices[k]
        tag, words = line(timeline.events[i], view)
        row = Text(f"{i + 1:>5} ", style="dim")
        row.append(words[: max(8, width - 7)], style=TAG_STYLE.get(tag, ""))
        if k == pos:
            row.stylize("reverse bold")
            row = Text("▶", style="bold") + row
        else:
            row = Text(" ") + row
        text.append_text(row)
        if k < first + height - 1:
            text.append("\n")
    return text


def event_detail(timeline: Timeline, index: int, view: str) -> Text:
    ev = timeline.events[index]
    tag, words = line(ev, view)
    text = Text(words, style=TAG_STYLE.get(tag, "bold"))
    for more in details(timeline.scenario, ev, view):
        text.append("\n  " + more, style="")
    return text


def table_panel(timeline: Timeline, before: GameState, after: GameState) -> Text:
    """The negotiating text and the agreements at this point; what this event
    changed in reverse video, what was changed this round in yellow."""
    sc = timeline.scenario
    text = Text()
    text.append(f"Round {after.round} · {after.status} · step {after.step}\n", style="bold")
    text.append("\nOn the table\n", style="bold underline")
    old = before.table_terms()
    if not after.table:
        text.append("  (nothing on the table)\n", style="dim")
    for issue, term in after.table.items():
        changed = old.get(issue) != term.option
        style = "reverse bold" if changed else ("yellow" if term.round == after.round and term.by != "agreed" else "")
        text.append(f"  {_title(sc, issue)}: ", style=style or "dim")
        text.append(_label(sc, issue, term.option), style=style or "bold")
        text.append(f"  ({term.by}, r{term.round})\n", style="dim")
    for issue in old:
        if issue not in after.table:
            text.append(f"  {_title(sc, issue)}: (taken off)\n", style="reverse")
    text.append("\nAgreements in force\n", style="bold underline")
    if not after.agreements:
        text.append("  none\n", style="dim")
    for phase, agreement in after.agreements.items():
        new = phase not in before.agreements
        text.append(f"  {phase} (round {agreement.round})\n", style="reverse bold green" if new else "green")
        for issue, option in agreement.terms.items():
            text.append(f"    {_title(sc, issue)}: {_label(sc, issue, option)}\n")
    text.append("\nIndicators\n", style="bold underline")
    for ind in sc.indicators:
        v = after.indicators.get(ind.id)
        if v is None:
            continue
        d = v - before.indicators.get(ind.id, v)
        text.append(f"  {ind.name}: {v:g}", style="reverse bold" if d else "")
        if d:
            text.append(f" ({d:+g})", style="bold")
        text.append("\n")
    if after.flags:
        text.append("\nFlags: " + ", ".join(after.flags) + "\n", style="dim")
    return text


def votes_panel(timeline: Timeline, count: int, view: str, limit: int = 40) -> Text:
    """The votes up to this point (the last `limit`), each with its reasons in words."""
    sc = timeline.scenario
    found: list[tuple[int, e.VoteCast]] = []
    for i in timeline.last_of(("vote_cast",), count, limit):
        ev = timeline.events[i]
        assert isinstance(ev, e.VoteCast)
        found.append((i, ev))
    if not found:
        return Text("No vote yet.", style="dim")
    text = Text("Newest first\n", style="dim")
    last_round = None
    for i, ev in found:
        rnd = timeline.round_of[i]
        if rnd != last_round:
            text.append(f"Round {rnd}\n", style="bold underline")
            last_round = rnd
        style = "green" if ev.response == "accept" else "red"
        text.append(f"  {ev.seat} ", style="bold")
        text.append(ev.response, style=f"bold {style}")
        text.append("\n")
        for r in ev.reasons:
            text.append(f"    because {r}: {rule_title(sc, r)}\n")
        for r in ev.crossed:
            text.append(f"    crossing its red line {r}: {rule_title(sc, r)}\n", style="red")
        if ev.why and view in (DEBRIEF, ev.seat):
            text.append(f"    why: {ev.why}\n", style="dim")
    return text


def rules_panel(timeline: Timeline, count: int, limit: int = 30) -> Text:
    """The rules fired up to this point (the last `limit`), with explanation and sources."""
    sc = timeline.scenario
    found: list[tuple[int, e.RuleFired]] = []
    for i in timeline.last_of(("rule_fired",), count, limit):
        ev = timeline.events[i]
        assert isinstance(ev, e.RuleFired)
        found.append((i, ev))
    if not found:
        return Text("No rule has fired yet.", style="dim")
    text = Text("Newest first\n", style="dim")
    for i, ev in found:
        style = "bold red" if ev.outcome == "crossed" else "bold #6cb6ff"
        tag = "CROSSED " if ev.outcome == "crossed" else ""
        text.append(f"r{timeline.round_of[i]} {tag}{ev.rule}", style=style)
        text.append(f": {ev.title}\n", style="bold")
        text.append(f"  {ev.explanation}\n")
        if ev.deltas or ev.standing:
            parts = [f"{k} {v:+g}" for k, v in ev.deltas.items()] + [
                f"{k} standing {v:+g}" for k, v in ev.standing.items()
            ]
            text.append("  effects: " + ", ".join(parts) + "\n", style="yellow")
        for key in ev.sources:
            text.append(f"  source {key}: {source_title(sc, key)}\n", style="dim")
    return text


def _shown(event: e.Event, view: str) -> bool:
    if isinstance(event, e.FacilitatorActed) and event.command != "note":
        return False
    return visible(event, view)


def notes_panel(timeline: Timeline, count: int, view: str, limit: int = 60) -> Text:
    """Messages, inject briefings and (in the debrief) the facilitator's notes
    among the first `count` events, newest first (at most `limit`)."""
    shown: list[int] = []
    hidden = 0
    window = 4 * limit
    while True:
        found = timeline.last_of(("message_sent", "inject_fired", "facilitator"), count, window)
        shown = [i for i in found if _shown(timeline.events[i], view)][:limit]
        if len(shown) == limit or len(found) < window:
            break
        window *= 4
    if view != DEBRIEF:
        hidden = bisect.bisect_left(timeline.hidden(view), count)
    if not shown:
        return Text("No messages yet" + ("" if view == DEBRIEF else " (in this view)") + ".", style="dim")
    text = Text("Newest first\n", style="dim")
    for i in shown:
        ev, rnd = timeline.events[i], timeline.round_of[i]
        if isinstance(ev, e.FacilitatorActed):
            text.append(f"r{rnd} facilitator's note: ", style="bold #ffae00")
            text.append(ev.reason + "\n")
        elif isinstance(ev, e.InjectFired):
            to = "" if ev.to == "all" else f" (to {ev.to})"
            text.append(f"r{rnd} inject{to}: ", style="bold #ffae00")
            text.append(f"{ev.title}: {ev.text}\n")
        elif isinstance(ev, e.MessageSent):
            private = ev.to != "all"
            text.append(f"r{rnd} {ev.seat} -> {ev.to}: ", style="italic #c58af9" if private else "bold")
            text.append(ev.text + "\n")
    if hidden:
        text.append(f"\n({hidden} private messages hidden in this view; d reveals them)", style="dim")
    return text


def chart_panel(timeline: Timeline, finished: int, width: int = 40) -> Text:
    """Each indicator over the rounds as a sparkline: bright up to the rounds
    `finished` at the cursor, dim after it."""
    sc = timeline.scenario
    series = timeline.indicator_series()
    text = Text()
    text.append(f"Indicators at the start and after each round (bright: up to round {finished})\n\n", style="dim")
    name_w = max(len(i.name) for i in sc.indicators)
    for ind in sc.indicators:
        pts = series.get(ind.id, [])
        values = [v for _, v in pts]
        hi = ind.max if ind.max is not None else max(values or [ind.min])
        line_ = sparkline(values, ind.min, hi, width)
        upto = sum(1 for r, _ in pts if r <= finished)
        cut = round(upto * len(line_) / len(pts)) if pts else 0
        cur = values[upto - 1] if upto else (values[0] if values else 0.0)
        text.append(f"{ind.name:<{name_w}} ")
        text.append(line_[:cut], style="bold cyan")
        text.append(line_[cut:], style="dim")
        text.append(f" {cur:g}", style="bold")
        if values:
            text.append(f"  [{min(values):g}..{max(values):g}]", style="dim")
        text.append("\n")
    return text


def scores_panel(
    timeline: Timeline,
    state: GameState,
    history: dict[str, list[ScoreStep]] | None,
    baseline: list[str] | None = None,
) -> Text:
    """Each seat's score here, what makes it up, and its course over the game;
    then the game against the bots' baseline, if it has been played."""
    sc = timeline.scenario
    text = Text()
    for seat, s in scores(sc, state).items():
        text.append(f"{sc.seat(seat).name}: ", style="bold")
        text.append(f"{s.total:g}\n", style="bold cyan")
        for part, pts, why in s.parts:
            text.append(f"  {part} {pts:+g}: ", style="")
            text.append(f"{why}\n", style="dim")
        steps = (history or {}).get(seat)
        if steps:
            text.append("  over the game: ", style="dim")
            text.append(sparkline([x.total for x in steps], 0, 100, 40), style="cyan")
            text.append(" " + " ".join(f"{x.total:g}" for x in steps[-8:]) + "\n", style="dim")
            moved = [x for x in steps if 0 < x.round <= state.round and x.change and x.movers][-3:]
            for x in moved:
                text.append(f"    r{x.round} {x.change:+g}: {'; '.join(x.movers)}\n", style="dim")
    text.append("\nAgainst the bots\n", style="bold underline")
    if baseline is None:
        text.append("Press B to play bot-only games of this scenario as a baseline (takes a while).\n", style="dim")
    for sentence in baseline or []:
        text.append(f"  {sentence}\n")
    return text


def brief_panel(scenario: Scenario, view: str) -> Text:
    if view == PUBLIC:
        return Text(
            "Each delegation's brief is private. Press d for the debrief (every brief) "
            "or v to see the game as one seat saw it.",
            style="dim",
        )
    seats = scenario.seat_ids if view == DEBRIEF else [view]
    text = Text()
    for seat_id in seats:
        seat = scenario.seat(seat_id)
        b = seat.brief
        text.append(f"{seat.name}\n", style="bold underline")
        text.append(b.summary.strip() + "\n")
        for title, items in (("Objectives", b.objectives), ("Red lines", b.red_lines), ("Can trade", b.can_trade)):
            if items:
                text.append(f"{title}\n", style="bold")
                for item in items:
                    text.append(f"  • {item}\n")
        if b.sources:
            text.append(
                "Sources: " + "; ".join(f"{k}: {source_title(scenario, k)}" for k in b.sources) + "\n", style="dim"
            )
        text.append("\n")
    return text


def status_line(timeline: Timeline, index: int, view: str) -> Text:
    st = timeline.state_at(index)
    text = Text()
    text.append(f"Event {index + 1}/{len(timeline.events)}", style="bold")
    text.append(f" · round {st.round} · {st.status}", style="")
    text.append(" · view: ")
    text.append(view_name(timeline.scenario, view), style="bold magenta" if view != PUBLIC else "bold")
    return text
