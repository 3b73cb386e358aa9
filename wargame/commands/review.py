"""The review commands: replay, branch, compare, report."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

from wargame.errors import WargameError
from wargame.store.files import write_atomically


def _view(args: argparse.Namespace, scenario: Any) -> str:
    from wargame.review.describe import views

    view = str(args.view)
    if view not in views(scenario):
        raise WargameError(f"unknown view {view!r}; choose one of: {', '.join(views(scenario))}")
    return view


def require_unsealed(loaded: Any, view: str) -> bool:
    """Beyond the public view, a game played by people opens only when it is
    over, and with the facilitator's PIN if it has one (asked here, three
    tries, each wrong one waiting longer). Returns True once it is open."""
    from wargame.review.timeline import Timeline
    from wargame.tui.exercise import HOUSE_RULES_KEY, HouseRules
    from wargame.tui.pin import debrief_lock

    if view == "public":
        return False
    timeline = Timeline.of(loaded)
    sealed = debrief_lock(loaded.header, timeline.state_after(len(timeline.events)).over)
    if sealed is None:
        return True
    if sealed != "pin":
        raise WargameError(
            f"{loaded.path}: the {view} view is sealed: {sealed}; the public view is open (--view public)"
        )
    ask_pin(loaded.path, HouseRules.from_dict(loaded.header.get(HOUSE_RULES_KEY)), f"the {view} view")
    return True


def ask_pin(path: str, rules: Any, what: str) -> None:
    """Ask for the facilitator's PIN (three tries, each wrong one waiting
    longer); raise a `WargameError` (exit code 2) if it is not given."""
    from wargame.tui.pin import PinGate

    gate = PinGate()
    for _ in range(3):
        time.sleep(gate.wait())
        if rules.pin_ok(_ask_pin()):
            return
        gate.failed()
        print("Wrong PIN.", file=sys.stderr)
    raise WargameError(f"{path}: wrong PIN three times; {what} stays sealed")


def _pin_for_the_class(loaded: Any, what: str) -> None:
    """A game whose facilitator required the PIN for the whole class asks for it."""
    from wargame.tui.exercise import HOUSE_RULES_KEY, HouseRules

    rules = HouseRules.from_dict(loaded.header.get(HOUSE_RULES_KEY))
    if rules.pin_required and rules.has_pin:
        ask_pin(loaded.path, rules, what)


def _ask_pin() -> str:
    """The PIN from the terminal (not echoed), or a line of stdin in a script."""
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("The facilitator's PIN: ")
    return sys.stdin.readline().strip()


def cmd_replay(args: argparse.Namespace) -> int:
    from wargame.errors import SaveError
    from wargame.store.savefile import load_save

    try:
        loaded = load_save(args.save)
        problem = None
    except SaveError as exc:
        if not os.path.exists(args.save):
            raise
        loaded, problem = None, str(exc)
    if loaded is not None:
        known = ["public", "debrief", *(loaded.header.get("seats") or {})]
        if args.view not in known:
            raise WargameError(f"unknown view {args.view!r}; choose one of: {', '.join(known)}")
        unlocked = require_unsealed(loaded, args.view)
    else:
        unlocked = False
    from wargame.tui.replay import ReplayApp

    ReplayApp(loaded, problem=problem, view=args.view, unlocked=unlocked).run()
    return 0 if problem is None else 2


def cmd_branch(args: argparse.Namespace) -> int:
    from wargame.review.branch import branch, branch_path, play_on, point_for_round, safe_point
    from wargame.review.timeline import Timeline
    from wargame.session.moves import read_moves
    from wargame.session.summary import summary
    from wargame.store.savefile import load_save

    from .core import _personas

    if (args.at is None) == (args.event is None):
        raise WargameError("say where to branch: --at ROUND (the start of a round) or --event N (after N events)")
    loaded = load_save(args.save)
    _pin_for_the_class(loaded, "branching it")
    timeline = Timeline.of(loaded)
    point = point_for_round(timeline, args.at) if args.at is not None else safe_point(timeline, args.event)
    path = args.save_to or branch_path(args.save, point)
    moves = read_moves(args.moves) if args.moves else None
    personas = _personas(args.personas)
    seats: dict[str, str] = {}
    scripted = {m.seat for r in moves.moves.rounds for m in r.moves} if moves else set()
    for seat in timeline.scenario.seat_ids:
        if seat in scripted:
            seats[seat] = "script"
        elif moves is not None or args.rounds is not None or seat in personas:
            seats[seat] = f"bot:{personas[seat]}" if seat in personas else "bot"
    session = branch(loaded, point, path, seats)
    note = "" if args.event is None or point.count == args.event else f" (event {args.event} is mid-action; moved back)"
    print(
        f"Branched {args.save} after event {point.count} (round {point.round}){note}\n"
        f"  -> {path}\n  parent head at the branch point: {loaded.head_at(point.count)}",
        file=sys.stderr if args.json else sys.stdout,
    )
    if moves is not None or args.rounds is not None:
        play_on(session, moves, args.rounds)
        result = summary(session.game, path)
        if args.json:
            print(json.dumps(result, indent=2))
        else:
            print(
                f"  played on: {result['status']} after round {result['round']}; seal {session.writer.head if session.writer else ''}"
            )
    if session.writer is not None:
        session.writer.close()
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from wargame.review.compare import compare, comparison_text
    from wargame.store.savefile import load_save

    a, b = load_save(args.a), load_save(args.b)
    if a.header.get("scenario", {}).get("id") != b.header.get("scenario", {}).get("id"):
        print("warning: the two saves are games of different scenarios", file=sys.stderr)
    c = compare(a, b)
    if args.json:
        print(
            json.dumps({"relation": c.relation, "shared_events": c.shared, "rows": [list(r) for r in c.rows]}, indent=2)
        )
    else:
        print(comparison_text(c))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from wargame.review.report import build, csv_text, markdown
    from wargame.review.timeline import scenario_of
    from wargame.store.savefile import load_save

    fmt = args.format or _format_of(args.output)
    loaded = load_save(args.save)
    for warning in loaded.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    scenario = scenario_of(loaded)
    view = _view(args, scenario)
    require_unsealed(loaded, view)
    if view == "public":
        print(
            f"The public view (what the table saw). The debrief, with every private message and reason: "
            f"`wargame report {args.save} --view debrief` (asks for the facilitator's PIN if the game has one).",
            file=sys.stderr,
        )
    baseline = None
    if args.baseline:
        from wargame.review.baseline import bot_baseline

        sc = loaded.header["scenario"]
        print(f"playing {args.baseline} bot-only games for the baseline...", file=sys.stderr)
        baseline = bot_baseline(scenario, loaded.texts(), sc.get("lens"), sc.get("sequence"), args.baseline)
    data = build(loaded, view, baseline)
    if fmt == "html":
        from wargame.review.html import html

        text = html(data)
    elif fmt == "csv":
        text = csv_text(data)
    else:
        text = markdown(data)
    if args.output:
        write_atomically(args.output, text)
        print(f"{args.output}: {fmt} report, {len(text.encode()) / 1024:.1f} KB; seal {loaded.head}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _format_of(path: str | None) -> str:
    ext = os.path.splitext(path or "")[1].lower()
    return {".html": "html", ".htm": "html", ".csv": "csv"}.get(ext, "md")


def register(add: Any) -> None:
    """Add the review subcommands."""
    r = add("replay", cmd_replay, "open a saved game for review: step through it, reveal the private messages, branch")
    r.add_argument("save")
    r.add_argument("--view", default="public", help="start in this view: public, debrief, or a seat id")

    b = add("branch", cmd_branch, "continue a saved game from a round (or event) as a new save: a what-if")
    b.add_argument("save")
    b.add_argument("--at", type=int, metavar="ROUND", help="branch at the start of this round")
    b.add_argument("--event", type=int, metavar="N", help="branch after the first N events")
    b.add_argument("--save", dest="save_to", metavar="NEW", help="the new save (default: beside the parent)")
    b.add_argument("--moves", help="a moves file to play from the branch point (its round 1 is the branch's round)")
    b.add_argument("--rounds", type=int, help="let bots play on up to this many rounds in all")
    b.add_argument(
        "--personas", nargs="*", metavar="SEAT=NAME", help="bot personas for the branch, e.g. russia=pragmatist"
    )
    b.add_argument("--json", action="store_true", help="print the JSON summary of the played-on branch")

    c = add("compare", cmd_compare, "compare two games side by side: outcome, agreements, indicators, scores")
    c.add_argument("a")
    c.add_argument("b")
    c.add_argument("--json", action="store_true")

    p = add("report", cmd_report, "write the class report of a saved game: Markdown, HTML (with charts) or CSV scores")
    p.add_argument("save")
    p.add_argument("--format", choices=["md", "html", "csv"], help="default: from -o's extension, else md")
    p.add_argument("-o", "--output", help="write to this file (default: stdout)")
    p.add_argument(
        "--view",
        default="public",
        help="public (what the table saw, the default), debrief (everything: asks for the PIN), or a seat id",
    )
    p.add_argument("--baseline", type=int, default=0, metavar="GAMES", help="compare with this many bot-only games")
