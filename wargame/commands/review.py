"""The review commands: replay, branch, compare, report."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from wargame.errors import WargameError
from wargame.store.files import check_target, write_atomically


def _view(args: argparse.Namespace, scenario: Any) -> str:
    from wargame.review.describe import views

    view = str(args.view)
    if view not in views(scenario):
        raise WargameError(f"unknown view {view!r}; choose one of: {', '.join(views(scenario))}")
    return view


def cmd_replay(args: argparse.Namespace) -> int:
    from wargame.errors import SaveError
    from wargame.store.savefile import load_save

    try:
        loaded = load_save(args.save, damaged_ok=True)
        problem = None
    except SaveError as exc:
        if not os.path.isfile(args.save):
            raise
        loaded, problem = None, str(exc)
    damaged = loaded is not None and loaded.damage is not None
    if loaded is not None and loaded.damage is not None:
        if not loaded.events:
            problem, loaded = loaded.damage, None
        else:
            # open what can be trusted, marked: the replay stops before the damage
            loaded.warnings.append(f"DAMAGED: {loaded.damage}; the replay stops after event {len(loaded.events)}")
            print(f"warning: {loaded.damage}; replaying the {len(loaded.events)} events before it", file=sys.stderr)
    if loaded is not None:
        known = ["public", "debrief", *(loaded.header.get("seats") or {})]
        if args.view not in known:
            raise WargameError(f"unknown view {args.view!r}; choose one of: {', '.join(known)}")
    from wargame.tui.replay import ReplayApp

    ReplayApp(loaded, problem=problem, view=args.view).run()
    return 0 if problem is None and not damaged else 2


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
    if args.output:
        check_target(args.output)
    loaded = load_save(args.save, damaged_ok=True)
    if loaded.damage is not None:
        print(f"warning: {loaded.damage}; reporting the {len(loaded.events)} events before it", file=sys.stderr)
    for warning in loaded.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    scenario = scenario_of(loaded)
    view = _view(args, scenario)
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
    if loaded.damage is not None:
        text = _marked(
            fmt, text, f"DAMAGED SAVE: {loaded.damage}. This report covers the {len(loaded.events)} events before it."
        )
    if args.output:
        write_atomically(args.output, text)
        print(f"{args.output}: {fmt} report, {len(text.encode()) / 1024:.1f} KB; seal {loaded.head}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0 if loaded.damage is None else 2


def _marked(fmt: str, text: str, warning: str) -> str:
    """The report with the damage stated at its top (CSV: on stderr only, to keep its columns)."""
    if fmt == "md":
        from wargame.review.report import md_text

        return f"> **{md_text(warning)}**\n\n{text}"
    if fmt == "html":
        from html import escape

        banner = f'<p class="damaged" style="color:#b00;font-weight:bold">{escape(warning)}</p>'
        return text.replace("<body>", f"<body>\n{banner}", 1) if "<body>" in text else banner + text
    return text


def _format_of(path: str | None) -> str:
    ext = os.path.splitext(path or "")[1].lower()
    return {".html": "html", ".htm": "html", ".csv": "csv"}.get(ext, "md")


def register(add: Any) -> None:
    """Add the review subcommands."""
    from wargame.commands.core import at_least

    r = add("replay", cmd_replay, "open a saved game for review: step through it, reveal the private messages, branch")
    r.add_argument("save")
    r.add_argument("--view", default="public", help="start in this view: public, debrief, or a seat id")

    b = add("branch", cmd_branch, "continue a saved game from a round (or event) as a new save: a what-if")
    b.add_argument("save")
    b.add_argument("--at", type=at_least(1), metavar="ROUND", help="branch at the start of this round")
    b.add_argument("--event", type=at_least(0), metavar="N", help="branch after the first N events")
    b.add_argument("--save", dest="save_to", metavar="NEW", help="the new save (default: beside the parent)")
    b.add_argument("--moves", help="a moves file to play from the branch point (its round 1 is the branch's round)")
    b.add_argument("--rounds", type=at_least(1), help="let bots play on up to this many rounds in all")
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
    p.add_argument("--view", default="debrief", help="debrief (everything, the default), public, or a seat id")
    p.add_argument(
        "--baseline", type=at_least(0), default=0, metavar="GAMES", help="compare with this many bot-only games"
    )
