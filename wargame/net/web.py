"""`wargame host --web`: the join client in a browser, through textual-serve.

textual-serve starts one `wargame join` process per browser tab, with no
shared state and no login of its own; the tab's person types their join code
inside the app, and the game host checks it as it checks any client's. So a
projector or a phone needs nothing installed, and privacy is the host's, as
for every other client. The host starts this as a child process and ends it
when it stops. Each browser tab is a new device: a code claimed by one tab
needs the facilitator to revoke it before another tab can use it.
"""

from __future__ import annotations

import argparse
import shlex
import sys


def serve(url: str, bind: str, port: int) -> None:
    from textual_serve.server import Server

    command = shlex.join(
        [sys.executable, "-c", "from wargame.cli import entry; entry()", "join", url, "--device-file", ""]
    )
    Server(command, host=bind, port=port, title="wargame: join a hosted game").serve()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m wargame.net.web")
    p.add_argument("url")
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    args = p.parse_args(argv)
    serve(args.url, args.bind, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
