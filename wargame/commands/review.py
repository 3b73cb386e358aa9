"""The review commands: replay, branch, compare, report."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

from wargame.errors import WargameError
from wargame.model import players
from wargame.store.files import check_target, write_atomically


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
    rules = HouseRules.from_dict(loaded.header.get(HOUSE_RULES_KEY))
    sealed = debrief_lock(loaded.header, timeline.state_after(len(timeline.events)).over, rules.has_pin)
    if sealed is None:
        return True
    if sealed != "pin":
        raise WargameError(
            f"{loaded.path}: the {view} view is sealed: {sealed}; the public view is open (--view public)"
        )
    ask_pin(loaded.path, rules, f"the {view} view")
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
        unlocked = require_unsealed(loaded, args.view)
    else:
        unlocked = False
    from wargame.tui.replay import ReplayApp

    ReplayApp(loaded, problem=problem, view=args.view, unlocked=unlocked).run()
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
            seats[seat] = str(players.Bot(personas.get(seat)))
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
    from wargame.review import tables

    if len(args.saves) < 2:
        raise WargameError("compare needs two saves or more: wargame compare A B [C ...]")
    saves = _load_all(args.saves)
    baseline = _baseline(args, saves[0]) if args.baseline else None
    many = tables.compare_tables(saves, baseline)
    pair = None
    if len(saves) == 2:
        from wargame.review.compare import compare

        pair = compare(saves[0], saves[1])
    fmt = args.format or ("json" if args.json else _format_of(args.output) if args.output else "text")
    if fmt == "json":
        data: dict[str, Any] = many.as_dict()
        if pair is not None:
            data.update({"relation": pair.relation, "shared_events": pair.shared, "rows": [list(r) for r in pair.rows]})
        text = json.dumps(data, indent=2) + "\n"
    elif fmt == "html":
        text = tables.comparison_html(many)
    elif fmt == "md":
        text = tables.comparison_markdown(many)
    else:
        from wargame.review.compare import comparison_text

        text = (comparison_text(pair) + "\n\n" if pair is not None else "") + tables.comparison_text(many) + "\n"
    _emit(args.output, text, f"comparison of {len(saves)} games ({fmt})")
    return 0


def _baseline(args: argparse.Namespace, loaded: Any) -> Any:
    from wargame.review.baseline import bot_baseline
    from wargame.review.timeline import scenario_of

    sc = loaded.header["scenario"]
    print(f"playing {args.baseline} bot-only games for the baseline...", file=sys.stderr)
    return bot_baseline(scenario_of(loaded), loaded.texts(), sc.get("lens"), sc.get("sequence"), args.baseline)


def _emit(output: str | None, text: str, what: str) -> None:
    """Write to a file (atomically) or to stdout."""
    if output:
        folder = os.path.dirname(os.path.abspath(output))
        if not os.path.isdir(folder):
            raise WargameError(f"{output}: the folder {folder} does not exist")
        if os.path.isdir(output):
            raise WargameError(f"{output}: is a folder; -o names the file to write")
        write_atomically(output, text)
        print(f"{output}: {what}, {len(text.encode()) / 1024:.1f} KB", file=sys.stderr)
    else:
        sys.stdout.write(text)


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
        baseline = bot_baseline(scenario, sc.get("lens"), sc.get("sequence"), args.baseline)
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


def _out_dir(path: str) -> str:
    """An output folder: made if missing; a file in its place is a user's mistake."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise WargameError(f"{path}: is a file; -o names a folder to write the tables into")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        raise WargameError(f"{path}: cannot make the folder: {exc.strerror}") from None
    return path


def _load_all(paths: list[str]) -> list[Any]:
    from wargame.store.savefile import load_save

    saves = []
    for path in paths:
        loaded = load_save(path)
        for warning in loaded.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        saves.append(loaded)
    ids = {str(s.header.get("scenario", {}).get("id")) for s in saves}
    if len(ids) > 1:
        print(f"warning: the saves are games of different scenarios ({', '.join(sorted(ids))})", file=sys.stderr)
    return saves


def cmd_export(args: argparse.Namespace) -> int:
    from wargame.review.export import export_tables
    from wargame.review.timeline import scenario_of

    saves = _load_all(args.saves)
    view = _view(args, scenario_of(saves[0]))
    for loaded in saves:
        require_unsealed(loaded, view)
    folder = _out_dir(args.output)
    if args.format in ("msel", "aar"):
        return _export_per_game(saves, view, folder, args.format)
    files = export_tables(saves, view)
    for name, text in files.items():
        write_atomically(os.path.join(folder, name), text)
    rows = {name: text.count("\n") - 1 for name, text in files.items()}
    listing = ", ".join(f"{n} ({r} rows)" for n, r in rows.items() if n != "codebook.csv")
    print(f"{folder}: {len(saves)} games in the {view} view: {listing}; codebook.csv", file=sys.stderr)
    return 0


