"""What the screens say, as text: pure functions of the game, no widgets.

Every function returns Textual markup (content from the scenario or from the
players is escaped), so the same words can be checked in plain tests and the
screens stay thin. What a seat may see is decided here too (`visible`): a
private message or a private inject shows only to the seats it concerns.
"""

from __future__ import annotations

from textual.markup import escape

from wargame.engine.game import Game
from wargame.model import events as e
from wargame.model.scenario import Scenario
from wargame.model.state import TERMINAL, Agreement, GameState, TableTerm

UP, DOWN = "▲", "▼"
REASONS = {"reservation.not_met": "the deal is worth less to it than carrying on without one"}


def esc(text: object) -> str:
    return escape(str(text))


# ---- names ----------------------------------------------------------------


def seat_name(scenario: Scenario, seat: str) -> str:
    """A seat's name, short: "Europe" for "Europe (EU and the European members of NATO)"."""
    return seat_title(scenario, seat).split(" (")[0]


def seat_title(scenario: Scenario, seat: str) -> str:
    """A seat's full name."""
    if seat == "all":
        return "everyone"
    return scenario.seat(seat).name if scenario.has("seat", seat) else seat.capitalize()


def phase_title(scenario: Scenario, status: str) -> str:
    if scenario.has("phase", status):
        return scenario.phase(status).title
    return {"peace": "Peace", "collapse": "Talks collapsed", "expired": "Time ran out"}.get(status, status)


def agreement_name(scenario: Scenario, phase: str) -> str:
    """ "the ceasefire agreement" for the phase titled "Ceasefire talks"."""
    word = phase_title(scenario, phase).removesuffix(" talks").lower()
    return f"the {word}" if word.endswith("treaty") else f"the {word} agreement"


def option_label(scenario: Scenario, issue: str, option: str) -> str:
    if not scenario.has("issue", issue):
        return option
    return next((o.label for o in scenario.issue(issue).options if o.id == option), option)


def issue_title(scenario: Scenario, issue: str) -> str:
    return scenario.issue(issue).title if scenario.has("issue", issue) else issue


def reason_text(scenario: Scenario, reason: str) -> str:
    """A vote's reason in words: a rule's title (a modifier's explanation with
    it: that is where such a rule applies), a stance's why, or a known reason."""
    if scenario.has("rule", reason):
        rule = scenario.rule(reason)
        why = f"\n        [dim]{esc(' '.join(rule.explanation.split()))}[/]" if rule.kind == "modifier" else ""
        return f"{esc(rule.title)}{why}"
    if reason.startswith("stance.") and reason.count(".") >= 2:
        _, seat, sid = reason.split(".", 2)
        if scenario.has("seat", seat):
            stance = next((s for s in scenario.seat(seat).profile.stances if s.id == sid), None)
            if stance is not None:
                return esc((stance.why or sid.replace("_", " ")).rstrip("."))
    return esc(REASONS.get(reason, reason.replace("_", " ")))


def terms_lines(scenario: Scenario, terms: dict[str, str], indent: str = "  ") -> list[str]:
    if not terms:
        return [f"{indent}[i](nothing)[/]"]
    return [
        f"{indent}{esc(issue_title(scenario, i))}: [b]{esc(option_label(scenario, i, o))}[/]" for i, o in terms.items()
    ]


def deltas_text(scenario: Scenario, deltas: dict[str, float]) -> str:
    parts = []
    for ind, d in deltas.items():
        if not d:
            continue
        name = scenario.indicator(ind).name if scenario.has("indicator", ind) else ind
        parts.append(f"{esc(name)} {UP if d > 0 else DOWN}{abs(d):g}")
    return ", ".join(parts)


# ---- who sees what ----------------------------------------------------------


def visible(event: e.Event, seat: str) -> bool:
    """May this seat see this event? Private messages and injects are for the
    seats they concern; everything else happens in the open."""
    if isinstance(event, e.MessageSent):
        return event.to == "all" or seat in (event.to, event.seat)
    if isinstance(event, e.InjectFired):
        return event.to in ("all", seat)
    return not isinstance(event, e.FacilitatorActed) or event.command != "note"


def inject_of(event: e.LeverUsed) -> str | None:
    """The inject that pulled a lever, if one did (its typed `cause`; older saves say so only in the reason)."""
    return event.by_inject()


