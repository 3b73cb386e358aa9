"""The climb's judgements by the change of one term (`bots.near`) are the
seat core's own: for texts one issue away from a point, whichever way they
are made (the point's table moved by one entry, every entry added again,
or the whole judgement), and as remembered."""

from __future__ import annotations

import random
from functools import partial

from tests.bots.conftest import bots, play, start
from wargame.bots import coded as coded_module
from wargame.bots.coded import CodedCore, coded_core
from wargame.bots.judge import Context, Verdict, context
from wargame.bots.memo import Core, SeatCore
from wargame.bots.near import Flat, Near, Side
from wargame.bots.numbering import Canon, canon
from wargame.model.scenario import Scenario
from wargame.model.state import GameState


def _states(scenario: Scenario) -> list[GameState]:
    out = [start(scenario, seed=2, sequence="framework_first").state]
    out.append(play(start(scenario, seed=2, sequence="framework_first"), bots(scenario), rounds=2).state)
    out.append(play(start(scenario, seed=4, lens="leverage"), bots(scenario), rounds=3).state)
    out.append(play(start(scenario, seed=5), bots(scenario), rounds=6).state)  # terms agreed by then
    return [s for s in out if not s.over]


def test_a_neighbour_judged_by_one_term_is_judged_as_the_seat_core_judges_it(scenario: Scenario) -> None:
    rng = random.Random(11)
    numbering = canon(scenario)
    ways = {"moved": 0, "added": 0}
    for state in _states(scenario):
        ctx = context(scenario, state)
        table = state.table_terms()
        by = {i: t.by for i, t in state.table.items()}
        for seat in scenario.seat_ids:
            core = ctx.judge(seat).core
            proposer = scenario.seat_ids[rng.randrange(len(scenario.seat_ids))]
            coded = coded_core(core, table, by, proposer)
            judged = partial(_judged, core, ctx, table, by, proposer)

            for _ in range(12):
                point = 0
                while not point:
                    for k, issue in enumerate(scenario.issues):
                        if rng.random() < 0.6:
                            point |= rng.randrange(len(issue.options) + 1) << numbering.shifts[k]
                side = Side(seat, coded, ctx.judge(seat).offset(None, 0.0))
                flat = side.flat = Flat(coded)  # a memo of its own: every neighbour is made here
                near = Near(side, ctx, point)
                assert flat.judgement(ctx, point) == judged(point)
                for k, issue in enumerate(scenario.issues):
                    field = numbering.masks[k] << numbering.shifts[k]
                    for digit in range(len(issue.options) + 1):
                        whole = (point & ~field) | digit << numbering.shifts[k]
                        if not whole or whole == point:
                            continue
                        if near.table is not None and flat.patterns.get(whole) is None:
                            ways["moved" if _same_rules(near, whole, field) else "added"] += 1
                        value, shift, blocks = judged(whole)
                        res = round(side.offset + shift, 2)
                        verdict = Verdict(seat, not blocks and value >= res, value, res, blocks)
                        assert near.score(whole, field, numbering.shifts[k]) == verdict.score, (seat, whole)
                        assert side.takes[whole] == verdict.accept
                        assert flat.judgement(ctx, whole) == (value, shift, blocks)  # as remembered
    assert ways["moved"] > 100 and ways["added"] > 10  # both ways were taken


def _judged(core: SeatCore, ctx: Context, table: dict[str, str], by: dict[str, str], proposer: str, whole: int) -> Core:
    """The seat core's own judgement of the text numbered `whole`."""
    text = canon(ctx.scenario).text(whole)
    authors = {i: (by[i] if table.get(i) == o else proposer) for i, o in text.items()}
    return core.core(ctx, text, authors, frozenset(text.items()))


def _same_rules(near: Near, whole: int, field: int) -> bool:
    """Whether the same rules hold at `whole` as at the near point (the
    groups reading the changed issue, as far as they are known)."""
    pattern = 0
    for mask, bits in near.held:
        if not mask & field:
            pattern |= bits
    for mask, known, _ in near.flat.reading(field):
        holding = known.get((whole & mask) << 1 | 1)
        if holding is None:
            return False
        pattern |= holding
    return pattern == near.pattern


def test_a_coded_core_sharing_a_siblings_tables_judges_as_the_seat_core(scenario: Scenario) -> None:
    """Two coded cores of one seat core for other authors (`across.Tables`):
    the newer one, using what the older found out that no author changes,
    still judges every text as the seat core does for its own authors."""
    rng = random.Random(5)
    numbering = canon(scenario)
    shared = 0
    for state in _states(scenario):
        ctx = context(scenario, state)
        table = state.table_terms()
        by = {i: t.by for i, t in state.table.items()}
        for seat in scenario.seat_ids:
            core = ctx.judge(seat).core
            if not core.rules.by_issues:
                continue  # one coded core whoever proposes
            first, then = rng.sample(list(scenario.seat_ids), 2)
            old = coded_core(core, table, by, first)
            wholes = [rng.randrange(1, 1 << sum(m.bit_length() for m in numbering.masks)) for _ in range(300)]
            wholes = [w for w in wholes if _valid(numbering, w) and numbering.text(w)]
            for whole in wholes:
                old.judgement(ctx, whole)
            new = CodedCore(core, table, by, then)
            shared += sum(1 for (_, mine, _), (_, theirs, _) in zip(new._groups, old._groups) if mine is theirs)
            for whole in wholes:
                assert new.judgement(ctx, whole) == _judged(core, ctx, table, by, then, whole)
    assert shared > 0


def _valid(numbering: Canon, whole: int) -> bool:
    """Whether every digit of `whole` names an option (or silence)."""
    return all(
        (whole >> shift) & mask <= len(options)
        for shift, mask, options in zip(numbering.shifts, numbering.masks, numbering.options)
    )


def test_seat_cores_of_other_signatures_sharing_group_tables_judge_as_their_own(scenario: Scenario) -> None:
    """A seat core of a later round (another signature) whose groups of
    rules read the same as an earlier one's (`across.across`) takes their
    tables, filled by the earlier core, and still judges every text as it
    judges it itself."""
    coded_module.clear()
    rng = random.Random(7)
    numbering = canon(scenario)
    width = sum(m.bit_length() for m in numbering.masks)
    wholes = [w for w in (rng.randrange(1, 1 << width) for _ in range(400)) if _valid(numbering, w)]
    wholes = [w for w in wholes if numbering.text(w)]
    game = start(scenario, seed=1, sequence="framework_first")
    seen: dict[str, set[int]] = {}
    shared = cores = 0
    for _ in range(12):  # into the ceasefire talks: other agreed terms
        if game.over:
            break
        state = game.state
        ctx = context(scenario, state)
        table = state.table_terms()
        by = {i: t.by for i, t in state.table.items()}
        for seat in scenario.seat_ids:
            core = ctx.judge(seat).core
            coded = coded_core(core, table, by, "bot", ctx)
            tables = {id(known) for _, known, _ in coded._groups}
            if id(core) not in seen.setdefault(seat, set()):
                cores += 1
                shared += any(t in seen[seat] for t in tables)
            seen[seat] |= tables | {id(core)}
            for whole in wholes:
                assert coded.judgement(ctx, whole) == _judged(core, ctx, table, by, "bot", whole), (seat, whole)
        game = play(game, bots(scenario), rounds=1)
    assert cores > len(scenario.seat_ids) and shared > 0  # new seat cores came, and some shared
