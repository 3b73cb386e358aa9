"""`wargame ...`: the command line, at the edge of the program.

Every user mistake arrives here as a `WargameError` and leaves as
`file:line:col: message` on stderr with exit code 2, never a traceback.
Each group of subcommands lives in a module of `wargame.commands` with a
`register(add)` function; heavy imports (Textual) happen only inside the
commands that need them.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from wargame.errors import WargameError
from wargame.session.collector import exit_now, playing

COMMAND_MODULES = [
    "wargame.commands.core",
    "wargame.commands.bots",
    "wargame.commands.play",
    "wargame.commands.review",
    "wargame.commands.facilitator",
    "wargame.net.commands",
]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="wargame", description="A tabletop negotiation exercise engine.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, fn: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(fn=fn)
        return sp

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(add)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "fn", None):
        if sys.stdin.isatty() and sys.stdout.isatty():  # a person at a terminal: open the game
            from wargame.commands.play import open_app

            with playing():
                return open_app()
        parser.print_help()
        return 0
    try:
        with playing():
            return int(args.fn(args))
    except WargameError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def entry() -> None:
    exit_now(main())
