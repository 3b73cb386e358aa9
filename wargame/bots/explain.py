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
    """Advice for `seat` from the deal finder, judged by the seat's brief
    (its profile) and the other seats' bots as the game has them."""
    scenario, state = game.scenario, game.state
    if game.over:
        return "The game is over."
    name = scenario.seat(seat).name
    finder = Finder(scenario, state)
    finder.personas[seat] = None
    choices = finder.choices()
    method, _, deals = finder.search(choices, budget=3_000)
    lines: list[str] = []
    table = state.table_terms()
    if table:
        deal = finder.deal(table)
        mine = deal.verdicts.get(seat) or finder.ctx.judge(seat).verdict(table, finder.authors(table))
        lines.append(f"The text on the table, by your brief: {_mine(mine)}.")
        for s, v in deal.verdicts.items():
            if s != seat and not v.accept:
                lines.append(f"{scenario.seat(s).name} would refuse it ({', '.join(v.reasons)}).")
        for sw in finder.swings(table, choices):
            if sw.seat == seat:
                continue
            tail = " and every signatory would then sign" if sw.after.accepted else ""
            lines.append(
                f"Changing {sw.issue} to {sw.option or '(silent)'} would win {scenario.seat(sw.seat).name}{tail}."
            )
    else:
        lines.append("Nothing is on the table yet.")
    mine_ok = [d for d in deals if seat not in d.verdicts or d.verdicts[seat].accept]
    if mine_ok:
        best = max(rank(mine_ok)[:20], key=lambda d: _value(finder, seat, d))
        lines.append(
            f"A text every signatory would sign ({method}): {terms_text(best.terms)} "
            f"(worth {_value(finder, seat, best):g} to {name}; lowest margin {best.min_margin:+g})."
        )
    else:
        lines.append(f"No text on this agenda would win every signatory now ({method}): keep pressing, or wait.")
    return "\n".join(lines)


def _mine(v: Verdict) -> str:
    if v.blocks:
        return f"it crosses your red lines or stances ({', '.join(v.blocks)})"
    word = "above" if v.accept else "below"
    return f"worth {v.value:g}, {word} your reservation of {v.reservation:g}"


def _value(finder: Finder, seat: str, deal: Deal) -> float:
    v = deal.verdicts.get(seat)
    if v is None:
        v = finder.ctx.judge(seat).verdict(deal.terms, finder.authors(deal.terms), offset=finder.offset(seat))
    return v.value


__all__ = ["find_deals", "hint", "report_text"]