def pulls_this_round(game: Game, seat: str) -> tuple[set[str], set[str]]:
    """The levers of a seat pulled this round: by the seat itself, and by injects."""
    own: set[str] = set()
    injected: set[str] = set()
    for event in reversed(game.events):
        if isinstance(event, e.RoundStarted):
            break
        if isinstance(event, e.LeverUsed) and event.seat == seat:
            (injected if inject_of(event) is not None else own).add(event.lever)
    return own, injected


def describe(scenario: Scenario, event: e.Event, seat: str | None = None, actor: bool = True) -> str | None:
    """One line for an event, as a seat would read it (None: nothing to say).

    With `actor=False` the line leaves out who acted ("proposed ..."), for a
    list that already names them; messages are then quoted in full.
    """

    def who(s: str) -> str:
        if not actor:
            return ""
        return "You" if s == seat else esc(seat_name(scenario, s))

    if isinstance(event, e.Proposed):
        terms = ", ".join(
            f"{esc(issue_title(scenario, i))} = {esc(option_label(scenario, i, o))}" for i, o in event.terms.items()
        )
        return f"{who(event.seat)} proposed {terms}".lstrip()
    if isinstance(event, e.LeverUsed):
        lever = scenario.lever(event.lever).title if scenario.has("lever", event.lever) else event.lever
        effect = deltas_text(scenario, event.deltas)
        tail = f" ({effect})" if effect else ""
        by = inject_of(event)
        if by is not None:  # the inject's effect, not the seat's move
            title = scenario.inject(by).title if scenario.has("inject", by) else by
            whose = "your" if event.seat == seat else f"{esc(seat_name(scenario, event.seat))}'s"
            return f"[b]Inject:[/] {esc(title)} pulled {whose} lever [b]{esc(lever)}[/]{tail}"
        return f"{who(event.seat)} pulled the lever [b]{esc(lever)}[/]".lstrip() + tail
    if isinstance(event, e.MessageSent):
        to = "everyone" if event.to == "all" else ("you" if event.to == seat else esc(seat_name(scenario, event.to)))
        text = event.text if len(event.text) <= 60 or not actor else event.text[:57] + "..."
        return f"{who(event.seat)} wrote to {to}: [i]{esc(text)}[/]".lstrip()
    if isinstance(event, e.TurnEnded):
        return None
    if isinstance(event, e.InjectFired):
        effect = deltas_text(scenario, event.deltas)
        return f"[b]Inject:[/] {esc(event.title)}" + (f" ({effect})" if effect else "")
    if isinstance(event, e.VoteCast):
        return f"{who(event.seat)} voted to [b]{event.response}[/]".lstrip()
    if isinstance(event, e.AgreementSigned):
        return f"[b]{esc(agreement_name(scenario, event.phase).capitalize())} was signed[/]"
    if isinstance(event, e.RuleFired):
        if only_a_modifier(event):
            return None
        effect = deltas_text(scenario, event.deltas)
        return f"Rule: {esc(event.title)}" + (f" ({effect})" if effect else "")
    if isinstance(event, e.PhaseChanged):
        return f"[b]The talks moved on: {esc(phase_title(scenario, event.to))}[/]"
    if isinstance(event, e.AgreementVoided):
        return f"[b]{esc(agreement_name(scenario, event.phase).capitalize())} was voided[/]: {esc(event.reason)}"
    if isinstance(event, e.FacilitatorActed):
        return facilitator_line(scenario, event)
    if isinstance(event, e.RoundStarted):
        return f"Round {event.round} began ({esc(phase_title(scenario, event.phase))})"
    if isinstance(event, e.GameEnded):
        return f"[b]The game ended: {esc(phase_title(scenario, event.status))}[/] ({esc(event.reason)})"
    return None


def facilitator_line(scenario: Scenario, event: e.FacilitatorActed) -> str:
    """What the teams are told the facilitator did, in words; the reason only
    if the facilitator announced it (else it is for the debrief)."""
    if event.command == "set_indicator" and event.indicator is not None:
        name = scenario.indicator(event.indicator).name if scenario.has("indicator", event.indicator) else ""
        did = f"set {name or 'an indicator'} to {event.value:g}"
    elif event.command in ("force_phase", "veto_phase"):
        did = "vetoed the last change of phase" if event.command == "veto_phase" else "moved the talks"
        if event.phase:
            did += f" to: {phase_title(scenario, event.phase)}"
    else:
        did = {"pause": "paused the game", "resume": "resumed the game"}.get(event.command, "stepped in")
    why = f": [i]{esc(event.reason)}[/]" if event.announce and event.reason else ""
    return f"The facilitator {esc(did)}{why}"