def _export_per_game(saves: list[Any], view: str, folder: str, fmt: str) -> int:
    """An executed MSEL (CSV) or an AAR/IP (Markdown and HTML) for each game."""
    from wargame.review.aar import aar_html, aar_markdown, after_action, executed_msel
    from wargame.review.export import games_of
    from wargame.review.report import build

    for game in games_of(saves):
        data = build(game.loaded, view)
        if fmt == "msel":
            files = {f"{game.name}.msel.csv": executed_msel(data)}
        else:
            a = after_action(data)
            files = {f"{game.name}.aar.md": aar_markdown(a), f"{game.name}.aar.html": aar_html(a)}
        for name, text in files.items():
            write_atomically(os.path.join(folder, name), text)
        print(f"{folder}: {', '.join(files)} ({view} view)", file=sys.stderr)
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from wargame.content.bundled import default_scenario as bundled_scenario
    from wargame.content.checks import unknown
    from wargame.content.loader import load_scenario
    from wargame.review.handouts import debrief_sheet, handout, rules_card
    from wargame.review.questions import questions_of

    if args.seat is None and not args.all:
        raise WargameError("say whose handout to print: --seat SEAT (one team) or --all (every team)")
    path = args.scenario or bundled_scenario()
    scenario, texts = load_scenario(path)
    if args.seat is not None and not scenario.has("seat", args.seat):
        raise WargameError(f"--seat: {unknown('seat', args.seat, scenario.seat_ids)}")
    seats = scenario.seat_ids if args.all else [args.seat]
    played, game = None, ""
    if args.save:
        from wargame.review.debrief import debrief_of
        from wargame.review.report import build
        from wargame.store.savefile import load_save

        loaded = load_save(args.save)
        if loaded.header.get("scenario", {}).get("id") != scenario.id:
            raise WargameError(f"{args.save}: a game of another scenario than {scenario.id}")
        require_unsealed(loaded, "debrief")  # the sheet reads the game's debrief
        played, game = debrief_of(build(loaded)), os.path.basename(args.save)
    folder = _out_dir(args.output)
    files = {f"handout-{seat}.html": handout(scenario, scenario.seat(seat)) for seat in seats}
    files["rules-card.html"] = rules_card(scenario)
    files["debrief-sheet.html"] = debrief_sheet(scenario, questions_of(scenario, texts, path), played, game)
    for name, text in files.items():
        write_atomically(os.path.join(folder, name), text)
    print(f"{folder}: {', '.join(files)} (open in a browser and print; A4 or Letter)", file=sys.stderr)
    return 0


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

    c = add(
        "compare",
        cmd_compare,
        "compare games of one scenario side by side (tables of a seminar, a branch and its parent): "
        "the deal term by term, phase timing, rules fired, scores",
    )
    c.add_argument("saves", nargs="+", metavar="SAVE", help="two saves or more")
    c.add_argument("--json", action="store_true", help="the same as --format json")
    c.add_argument("--format", choices=["text", "md", "html", "json"], help="default: from -o's extension, else text")
    c.add_argument("-o", "--output", help="write to this file (default: stdout)")
    c.add_argument("--baseline", type=int, default=0, metavar="GAMES", help="add the bots' spread over this many games")

    x = add(
        "export",
        cmd_export,
        "export saved games: tidy tables with a codebook, an executed MSEL, or an AAR/IP",
    )
    x.add_argument("saves", nargs="+", metavar="SAVE", help="one or more saves (a whole class's games)")
    x.add_argument(
        "--format",
        choices=["csv", "msel", "aar"],
        default="csv",
        help="csv: tidy tables and a codebook (default); msel: the injects fired, as an executed MSEL; "
        "aar: an after-action report / improvement plan (Markdown and HTML)",
    )
    x.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write the tables into")
    x.add_argument(
        "--view",
        default="public",
        help="public (the default: nothing private), debrief (everything: asks for the PIN), or a seat id",
    )

    pr = add("print", cmd_print, "write print-ready team handouts, a one-page rules card and a debrief sheet (HTML)")
    pr.add_argument("scenario", nargs="?", help="the scenario (default: the bundled one)")
    who = pr.add_mutually_exclusive_group()
    who.add_argument("--seat", help="one team's handout (a seat id)")
    who.add_argument("--all", action="store_true", help="every team's handout")
    pr.add_argument("--save", help="a played game: its turning points and questions go on the debrief sheet")
    pr.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write the pages into")

    p = add("report", cmd_report, "write the class report of a saved game: Markdown, HTML (with charts) or CSV scores")
    p.add_argument("save")
    p.add_argument("--format", choices=["md", "html", "csv"], help="default: from -o's extension, else md")
    p.add_argument("-o", "--output", help="write to this file (default: stdout)")
    p.add_argument(
        "--view",
        default="public",
        help="public (what the table saw, the default), debrief (everything: asks for the PIN), or a seat id",
    )
    p.add_argument(
        "--baseline", type=at_least(0), default=0, metavar="GAMES", help="compare with this many bot-only games"
    )
