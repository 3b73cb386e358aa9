"""The coaching debrief of a solo game: what each bot wanted, and why it refused.

During play a student sees what the bots do and say, never their numbers
(the other side's reservation is what a negotiator has to find out). Once the
game is over this reveals it: each bot's reservation, what the last text put
to the vote was worth to it, and every refusal with its reasons, so the
student can see how close the deal was and what would have moved it.
"""

from __future__ import annotations

from wargame.engine.game import Game
from wargame.model import events as e
from wargame.tui.views import esc, player_words, reason_text, seat_name, terms_lines


def coaching(game: Game, student: str) -> str:
    """The coaching debrief, as markup (empty if no bot sat at the table)."""
    from wargame.bots.voter import judge
    from wargame.engine.fold import fold

    scenario, st = game.scenario, game.state
    bots = [s for s in scenario.turn_order if st.seats.get(s, "human").startswith("bot")]
    if not bots:
        return ""
    at = next((i for i in range(len(game.events) - 1, -1, -1) if isinstance(game.events[i], e.VotingOpened)), None)
    last = game.events[at] if at is not None else None
    assert last is None or isinstance(last, e.VotingOpened)
    then = fold(scenario, game.events[: at + 1]) if at is not None else st
    # (the state when the last vote opened: what each bot judged then)
    out = [
        "[b]Coaching debrief: what the bots wanted[/] (their numbers, hidden during play)",
        "  A bot signs when a deal is worth at least its reservation to it, on its own scale of",
        "  -100 to 100 (it weighs every issue its brief cares about); red lines it never crosses.",
    ]
    if last is not None:
        out += ["", "  The last text put to the vote:", *terms_lines(scenario, last.terms, "    ")]
    for seat in bots:
        who = st.seats.get(seat, "bot")
        name = seat_name(scenario, seat)
        out += ["", f"[b]{esc(name)}[/] [dim]({esc(player_words(scenario, seat, who))})[/]"]
        persona_id = who.partition(":")[2]
        persona = next((p for p in scenario.seat(seat).personas if p.id == persona_id), None)
        if last is not None and seat in last.signatories:
            j = judge(scenario, then, seat, terms=dict(last.terms), persona=persona)
            verdict = "would sign it" if j.accept else "would still refuse it"
            out.append(
                f"  That text was worth {j.value:g} to it against a reservation of {j.reservation:g}: it {verdict}."
            )
        votes = [(rnd, ev) for rnd, ev in _votes(game) if ev.seat == seat]
        if not votes:
            out.append("  [i]It never had to vote.[/]")
        for rnd, vote in votes:
            mark = "signed" if vote.response == "accept" else "refused"
            out.append(f"  Round {rnd}: {mark}")
            for reason in vote.reasons:
                out.append(f"    because: {reason_text(scenario, reason)}")
            if vote.why:
                out.append(f"    [dim]its reasoning: {esc(vote.why)}[/]")
    if student in bots:  # not expected, but never claim the student was coached
        return ""
    return "\n".join(out)


def _votes(game: Game) -> list[tuple[int, e.VoteCast]]:
    out: list[tuple[int, e.VoteCast]] = []
    rnd = 0
    for ev in game.events:
        if isinstance(ev, e.RoundStarted):
            rnd = ev.round
        elif isinstance(ev, e.VoteCast):
            out.append((rnd, ev))
    return out
