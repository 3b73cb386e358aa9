"""The rulebook in words: `wargame rules` and `wargame explain`.

`explain` prints one rule as a student or a facilitator reads it: the
explanation, the sources with their titles, the condition as an indented list,
and every effect and modifier with its numbers resolved (`transatlantic_cohesion
-15`, not `-$cohesion_cost`) for the scenario's default lens, plus what the
other lenses change.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from difflib import get_close_matches
from typing import Any

from wargame.errors import UnknownId
from wargame.model import conditions as c
from wargame.model.scenario import Effect, Rule, Scenario
from wargame.review.texttable import text_table
from wargame.rules.conditions import describe
from wargame.rules.engine import number

WIDTH = 88
"""Explanations and long lines are wrapped to this many columns."""


def rules_table(scenario: Scenario) -> str:
    rows = [(r.id, r.kind, r.title, ", ".join(r.sources)) for r in scenario.rules]
    return text_table(("id", "kind", "title", "sources"), rows)


def suggest(rule_id: str, known: Sequence[str]) -> str | None:
    """The rule id a mistyped one most likely meant, if any.

    A prefix or a fragment of a real id (`wedge.eu_troops`, `neutrality_for_eu`)
    names that id; otherwise the closest spelling, by whole id or by the part
    after the dot.
    """
    wanted = rule_id.strip().lower()
    if not wanted:
        return None
    for test in (str.startswith, str.__contains__):
        hits = [k for k in known if test(k.lower(), wanted)]
        if len(hits) == 1:
            return hits[0]
    close = get_close_matches(wanted, list(known), n=1, cutoff=0.6)
    if close:
        return close[0]
    tails = {k.split(".", 1)[-1]: k for k in known}
    close = get_close_matches(wanted.split(".", 1)[-1], list(tails), n=1, cutoff=0.6)
    return tails[close[0]] if close else None


def unknown_rule(scenario: Scenario, rule_id: str) -> UnknownId:
    guess = suggest(rule_id, [r.id for r in scenario.rules])
    hint = f"; did you mean {guess!r}?" if guess else ""
    return UnknownId(f"unknown rule {rule_id!r}{hint} (`wargame rules` lists all {len(scenario.rules)} rules)")


# ---- numbers -----------------------------------------------------------


def params_for(scenario: Scenario, rule: Rule, lens: str | None) -> dict[str, float]:
    """The rule's parameters as a game with this lens would read them."""
    params = {"days": float(scenario.days_per_round), **rule.params}
    if lens is not None and scenario.has("lens", lens):
        override = scenario.lens(lens).rules.get(rule.id)
        if override:
            params.update(override.params)
    return params


def _value(v: Any, params: dict[str, float]) -> float:
    return number(v, params)


def _signed(v: Any, params: dict[str, float]) -> str:
    if isinstance(v, str) and "@" in v:
        # it scales with an indicator: say the formula, with the numbers in it
        return re.sub(r"\$(\w+)", lambda m: f"{params[m.group(1)]:g}", v).replace("@", "")
    return f"{_value(v, params):+g}"


def _chance(v: Any, params: dict[str, float]) -> str:
    return f"{100 * _value(v, params):g}%"


# ---- conditions ----------------------------------------------------------


def _group(cond: c.Condition) -> tuple[str, list[c.Condition]] | None:
    """A group's heading and members (all, any, at least; and their negations)."""
    if isinstance(cond, c.AllOf):
        return "all of:", list(cond.all)
    if isinstance(cond, c.AnyOf):
        return "any of:", list(cond.any)
    if isinstance(cond, c.AtLeast):
        return f"at least {cond.at_least.count} of:", list(cond.at_least.of)
    if isinstance(cond, c.NotCond):
        inner = cond.not_
        if isinstance(inner, c.AnyOf):
            return "none of:", list(inner.any)
        if isinstance(inner, c.AllOf):
            return "not all of:", list(inner.all)
        if isinstance(inner, c.AtLeast):
            return f"fewer than {inner.at_least.count} of:", list(inner.at_least.of)
    return None


def condition_lines(cond: c.Condition) -> list[str]:
    """A condition as an indented list: a line per test, groups as bullets."""
    group = _group(cond)
    if group is None:
        return [describe(cond)]
    head, items = group
    lines = [head]
    for item in items:
        sub = condition_lines(item)
        lines += ["  - " + sub[0]] + ["    " + s for s in sub[1:]]
    return lines


# ---- effects and modifiers -------------------------------------------------


_POLICY = {
    "on_entry": "when its condition starts to hold",
    "each_round": "every round its condition holds",
    "once": "the first time its condition holds, and never again",
}


