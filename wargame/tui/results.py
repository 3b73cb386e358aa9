"""The round's result and the end of the game, as text: shown to the whole table.

Pure functions of the game (no widgets), like `wargame.tui.views`, whose
names and helpers they use. Nothing private is read here: a vote's own
reason, private messages and briefings stay out (they are for the debrief).
"""

from __future__ import annotations

from wargame.engine.game import Game
from wargame.model import events as e
from wargame.model.scenario import Scenario
from wargame.tui.views import (
    DOWN,
    UP,
    agreement_name,
    deltas_text,
    esc,
    only_a_modifier,
    phase_title,
    player_words,
    reason_text,
    seat_name,
    terms_lines,
)


def round_events(game: Game, number: int) -> tuple[int, list[e.Event]]:
    """The index where round `number` starts, and its events up to the next round."""
    start = next(
        (i for i, ev in enumerate(game.events) if isinstance(ev, e.RoundStarted) and ev.round == number),
        len(game.events),
    )
    out: list[e.Event] = []
    for event in game.events[start + 1 :]:
        if isinstance(event, e.RoundStarted):
            break
        out.append(event)
    return start, out


def round_report(game: Game, number: int) -> tuple[str, str]:
    """The phase banner (or '') and the full result of a round."""
    from wargame.engine.fold import fold

    scenario = game.scenario
    start, events = round_events(game, number)
    before = fold(scenario, game.events[:start]).indicators
    banner = ""
    out: list[str] = []
    opened = next((ev for ev in events if isinstance(ev, e.VotingOpened)), None)
    votes = [ev for ev in events if isinstance(ev, e.VoteCast)]
    if opened is None:
        out.append("[b]No vote:[/] the table was empty when the last seat ended its turn.")
    else:
        out.append("[b]The text put to the vote[/]")
        out += terms_lines(scenario, opened.terms)
        out += ["", "[b]The votes[/]"]
        for vote in votes:
            mark = "[b $success]✔ accepted[/]" if vote.response == "accept" else "[b $error]✘ rejected[/]"
            out.append(f"  {esc(seat_name(scenario, vote.seat))}: {mark}")
            for reason in vote.reasons:
                out.append(f"      because: {reason_text(scenario, reason)}")
            for rule in vote.crossed:
                out.append(f"      [b]crossing its own red line:[/] {reason_text(scenario, rule)}")
            # A vote's own "why" is the seat's secret until the debrief: never here.
    for event in events:
        if isinstance(event, e.AgreementSigned):
            out += ["", f"[b $success]Signed: {esc(agreement_name(scenario, event.phase))}.[/]"]
    # A modifier with no effect of its own only moves how bots judge a text:
    # it is shown in a bot's reasons, not as something that happened.
    fired = [ev for ev in events if isinstance(ev, e.RuleFired) and not only_a_modifier(ev)]
    out += ["", "[b]Rules that fired[/]" if fired else "[b]No rule fired this round.[/]"]
    for fire in fired:
        tag = "red line crossed" if fire.outcome == "crossed" else fire.rule_kind.replace("_", " ")
        out.append(f"  • [b]{esc(fire.title)}[/] [dim]({esc(tag)})[/]")
        out.append(f"    {esc(fire.explanation.strip())}")
        effect = deltas_text(scenario, fire.deltas)
        standing = ", ".join(f"{esc(seat_name(scenario, s))} standing {d:+g}" for s, d in fire.standing.items() if d)
        detail = "; ".join(x for x in (effect, standing) if x)
        out.append(f"    [dim]Sources: {esc(', '.join(fire.sources))}[/]" + (f"  {detail}" if detail else ""))
    injects = [ev for ev in events if isinstance(ev, e.InjectFired) and ev.to == "all"]
    for inject in injects:
        out += ["", f"[b]Inject: {esc(inject.title)}[/]", f"  {esc(inject.text)}"]
    ended = next((ev for ev in events if isinstance(ev, e.RoundEnded)), None)
    after = ended.indicators if ended else game.state.indicators
    out += ["", "[b]The indicators this round[/]"]
    out += indicator_changes(scenario, before, after)
    for event in events:
        if isinstance(event, e.PhaseChanged):
            banner = _banner(scenario, event)
            why = event.reason
            if event.trigger == "sign" and opened is not None:
                names = ", ".join(seat_name(scenario, s) for s in opened.signatories)
                why = f"{agreement_name(scenario, event.from_)} was signed by {names}"
            out += ["", f"[b]{esc(banner)}[/]", f"  {esc(why)}"]
        elif isinstance(event, e.AgreementVoided):
            voided = agreement_name(scenario, event.phase)
            out += ["", f"[b $error]Voided: {esc(voided)}[/] ({esc(event.reason)})"]
        elif isinstance(event, e.GameEnded):
            out += ["", f"[b]The game is over: {esc(phase_title(scenario, event.status))}[/] ({esc(event.reason)})"]
    return banner, "\n".join(out)


