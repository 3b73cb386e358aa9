"""Load test of the game host, on loopback only, bounded, stopping by itself.

    python bench/net_load.py [--games 10] [--timeout 300]

Starts one `wargame host` process with N games (the bundled scenario and its
deck), then, in this process, 5 scripted clients per game (four teams and the
facilitator) that play `tests/net/data/class.moves.yaml` to its end (peace in
round 6) over websockets on 127.0.0.1. Reports:

- actions per second acknowledged by the host, over all games;
- the latency from an action's submit to the moment every client of its
  game that may see its events has them (p50, p99, max);
- the host's memory: resident set with 1 game and with N games, so the cost
  of one game, and its growth while the games are played.

Every wait has a timeout and the host is stopped (SIGTERM, by its pid) at the
end, whatever happens. Nothing is sent anywhere but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

from wargame.model.actions import Action
from wargame.model.events import Event
from wargame.net.client import RemoteClient
from wargame.net.scripted import play_script
from wargame.session.moves import read_moves

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIO = os.path.join(ROOT, "scenarios", "ukraine-2025.yaml")
DECK = os.path.join(ROOT, "facilitator", "ukraine-2025-deck.yaml")
MOVES = os.path.join(ROOT, "tests", "net", "data", "class.moves.yaml")
ROLES = ["us", "russia", "ukraine", "europe", "facilitator"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_host(folder: str, games: int, port: int) -> tuple[subprocess.Popen[str], dict[str, dict[str, str]]]:
    """A host process; returns it and each game's codes."""
    cmd = [
        sys.executable, "-c", "from wargame.cli import entry; entry()", "host", SCENARIO, "--deck", DECK,
        "--games", str(games), "--seed", "2", "--lens", "leverage", "--sequence", "ceasefire_first",
        "--port", str(port),
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    codes: dict[str, dict[str, str]] = {}
    game = ""
    deadline = time.monotonic() + 60
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith("Game "):
            game = line.split()[1]
            codes[game] = {}
        elif line.startswith("  ") and game:
            role, code = line.split()[:2]
            codes[game][role] = code
            if len(codes) == games and len(codes[game]) == len(ROLES):
                return proc, codes
    stop(proc)
    raise RuntimeError(f"the host did not start: {proc.stderr.read() if proc.stderr else ''}")


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


async def play_all(url: str, codes: dict[str, dict[str, str]], timeout: float) -> dict[str, float | int]:
    moves = read_moves(MOVES).moves
    arrivals: dict[int, dict[int, float]] = defaultdict(dict)  # client -> seq -> when it arrived
    submits: list[tuple[str, float, int, int]] = []  # game, when, first, last
    clients: list[tuple[str, RemoteClient]] = []
    for game, roles in codes.items():
        for role in ROLES:
            client = RemoteClient(url, roles[role])
            index = len(clients)

            def listener(pairs: list[tuple[int, Event]], index: int = index) -> None:
                now = time.perf_counter()
                for seq, _ in pairs:
                    arrivals[index][seq] = now

            client.subscribe(listener)
            clients.append((game, client))
    await asyncio.wait_for(asyncio.gather(*(c.connect(timeout=30) for _, c in clients)), 60)

    async def timed(game: str, client: RemoteClient) -> int:
        original = client.submit

        async def submit(action: Action, key: str | None = None, timeout: float = 30.0):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            ack = await original(action, key, timeout)
            if ack.ok and ack.first:
                submits.append((game, started, ack.first, ack.last))
            return ack

        client.submit = submit  # type: ignore[method-assign]
        return await play_script(client, moves, timeout=timeout)

    # 50 clients share this process, each with its own copy of the scenario:
    # a full garbage collection over them stalls all 50 at once (about 100 ms
    # here), which one client per laptop never sees. Keep them out of it.
    gc.collect()
    gc.freeze()
    began = time.perf_counter()
    sent = await asyncio.wait_for(asyncio.gather(*(timed(g, c) for g, c in clients)), timeout + 10)
    wall = time.perf_counter() - began
    await asyncio.sleep(0.5)  # the last pushes
    by_game: dict[str, list[int]] = defaultdict(list)
    for index, (game, _) in enumerate(clients):
        by_game[game].append(index)
    latencies: list[float] = []
    for game, started, first, last in submits:
        worst = 0.0
        for index in by_game[game]:
            seen = [arrivals[index][s] for s in range(first, last + 1) if s in arrivals[index]]
            if seen:
                worst = max(worst, min(seen) - started)
        latencies.append(worst * 1000)
    for _, client in clients:
        await client.close()
    latencies.sort()
    return {
        "actions": sum(sent),
        "wall_s": wall,
        "actions_per_s": sum(sent) / wall,
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "max_ms": latencies[-1],
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--games", type=int, default=10)
    p.add_argument("--timeout", type=float, default=300.0, help="seconds the games may take, at most")
    args = p.parse_args()
    if not 1 <= args.games <= 50:
        p.error("--games: from 1 to 50 (this is a bounded test)")
    with tempfile.TemporaryDirectory() as folder:
        one, _ = start_host(os.path.join(folder), 1, free_port())
        try:
            time.sleep(1)
            rss_one = rss_mib(one.pid)
        finally:
            stop(one)
        port = free_port()
        host, codes = start_host(folder, args.games, port)
        try:
            time.sleep(1)
            rss_start = rss_mib(host.pid)
            host_cpu, own_cpu = cpu_s(host.pid), time.process_time()
            result = asyncio.run(play_all(f"ws://127.0.0.1:{port}", codes, args.timeout))
            host_cpu, own_cpu = cpu_s(host.pid) - host_cpu, time.process_time() - own_cpu
            rss_end = rss_mib(host.pid)
        finally:
            stop(host)
    per_game = (rss_start - rss_one) / (args.games - 1) if args.games > 1 else float("nan")
    print(f"games: {args.games}, clients: {args.games * len(ROLES)}, actions: {result['actions']}")
    print(f"wall time: {result['wall_s']:.2f} s, actions per second: {result['actions_per_s']:.0f}")
    print(
        f"submit -> every client's update: p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
        f"max {result['max_ms']:.1f} ms"
    )
    print(f"CPU while playing: host {host_cpu:.2f} s, the {args.games * len(ROLES)} clients {own_cpu:.2f} s")
    played = (rss_end - rss_start) / args.games
    print(
        f"host memory: {rss_one:.0f} MiB with 1 game, {rss_start:.0f} MiB with {args.games} new ones "
        f"({per_game:.1f} MiB a new game), {rss_end:.0f} MiB once played ({played:.1f} MiB a played game)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
