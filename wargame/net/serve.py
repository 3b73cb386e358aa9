"""Running a host from the command line: codes printed, signals handled.

SIGINT (Ctrl+C) and SIGTERM stop the host cleanly: it refuses new actions,
lets the action in progress finish, tells the clients, and closes each save.
Every event was already written and fsynced as it was made, so the save is
intact, and `wargame host --save PATH` picks the game up again with the same
join codes; the clients reconnect by themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import subprocess
import sys

from wargame.net.codes import FACILITATOR_ROLE
from wargame.net.host import Host
from wargame.net.hosted import HostedGame


def url_of(bind: str, port: int) -> str:
    host = f"[{bind}]" if ":" in bind else bind
    return f"ws://{host}:{port}"


def codes_text(games: list[HostedGame], url: str) -> str:
    lines: list[str] = []
    for game in games:
        state = game.game.state
        where = f"ended: {state.status}" if game.game.over else f"round {state.round}, {state.status} talks"
        lines.append(f"Game {game.id} ({where}), saved to {game.save_path}")
        for role in [*game.scenario.turn_order, FACILITATOR_ROLE]:
            code = game.codes.current(role).code
            who = game.session.controllers.get(role, "")
            note = "  (played by the host's bot)" if who.startswith("bot") else ""
            lines.append(f"  {role:<12} {code}   wargame join {url} --code {code}{note}")
    return "\n".join(lines)


async def run_host(games: list[HostedGame], bind: str, port: int, web_port: int | None = None) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):  # before anything is printed: a script may signal at once
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    # The scenarios and the games' pasts live as long as the host: move them out
    # of the garbage collector's way, so a full collection never stalls every game.
    gc.collect()
    gc.freeze()
    host = Host(games)
    actual = await host.start(bind, port)
    url = url_of(bind, actual)
    print(f"Hosting {len(games)} game(s) on {url}. Ctrl+C stops the host; the saves stay resumable.")
    print(codes_text(games, url), flush=True)
    web: subprocess.Popen[bytes] | None = None
    if web_port is not None:
        # its own session: Ctrl+C reaches the host, which then ends the web server
        web = subprocess.Popen(
            [sys.executable, "-m", "wargame.net.web", url, "--bind", bind, "--port", str(web_port)],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        print(f"Browsers: http://{bind}:{web_port} (each seat types its code in the page)", flush=True)
    try:
        await stop.wait()
    finally:
        await host.stop()
        if web is not None:
            web.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                web.wait(5)
    saves = " ".join(f"--save {g.save_path}" for g in games)
    print(f"Stopped. The saves are intact; carry on with: wargame host {saves}", flush=True)
    return 0