def indicator_changes(scenario: Scenario, before: dict[str, float], after: dict[str, float]) -> list[str]:
    """The indicators that moved, with arrows; then the ones that did not."""
    width = max(len(i.name) for i in scenario.indicators)
    out, still = [], []
    for ind in scenario.indicators:
        old, new = before.get(ind.id, ind.start), after.get(ind.id, ind.start)
        delta = round(new - old, 3)
        if not delta:
            still.append(f"{ind.name} {new:g}")
            continue
        arrow = f"[b]{UP} {delta:g}[/]" if delta > 0 else f"[b]{DOWN} {-delta:g}[/]"
        out.append(f"  {esc(ind.name.ljust(width))} {old:>6g} → {new:>6g}  {arrow}")
    if not out:
        out.append("  [i]none moved[/]")
    if still:
        out.append(f"  [dim]Unchanged: {esc(', '.join(still))}[/]")
    return out


def _banner(scenario: Scenario, event: e.PhaseChanged) -> str:
    if event.trigger == "sign":
        signed = f"{event.from_.replace('_', ' ').upper()} SIGNED"
        return f"{signed}: PEACE" if event.to == "peace" else f"{signed}: on to the {phase_title(scenario, event.to)}"
    if event.to == "collapse":
        return "THE TALKS COLLAPSED"
    if event.trigger == "break_down":
        return "THE CEASEFIRE BROKE DOWN: back to the ceasefire talks"
    if event.to == "expired":
        return "TIME RAN OUT"
    return f"THE TALKS MOVED: {phase_title(scenario, event.from_)} → {phase_title(scenario, event.to)}"


def outcome_lines(game: Game, rounds: bool = True) -> list[str]:
    """How the game ended and every agreement it signed (in force or voided):
    the public part of an end report, the same on every seat's screen."""
    scenario, st = game.scenario, game.state
    ended = next((ev for ev in reversed(game.events) if isinstance(ev, e.GameEnded)), None)
    out = [f"[b]Outcome: {esc(phase_title(scenario, st.status))}[/]"]
    if ended:
        out.append(f"  {esc(ended.reason)}")
    if rounds:
        n = max((ev.round for ev in game.events if isinstance(ev, e.RoundEnded)), default=0)
        out.append(f"  after {n} round{'s' if n != 1 else ''} ({scenario.days_per_round * n} days of talks)")
    out += ["", "[b]Agreements signed[/]"]
    if not st.history:
        out.append("  [i]none[/]")
    for agreement in st.history:
        state = "in force" if st.agreements.get(agreement.phase) == agreement else "voided"
        out.append(f"  {esc(phase_title(scenario, agreement.phase))}, round {agreement.round} ({state}):")
        out += terms_lines(scenario, agreement.terms, "    ")
    return out


def end_report(game: Game) -> str:
    from wargame.rules.scoring import scores

    scenario, st = game.scenario, game.state
    out = outcome_lines(game)
    out += ["", "[b]Scores against each brief[/] (50 = no better, no worse than the war going on)"]
    for seat, s in scores(scenario, st).items():
        who = player_words(scenario, seat, st.seats.get(seat, "human"))
        out.append(f"  [b]{esc(seat_name(scenario, seat)):<16}{s.total:>6g}[/]  [dim]({esc(who)})[/]")
        for part, points, why in s.parts:
            out.append(f"      {esc(part)} {points:+g}: [dim]{esc(why)}[/]")
    return "\n".join(out)