def news(game: Game, seat: str, since: int) -> list[str]:
    """What this seat has not seen yet: what others did since its last turn."""
    scenario = game.scenario
    events = game.events[since:]
    sealed = _open_vote_start(game)
    lines: list[str] = []
    for offset, event in enumerate(events):
        index = since + offset
        if not visible(event, seat):
            continue
        if isinstance(event, e.VoteCast) and sealed is not None and index > sealed:
            continue  # votes are revealed with the round's result
        if isinstance(event, (e.TurnEnded, e.VotingOpened, e.DurabilityAssessed, e.RoundEnded, e.GameStarted)):
            continue
        own = isinstance(event, (e.Proposed, e.LeverUsed, e.MessageSent)) and getattr(event, "seat", None) == seat
        if own and not (isinstance(event, e.LeverUsed) and inject_of(event) is not None):
            continue  # the seat's own move; an inject pulling its lever it is told of
        line = describe(scenario, event, seat)
        if line:
            lines.append(line)
    return lines


def _open_vote_start(game: Game) -> int | None:
    """The index of the voting_opened event of a vote still under way."""
    if game.state.step != "voting":
        return None
    for i in range(len(game.events) - 1, -1, -1):
        if game.events[i].kind == "voting_opened":
            return i
    return None


# ---- a seat's private view --------------------------------------------------


def checked_red_lines(scenario: Scenario, seat: str) -> list[str]:
    """The titles of the red lines the game checks at every vote for this seat."""
    return [r.title for r in scenario.rules if r.kind == "red_line" and r.seat == seat]


def no_red_line_crossed(scenario: Scenario, seat: str) -> str:
    """What the vote screen says when no checked red line is crossed, naming
    the ones checked: the brief may list concerns the game does not check."""
    checked = checked_red_lines(scenario, seat)
    if not checked:
        return "The game checks no red line of yours: judge the text against your brief."
    return "It crosses none of the red lines checked at the vote (" + "; ".join(checked) + ")."


def brief(scenario: Scenario, seat: str) -> str:
    b = scenario.seat(seat).brief
    out = [f"[b]Your brief: {esc(seat_title(scenario, seat))}[/]", "", esc(b.summary.strip()), ""]
    checked = checked_red_lines(scenario, seat)
    for title, items in (("Objectives", b.objectives), ("Red lines", b.red_lines), ("What you can trade", b.can_trade)):
        if items:
            out.append(f"[b]{title}[/]")
            out += [f"  • {esc(item)}" for item in items]
            if title == "Red lines":
                named = "; ".join(checked) if checked else "none"
                out.append(
                    f"  [dim]Checked at every vote (you are warned before signing across one): {esc(named)}. "
                    "The others are yours to weigh: the vote screen does not warn about them.[/]"
                )
            out.append("")
    if b.sources:
        out.append(f"[dim]Sources: {esc(', '.join(b.sources))}[/]")
    return "\n".join(out).rstrip()


def table_view(game: Game, since: int) -> str:
    """The text on the table, what is signed, and who must sign."""
    scenario, st = game.scenario, game.state
    out = [f"[b]The text on the table[/] ({esc(phase_title(scenario, st.status))}, round {st.round})"]
    if st.status in TERMINAL:
        out.append("  [i]The talks are over.[/]")
    changed = _changed_issues(game, since)
    for issue in game.agenda():
        term = st.table.get(issue.id)
        if term is None:
            out.append(f"  {esc(issue.title)}: [dim]—[/]")
            continue
        mark = " [reverse] new [/]" if issue.id in changed else ""
        by = "agreed" if term.by == "agreed" else f"by {esc(seat_name(scenario, term.by))}, round {term.round}"
        out.append(
            f"  {esc(issue.title)}: [b]{esc(option_label(scenario, issue.id, term.option))}[/] [dim]({by})[/]{mark}"
        )
    terms = st.table_terms()
    if terms:
        who = ", ".join(seat_name(scenario, s) for s in game.signatories(terms))
        out.append(f"  [i]Must sign this text:[/] {esc(who)}")
    if st.agreements:
        out += ["", "[b]Signed and in force[/]"]
        for agreement in sorted(st.agreements.values(), key=lambda a: a.round):
            out.append(f"  {esc(phase_title(scenario, agreement.phase))} (round {agreement.round}):")
            out += terms_lines(scenario, agreement.terms, "    ")
    return "\n".join(out)


