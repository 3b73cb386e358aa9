"""The commands that open the Textual app: play, solo, resume (and bare `wargame`).

Textual and the engine are imported only inside the commands, so other
subcommands stay fast. Mistakes the user can fix (an unknown seat, a bad
save) are reported before the app opens, as `WargameError`s (exit code 2).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from wargame.errors import WargameError
from wargame.model import players


def open_app(
    scenario: str | None = None,
    setup: bool = False,
    projector: bool = False,
    decks: tuple[str, ...] = (),
    moves: str | None = None,
) -> int:
    """The start menu (or, with `setup`, the setup of a new seminar game)."""
    from wargame.tui.app import Launch, WargameApp

    launch = Launch(
        mode="setup" if setup else "menu", scenario_path=scenario, projector=projector, decks=decks, moves=moves
    )
    app = WargameApp(launch)
    app.run()
    return _after(app)


def _after(app: Any) -> int:
    """After the app closes: a game whose save the disk refused is saved
    elsewhere, and the facilitator told where (exit 2); else 0."""
    from wargame.commands.core import _close_save

    exercise = getattr(app, "exercise", None)
    writer = exercise.session.writer if exercise is not None else None
    lost = _close_save(writer)
    if lost is not None:
        raise WargameError(lost)
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    decks = tuple(args.deck or ())
    if decks or args.moves:
        # Check the files before the app opens: a mistake is file:line:col, exit code 2.
        from wargame.content.bundled import default_scenario as bundled_scenario
        from wargame.content.loader import load_scenario
        from wargame.session.moves import read_moves
        from wargame.tui.loading import load

        path = args.scenario or bundled_scenario()
        load_scenario(path, list(decks))
        load(path, decks)  # and keep it loaded for the setup form
        if args.moves:
            read_moves(args.moves)
    setup = args.scenario is not None or bool(decks) or bool(args.moves)
    return open_app(args.scenario, setup=setup, projector=args.projector, decks=decks, moves=args.moves)


def cmd_solo(args: argparse.Namespace) -> int:
    import random

    from wargame.bots.personas import solo_personas
    from wargame.content.bundled import default_scenario as bundled_scenario
    from wargame.content.loader import load_scenario
    from wargame.engine.game import Setup
    from wargame.tui.app import Launch, WargameApp
    from wargame.tui.exercise import HouseRules, new_exercise

    scenario, texts = load_scenario(args.scenario or bundled_scenario())
    if not scenario.has("seat", args.seat):
        raise WargameError(f"unknown seat {args.seat!r}; the seats are: {', '.join(scenario.seat_ids)}")
    seats: dict[str, str] = {}
    for seat in scenario.seat_ids:
        if seat == args.seat:
            seats[seat] = "human"
            continue
        persona = args.persona or solo_personas(scenario, args.difficulty, players=[args.seat]).get(seat)
        if persona is not None and persona not in {p.id for p in scenario.seat(seat).personas}:
            known = ", ".join(p.id for p in scenario.seat(seat).personas)
            raise WargameError(f"unknown persona {persona!r} for {seat}; its personas: {known}")
        seats[seat] = str(players.Bot(persona))
    setup = Setup(
        seed=args.seed if args.seed is not None else random.randint(1, 9999),
        lens=args.lens,
        sequence=args.sequence,
        max_rounds=args.rounds,
        seats=seats,
    )
    rules = HouseRules(hints=True, solo_seat=args.seat)
    exercise = new_exercise(scenario, texts, setup, rules, args.save)
    app = WargameApp(Launch(exercise=exercise, projector=args.projector))
    app.run()
    return _after(app)


def cmd_resume(args: argparse.Namespace) -> int:
    from wargame.store.savefile import load_save
    from wargame.tui.app import Launch, WargameApp
    from wargame.tui.exercise import SAVES_DIR, resume_exercise

    if args.save is None:
        return list_resumable(SAVES_DIR)
    path = args.save
    print(f"Resuming {path} ...", file=sys.stderr)
    loaded = load_save(path)
    from wargame.commands.review import _pin_for_the_class

    _pin_for_the_class(loaded, "resuming it")
    exercise = resume_exercise(loaded)
    app = WargameApp(Launch(exercise=exercise, notes=tuple(loaded.warnings), projector=args.projector))
    app.run()
    return _after(app)


def list_resumable(folder: str) -> int:
    """`wargame resume` with no save: the class games that can be resumed,
    newest first (who played, the round, the phase), instead of a guess.
    Rehearsals (bots or moves files only, from `wargame run`) are marked."""
    from wargame.tui.exercise import list_saves, save_info

    infos = [save_info(p) for p in list_saves(folder)]
    if not infos:
        raise WargameError(f"no saved games in {folder}/; start one with `wargame play`")
    open_games = [i for i in infos if not i.over and not i.problem]
    if not open_games:
        raise WargameError(f"no game to resume in {folder}/ (all {len(infos)} are over); `wargame play` starts one")
    classes = [i for i in open_games if not i.rehearsal]
    rehearsals = [i for i in open_games if i.rehearsal]
    if classes:
        print(f"Class games you can resume, the last played first (in {folder}/):")
        for info in classes:
            print(f"  {info.path}\n      {info.line()}")
    if rehearsals:
        print(f"{chr(10) if classes else ''}Rehearsals (played by bots or moves files, from `wargame run`):")
        for info in rehearsals:
            print(f"  {info.path}\n      {info.line()}")
    print(f"\nResume one with: wargame resume {(classes or rehearsals)[0].path}")
    return 0


DIFFICULTIES = ("easy", "normal", "hard")
"""easy: the bots' most accommodating persona; hard: their most demanding one."""


def register(add: Any) -> None:
    """Add play, solo and resume (`add(name, fn, help)` returns their parser)."""
    from wargame.commands.core import at_least

    p = add("play", cmd_play, "open the game (a seminar game at one keyboard); with a scenario, set up a game of it")
    p.add_argument("scenario", nargs="?", help="a scenario file (default: the bundled one)")
    p.add_argument("--projector", action="store_true", help="high contrast, bold (F3 toggles it)")
    p.add_argument(
        "--deck", action="append", metavar="FILE", help="an extra inject deck (repeatable); opens the setup form"
    )
    p.add_argument(
        "--moves", metavar="FILE", help="a prepared opening: a moves file whose rounds are played first, then the class"
    )

    s = add("solo", cmd_solo, "solo practice: play one seat, bots play the others")
    s.add_argument("--seat", required=True, help="your seat (us, russia, ukraine, europe)")
    s.add_argument("--persona", help="the bots' persona (e.g. hardliner, pragmatist, conceder)")
    s.add_argument(
        "--difficulty", choices=["easy", "normal", "hard"], default="normal", help="the bots' persona by difficulty"
    )
    s.add_argument("--scenario", help="a scenario file (default: the bundled one)")
    s.add_argument("--lens")
    s.add_argument("--sequence")
    s.add_argument("--seed", type=int)
    s.add_argument("--rounds", type=at_least(1), help="the most rounds to play")
    s.add_argument("--save", help="where to save the game (default: saves/<time>-<scenario>.jsonl)")
    s.add_argument("--projector", action="store_true", help="high contrast, bold (F3 toggles it)")

    r = add("resume", cmd_resume, "resume a saved game where it stood (without one: list the games to resume)")
    r.add_argument("save", nargs="?")
    r.add_argument("--projector", action="store_true", help="high contrast, bold (F3 toggles it)")
