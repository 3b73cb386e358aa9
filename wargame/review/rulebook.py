"""The rulebook in words: `wargame rules` and `wargame explain`."""

from __future__ import annotations

import textwrap

from wargame.content.checks import unknown
from wargame.errors import UnknownId
from wargame.model.scenario import Effect, Rule, Scenario
from wargame.rules.conditions import describe


def rules_table(scenario: Scenario) -> str:
    rows = [("id", "kind", "title", "sources")]
    rows += [(r.id, r.kind, r.title, ", ".join(r.sources)) for r in scenario.rules]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    out = []
    for n, row in enumerate(rows):
        out.append("  ".join(row[i].ljust(widths[i]) for i in range(3)) + "  " + row[3])
        if n == 0:
            out.append("  ".join("-" * w for w in widths) + "  " + "-" * 7)
    return "\n".join(out)


def _effect(block: Effect) -> str:
    bits = []
    if block.when is not None:
        bits.append(f"if {describe(block.when)}")
    if block.chance is not None:
        bits.append(f"with a chance of {block.chance}")
    if block.repeat:
        bits.append(f"({block.repeat.replace('_', ' ')})")
    if block.indicators:
        bits.append(
            ", ".join(f"{k} {v:+g}" if not isinstance(v, str) else f"{k} {v}" for k, v in block.indicators.items())
        )
    if block.standing:
        bits.append("standing of " + ", ".join(f"{k} {v}" for k, v in block.standing.items()))
    if block.phase:
        bits.append(f"the talks {'collapse' if block.phase == 'collapse' else 'go back to the ceasefire'}")
    if block.set_flags:
        bits.append("sets " + ", ".join(block.set_flags))
    if block.note:
        bits.append(f'"{block.note}"')
    return " ".join(bits)


def explain(scenario: Scenario, rule_id: str) -> str:
    if not scenario.has("rule", rule_id):
        raise UnknownId(unknown("rule", rule_id, [r.id for r in scenario.rules]))
    r: Rule = scenario.rule(rule_id)
    wrap = textwrap.TextWrapper(width=88, subsequent_indent="  ")
    lines = [f"{r.id}: {r.title}", f"kind: {r.kind.replace('_', ' ')}" + (f" (of {r.seat})" if r.seat else "")]
    cites = [f"{s}: {scenario.sources.get(s, '')}".rstrip(": ") for s in r.sources]
    lines.append("sources: " + "; ".join(cites))
    lines.append("")
    lines += wrap.wrap(r.explanation.strip())
    lines.append("")
    lines += wrap.wrap("When: " + describe(r.condition))
    lines.append(f"Fires: {r.repeat.replace('_', ' ')}")
    if r.bot_rejects:
        lines.append(f"Bots that reject the text while it holds: {', '.join(r.bot_rejects)}")
    for block in r.effects:
        lines += wrap.wrap("Effect: " + _effect(block))
    m = r.modifiers
    for seat, v in m.reservation.items():
        lines.append(
            f"Modifier: {seat}'s reservation {v:+g}"
            if not isinstance(v, str)
            else f"Modifier: {seat}'s reservation {v}"
        )
    for seat, issues in m.issue_scale.items():
        for issue, f in issues.items():
            lines.append(f"Modifier: {seat} values {issue} at x{f}")
    for seat, bonus in m.option_bonus.items():
        for issue, opts in bonus.items():
            for opt, v in opts.items():
                lines.append(f"Modifier: {seat} values {issue}={opt} by {v}")
    if r.params:
        lines.append("Parameters: " + ", ".join(f"{k}={v:g}" for k, v in r.params.items()))
    return "\n".join(lines)