def _changed_issues(game: Game, since: int) -> set[str]:
    changed: set[str] = set()
    for event in game.events[since:]:
        if isinstance(event, e.Proposed):
            changed.update(event.terms)
        elif isinstance(event, e.InjectFired):
            changed.update(event.set_terms)
    return changed


def indicators_view(game: Game, since: int) -> str:
    """Every indicator with its change since this seat last looked."""
    from wargame.engine.fold import fold

    scenario, now = game.scenario, game.state.indicators
    before = fold(scenario, game.events[:since]).indicators if since else now
    out = ["[b]The world[/] (change since you last looked)"]
    width = max(len(i.name) for i in scenario.indicators)
    for ind in scenario.indicators:
        value = now.get(ind.id, ind.start)
        delta = value - before.get(ind.id, value)
        arrow = f"  {UP if delta > 0 else DOWN} {abs(delta):g}" if delta else ""
        span = f"{ind.min:g}..{ind.max:g}" if ind.max is not None else f"from {ind.min:g}"
        out.append(f"  {esc(ind.name.ljust(width))} [b]{value:>6g}[/]{arrow}  [dim]{span}[/]")
    return "\n".join(out)


def score_view(game: Game, seat: str) -> str:
    from wargame.rules.scoring import score

    s = score(game.scenario, game.state, seat)
    out = [f"[b]Your score: {s.total:g}[/] of 100 (50 = no better, no worse than the war going on)"]
    for part, points, why in s.parts:
        out.append(f"  {esc(part)}: {points:+g}  [dim]{esc(why)}[/]")
    return "\n".join(out)


def if_signed(game: Game, seat: str, terms: dict[str, str]) -> str:
    """The seat's score now and if these terms were signed as they stand,
    with its red lines that the deal would cross."""
    from wargame.rules.engine import red_lines
    from wargame.rules.scoring import score

    scenario, st = game.scenario, game.state
    if not terms or st.status in TERMINAL:
        return ""
    now = score(scenario, st, seat).total
    signed = _with_terms(st, terms)
    then = score(scenario, signed, seat).total
    crossed = red_lines(scenario, _with_table(st, terms), seat)
    out = [f"Your score now {now:g}; if this text were signed: [b]{then:g}[/]"]
    for rule in crossed:
        out.append(f"[b $error]⚠ It crosses your red line:[/] {esc(rule.title)}")
    return "\n".join(out)


def _with_table(st: GameState, terms: dict[str, str]) -> GameState:
    table = {i: TableTerm(option=o, by="draft", round=st.round) for i, o in terms.items()}
    return st.model_copy(update={"table": table})


def _with_terms(st: GameState, terms: dict[str, str]) -> GameState:
    agreements = dict(st.agreements)
    agreements[st.status] = Agreement(phase=st.status, round=st.round, terms=dict(terms))
    return st.model_copy(update={"agreements": agreements, "table": {}})


def only_a_modifier(fire: e.RuleFired) -> bool:
    """A modifier rule with no effect of its own: it only moves how bots judge
    a text (shown in a bot's reasons), so it is not news, nor "a rule fired"."""
    return (
        fire.rule_kind == "modifier"
        and not fire.deltas
        and not any(fire.standing.values())
        and not fire.set_flags
        and not fire.clear_flags
        and fire.phase_trigger is None
    )


def player_words(scenario: Scenario, seat: str, who: str) -> str:
    """Who played a seat, in words: "people", "a bot: Maximalist", "a moves file"."""
    if who.startswith("bot"):
        persona = who.partition(":")[2]
        if persona and scenario.has("seat", seat):
            persona = next((p.name for p in scenario.seat(seat).personas if p.id == persona), persona)
        return f"a bot: {persona}" if persona else "a bot"
    return "a moves file" if who == "script" else "people"
