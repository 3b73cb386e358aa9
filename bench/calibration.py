"""Calibration of the bundled scenario against the sources: a committed benchmark.

Plays bot games for each lens x sequence (200 each by default) and prints
every band of docs/world.md with the value measured and whether it is inside.
The bands, and the source behind each, are listed in `BANDS` and in the docs.

    .venv/bin/python bench/calibration.py              # 200 games a cell
    .venv/bin/python bench/calibration.py --games 50   # a quicker look
    .venv/bin/python bench/calibration.py --json

Exit code 0 when every band is inside, 1 otherwise. The test suite runs a
quick version (tests/rules/test_calibration.py) with a few games a cell.

This is a benchmark of one scenario (ukraine-2025), so unlike the engine it
names that scenario's option ids: the bands are claims about this war.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import sys
from dataclasses import dataclass
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from wargame.bots.personas import persona as find_persona  # noqa: E402
from wargame.bots.player import Bot  # noqa: E402
from wargame.content.loader import load_scenario  # noqa: E402
from wargame.engine.game import Game, Setup  # noqa: E402
from wargame.model import actions as a  # noqa: E402
from wargame.model import events as e  # noqa: E402
from wargame.model.scenario import Scenario  # noqa: E402
from wargame.rules.scoring import goals_for, goals_met, scores  # noqa: E402
from wargame.session.simulate import game_seed  # noqa: E402

SCENARIO = os.path.join(ROOT, "scenarios", "ukraine-2025.yaml")
LENSES = ("restraint", "leverage")
SEQUENCES = ("ceasefire_first", "framework_first")

NEUTRAL = {"military_neutrality", "neutrality_istanbul", "nonaligned_demilitarized"}
"""Alignments that make Ukraine neutral (src-002, src-003)."""
US_COMBAT = {"air_support", "full_guarantee"}
"""US backstops that are a US combat role (src-001, src-004)."""
NATO_TROOPS = {"european_peacekeepers", "european_tripwire"}
"""Standing forces from NATO countries in Ukraine (src-003, src-004)."""
NATO_DMZ = {"nato_peacekeepers", "peacekeeping_force"}
"""DMZ forces drawn from NATO countries (src-003, src-004); `peacekeeping_force`
is the old id, kept for saves, which the scenario reads as NATO-country troops."""
UNMONITORED = {"none", "unmonitored_line"}
VIOLATIONS = "ceasefire.violations_without_monitoring"


@dataclass(frozen=True)
class Band:
    id: str
    text: str
    source: str


BANDS = [
    Band("restraint_ceasefire_first_peace", "restraint + ceasefire-first: peace 15-45%", "src-003, src-000"),
    Band(
        "framework_first_gain",
        "restraint: framework-first at least +10 points of peace and at most +5 of collapse over ceasefire-first",
        "src-003",
    ),
    Band("leverage_peace", "leverage: peace 35-75% under either sequence", "src-002"),
    Band(
        "leverage_armed_settlement",
        "leverage: Israel model or NATO (armed, not neutral) in >= 25% of treaties",
        "src-002",
    ),
    Band("restraint_neutrality", "restraint: neutrality in most (> 50%) treaties", "src-003, src-000"),
    Band(
        "restraint_front",
        "restraint, no agreement: mean territory change in 24 weeks +0.3 to +1.5 points",
        "src-002 (slivers), public estimates for 2024 (~0.7% a year)",
    ),
    Band(
        "no_us_combat_or_nato_troops",
        "no bot-signed treaty with US combat forces or NATO-country troops",
        "src-001, src-003, src-004",
    ),
    Band(
        "unmonitored_ceasefires_break",
        "at least one breakdown from violations per 50 games that sign an unmonitored ceasefire",
        "src-000",
    ),
]


# ---- playing -------------------------------------------------------------------


def _bots(scenario: Scenario) -> dict[str, Bot]:
    return {s: Bot(seat=s, persona=find_persona(scenario, s, None)) for s in scenario.seat_ids}


def play(scenario: Scenario, lens: str, sequence: str, index: int, talks: bool = True) -> dict[str, Any]:
    """One bot game; with `talks=False` nobody tables a text (the war with no
    agreement, levers still pulled)."""
    seats = {s: "bot" for s in scenario.seat_ids}
    game = Game.start(scenario, Setup(seed=game_seed(0, index), lens=lens, sequence=sequence, seats=seats))
    bots = _bots(scenario)
    start = dict(game.state.indicators)
    while not game.over:
        seat = game.to_act()
        if seat is None:
            break
        if game.state.step == "turns":
            actions = bots[seat].turn(game)
            if not talks:
                actions = [x for x in actions if isinstance(x, a.UseLever | a.EndTurn)]
            for action in actions:
                game.submit(action)
        else:
            game.submit(bots[seat].vote(game))
    return outcome(game, start)


def outcome(game: Game, start: dict[str, float]) -> dict[str, Any]:
    st = game.state
    unmonitored = False
    breakdowns = 0
    for ev in game.events:
        if isinstance(ev, e.AgreementSigned) and "ceasefire" in ev.terms:
            unmonitored = unmonitored or ev.terms.get("dmz", "none") in UNMONITORED
        elif isinstance(ev, e.RuleFired) and ev.rule == VIOLATIONS and ev.phase_trigger == "breakdown":
            breakdowns += 1
    scenario = game.scenario
    top = {}
    for seat in scenario.seat_ids:
        goals = goals_for(scenario, st, seat)
        if goals and st.status == "peace":
            best = max(goals, key=lambda g: g.points)
            top[seat] = goals_met(scenario, st, seat)[best.id]
    return {
        "status": st.status,
        "scores": {s: sc.total for s, sc in scores(scenario, st).items()},
        "top_goal_met": top,
        "deal": st.agreed_terms() if st.status == "peace" else {},
        "territory": st.indicators["territory_occupied_pct"] - start["territory_occupied_pct"],
        "momentum": st.indicators["momentum"],
        "unmonitored": unmonitored,
        "breakdowns": breakdowns,
    }


def _cell(args: tuple[str, str, int, bool]) -> tuple[tuple[str, str, bool], list[dict[str, Any]]]:
    lens, sequence, games, talks = args
    scenario, _ = load_scenario(SCENARIO)
    return (lens, sequence, talks), [play(scenario, lens, sequence, i, talks) for i in range(games)]


def measure(games: int, jobs: int = 1, front_games: int | None = None) -> dict[str, Any]:
    """Play every cell and return the measures the bands read."""
    front_games = games if front_games is None else front_games
    cells = [(lens, seq, games, True) for lens in LENSES for seq in SEQUENCES]
    cells.append(("restraint", "ceasefire_first", front_games, False))
    if jobs > 1:
        with mp.get_context("fork").Pool(jobs) as pool:
            results = dict(pool.map(_cell, cells))
    else:
        results = dict(map(_cell, cells))
    out: dict[str, Any] = {"games": games, "cells": {}}
    for (lens, seq, talks), rs in results.items():
        if not talks:
            out["front"] = {
                "games": len(rs),
                "territory_mean": round(statistics.fmean(r["territory"] for r in rs), 3),
                "territory_max": round(max(r["territory"] for r in rs), 3),
                "territory_min": round(min(r["territory"] for r in rs), 3),
                "momentum_mean": round(statistics.fmean(r["momentum"] for r in rs), 1),
            }
            continue
        n = len(rs)
        treaties = [r["deal"] for r in rs if r["status"] == "peace"]
        out["cells"][f"{lens}/{seq}"] = {
            "games": n,
            "peace": round(100 * sum(r["status"] == "peace" for r in rs) / n, 1),
            "collapse": round(100 * sum(r["status"] == "collapse" for r in rs) / n, 1),
            "expired": round(100 * sum(r["status"] == "expired" for r in rs) / n, 1),
            "treaties": len(treaties),
            "neutral": _share(treaties, lambda d: d.get("alignment") in NEUTRAL),
            "armed": _share(
                treaties,
                lambda d: (
                    d.get("security_guarantee") == "israel_model" or str(d.get("alignment", "")).startswith("nato")
                ),
            ),
            "forbidden": sum(
                1
                for d in treaties
                if d.get("us_backstop") in US_COMBAT
                or d.get("foreign_forces") in NATO_TROOPS
                or d.get("dmz") in NATO_DMZ
            ),
            "unmonitored_games": sum(r["unmonitored"] for r in rs),
            "breakdowns": sum(r["breakdowns"] for r in rs),
            "territory_mean": round(statistics.fmean(r["territory"] for r in rs), 3),
            "scores_by_top_goal": _scores_by_top_goal(rs),
        }
    return out


def _scores_by_top_goal(rs: list[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """Per seat, its mean score in treaties that meet its top objective and in
    those that do not (issue 10: scores follow the briefs)."""
    out: dict[str, dict[str, float | None]] = {}
    seats = sorted({s for r in rs for s in r["top_goal_met"]})
    for seat in seats:
        met = [r["scores"][seat] for r in rs if r["top_goal_met"].get(seat) is True]
        missed = [r["scores"][seat] for r in rs if r["top_goal_met"].get(seat) is False]
        out[seat] = {
            "met": round(statistics.fmean(met), 1) if met else None,
            "missed": round(statistics.fmean(missed), 1) if missed else None,
        }
    return out


def _share(deals: list[dict[str, str]], test: Any) -> float | None:
    return round(100 * sum(1 for d in deals if test(d)) / len(deals), 1) if deals else None


# ---- the bands ------------------------------------------------------------------


def judge(m: dict[str, Any]) -> list[tuple[Band, str, bool | None]]:
    """Each band with the value measured and whether it is inside (None: no data)."""
    c = m["cells"]
    rc, rf = c["restraint/ceasefire_first"], c["restraint/framework_first"]
    lc, lf = c["leverage/ceasefire_first"], c["leverage/framework_first"]
    out: list[tuple[Band, str, bool | None]] = []
    by = {b.id: b for b in BANDS}
    out.append((by["restraint_ceasefire_first_peace"], f"{rc['peace']}%", 15 <= rc["peace"] <= 45))
    dp, dc = rf["peace"] - rc["peace"], rf["collapse"] - rc["collapse"]
    out.append((by["framework_first_gain"], f"peace {dp:+.1f}, collapse {dc:+.1f}", dp >= 10 and dc <= 5))
    out.append(
        (
            by["leverage_peace"],
            f"ceasefire-first {lc['peace']}%, framework-first {lf['peace']}%",
            35 <= lc["peace"] <= 75 and 35 <= lf["peace"] <= 75,
        )
    )
    armed = _pooled([lc, lf], "armed")
    out.append((by["leverage_armed_settlement"], f"{armed}% of treaties", None if armed is None else armed >= 25))
    neutral = _pooled([rc, rf], "neutral")
    out.append((by["restraint_neutrality"], f"{neutral}% of treaties", None if neutral is None else neutral > 50))
    f = m["front"]
    out.append(
        (
            by["restraint_front"],
            f"{f['territory_mean']:+.2f} points (min {f['territory_min']:+.2f}, max {f['territory_max']:+.2f})",
            0.3 <= f["territory_mean"] <= 1.5,
        )
    )
    forbidden = sum(x["forbidden"] for x in c.values())
    out.append((by["no_us_combat_or_nato_troops"], f"{forbidden} treaties", forbidden == 0))
    games = sum(x["unmonitored_games"] for x in c.values())
    broke = sum(x["breakdowns"] for x in c.values())
    verdict = None if not games else broke >= games / 50
    out.append((by["unmonitored_ceasefires_break"], f"{broke} breakdowns in {games} games", verdict))
    return out


def _pooled(cells: list[dict[str, Any]], key: str) -> float | None:
    n = sum(x["treaties"] for x in cells)
    if not n:
        return None
    return round(sum((x[key] or 0) * x["treaties"] for x in cells) / n, 1)


def report(m: dict[str, Any]) -> str:
    lines = [f"{'cell':32} {'peace':>6} {'collapse':>8} {'expired':>7} {'treaties':>8} {'neutral':>7} {'armed':>6}"]
    for name, x in m["cells"].items():
        lines.append(
            f"{name:32} {x['peace']:>6} {x['collapse']:>8} {x['expired']:>7} {x['treaties']:>8} "
            f"{x['neutral'] if x['neutral'] is not None else '-':>7} {x['armed'] if x['armed'] is not None else '-':>6}"
        )
    lines.append("")
    lines.append("mean score in treaties that meet / miss the seat's top objective:")
    for name, x in m["cells"].items():
        bits = [f"{seat} {v['met']}/{v['missed']}" for seat, v in x["scores_by_top_goal"].items()]
        lines.append(f"  {name:30} " + ", ".join(bits))
    lines.append("")
    for band, value, inside in judge(m):
        mark = "n/a" if inside is None else ("inside" if inside else "OUTSIDE")
        lines.append(f"[{mark:>7}] {band.text}: {value}   ({band.source})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--games", type=int, default=200, help="games per lens x sequence (default 200)")
    p.add_argument("--jobs", type=int, default=1, help="processes (default 1: the machine is shared)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    m = measure(args.games, args.jobs)
    bands = judge(m)
    if args.json:
        m["bands"] = [{"id": b.id, "text": b.text, "value": v, "inside": ok} for b, v, ok in bands]
        print(json.dumps(m, indent=2))
    else:
        print(f"{args.games} bot games per lens x sequence; no-agreement front: {m['front']['games']} games\n")
        print(report(m))
    return 0 if all(ok is not False for _, _, ok in bands) else 1


if __name__ == "__main__":
    raise SystemExit(main())
