"""The deal finder in words: `wargame deals`, and a hint for a seat at the table.

`hint(game, seat)` is what the UI shows a player who asks for help: how the
text on the table looks to their own brief, who would refuse it and why, the
single change that would win each refusal, and the best deal every
signatory would sign now.
"""

from __future__ import annotations

from wargame.bots.deals import Finder, find_deals
from wargame.bots.judge import Verdict
from wargame.bots.report import Deal, DealReport, rank
from wargame.engine.game import Game
from wargame.model.scenario import Scenario
from wargame.model.state import Agreement, GameState
from wargame.rules.scoring import score


def terms_text(terms: dict[str, str]) -> str:
    return ", ".join(f"{i}={o}" for i, o in terms.items()) or "(nothing)"


def verdict_text(scenario: Scenario, v: Verdict) -> str:
    seat = scenario.seat(v.seat).name
    if v.blocks:
        return f"{seat} refuses outright: {', '.join(v.blocks)}"
    word = "accepts" if v.accept else "refuses"
    return f"{seat} {word}: worth {v.value:g} against {v.reservation:g} (margin {v.margin:+g})"


def deal_text(scenario: Scenario, deal: Deal, indent: str = "  ") -> list[str]:
    lines = [f"{indent}{terms_text(deal.terms)}"]
    lines.append(f"{indent}  lowest margin {deal.min_margin:+g}, joint gain {deal.joint_gain:+g}")
    for v in deal.verdicts.values():
        lines.append(f"{indent}  - {verdict_text(scenario, v)}")
    return lines


def report_text(scenario: Scenario, report: DealReport) -> str:
    """The report of `wargame deals` in words."""
    lines = [
        f"Deals in the {report.phase} talks at round {report.round}: {report.method} "
        f"over {report.space:,} possible texts, {report.judged:,} judged."
    ]
    if report.table is not None:
        lines.append("\nThe text on the table:")
        lines += deal_text(scenario, report.table)
        for s in report.swings:
            after = (
                "and then every signatory would sign" if s.after.accepted else f"still refusing: {', '.join(s.lost)}"
            )
            lines.append(
                f"  To win {scenario.seat(s.seat).name}: {s.issue}={s.option or '(silent)'} "
                f"(margin {s.after.verdicts[s.seat].margin:+g}), {after}."
            )
        for seat in report.table.refusing:
            if not any(s.seat == seat for s in report.swings):
                lines.append(f"  No single change wins {scenario.seat(seat).name}.")
    if report.deals:
        lines.append(f"\n{len(report.deals)} texts every signatory would sign, best first:")
        for k, deal in enumerate(report.deals, 1):
            lines.append(f"{k:>2}.")
            lines += deal_text(scenario, deal, "    ")
    else:
        lines.append(
            "\nNo text on this agenda would win every signatory now"
            + ("." if report.method == "exhaustive" else " (as far as the search reached).")
        )
    return "\n".join(lines)


def hint(game: Game, seat: str) -> str:
    """Advice for `seat` from the deal finder, in the scenario's words and on
    the score's own 0..100 scale (what the seat would score if a text were
    signed). It names who would refuse and the change that would win them,
    never another seat's numbers: those stay with the bots until the debrief."""
    scenario, state = game.scenario, game.state
    if game.over:
        return "The game is over."
    finder = Finder(scenario, state)
    finder.personas[seat] = None
    choices = finder.choices()
    method, _, deals = finder.search(choices, budget=3_000)
    now = score(scenario, state, seat).total
    lines = [f"Your score now: {now:g} of 100 (50 = no better, no worse than the war going on)."]
    table = state.table_terms()
    if table:
        deal = finder.deal(table)
        mine = deal.verdicts.get(seat) or finder.ctx.judge(seat).verdict(table, finder.authors(table))
        lines.append(f"The text on the table: {_mine(scenario, state, seat, table, mine)}.")
        for s, v in deal.verdicts.items():
            if s != seat and not v.accept:
                lines.append(f"{_seat(scenario, s)} would refuse it{_why(scenario, v)}.")
        for sw in finder.swings(table, choices):
            if sw.seat == seat:
                continue
            tail = " and every signatory would then sign" if sw.after.accepted else ""
            change = _term(scenario, sw.issue, sw.option) if sw.option else f"{_issue(scenario, sw.issue)}: left out"
            lines.append(f"Changing it to {change} would win {_seat(scenario, sw.seat)}{tail}.")
    else:
        lines.append("Nothing is on the table yet.")
    mine_ok = [d for d in deals if seat not in d.verdicts or d.verdicts[seat].accept]
    if mine_ok:
        best = max(rank(mine_ok)[:20], key=lambda d: _value(finder, seat, d))
        words = "; ".join(_term(scenario, i, o) for i, o in best.terms.items()) or "(nothing)"
        then = score(scenario, signed(state, best.terms), seat).total
        lines.append(f"A text every signatory would sign now: {words} (your score if signed: {then:g}).")
    else:
        lines.append("No text on this agenda would win every signatory now: keep pressing, or wait.")
    return "\n".join(lines)


def signed(state: GameState, terms: dict[str, str]) -> GameState:
    """The state as it would be with these terms signed in this phase (to score them)."""
    agreements = dict(state.agreements)
    agreements[state.status] = Agreement(phase=state.status, round=state.round, terms=dict(terms))
    return state.model_copy(update={"agreements": agreements, "table": {}})


def _mine(scenario: Scenario, state: GameState, seat: str, table: dict[str, str], v: Verdict) -> str:
    if v.blocks:
        return "it crosses your red lines or stances (" + ", ".join(_reason(scenario, r) for r in v.blocks) + ")"
    then = score(scenario, signed(state, table), seat).total
    return f"your score if it were signed: {then:g}"


def _why(scenario: Scenario, v: Verdict) -> str:
    named = [_reason(scenario, r) for r in v.blocks]
    return f" ({', '.join(named)})" if named else ""


def _reason(scenario: Scenario, reason: str) -> str:
    """A refusal's reason in words: a rule's title, or a stance's explanation."""
    if scenario.has("rule", reason):
        return scenario.rule(reason).title
    if reason.startswith("stance.") and reason.count(".") >= 2:
        _, seat, sid = reason.split(".", 2)
        if scenario.has("seat", seat):
            stance = next((s for s in scenario.seat(seat).profile.stances if s.id == sid), None)
            if stance is not None and stance.why:
                return stance.why.rstrip(".")
    return "it will not sign this"


def _seat(scenario: Scenario, seat: str) -> str:
    return scenario.seat(seat).name.split(" (")[0]


def _issue(scenario: Scenario, issue: str) -> str:
    return scenario.issue(issue).title if scenario.has("issue", issue) else issue


def _term(scenario: Scenario, issue: str, option: str) -> str:
    if not scenario.has("issue", issue):
        return f"{issue}: {option}"
    spec = scenario.issue(issue)
    return f"{spec.title}: {next((o.label for o in spec.options if o.id == option), option)}"


def _value(finder: Finder, seat: str, deal: Deal) -> float:
    v = deal.verdicts.get(seat)
    if v is None:
        v = finder.ctx.judge(seat).verdict(deal.terms, finder.authors(deal.terms), offset=finder.offset(seat))
    return v.value


__all__ = ["find_deals", "hint", "report_text"]