def effect_lines(block: Effect, params: dict[str, float], rule_repeat: str) -> list[str]:
    """One effect block in words, with its numbers resolved: its `when` (as a
    list if it is a group), its chance, and what it does."""
    policy = block.repeat or rule_repeat
    lead: list[str] = []
    if block.repeat and block.repeat != rule_repeat:
        lead.append({"on_entry": "on entry", "each_round": "each round", "once": "once"}[block.repeat])
    if block.chance is not None:
        lead.append(
            f"with a chance of {_chance(block.chance, params)}{' each round' if policy == 'each_round' else ''}"
        )
    what: list[str] = []
    if block.indicators:
        what.append(", ".join(f"{k} {_signed(v, params)}" for k, v in block.indicators.items()))
    if block.standing:
        what.append("standing: " + ", ".join(f"{k} {_signed(v, params)}" for k, v in block.standing.items()))
    if block.phase:
        what.append(
            {"collapse": "the talks collapse", "lapse": "the ceasefire lapses"}.get(
                block.phase, "the ceasefire breaks down"
            )
        )
    if block.set_flags:
        what.append("sets the flag " + ", ".join(block.set_flags))
    if block.clear_flags:
        what.append("clears the flag " + ", ".join(block.clear_flags))
    body = "; ".join(what) or "no change to the numbers"
    if block.note:
        body += f' ("{block.note}")'
    if block.when is None:
        return [", ".join(lead) + ": " + body if lead else body]
    cond = condition_lines(block.when)
    if len(cond) == 1:
        return [", ".join([*lead, f"if {cond[0]}"]) + ": " + body]
    head = ", ".join([*lead, f"if {cond[0]}"])
    return [head, *("  " + line for line in cond[1:]), "then: " + body]


def modifier_lines(rule: Rule, params: dict[str, float]) -> list[str]:
    m = rule.modifiers
    lines = []
    for seat, v in m.reservation.items():
        shift = _value(v, params)
        easier = "easier to please" if shift < 0 else "asks for more"
        lines.append(f"{seat}'s reservation {shift:+g} ({easier})")
    for seat, issues in m.issue_scale.items():
        for issue, f in issues.items():
            lines.append(f"{seat} counts its gains on {issue} at x{_value(f, params):g}")
    for seat, bonus in m.option_bonus.items():
        for issue, opts in bonus.items():
            for opt, v in opts.items():
                lines.append(f"{seat} values {issue}={opt} {_signed(v, params)}")
    if m.durability:
        when = f", if {describe(m.durability_when)}" if m.durability_when is not None else ""
        lines.append(
            f"deal_durability {_signed(m.durability, params)} while the signed agreements meet the condition{when}"
        )
    return lines


def _lens_notes(scenario: Scenario, rule: Rule, lens: str | None) -> list[str]:
    notes = []
    for other in scenario.lenses:
        override = other.rules.get(rule.id)
        if other.id == lens or override is None or not override.params:
            continue
        changed = ", ".join(f"{k}={v:g}" for k, v in override.params.items())
        notes.append(f"Under the {other.id} lens: {changed}")
    return notes


def _fill(line: str) -> str:
    """Wrap one line of a list, continuing under its text (past any bullet)."""
    body = line.lstrip(" ")
    indent = len(line) - len(body)
    if body.startswith("- "):
        indent += 2
    return textwrap.fill(line, width=WIDTH, subsequent_indent=" " * (indent + 2), break_on_hyphens=False)


def explain(scenario: Scenario, rule_id: str, lens: str | None = None) -> str:
    """One rule in full, its numbers as a game with `lens` (by default the
    scenario's default lens) reads them."""
    if not scenario.has("rule", rule_id):
        raise unknown_rule(scenario, rule_id)
    r: Rule = scenario.rule(rule_id)
    lens = lens if lens is not None else scenario.default_lens
    params = params_for(scenario, r, lens)
    wrap = textwrap.TextWrapper(width=WIDTH)
    hang = textwrap.TextWrapper(width=WIDTH, subsequent_indent="    ")
    kind = r.kind.replace("_", " ") + (f" of {r.seat}" if r.seat else "")
    lines = [_fill(f"{r.id}: {r.title}"), f"Kind: {kind}", "Sources:"]
    lines += [hang.fill(f"  {s}: {scenario.sources.get(s, '(not listed in the scenario)')}") for s in r.sources]
    lines += ["", wrap.fill(" ".join(r.explanation.split())), "", "When:"]
    lines += [_fill("  " + line) for line in condition_lines(r.condition)]
    if r.kind == "red_line":
        lines.append(
            _fill(f"Checked at every vote: a {r.seat} bot rejects such a text; a human who accepts pays the cost.")
        )
    else:
        lines.append(f"Fires: {_POLICY[r.repeat]}")
    if r.bot_rejects:
        lines.append(_fill(f"Bots that reject any text while it holds: {', '.join(r.bot_rejects)}"))
    if r.effects:
        lines.append("Cost when crossed:" if r.kind == "red_line" else "Effects:")
        for block in r.effects:
            first, *rest = effect_lines(block, params, r.repeat)
            lines += [_fill("  - " + first), *(_fill("    " + line) for line in rest)]
    mods = modifier_lines(r, params)
    if mods:
        lines.append("While it holds:")
        lines += [_fill("  - " + m) for m in mods]
    shown = {k: v for k, v in params.items() if k != "days"}
    if shown:
        where = f" (lens {lens})" if lens else ""
        lines.append(hang.fill(f"Parameters{where}: " + ", ".join(f"{k}={v:g}" for k, v in shown.items())))
    lines += [hang.fill(n) for n in _lens_notes(scenario, r, lens)]
    return "\n".join(lines)
