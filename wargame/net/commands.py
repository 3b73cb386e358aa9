"""`wargame host` and `wargame join`: a game host, and a team's client.

Heavy imports (websockets, Textual) happen inside the commands, so the rest
of the CLI stays fast.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from typing import Any

from wargame.errors import WargameError

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _is_loopback(bind: str) -> bool:
    if bind == "localhost":
        return True
    try:
        return ipaddress.ip_address(bind).is_loopback
    except ValueError:
        return False


def _games(args: argparse.Namespace) -> list[Any]:
    """The games to host: each `--save` that exists is resumed, the others
    (and `--games N` new ones with default paths) are started."""
    from wargame.bots.personas import persona as persona_of
    from wargame.content.bundled import default_scenario as bundled_scenario
    from wargame.content.loader import load_scenario
    from wargame.engine.game import Setup
    from wargame.net.hosted import resume_game, start_game
    from wargame.session.moves import read_moves
    from wargame.session.runner import default_save_path
    from wargame.tui.exercise import SAVES_DIR, HouseRules

    saves = list(args.save or [])
    resumed = [resume_game(p) for p in saves if os.path.exists(p)]
    new_paths = [p for p in saves if not os.path.exists(p)]
    count = args.games if args.games is not None else (0 if saves else 1)
    if count < 0:
        raise WargameError(f"--games takes a number of games, 0 or more, not {count}")
    if not new_paths and count == 0:
        return resumed
    scenario, texts = load_scenario(args.scenario or bundled_scenario(), args.deck)
    moves = read_moves(args.moves) if args.moves else None
    mf = moves.moves if moves else None
    seats: dict[str, str] = {}
    for item in args.bots or []:
        seat, _, persona = item.partition("=")
        if not scenario.has("seat", seat):
            raise WargameError(f"--bots {item}: unknown seat {seat!r}; the seats are: {', '.join(scenario.seat_ids)}")
        persona_of(scenario, seat, persona or None)  # an unknown persona is refused here
        seats[seat] = f"bot:{persona}" if persona else "bot"
    rules = HouseRules()
    pin = args.pin or os.environ.get("WARGAME_PIN", "")  # the variable keeps it out of the process list
    if pin:
        rules.set_pin(pin)
    setup = Setup(
        seed=args.seed if args.seed is not None else (mf.seed if mf and mf.seed is not None else 0),
        lens=args.lens or (mf.lens if mf else None),
        sequence=args.sequence or (mf.sequence if mf else None),
        max_rounds=args.rounds,
        seats=seats,
    )
    games = list(resumed)
    for path in new_paths:
        games.append(start_game(scenario, texts, setup, path, rules, moves))
    for _ in range(count):  # each save exists once started, so the next path is another
        games.append(start_game(scenario, texts, setup, default_save_path(scenario.id, SAVES_DIR), rules, moves))
    return games


def cmd_host(args: argparse.Namespace) -> int:
    import asyncio

    from wargame.net.serve import run_host

    if not _is_loopback(args.bind):
        print(
            f"warning: binding to {args.bind}: anyone who can reach this address can try join codes, and the "
            "traffic is not encrypted. Put a TLS reverse proxy in front of the host (see docs/network.md).",
            file=sys.stderr,
        )
    games = _games(args)
    if not games:
        raise WargameError("no game to host: give a scenario, --save PATH or --games N")
    return asyncio.run(run_host(games, args.bind, args.port, web_port=args.web_port if args.web else None))


def cmd_join(args: argparse.Namespace) -> int:
    from wargame.net.app import run_join

    pin = args.pin or os.environ.get("WARGAME_PIN", "")
    return run_join(args.url, args.code, pin, device_file=args.device_file)


def register(add: Any) -> None:
    """Add host and join (`add(name, fn, help)` returns their parser)."""
    h = add("host", cmd_host, "host games for teams on their own laptops or browsers (join codes, one save each)")
    h.add_argument("scenario", nargs="?", help="a scenario file (default: the bundled one)")
    h.add_argument("--deck", action="append", help="an inject deck to add (repeatable)")
    h.add_argument("--moves", help="a moves file: its rounds are played first (a prepared opening)")
    h.add_argument(
        "--save", action="append", help="the game's save; an existing save is resumed (repeatable: several games)"
    )
    h.add_argument("--games", type=int, help="how many new games to start (default 1, or 0 with --save)")
    h.add_argument("--port", type=int, default=8765)
    h.add_argument("--bind", default="127.0.0.1", help="the address to listen on (default: this machine only)")
    h.add_argument("--bots", nargs="*", metavar="SEAT[=PERSONA]", help="seats the host's bots play")
    h.add_argument("--lens")
    h.add_argument("--sequence")
    h.add_argument("--seed", type=int)
    h.add_argument("--rounds", type=int, help="the most rounds to play")
    h.add_argument("--pin", help="a PIN the facilitator's console must give as well as its code (or set WARGAME_PIN)")
    h.add_argument("--web", action="store_true", help="also serve the join client to browsers (textual-serve)")
    h.add_argument("--web-port", type=int, default=8000)

    j = add("join", cmd_join, "join a hosted game with a seat's (or the facilitator's) join code")
    j.add_argument("url", help="the host, e.g. ws://127.0.0.1:8765")
    j.add_argument("--code", help="your join code (asked for if not given)")
    j.add_argument("--pin", help="the facilitator's PIN, if the game has one (or set WARGAME_PIN)")
    j.add_argument(
        "--device-file",
        default=os.path.join(os.path.expanduser("~"), ".wargame-device"),
        help="where this device's id is kept (a code works on one device)",
    )
